"""Orders (OFBiz OrderHeader, OrderItem, OrderStatus, OrderContactMech) and their legal
status moves (OFBiz StatusValidChange)."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from crm.currencies import CURRENCY_CHOICES
from parties.models import Party, PaymentPreference

CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    """An amount rounded half-up to cents."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class SalesChannel(models.TextChoices):
    WEB = "web", _("Web shop")
    PHONE = "phone", _("Phone")
    STORE = "store", _("Store")
    PARTNER = "partner", _("Partner")
    MARKETPLACE = "marketplace", _("Marketplace")


class OrderStatusValue(models.TextChoices):
    CREATED = "created", _("Created")
    APPROVED = "approved", _("Approved")
    PROCESSING = "processing", _("Processing")
    SENT = "sent", _("Sent")
    COMPLETED = "completed", _("Completed")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")
    REJECTED = "rejected", _("Rejected")


S = OrderStatusValue
# OFBiz's StatusValidChange for ORDER_STATUS: from -> the statuses it may move to.
LEGAL_MOVES: dict[str, tuple[str, ...]] = {
    S.CREATED: (S.APPROVED, S.PROCESSING, S.HELD, S.CANCELLED, S.REJECTED),
    S.APPROVED: (S.PROCESSING, S.SENT, S.COMPLETED, S.HELD, S.CANCELLED),
    S.PROCESSING: (S.APPROVED, S.SENT, S.COMPLETED, S.HELD, S.CANCELLED),
    S.HELD: (S.APPROVED, S.PROCESSING, S.CANCELLED, S.REJECTED),
    S.SENT: (S.COMPLETED,),
    S.COMPLETED: (),
    S.CANCELLED: (),
    S.REJECTED: (),
}
# Orders that are still to be fulfilled.
OPEN_STATUSES = (S.CREATED, S.APPROVED, S.PROCESSING, S.HELD)
# Orders that do not count as sales (no revenue, not in the customer's order count).
VOID_STATUSES = (S.CANCELLED, S.REJECTED)
# Moves that need a reason.
REASON_REQUIRED = (S.CANCELLED, S.REJECTED, S.HELD)


class ShippingMethod(models.TextChoices):
    STANDARD = "standard", _("Standard")
    EXPRESS = "express", _("Express")
    NEXT_DAY = "next_day", _("Next day")
    PICKUP = "pickup", _("Pick-up in store")
    FREIGHT = "freight", _("Freight")


class Order(models.Model):
    # "SO-000123", from the primary key once inserted (commerce.services.order_create).
    number = models.CharField(_("order number"), max_length=20, unique=True, null=True)
    external_id = models.CharField(_("external id"), max_length=64, blank=True)
    customer = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="orders", verbose_name=_("customer")
    )
    order_date = models.DateTimeField(_("order date"), default=timezone.now)
    channel = models.CharField(_("sales channel"), max_length=12, choices=SalesChannel.choices)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    status = models.CharField(
        _("status"), max_length=12, choices=OrderStatusValue.choices, default=S.CREATED
    )
    payment_preference = models.CharField(
        _("payment preference"), max_length=20, choices=PaymentPreference.choices, blank=True
    )
    shipping_method = models.CharField(
        _("shipping method"), max_length=12, choices=ShippingMethod.choices, blank=True
    )
    shipping_amount = models.DecimalField(
        _("shipping"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    items_total = models.DecimalField(
        _("items total"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    grand_total = models.DecimalField(
        _("grand total"), max_digits=14, decimal_places=2, default=Decimal("0.00")
    )
    # The grand total in the reporting currency at the order date's rate (None: no rate
    # known for the order's currency), for the customer figures.
    reporting_total = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    opportunity = models.ForeignKey(
        "opportunities.Opportunity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("opportunity"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)

    class Meta:
        ordering = ["-order_date", "-id"]
        verbose_name = _("order")
        indexes = [
            models.Index(fields=["customer", "-order_date", "-id"], name="order_customer_date_idx"),
            models.Index(
                fields=["customer", "status", "-order_date", "-id"],
                name="order_customer_status_idx",
            ),
            models.Index(fields=["-order_date", "-id"], name="order_date_idx"),
            models.Index(fields=["status", "-order_date", "-id"], name="order_status_date_idx"),
            models.Index(fields=["channel", "-order_date", "-id"], name="order_channel_date_idx"),
            models.Index(fields=["grand_total", "id"], name="order_total_idx"),
            models.Index(fields=["opportunity"], name="order_opportunity_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~Q(external_id=""),
                name="order_external_id_per_channel",
            ),
            models.CheckConstraint(name="order_total_positive", condition=Q(grand_total__gte=0)),
        ]

    def __str__(self) -> str:
        return self.number or _("new order")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def legal_moves(self) -> tuple[str, ...]:
        return LEGAL_MOVES[self.status]


class OrderAddressPurpose(models.TextChoices):
    SHIP_TO = "ship_to", _("Ship to")
    BILL_TO = "bill_to", _("Bill to")


class OrderAddress(models.Model):
    """A copy of a postal address as it was when the order was placed: later edits of the
    customer's addresses do not rewrite the order's history."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="addresses")
    purpose = models.CharField(_("purpose"), max_length=8, choices=OrderAddressPurpose.choices)
    to_name = models.CharField(_("to name"), max_length=200, blank=True)
    address1 = models.CharField(_("address line 1"), max_length=200)
    address2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    state = models.CharField(_("state / province"), max_length=100, blank=True)
    country = CountryField(_("country"))

    class Meta:
        verbose_name = _("order address")
        constraints = [
            models.UniqueConstraint(fields=["order", "purpose"], name="order_address_unique")
        ]

    def __str__(self) -> str:
        return f"{self.address1}, {self.postal_code} {self.city}"


class OrderItemStatus(models.TextChoices):
    CREATED = "created", _("Created")
    APPROVED = "approved", _("Approved")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    line = models.PositiveSmallIntegerField(_("line"))
    product = models.ForeignKey(
        "commerce.Product", on_delete=models.PROTECT, related_name="order_items"
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    cancelled_quantity = models.PositiveIntegerField(_("cancelled quantity"), default=0)
    unit_price = models.DecimalField(
        _("unit price"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    # An amount off the line (not per unit).
    discount = models.DecimalField(
        _("discount"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    line_total = models.DecimalField(_("line total"), max_digits=14, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=12, choices=OrderItemStatus.choices, default=OrderItemStatus.CREATED
    )
    # The order's date and currency, copied (neither changes): a product's sales over a
    # period are then one index-only range of its items, without reading their orders.
    order_date = models.DateTimeField(_("order date"))
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)

    class Meta:
        ordering = ["order", "line"]
        verbose_name = _("order item")
        indexes = [
            models.Index(fields=["product", "order"], name="orderitem_product_idx"),
            # Every column the sales figures read, so that they are an index-only scan.
            models.Index(
                fields=[
                    "product",
                    "order_date",
                    "status",
                    "currency",
                    "quantity",
                    "cancelled_quantity",
                    "line_total",
                ],
                name="orderitem_sales_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["order", "line"], name="orderitem_line_unique"),
            models.CheckConstraint(name="orderitem_quantity_positive", condition=Q(quantity__gt=0)),
            models.CheckConstraint(
                name="orderitem_cancelled_le_quantity",
                condition=Q(cancelled_quantity__lte=F("quantity")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.description or self.product_id}"

    @property
    def open_quantity(self) -> int:
        return self.quantity - self.cancelled_quantity

    def compute_total(self) -> Decimal:
        return money(self.open_quantity * self.unit_price - self.discount)


class OrderStatus(models.Model):
    """One row per status change of an order (OFBiz OrderStatus): who, when, why."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="status_history")
    from_status = models.CharField(
        _("from"), max_length=12, choices=OrderStatusValue.choices, blank=True
    )
    status = models.CharField(_("to"), max_length=12, choices=OrderStatusValue.choices)
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["order", "changed_at", "id"]
        verbose_name = _("order status change")
        indexes = [models.Index(fields=["order", "changed_at", "id"], name="orderstatus_order_idx")]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status or '-'} → {self.status}"
