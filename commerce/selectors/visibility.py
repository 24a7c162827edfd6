"""Orders, reviews and shopping lists follow their customer (DESIGN §4): whoever may see the
customer party may see them. One SQL rule, no grant tables of their own: the party rule on
the `customer_id` column. Customer Service sees every customer, and every order is a
customer's (commerce.services adds the role), so a CSR's reads have no condition at all."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import models
from django.db.models import QuerySet

from commerce.models import Order, ProductReview, ShoppingList
from crm import access
from crm.access import CUSTOMER_SERVICE
from parties.models import Party
from parties.selectors import visible_q

# Below this many party grants, a user's rows are found from their grants (`customer_id IN
# (the granted parties)`), not by probing every row of the list's order (events do the same).
FEW_GRANTS = 20_000


def visible_to(user: User, model: type[models.Model]) -> QuerySet:
    queryset = model.objects.all()
    if access.is_administrator(user) or access.in_group(user, CUSTOMER_SERVICE):
        return queryset
    q = visible_q(user, "customer_id")
    if access.holds_few_grants(user, Party, FEW_GRANTS) and access.managed_q(user, Party) is None:
        q = access.granted_set_q(user, Party)
        return queryset.filter(customer_id__in=Party.objects.filter(q).values("pk"))
    return queryset.filter(q)


def orders_visible_to(user: User) -> QuerySet[Order]:
    return visible_to(user, Order)


def reviews_visible_to(user: User) -> QuerySet[ProductReview]:
    return visible_to(user, ProductReview)


def shopping_lists_visible_to(user: User) -> QuerySet[ShoppingList]:
    return visible_to(user, ShoppingList)
