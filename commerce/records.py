"""The record types of the commerce pages. Orders, reviews and shopping lists follow their
customer: whoever may see the customer may see them (commerce.selectors); what they may do
is the role's model permission (changing an order's status, moderating a review)."""

from django.contrib.auth.models import User

from commerce import selectors
from commerce.models import Product
from crm import access
from crm.access import CHANGE, VIEW
from crm.records import RecordType


def _model_actions(permission: str):
    def actions(user: User, record) -> set[str]:
        return {VIEW, CHANGE} if user.has_perm(permission) else {VIEW}

    return actions


def _following_customer(visible_to, *related: str):
    """Load a record that follows its customer: found only among what the user may see."""
    return lambda user, pk: visible_to(user).select_related(*related).get(pk=pk)


ORDER = RecordType(
    "order",
    load=_following_customer(selectors.orders_visible_to, "customer", "created_by", "opportunity"),
    actions=_model_actions("commerce.change_order"),
    permission="commerce.view_order",
)
REVIEW = RecordType(
    "review",
    load=_following_customer(selectors.reviews_visible_to, "customer", "product", "moderated_by"),
    actions=_model_actions("commerce.change_productreview"),
    permission="commerce.view_productreview",
)
SHOPPING_LIST = RecordType(
    "shopping list",
    load=_following_customer(selectors.shopping_lists_visible_to, "customer"),
    actions=_model_actions("commerce.change_shoppinglist"),
    permission="commerce.view_shoppinglist",
)
# Products are the catalogue: every role with the product pages reads them all; they are
# managed in the admin.
PRODUCT = RecordType(
    "product",
    load=lambda user, pk: access.get_or_404(Product.objects.select_related("category"), pk),
    actions=lambda user, product: {VIEW},
    permission="commerce.view_product",
)
