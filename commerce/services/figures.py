"""The customer figures: one row per customer, brought up to date by every order write (in
its transaction, the customer's row locked first so that concurrent orders of one customer
queue), and rebuilt from scratch by `manage.py customer_figures`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commerce.models import OPEN_STATUSES, VOID_STATUSES, CustomerFigures, Order, RfmBoundaries

_COUNTED = ~Q(status__in=VOID_STATUSES)
_AGGREGATES = {
    "order_count": Count("pk", filter=_COUNTED),
    "open_order_count": Count("pk", filter=Q(status__in=OPEN_STATUSES)),
    "revenue": Sum("reporting_total", filter=_COUNTED),
    "unconverted_order_count": Count("pk", filter=_COUNTED & Q(reporting_total=None)),
    "first_order_at": Min("order_date", filter=_COUNTED),
    "last_order_at": Max("order_date", filter=_COUNTED),
}
FIELDS = list(_AGGREGATES)


def _clean(values: dict) -> dict:
    values = {name: values.get(name) for name in FIELDS}
    values["revenue"] = values["revenue"] or Decimal("0.00")
    for name in ("order_count", "open_order_count", "unconverted_order_count"):
        values[name] = values[name] or 0
    return values


def figures_computed(customer_id: int) -> dict:
    """The figures of one customer from its orders (one aggregate over its index range)."""
    return _clean(Order.objects.filter(customer_id=customer_id).aggregate(**_AGGREGATES))


def figures_refresh(*, customer_id: int) -> CustomerFigures:
    """Bring a customer's row up to date, inside the order write's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("figures_refresh runs inside the order's transaction")
    figures, _created = CustomerFigures.objects.select_for_update().get_or_create(
        party_id=customer_id
    )
    for name, value in figures_computed(customer_id).items():
        setattr(figures, name, value)
    figures.save()
    return figures


def figures_all_computed():
    """Every customer's figures from scratch: one GROUP BY over the orders."""
    rows = Order.objects.values("customer_id").annotate(**_AGGREGATES).order_by("customer_id")
    for row in rows.iterator(chunk_size=10_000):
        yield row["customer_id"], _clean(row)


def figures_mismatches(limit: int = 20) -> list[tuple[int, dict, dict]]:
    """Customers whose stored figures differ from a recomputation: (id, stored, computed)."""
    stored = {
        row["party_id"]: _clean(row)
        for row in CustomerFigures.objects.values("party_id", *FIELDS).iterator(chunk_size=10_000)
    }
    empty = _clean({})
    found = []
    for customer_id, computed in figures_all_computed():
        row = stored.pop(customer_id, empty)
        if row != computed:
            found.append((customer_id, row, computed))
    found += [(pk, row, empty) for pk, row in stored.items() if row != empty]
    return found[:limit] if limit else found


@transaction.atomic
def figures_rebuild() -> int:
    """Recompute every customer's row (set-based, in batches); the rows written."""
    CustomerFigures.objects.all().delete()
    batch, written = [], 0
    for customer_id, values in figures_all_computed():
        batch.append(CustomerFigures(party_id=customer_id, **values))
        if len(batch) == 5_000:
            written += len(CustomerFigures.objects.bulk_create(batch))
            batch = []
    written += len(CustomerFigures.objects.bulk_create(batch))
    return written


# RFM segments ------------------------------------------------------------------------------

# Scores are 1 (worst) to 5 (best) for recency (R), frequency (F) and monetary value (M).
SEGMENTS = {
    "champion": _("Champion"),
    "loyal": _("Loyal"),
    "new": _("New"),
    "promising": _("Promising"),
    "needs_attention": _("Needs attention"),
    "at_risk": _("At risk"),
    "lost": _("Lost"),
}
STALE_AFTER = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Rfm:
    recency: int
    frequency: int
    monetary: int
    segment: str  # a SEGMENTS key

    @property
    def label(self) -> str:
        return SEGMENTS[self.segment]


def _quintile_boundaries(queryset, field: str, total: int) -> list:
    """The values at the 20/40/60/80 % ranks of `field` over `total` rows (index reads)."""
    return [
        queryset.order_by(field).values_list(field, flat=True)[total * k // 5] for k in range(1, 5)
    ]


def boundaries_refresh() -> RfmBoundaries:
    """Recompute the quintile boundaries over every customer with an order: 12 index reads."""
    queryset = CustomerFigures.objects.filter(order_count__gt=0, last_order_at__isnull=False)
    total = queryset.count()
    boundaries = RfmBoundaries.objects.order_by("pk").first() or RfmBoundaries()
    boundaries.computed_at = timezone.now()
    boundaries.customers = total
    if total:
        boundaries.recency = [
            value.date().isoformat()
            for value in _quintile_boundaries(queryset, "last_order_at", total)
        ]
        boundaries.frequency = _quintile_boundaries(queryset, "order_count", total)
        boundaries.monetary = [str(v) for v in _quintile_boundaries(queryset, "revenue", total)]
    else:
        boundaries.recency, boundaries.frequency, boundaries.monetary = [], [], []
    boundaries.save()
    return boundaries


def current_boundaries() -> RfmBoundaries:
    """The stored boundaries, recomputed first when missing or older than a day."""
    boundaries = RfmBoundaries.objects.order_by("pk").first()
    if boundaries is None or boundaries.computed_at < timezone.now() - STALE_AFTER:
        boundaries = boundaries_refresh()
    return boundaries


def _score(value, bounds: list) -> int:
    return 1 + sum(1 for bound in bounds if value > bound)


def rfm_for(figures: CustomerFigures | None, boundaries: RfmBoundaries) -> Rfm | None:
    """The customer's scores and segment (None: no order yet, or no boundaries)."""
    if figures is None or not figures.order_count or figures.last_order_at is None:
        return None
    if not boundaries.customers:
        return None
    last = figures.last_order_at.date().isoformat()
    r = _score(last, boundaries.recency)
    f = _score(figures.order_count, boundaries.frequency)
    m = _score(figures.revenue, [Decimal(v) for v in boundaries.monetary])
    if r >= 4 and f >= 4 and m >= 4:
        segment = "champion"
    elif r >= 4 and figures.order_count == 1:
        segment = "new"
    elif r >= 3 and f >= 4:
        segment = "loyal"
    elif r >= 4:
        segment = "promising"
    elif r <= 2 and f >= 3:
        segment = "at_risk"
    elif r == 1:
        segment = "lost"
    else:
        segment = "needs_attention"
    return Rfm(r, f, m, segment)
