"""`manage.py seed_scale --parties 1000000`: a large, reproducible data set for benchmarks.

About 80 % people and 20 % organizations with 2-4 contact mechanisms each, employment links,
sales reps in teams owning their share, team grants and manual shares, 10 % customers; and as
many events as parties (calls, meetings, tasks, e-mails, notes over the last two years and the
next two months), each about a party and owned by its owner, meetings with that party and
sometimes a teammate taking part; and a fifth as many opportunities as parties, on the
organizations, owned by their owners; and a shop: products, as many orders as parties with
1-5 items each (3 on average), their status history, addresses and journey rows, over a tenth
as many customers as parties in a long tail (one customer with 2,000 orders, a few hundred
with 100+, most with a handful), a fifth as many reviews and a tenth as many shopping lists as
parties, then the customer figures and RFM boundaries. At 1,000,000 parties: 1M orders, 3M
items over 100k customers, 200k reviews, 100k shopping lists. `--commerce-only` adds the shop
to a database seeded before (its counts scale with the parties there). And a support desk
(demo.scale.support): two support teams with business-hours calendars (Berlin, New York) and
queues, ten CSRs and two support managers, the service levels, and half as many cases as
parties over the customers (a long tail again; one case with 200 notes) in every status, with
their history, notes, grants and journey rows (about 4.5 each) and service-level columns
computed in business time as the services compute them; then 200 partners among the accounts
with a tenth of the deals (and of any leads) credited to them. At 1,000,000 parties: 500k
cases, ~2.3M notes and status changes. `--support-only` adds the desk and the partners to a
database seeded before. Rows are streamed with COPY on PostgreSQL (executemany on SQLite) in
one transaction: an interrupted run leaves the database as it was. The generators live in
`demo.scale`.
"""

from __future__ import annotations

import random
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, models, transaction

from commerce.models import Order
from demo.scale.commerce import seed_commerce
from demo.scale.events import seed_events
from demo.scale.opportunities import seed_opportunities
from demo.scale.parties import seed_parties
from demo.scale.partners import seed_partners
from demo.scale.support import seed_support
from demo.scale.users import make_users
from demo.scale.writer import Writer
from parties.models import Party
from support.models import Case

MAX_PARTIES = 20_000_000
MAX_EVENTS = 50_000_000


class Command(BaseCommand):
    help = (
        "Generate a large synthetic data set for benchmarks (see README: Benchmarks). The "
        "full-scale target, --parties 1000000: 1M parties, 1M events, 200k opportunities, 1M "
        "orders with 3M items over 100k customers, 200k reviews, 100k shopping lists, 500k "
        "support cases, 200 partners (~35 min on 2 cores). --commerce-only adds the shop, "
        "--support-only the support desk and the partners, to a database seeded before."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--parties", type=int, default=None, help="default 10,000")
        parser.add_argument("--reps", type=int, default=50)
        parser.add_argument("--teams", type=int, default=10)
        parser.add_argument(
            "--shares", type=int, default=None, help="manual shares (default: 0.5 %% of parties)"
        )
        parser.add_argument(
            "--team-access",
            choices=["private", "read"],
            default="private",
            help="team grant on each record (default private: reps see their own records and "
            "shares, managers see their teams' through the manager rule)",
        )
        parser.add_argument(
            "--events", type=int, default=None, help="events (default: as many as parties)"
        )
        parser.add_argument(
            "--opportunities",
            type=int,
            default=None,
            help="opportunities (default: a fifth as many as parties)",
        )
        parser.add_argument(
            "--orders", type=int, default=None, help="orders (default: as many as parties)"
        )
        parser.add_argument(
            "--customers",
            type=int,
            default=None,
            help="customers the orders are spread over (default: a tenth as many as parties; "
            "seeded customers first, other parties given the role if need be)",
        )
        parser.add_argument(
            "--reviews", type=int, default=None, help="reviews (default: a fifth of parties)"
        )
        parser.add_argument(
            "--shopping-lists",
            type=int,
            default=None,
            help="shopping lists (default: a tenth as many as parties)",
        )
        parser.add_argument(
            "--products",
            type=int,
            default=None,
            help="products (default: one per 500 orders, 50 to 2,000, in 20 categories)",
        )
        parser.add_argument(
            "--cases",
            type=int,
            default=None,
            help="support cases (default: half as many as parties), over the customers, with "
            "about four notes and status changes each",
        )
        parser.add_argument(
            "--partners",
            type=int,
            default=None,
            help="partners (default 200, at most a tenth of the organizations), with a share "
            "of the deals and leads they brought",
        )
        parser.add_argument(
            "--support-only",
            action="store_true",
            help="add only the support desk and the partners to a database seeded before "
            "(--parties defaults to the parties there; use the --reps/--teams of that run)",
        )
        parser.add_argument(
            "--commerce-only",
            action="store_true",
            help="add only the shop to a database seeded before (no parties, events or deals: "
            "--parties defaults to the parties there; use the --reps/--teams of that run)",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--allow-existing-data",
            action="store_true",
            help="add to a database that already holds parties (never on production)",
        )

    def handle(self, *args, **options) -> None:
        commerce_only = options["commerce_only"]
        support_only = options["support_only"]
        if commerce_only and support_only:
            raise CommandError("Pass --commerce-only or --support-only, not both.")
        only = "--commerce-only" if commerce_only else "--support-only" if support_only else ""
        if only and options["parties"] is None:
            options["parties"] = Party.objects.count()
            if not options["parties"]:
                raise CommandError(f"{only} needs a database seeded before.")
        parties = 10_000 if options["parties"] is None else options["parties"]
        if not 1 <= parties <= MAX_PARTIES:
            raise CommandError(f"--parties must be between 1 and {MAX_PARTIES:,}.")
        if not 1 <= options["teams"] <= options["reps"] <= 10_000:
            raise CommandError("Need 1 <= --teams <= --reps <= 10,000.")
        events = parties if options["events"] is None else options["events"]
        if not 0 <= events <= MAX_EVENTS:
            raise CommandError(f"--events must be between 0 and {MAX_EVENTS:,}.")
        deals = parties // 5 if options["opportunities"] is None else options["opportunities"]
        if not 0 <= deals <= MAX_EVENTS:
            raise CommandError(f"--opportunities must be between 0 and {MAX_EVENTS:,}.")
        shop = {
            "orders": parties if options["orders"] is None else options["orders"],
            "customers": parties // 10 if options["customers"] is None else options["customers"],
            "reviews": parties // 5 if options["reviews"] is None else options["reviews"],
            "shopping_lists": (
                parties // 10 if options["shopping_lists"] is None else options["shopping_lists"]
            ),
        }
        for name, value in shop.items():
            if not 0 <= value <= MAX_EVENTS:
                flag = "--" + name.replace("_", "-")
                raise CommandError(f"{flag} must be between 0 and {MAX_EVENTS:,}.")
        if shop["orders"] and not shop["customers"]:
            raise CommandError("--customers must be at least 1 when there are orders.")
        if options["products"] is not None and not 1 <= options["products"] <= 1_000_000:
            raise CommandError("--products must be between 1 and 1,000,000.")
        cases = parties // 2 if options["cases"] is None else options["cases"]
        if not 0 <= cases <= MAX_EVENTS:
            raise CommandError(f"--cases must be between 0 and {MAX_EVENTS:,}.")
        partners = 200 if options["partners"] is None else options["partners"]
        if not 0 <= partners <= 100_000:
            raise CommandError("--partners must be between 0 and 100,000.")
        existing = Party.objects.count()
        if commerce_only:
            orders = Order.objects.count()
            if orders and not options["allow_existing_data"]:
                raise CommandError(
                    f"This database already holds {orders:,} orders; pass "
                    "--allow-existing-data to add more anyway (never on production)."
                )
        elif support_only:
            made_cases = Case.objects.count()
            if made_cases and not options["allow_existing_data"]:
                raise CommandError(
                    f"This database already holds {made_cases:,} cases; pass "
                    "--allow-existing-data to add more anyway (never on production)."
                )
        elif existing and not options["allow_existing_data"]:
            raise CommandError(
                f"This database already holds {existing:,} parties. seed_scale adds synthetic "
                "data; pass --allow-existing-data to add to it anyway (never on production)."
            )
        started = time.monotonic()
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    # Check foreign keys as rows arrive rather than queue millions for COMMIT.
                    with connection.cursor() as cursor:
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                # One generator, drawn from in a fixed order: the same seed, the same data.
                rng = random.Random(options["seed"])
                users = make_users(options["reps"], options["teams"])
                writers = []
                if only:
                    first_party = 1
                else:
                    first_party = (Party.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1
                    party_writers = seed_parties(
                        rng,
                        users,
                        parties,
                        team_read=options["team_access"] == "read",
                        shares=options["shares"],
                        out=self.stdout,
                    )
                    event_writers = seed_events(rng, users, events, first_party, out=self.stdout)
                    # A generator of their own: adding deals left the parties and events as
                    # they were.
                    deal_writers = seed_opportunities(
                        random.Random(options["seed"] + 1), deals, first_party, out=self.stdout
                    )
                    writers += [
                        *party_writers.values(),
                        *event_writers.values(),
                        *deal_writers.values(),
                    ]
                # The shop too: adding it (--commerce-only) later makes the same rows.
                if not support_only:
                    commerce_writers = seed_commerce(
                        random.Random(options["seed"] + 2),
                        users,
                        products=options["products"],
                        first_party=first_party,
                        out=self.stdout,
                        **shop,
                    )
                    writers += commerce_writers.values()
                # The support desk and the partners (after the shop: cases are about its
                # orders), also on their own generators.
                if not commerce_only:
                    support_writers = seed_support(
                        random.Random(options["seed"] + 3),
                        users,
                        cases=cases,
                        first_party=first_party,
                        out=self.stdout,
                    )
                    partner_writers = seed_partners(
                        random.Random(options["seed"] + 4),
                        users,
                        partners=partners,
                        first_party=first_party,
                        out=self.stdout,
                    )
                    writers += [*support_writers.values(), *partner_writers.values()]
                    partners = partner_writers["partnership"].written
                reset_sequences(writers)
        except KeyboardInterrupt:
            self.stderr.write("\nInterrupted: rolled back, nothing was saved.")
            sys.exit(130)
        made = [] if only else [f"{parties:,} parties, {events:,} events, {deals:,} opportunities"]
        if not support_only:
            made.append(
                f"{shop['orders']:,} orders over {shop['customers']:,} customers, "
                f"{shop['reviews']:,} reviews, {shop['shopping_lists']:,} shopping lists"
            )
        if not commerce_only:
            made.append(f"{cases:,} cases, {partners:,} partners")
        self.stdout.write(
            f"Done in {time.monotonic() - started:.0f}s: {'; '.join(made)}; "
            f"{options['reps']} reps in {options['teams']} teams."
        )
        if connection.vendor == "postgresql":
            # Statistics for the planner, and the visibility map index-only scans rely on
            # (rows just copied in are not yet known to be visible to all). VACUUM cannot run
            # inside a transaction (the tests run the command in one): there, ANALYZE only.
            with connection.cursor() as cursor:
                if connection.in_atomic_block:
                    cursor.execute("ANALYZE")
                else:
                    self.stdout.write("Vacuuming and analysing…")
                    cursor.execute("VACUUM (ANALYZE)")


def reset_sequences(writers: list[Writer]) -> None:
    """The writers hand out ids themselves: move each table's sequence past them."""
    tables = list(dict.fromkeys(writer.model for writer in writers))
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), tables):
            cursor.execute(sql)
