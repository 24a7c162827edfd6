"""Placing orders and moving them along their legal statuses. Each write is one transaction:
the order, its items, addresses and first status row, the customer's figures and journey."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commerce.models import (
    REASON_REQUIRED,
    Order,
    OrderAddress,
    OrderAddressPurpose,
    OrderItem,
    OrderItemStatus,
    OrderStatus,
    OrderStatusValue,
    Product,
    money,
)
from commerce.services.figures import figures_refresh
from forecasts.services import forecast_currency, rates_on
from parties.models import ContactMech, Party, RoleType
from parties.services import journey_append, party_role_add

ADDRESS_FIELDS = ("to_name", "address1", "address2", "city", "postal_code", "state", "country")


@dataclass
class ItemInput:
    product: Product
    quantity: int
    unit_price: Decimal | None = None  # None: the product's list price
    discount: Decimal = Decimal("0.00")
    description: str = ""


def _cents(value: Decimal) -> bool:
    return Decimal(value) == Decimal(value).quantize(Decimal("0.01"))


def _item_errors(number: int, item: ItemInput, currency: str) -> list[str]:
    errors = []
    line = _("Line %(line)s") % {"line": number}
    if not item.product.is_active:
        errors.append(
            _("%(line)s: %(product)s is no longer sold.")
            % {"line": line, "product": item.product.name}
        )
    if item.quantity is None or item.quantity < 1:
        errors.append(_("%(line)s: the quantity must be at least 1.") % {"line": line})
    price = item.product.list_price if item.unit_price is None else item.unit_price
    if price < 0 or not _cents(price):
        errors.append(
            _("%(line)s: enter a price of 0 or more, with at most 2 decimals.") % {"line": line}
        )
    if item.discount < 0 or not _cents(item.discount):
        errors.append(
            _("%(line)s: enter a discount of 0 or more, with at most 2 decimals.") % {"line": line}
        )
    elif not errors and item.discount > price * item.quantity:
        errors.append(_("%(line)s: the discount is more than the line's amount.") % {"line": line})
    if item.unit_price is None and item.product.currency != currency:
        errors.append(
            _("%(line)s: %(product)s is priced in %(their)s, the order in %(ours)s: enter a price.")
            % {
                "line": line,
                "product": item.product.name,
                "their": item.product.currency,
                "ours": currency,
            }
        )
    return errors


def address_copy(mech: ContactMech | dict | None) -> dict | None:
    """The fields of a postal address to copy onto an order."""
    if mech is None:
        return None
    if isinstance(mech, dict):
        return (
            {name: mech.get(name, "") for name in ADDRESS_FIELDS} if mech.get("address1") else None
        )
    return {name: str(getattr(mech, name)) for name in ADDRESS_FIELDS}


def reporting_total(amount: Decimal, currency: str, day: datetime.date) -> Decimal | None:
    """`amount` in the reporting currency at `day`'s rate (None: no rate for `currency`)."""
    rate = rates_on(day, forecast_currency()).get(currency)
    return None if rate is None else money(amount * rate)


def order_number(pk: int) -> str:
    return f"SO-{pk:06d}"


@transaction.atomic
def order_create(
    *,
    actor: User | None,
    customer: Party,
    channel: str,
    currency: str,
    items: list[ItemInput],
    order_date: datetime.datetime | None = None,
    payment_preference: str = "",
    shipping_method: str = "",
    shipping_amount: Decimal = Decimal("0.00"),
    ship_to: ContactMech | dict | None = None,
    bill_to: ContactMech | dict | None = None,
    notes: str = "",
    external_id: str = "",
    opportunity=None,
    source: str = "",
) -> Order:
    """Place an order for `customer` (who becomes a customer if not yet one). `source`: what
    the order came from, for the journey ("shopping list “Gifts”")."""
    errors: dict[str, list[str]] = {}
    if not items:
        errors["items"] = [_("Add at least one product.")]
    for number, item in enumerate(items, start=1):
        for message in _item_errors(number, item, currency):
            errors.setdefault("items", []).append(message)
    if shipping_amount < 0 or not _cents(shipping_amount):
        errors["shipping_amount"] = [_("Enter an amount of 0 or more, with at most 2 decimals.")]
    external_id = external_id.strip()
    if external_id and Order.objects.filter(channel=channel, external_id=external_id).exists():
        errors["external_id"] = [_("Another order of this channel has this external id.")]
    if errors:
        raise ValidationError(errors)

    when = order_date or timezone.now()
    order = Order(
        customer=customer,
        order_date=when,
        channel=channel,
        currency=currency,
        payment_preference=payment_preference,
        shipping_method=shipping_method,
        shipping_amount=money(shipping_amount),
        notes=notes.strip(),
        external_id=external_id,
        opportunity=opportunity,
        created_by=actor,
        status_changed_at=when,
    )
    order.full_clean(exclude=["number", "items_total", "grand_total", "reporting_total"])
    order.save()
    order.number = order_number(order.pk)
    rows = []
    for number, item in enumerate(items, start=1):
        row = OrderItem(
            order=order,
            line=number,
            product=item.product,
            description=(item.description or item.product.name)[:200],
            quantity=item.quantity,
            unit_price=item.product.list_price if item.unit_price is None else item.unit_price,
            discount=item.discount,
            order_date=when,
            currency=currency,
        )
        row.line_total = row.compute_total()
        rows.append(row)
    OrderItem.objects.bulk_create(rows)
    order.items_total = money(sum((row.line_total for row in rows), Decimal(0)))
    order.grand_total = money(order.items_total + order.shipping_amount)
    order.reporting_total = reporting_total(order.grand_total, currency, when.date())
    order.save(update_fields=["number", "items_total", "grand_total", "reporting_total"])
    addresses = [
        OrderAddress(order=order, purpose=purpose, **fields)
        for purpose, fields in (
            (OrderAddressPurpose.SHIP_TO, address_copy(ship_to)),
            (OrderAddressPurpose.BILL_TO, address_copy(bill_to)),
        )
        if fields
    ]
    for address in addresses:
        address.full_clean(exclude=["order"])
    OrderAddress.objects.bulk_create(addresses)
    OrderStatus.objects.create(order=order, status=order.status, changed_at=when, changed_by=actor)
    party_role_add(party=customer, role=RoleType.CUSTOMER)
    figures_refresh(customer_id=customer.pk)
    quantity = sum(row.quantity for row in rows)
    summary = _(
        "Order %(number)s placed (%(channel)s): %(count)s item(s), %(total)s %(currency)s"
    ) % {
        "number": order.number,
        "channel": order.get_channel_display(),
        "count": quantity,
        "total": order.grand_total,
        "currency": currency,
    }
    if source:
        summary += " · " + _("from %(source)s") % {"source": source}
    journey_append(
        party_ids=customer.pk,
        kind="order",
        summary=summary,
        actor=actor,
        record_type="order",
        record_id=order.pk,
        occurred_at=when,
    )
    return order


ITEM_STATUS_FOR = {
    OrderStatusValue.APPROVED: OrderItemStatus.APPROVED,
    OrderStatusValue.COMPLETED: OrderItemStatus.COMPLETED,
    OrderStatusValue.CANCELLED: OrderItemStatus.CANCELLED,
    OrderStatusValue.REJECTED: OrderItemStatus.CANCELLED,
}


@transaction.atomic
def order_status_change(
    *,
    actor: User | None,
    order: Order,
    status: str,
    reason: str = "",
    changed_at: datetime.datetime | None = None,
) -> Order:
    """Move an order to `status` if OFBiz allows the move (cancelling, rejecting and holding
    need a reason); a history row, the items' statuses, figures and journey follow."""
    locked = Order.objects.select_for_update().get(pk=order.pk)
    reason = reason.strip()
    if status not in locked.legal_moves():
        raise ValidationError(
            {
                "status": _("An order that is %(current)s cannot become %(new)s.")
                % {
                    "current": locked.get_status_display().lower(),
                    "new": OrderStatusValue(status).label.lower()
                    if status in OrderStatusValue.values
                    else status,
                }
            }
        )
    if status in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": _("Say why (the customer may ask).")})
    when = changed_at or timezone.now()
    previous = locked.status
    locked.status = status
    locked.status_changed_at = when
    locked.save(update_fields=["status", "status_changed_at"])
    OrderStatus.objects.create(
        order=locked,
        from_status=previous,
        status=status,
        changed_at=when,
        changed_by=actor,
        reason=reason[:500],
    )
    if status in ITEM_STATUS_FOR:
        locked.items.update(status=ITEM_STATUS_FOR[status])
    figures_refresh(customer_id=locked.customer_id)
    summary = _("Order %(number)s: %(status)s") % {
        "number": locked.number,
        "status": locked.get_status_display().lower(),
    }
    if reason:
        summary += f" ({reason})"
    journey_append(
        party_ids=locked.customer_id,
        kind="order",
        summary=summary,
        actor=actor,
        record_type="order",
        record_id=locked.pk,
        occurred_at=when,
    )
    order.status, order.status_changed_at = locked.status, locked.status_changed_at
    return locked
