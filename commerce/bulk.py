"""Bulk actions on the commerce lists (crm/bulk.py): the orders list (change status, export),
the review moderation queue (approve, reject, export) and the products catalogue (export).

Orders and reviews follow their customer (commerce.selectors: only what the user may see is
ever selected); what one may do with them is the role's model permission, as on their pages:
moving an order on (commerce.change_order), moderating (commerce.change_productreview).
Orders have no owner, so there is no change of owner. Each row goes through the service of
its page (order_status_change, review_moderate), which refuses what the workflow forbids:
that row's error, reported in the summary."""

from __future__ import annotations

import datetime
from dataclasses import replace

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commerce import services
from commerce.filters.orders import OrderFilter
from commerce.filters.products import ProductFilter
from commerce.filters.reviews import ReviewFilter, queue_status
from commerce.models import (
    REASON_REQUIRED,
    Order,
    OrderStatusValue,
    Product,
    ProductReview,
    ReviewStatus,
)
from commerce.selectors import orders as order_selectors
from commerce.selectors import products as product_selectors
from commerce.selectors.reviews import review_queue
from crm import access, bulk

ORDER_PERMISSION = "commerce.view_order"
REVIEW_PERMISSION = "commerce.view_productreview"
PRODUCT_PERMISSION = "commerce.view_product"
CHANGE_ORDER = "commerce.change_order"
MODERATE = "commerce.change_productreview"


def _filtered(params: QueryDict, filterset) -> QuerySet:
    """The filters as the list applies them: invalid ones are ignored (the list shows
    unfiltered, with the error next to the field)."""
    if filterset.is_bound and filterset.is_valid():
        return filterset.qs
    return filterset.queryset


def _date(value, format_name: str = "SHORT_DATE_FORMAT") -> str:
    """As the list shows it: in the user's time zone."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return formats.date_format(value, format_name)


def _export(permission: str) -> bulk.BulkAction:
    """Export for who may open the list: checked before the CSV streams (its rows are read
    while it streams, too late for a 403)."""
    return replace(bulk.export_action(), offered=lambda user: user.has_perm(permission))


def _if_permitted(permission: str):
    """An action for the holders of a model permission: offered to them only, and (a job may
    run after the user lost it) every row skipped otherwise."""

    def offered(user: User) -> bool:
        return user.has_perm(permission)

    def allowed(user: User, queryset: QuerySet) -> QuerySet:
        return queryset if user.has_perm(permission) else queryset.none()

    return offered, allowed


# Orders -----------------------------------------------------------------------------------


def order_rows(user: User, params: QueryDict) -> QuerySet[Order]:
    """The orders list's rows for its query string (commerce.views.orders.OrderListView)."""
    access.require_perm(user, ORDER_PERMISSION)
    queryset = order_selectors.orders_for_list(user)
    return _filtered(params, OrderFilter(params or None, queryset=queryset, user=user))


def order_records(ids: list[int]) -> QuerySet[Order]:
    return Order.objects.filter(pk__in=ids).order_by("pk")


def order_csv(user: User, ids: list[int]):
    orders = (
        Order.objects.filter(pk__in=ids).select_related("customer").order_by("-order_date", "-pk")
    )
    for order in orders:
        yield [
            order.number,
            _date(order.order_date),
            order.customer.display_name,
            order.get_channel_display(),
            order.get_status_display(),
            order.grand_total,
            order.currency,
        ]


ORDER_CSV_HEADER = [
    _("Number"),
    _("Date"),
    _("Customer"),
    _("Channel"),
    _("Status"),
    _("Grand total"),
    _("Currency"),
]


class OrderStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=OrderStatusValue.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        help_text=_("Needed to cancel, hold or reject the orders."),
    )

    def __init__(self, data=None, *, user: User):
        super().__init__(data)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") in REASON_REQUIRED and not cleaned.get("reason", "").strip():
            self.add_error("reason", gettext("Say why (the customer may ask)."))
        return cleaned

    def params(self) -> dict:
        return {"status": self.cleaned_data["status"], "reason": self.cleaned_data["reason"]}


def _prepare_order_status(user: User, params: dict) -> dict:
    return {"status": params.get("status", ""), "reason": params.get("reason", "")}


def _order_status(*, actor: User, record: Order, status: str, reason: str) -> bool:
    """A move OFBiz does not allow from the order's status is refused: reported."""
    if record.status == status:
        return False
    services.order_status_change(actor=actor, order=record, status=status, reason=reason)
    return True


_order_offered, _order_allowed = _if_permitted(CHANGE_ORDER)

ORDER_LIST = bulk.register(
    bulk.BulkList(
        "orders",
        nouns=(_("order"), _("orders")),
        list_url="orders:list",
        queryset=order_rows,
        records=order_records,
        csv_header=ORDER_CSV_HEADER,
        csv_rows=order_csv,
    ).add(
        bulk.BulkAction(
            "status",
            _("Change status"),
            allowed=_order_allowed,
            apply=_order_status,
            form_class=OrderStatusForm,
            prepare=_prepare_order_status,
            offered=_order_offered,
            unchanged_text=_("had that status already"),
            confirm_text=_(
                "An order whose status may not move so (a completed order cannot be "
                "approved, say) is left as it is and reported."
            ),
        ),
        _export(ORDER_PERMISSION),
    )
)


# Reviews ----------------------------------------------------------------------------------


def review_rows(user: User, params: QueryDict) -> QuerySet[ProductReview]:
    """The moderation queue's rows: the tab's status, then the filters
    (commerce.views.reviews.ReviewQueueView)."""
    access.require_perm(user, REVIEW_PERMISSION)
    queryset = review_queue(user, queue_status(params.get("status")))
    return _filtered(params, ReviewFilter(params or None, queryset=queryset))


def review_records(ids: list[int]) -> QuerySet[ProductReview]:
    """With the product (the journey row names it)."""
    return ProductReview.objects.filter(pk__in=ids).select_related("product").order_by("pk")


def review_csv(user: User, ids: list[int]):
    reviews = (
        ProductReview.objects.filter(pk__in=ids)
        .select_related("customer", "product")
        .order_by("posted_at", "pk")
    )
    for review in reviews:
        yield [
            _date(review.posted_at, "SHORT_DATETIME_FORMAT"),
            review.customer.display_name,
            review.product.sku,
            review.product.name,
            review.rating,
            review.title,
            review.text,
            review.get_status_display(),
            gettext("yes") if review.verified_purchase else gettext("no"),
        ]


REVIEW_CSV_HEADER = [
    _("Posted"),
    _("Customer"),
    _("SKU"),
    _("Product"),
    _("Rating"),
    _("Title"),
    _("Review"),
    _("Status"),
    _("Verified purchase"),
]


class ModerationReasonForm(forms.Form):
    """The reason of the decision: needed to reject, or to change an earlier decision."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    required_reason = True

    def __init__(self, data=None, *, user: User):
        super().__init__(data)
        self.fields["reason"].required = self.required_reason

    def params(self) -> dict:
        return {"reason": self.cleaned_data["reason"]}


class ApproveForm(ModerationReasonForm):
    required_reason = False

    def __init__(self, data=None, *, user: User):
        super().__init__(data, user=user)
        self.fields["reason"].help_text = _(
            "Needed only for reviews that were rejected before: they are not approved without it."
        )


def _prepare_reason(user: User, params: dict) -> dict:
    return {"reason": params.get("reason", "")}


def _moderate(approve: bool):
    status = ReviewStatus.APPROVED if approve else ReviewStatus.REJECTED

    def apply(*, actor: User, record: ProductReview, reason: str) -> bool:
        if record.status == status:
            return False
        services.review_moderate(actor=actor, review=record, approve=approve, reason=reason)
        return True

    return apply


_moderation_offered, _moderation_allowed = _if_permitted(MODERATE)

REVIEW_LIST = bulk.register(
    bulk.BulkList(
        "reviews",
        nouns=(_("review"), _("reviews")),
        list_url="reviews:list",
        queryset=review_rows,
        records=review_records,
        csv_header=REVIEW_CSV_HEADER,
        csv_rows=review_csv,
    ).add(
        bulk.BulkAction(
            "approve",
            _("Approve"),
            allowed=_moderation_allowed,
            apply=_moderate(True),
            form_class=ApproveForm,
            prepare=_prepare_reason,
            offered=_moderation_offered,
            unchanged_text=_("were approved already"),
        ),
        bulk.BulkAction(
            "reject",
            _("Reject"),
            allowed=_moderation_allowed,
            apply=_moderate(False),
            form_class=ModerationReasonForm,
            prepare=_prepare_reason,
            offered=_moderation_offered,
            unchanged_text=_("were rejected already"),
        ),
        _export(REVIEW_PERMISSION),
    )
)


# Products ---------------------------------------------------------------------------------


def product_rows(user: User, params: QueryDict) -> QuerySet[Product]:
    """The catalogue's rows for its query string (commerce.views.products.ProductListView)."""
    access.require_perm(user, PRODUCT_PERMISSION)
    tree = product_selectors.category_tree()
    queryset = product_selectors.products_for_list()
    return _filtered(params, ProductFilter(params or None, queryset=queryset, tree=tree))


def product_csv(user: User, ids: list[int]):
    """The catalogue's columns, with the units sold per window (two queries a chunk)."""
    tree = product_selectors.category_tree()
    products = list(Product.objects.filter(pk__in=ids).order_by("name", "pk"))
    figures = product_selectors.sales_figures(products)
    for product in products:
        product_figures = figures[product.pk]
        yield [
            product.sku,
            product.name,
            tree.label(product.category_id),
            product.list_price,
            product.currency,
            gettext("yes") if product.is_active else gettext("no"),
            *[window.units for window in product_figures.windows],
            product_figures.rating_average if product_figures.rating_average is not None else "",
        ]


def product_csv_header() -> list:
    return [
        _("SKU"),
        _("Name"),
        _("Category"),
        _("List price"),
        _("Currency"),
        _("Active"),
        *[format_lazy("{} {} d", _("Units"), days) for days in product_selectors.WINDOWS],
        _("Rating"),
    ]


PRODUCT_LIST = bulk.register(
    bulk.BulkList(
        "products",
        nouns=(_("product"), _("products")),
        list_url="products:list",
        queryset=product_rows,
        records=lambda ids: Product.objects.filter(pk__in=ids).order_by("pk"),
        csv_header=product_csv_header(),
        csv_rows=product_csv,
    ).add(_export(PRODUCT_PERMISSION))
)
