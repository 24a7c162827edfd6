"""`manage.py customer_figures`: check, rebuild or segment the stored customer figures.

The order services keep every customer's CustomerFigures row up to date in the order's
transaction; this command is the safety net around them:

- `--check` recomputes every customer's figures from its orders and compares them with the
  stored rows; it lists the customers whose rows differ (id, stored and computed values of
  each differing field) and exits with status 1 if any does (for monitoring and CI);
- `--rebuild` recomputes every row from scratch (one GROUP BY over the orders, in batches);
- `--segments` recomputes the RFM quintile boundaries (the daily job).

Given together they run in that order: rebuild, segments, check.
"""

from __future__ import annotations

import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commerce.models import CustomerFigures, Order
from commerce.services import boundaries_refresh, figures_mismatches, figures_rebuild


class Command(BaseCommand):
    help = "Check (--check), rebuild (--rebuild) or segment (--segments) the customer figures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="compare the stored figures with a recomputation; exit 1 on any difference",
        )
        parser.add_argument(
            "--rebuild", action="store_true", help="recompute every customer's figures"
        )
        parser.add_argument(
            "--segments", action="store_true", help="recompute the RFM segment boundaries"
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=20,
            help="--check lists at most this many customers (0: all; default 20)",
        )

    def handle(self, *args, check: bool, rebuild: bool, segments: bool, limit: int, **options):
        if not (check or rebuild or segments):
            raise CommandError("Say what to do: --check, --rebuild and/or --segments.")
        if limit < 0:
            raise CommandError("--limit must be 0 (all) or more.")
        if rebuild:
            started = time.monotonic()
            written = figures_rebuild()
            self.stdout.write(
                f"Rebuilt the figures of {written} customers in {self._since(started)}."
            )
        if segments:
            started = time.monotonic()
            boundaries = boundaries_refresh()
            self.stdout.write(
                f"Recomputed the RFM boundaries over {boundaries.customers} customers "
                f"in {self._since(started)}."
            )
        if check:
            self._check(limit)

    def _check(self, limit: int) -> None:
        started = time.monotonic()
        # Everything is compared (figures_mismatches); `limit` only bounds what is listed.
        mismatches = figures_mismatches(limit=0)
        stored = CustomerFigures.objects.count()
        customers = Order.objects.values("customer_id").distinct().count()
        self.stdout.write(
            f"Checked {stored} stored rows against {customers} customers with orders "
            f"in {self._since(started)}."
        )
        if not mismatches:
            self.stdout.write(self.style.SUCCESS("Every customer's figures match."))
            return
        shown = mismatches[:limit] if limit else mismatches
        for customer_id, row, computed in shown:
            differences = "; ".join(
                f"{name} stored {_shown(row[name])}, computed {_shown(computed[name])}"
                for name in row
                if row[name] != computed[name]
            )
            self.stdout.write(f"customer {customer_id}: {differences}")
        if len(shown) < len(mismatches):
            self.stdout.write(f"... and {len(mismatches) - len(shown)} more.")
        raise CommandError(
            f"The figures of {len(mismatches)} customers differ from their orders: "
            "run `manage.py customer_figures --rebuild`."
        )

    @staticmethod
    def _since(started: float) -> str:
        return f"{time.monotonic() - started:.2f} s"


def _shown(value) -> str:
    # Sums come back from SQLite without their scale: money is shown with its cents.
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
