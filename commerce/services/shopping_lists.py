"""Shopping lists: creating them, their items, and an order made from a list."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from commerce.models import Order, Product, ShoppingList, ShoppingListItem
from commerce.services.orders import ItemInput, order_create
from parties.models import Party
from parties.services import journey_append


def _journey(actor, shopping_list: ShoppingList, summary: str, when=None) -> None:
    journey_append(
        party_ids=shopping_list.customer_id,
        kind="shopping_list",
        summary=summary,
        actor=actor,
        record_type="shopping_list",
        record_id=shopping_list.pk,
        occurred_at=when,
    )


@transaction.atomic
def shopping_list_create(
    *,
    actor: User | None,
    customer: Party,
    name: str,
    list_type: str,
    is_public: bool = False,
    items: list[tuple[Product, int]] = (),
    created_at=None,
) -> ShoppingList:
    when = created_at or timezone.now()
    shopping_list = ShoppingList(
        customer=customer,
        name=name.strip(),
        list_type=list_type,
        is_public=is_public,
        created_at=when,
        updated_at=when,
    )
    shopping_list.full_clean()
    shopping_list.save()
    for product, quantity in items:
        shopping_list_item_set(
            actor=None, shopping_list=shopping_list, product=product, quantity=quantity
        )
    _journey(
        actor,
        shopping_list,
        _("%(type)s “%(name)s” created")
        % {"type": shopping_list.get_list_type_display(), "name": shopping_list.name},
        when,
    )
    return shopping_list


@transaction.atomic
def shopping_list_item_set(
    *, actor: User | None, shopping_list: ShoppingList, product: Product, quantity: int
) -> ShoppingListItem | None:
    """Put `quantity` of `product` on the list (0 takes it off)."""
    if quantity is None or quantity < 0:
        raise ValidationError({"quantity": _("Enter a quantity of 0 or more.")})
    if quantity and not product.is_active:
        raise ValidationError(
            {"product": _("%(product)s is no longer sold.") % {"product": product.name}}
        )
    ShoppingList.objects.filter(pk=shopping_list.pk).update(updated_at=timezone.now())
    if quantity == 0:
        ShoppingListItem.objects.filter(shopping_list=shopping_list, product=product).delete()
        if actor is not None:
            _journey(
                actor,
                shopping_list,
                _("%(product)s taken off “%(name)s”")
                % {"product": product.name, "name": shopping_list.name},
            )
        return None
    item, _created = ShoppingListItem.objects.update_or_create(
        shopping_list=shopping_list, product=product, defaults={"quantity": quantity}
    )
    if actor is not None:
        _journey(
            actor,
            shopping_list,
            _("%(quantity)s × %(product)s on “%(name)s”")
            % {"quantity": quantity, "product": product.name, "name": shopping_list.name},
        )
    return item


@transaction.atomic
def order_from_shopping_list(
    *, actor: User, shopping_list: ShoppingList, channel: str, currency: str, **order_fields
) -> Order:
    """A new order of the list's items (each at its product's list price; inactive products
    are refused, named); the list remembers what was ordered and when."""
    rows = list(shopping_list.items.select_related("product").order_by("id"))
    if not rows:
        raise ValidationError(_("The list has no items to order."))
    order = order_create(
        actor=actor,
        customer=shopping_list.customer,
        channel=channel,
        currency=currency,
        items=[ItemInput(product=row.product, quantity=row.quantity) for row in rows],
        source=_("shopping list “%(name)s”") % {"name": shopping_list.name},
        **order_fields,
    )
    ShoppingListItem.objects.filter(pk__in=[row.pk for row in rows]).update(
        quantity_purchased=F("quantity_purchased") + F("quantity")
    )
    shopping_list.last_ordered_at = order.order_date
    shopping_list.updated_at = timezone.now()
    shopping_list.save(update_fields=["last_ordered_at", "updated_at"])
    return order
