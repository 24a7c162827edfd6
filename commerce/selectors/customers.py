"""What the customer 360 page reads about one customer: its stored figures and RFM segment,
its orders (keyset paged, filtered on the customer's indexes), shopping lists and reviews.

The page has already loaded the customer for the viewer, and orders, lists and reviews
follow their customer (commerce.selectors.visibility), so these read the customer's rows
alone: one index range each, whatever the customer's history."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from commerce.models import CustomerFigures, Order, ProductReview, ShoppingList
from commerce.services import current_boundaries, rfm_for
from commerce.services.figures import Rfm
from crm.pagination import Ordering, Window, keyset_page
from crm.timezones import local_midnight
from parties.models import Party

ORDER_HISTORY_SIZE = 10
PANEL_SIZE = 10
ORDER_HISTORY_ORDER = Ordering("order_date", descending=True)


@dataclass
class CustomerKeyFigures:
    figures: CustomerFigures | None
    rfm: Rfm | None
    days_since_last_order: int | None

    @property
    def has_orders(self) -> bool:
        return bool(self.figures and self.figures.order_count)


def customer_key_figures(customer: Party, today: datetime.date | None = None) -> CustomerKeyFigures:
    """The customer's stored figures (never a scan of its orders) and its RFM segment
    against the current quintile boundaries: two reads."""
    figures = CustomerFigures.objects.filter(party=customer).first()
    rfm = rfm_for(figures, current_boundaries()) if figures and figures.order_count else None
    days = None
    if figures and figures.last_order_at:
        today = today or timezone.localdate()
        days = max((today - timezone.localtime(figures.last_order_at).date()).days, 0)
    return CustomerKeyFigures(figures, rfm, days)


def customer_orders(
    customer: Party,
    *,
    status: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Order]:
    """The customer's orders (on the customer's date or status-and-date index), the dates
    inclusive in the current time zone."""
    queryset = Order.objects.filter(customer=customer)
    if status:
        queryset = queryset.filter(status=status)
    if date_from:
        queryset = queryset.filter(order_date__gte=local_midnight(date_from))
    if date_to:
        queryset = queryset.filter(
            order_date__lt=local_midnight(date_to + datetime.timedelta(days=1))
        )
    return queryset.only(
        "pk", "number", "order_date", "channel", "status", "grand_total", "currency", "customer_id"
    )


def order_history(
    customer: Party,
    *,
    after: str = "",
    before: str = "",
    size: int = ORDER_HISTORY_SIZE,
    **filters,
) -> Window:
    """One page of the customer's orders, newest first (keyset on order date and id)."""
    return keyset_page(
        customer_orders(customer, **filters),
        ORDER_HISTORY_ORDER,
        after=after or None,
        before=before or None,
        size=size,
    )


def customer_shopping_lists(customer: Party, limit: int = PANEL_SIZE) -> list[ShoppingList]:
    """The customer's lists, latest change first, each with its number of items: one query."""
    return list(
        ShoppingList.objects.filter(customer=customer)
        .annotate(item_count=Count("items"))
        .order_by("-updated_at", "-id")[: limit + 1]
    )


def customer_reviews(customer: Party, limit: int = PANEL_SIZE) -> list[ProductReview]:
    """The customer's reviews, newest first, with their products: one query."""
    return list(
        ProductReview.objects.filter(customer=customer)
        .select_related("product")
        .order_by("-posted_at", "-id")[: limit + 1]
    )
