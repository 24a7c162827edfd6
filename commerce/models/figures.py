"""The customer figures, one row per customer kept up to date by the order services (never
computed by scanning the orders on a page view), and the RFM quintile boundaries."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from parties.models import Party


class CustomerFigures(models.Model):
    """Sales figures of a customer over its orders that are not cancelled or rejected.
    Revenue is in the reporting currency (settings.CRM_FORECAST_CURRENCY), each order at its
    date's exchange rate; orders in a currency without a rate are counted apart."""

    party = models.OneToOneField(
        Party, on_delete=models.CASCADE, primary_key=True, related_name="figures"
    )
    order_count = models.PositiveIntegerField(_("orders"), default=0)
    open_order_count = models.PositiveIntegerField(_("open orders"), default=0)
    revenue = models.DecimalField(
        _("lifetime revenue"), max_digits=18, decimal_places=2, default=Decimal("0.00")
    )
    unconverted_order_count = models.PositiveIntegerField(default=0)
    first_order_at = models.DateTimeField(_("first order"), null=True, blank=True)
    last_order_at = models.DateTimeField(_("last order"), null=True, blank=True)

    class Meta:
        verbose_name = _("customer figures")
        verbose_name_plural = _("customer figures")
        indexes = [
            models.Index(fields=["order_count"], name="figures_frequency_idx"),
            models.Index(fields=["revenue"], name="figures_monetary_idx"),
            models.Index(fields=["last_order_at"], name="figures_recency_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.party_id}: {self.order_count} orders"

    @property
    def average_order_value(self) -> Decimal | None:
        counted = self.order_count - self.unconverted_order_count
        if counted <= 0:
            return None
        return (self.revenue / counted).quantize(Decimal("0.01"))


class RfmBoundaries(models.Model):
    """The quintile boundaries of recency (last order dates), frequency (order counts) and
    monetary value (revenue) over every customer with an order, recomputed daily
    (`manage.py customer_figures --segments`) and when missing."""

    computed_at = models.DateTimeField()
    customers = models.PositiveIntegerField(default=0)
    # Four ascending boundaries each: a value above the k-th boundary scores k + 2 (1..5).
    recency = models.JSONField(default=list)  # ISO dates
    frequency = models.JSONField(default=list)
    monetary = models.JSONField(default=list)  # decimal strings

    class Meta:
        verbose_name = _("RFM boundaries")
        verbose_name_plural = _("RFM boundaries")

    def __str__(self) -> str:
        return f"RFM {self.computed_at:%Y-%m-%d}"
