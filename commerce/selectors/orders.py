"""What the order pages read: the list's rows and totals, one order's page, the customer's
addresses to ship to, the products a line may name. Each a fixed number of queries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, Q, QuerySet, Sum, prefetch_related_objects

from commerce.models import Order, OrderAddressPurpose, OrderItem, OrderStatus, Product
from commerce.selectors.visibility import orders_visible_to
from crm.ids import parse_text
from opportunities.selectors import opportunities_visible_to
from parties.kinds import page_url
from parties.models import (
    ContactMech,
    ContactMechKind,
    ContactMechPurpose,
    Party,
    PartyContactMech,
    PartyContactMechPurpose,
)

# The totals per currency are summed only over a filtered set this large at most, so their
# cost stays bounded whatever the number of orders.
TOTALS_CAP = 10_000


def orders_for_list(user: User) -> QuerySet[Order]:
    """The orders `user` may see, with what the list's columns show (the customer's page
    needs its roles)."""
    return orders_visible_to(user).select_related("customer").prefetch_related("customer__roles")


@dataclass(frozen=True)
class CurrencyTotal:
    currency: str
    count: int
    amount: Decimal


def totals_by_currency(
    queryset: QuerySet[Order], cap: int | None = None
) -> list[CurrencyTotal] | None:
    """Count and grand total of a filtered set per currency (one GROUP BY), or None when the
    set holds more than `cap` (TOTALS_CAP) orders, found with one count bounded by a LIMIT."""
    cap = TOTALS_CAP if cap is None else cap
    queryset = queryset.order_by().select_related(None).prefetch_related(None)
    if queryset.values("pk")[: cap + 1].count() > cap:
        return None
    rows = (
        queryset.values("currency")
        .annotate(n=Count("pk"), total=Sum("grand_total"))
        .order_by("currency")
    )
    return [
        CurrencyTotal(row["currency"], row["n"], row["total"] or Decimal("0.00")) for row in rows
    ]


@dataclass
class OrderPage:
    items: list[OrderItem]
    ship_to: object | None
    bill_to: object | None
    history: list[OrderStatus]
    customer_url: str
    opportunity_visible: bool


def order_page(user: User, order: Order) -> OrderPage:
    """Everything an order's page shows besides the order (loaded by commerce.records)."""
    prefetch_related_objects([order.customer], "roles")
    items = list(order.items.select_related("product").order_by("line"))
    addresses = {address.purpose: address for address in order.addresses.all()}
    history = list(order.status_history.select_related("changed_by").order_by("changed_at", "id"))
    opportunity_visible = bool(
        order.opportunity_id
        and opportunities_visible_to(user).filter(pk=order.opportunity_id).exists()
    )
    return OrderPage(
        items=items,
        ship_to=addresses.get(OrderAddressPurpose.SHIP_TO),
        bill_to=addresses.get(OrderAddressPurpose.BILL_TO),
        history=history,
        customer_url=page_url(order.customer),
        opportunity_visible=opportunity_visible,
    )


@dataclass(frozen=True)
class PostalAddress:
    mech: ContactMech
    purposes: frozenset[str]

    @property
    def label(self) -> str:
        return self.mech.value


def postal_addresses_for(party: Party) -> list[PostalAddress]:
    """The party's current postal addresses, each with its current purposes (one query and
    one for the purposes)."""
    links = (
        PartyContactMech.objects.filter(
            party=party, thru_date__isnull=True, contact_mech__kind=ContactMechKind.POSTAL_ADDRESS
        )
        .select_related("contact_mech")
        .prefetch_related(
            Prefetch(
                "purposes",
                queryset=PartyContactMechPurpose.objects.filter(thru_date__isnull=True),
                to_attr="current_purposes",
            )
        )
        .order_by("from_date", "id")
    )
    return [
        PostalAddress(link.contact_mech, frozenset(p.purpose for p in link.current_purposes))
        for link in links
    ]


def address_with_purpose(addresses: list[PostalAddress], purpose: str) -> PostalAddress | None:
    return next((a for a in addresses if purpose in a.purposes), None)


SHIPPING = ContactMechPurpose.SHIPPING_LOCATION
BILLING = ContactMechPurpose.BILLING_LOCATION

# "Name (SKU)": the SKU in the last brackets.
BRACKETED = re.compile(r"\(([^()]+)\)\s*$")


def product_keys(text) -> list[str]:
    """What a product field's text may name: the SKU typed, or the one in "Name (SKU)"."""
    text = parse_text(text, 240)
    if not text:
        return []
    keys = [text]
    match = BRACKETED.search(text)
    if match:
        keys.append(match.group(1).strip())
    return keys


def products_named(texts) -> dict[str, Product]:
    """The products these texts name (by SKU, exactly or whatever the case), inactive ones
    too (the form says they are no longer sold): text -> product. One query."""
    keys = {key for text in texts for key in product_keys(text)}
    if not keys:
        return {}
    found = list(Product.objects.filter(Q(sku__in=keys) | Q(sku__in={key.upper() for key in keys})))
    exact = {product.sku: product for product in found}
    folded = {product.sku.upper(): product for product in found}
    named = {}
    for text in texts:
        for key in product_keys(text):
            product = exact.get(key) or folded.get(key.upper())
            if product is not None:
                named[parse_text(text, 240)] = product
                break
    return named


LOOKUP_LIMIT = 20


def product_suggestions(text: str, limit: int = LOOKUP_LIMIT) -> list[Product]:
    """Active products whose SKU or name starts with `text`, for a line's picker."""
    text = parse_text(text, 200)
    if not text:
        return []
    return list(
        Product.objects.filter(is_active=True)
        .filter(Q(sku__istartswith=text) | Q(name__istartswith=text))
        .order_by("name", "id")[:limit]
    )
