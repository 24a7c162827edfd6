"""Sales forecasts (OFBiz/opentaps SalesForecast): fiscal periods, quotas, forecasts computed
from the pipeline, their history, and the exchange rates that bring amounts to one currency."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.currencies import CURRENCY_CHOICES
from crm.models import GroupGrant, UserGrant

MONEY = {"max_digits": 16, "decimal_places": 2}


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Fiscal year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")


class TimePeriod(models.Model):
    """A fiscal year, one of its quarters or one of their months (parent: the enclosing one).
    Closing a period freezes its forecasts."""

    kind = models.CharField(_("kind"), max_length=8, choices=PeriodKind.choices)
    name = models.CharField(_("name"), max_length=40)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        ordering = ["start_date", "kind"]
        verbose_name = _("time period")
        constraints = [
            models.UniqueConstraint(fields=["kind", "start_date"], name="timeperiod_unique"),
            models.CheckConstraint(
                name="timeperiod_dates_ordered", condition=Q(end_date__gte=models.F("start_date"))
            ),
        ]
        indexes = [models.Index(fields=["kind", "start_date", "end_date"], name="period_span_idx")]

    def __str__(self) -> str:
        return self.name

    def contains(self, day) -> bool:
        return self.start_date <= day <= self.end_date


class Quota(models.Model):
    """A rep's target for a month or a quarter, set by their manager."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quotas"
    )
    period = models.ForeignKey(TimePeriod, on_delete=models.PROTECT, related_name="quotas")
    amount = models.DecimalField(_("quota"), validators=[MinValueValidator(0)], **MONEY)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("quota")
        constraints = [
            models.UniqueConstraint(fields=["owner", "period"], name="quota_unique"),
            models.CheckConstraint(name="quota_not_negative", condition=Q(amount__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.owner} {self.period}: {self.amount}"


class SalesForecast(models.Model):
    """One rep's forecast for one period. The computed figures follow the opportunities the
    rep owns whose expected close date falls in the period; committed and best-case override
    are entered by the rep."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forecasts"
    )
    period = models.ForeignKey(TimePeriod, on_delete=models.PROTECT, related_name="forecasts")
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    quota = models.DecimalField(_("quota"), null=True, blank=True, **MONEY)
    closed = models.DecimalField(_("closed"), default=Decimal(0), **MONEY)
    pipeline = models.DecimalField(_("pipeline"), default=Decimal(0), **MONEY)
    best_case = models.DecimalField(_("best case"), default=Decimal(0), **MONEY)
    weighted = models.DecimalField(_("weighted forecast"), default=Decimal(0), **MONEY)
    percent_of_quota_forecast = models.DecimalField(
        _("% of quota forecast"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    percent_of_quota_closed = models.DecimalField(
        _("% of quota closed"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    committed = models.DecimalField(_("committed forecast"), null=True, blank=True, **MONEY)
    best_case_override = models.DecimalField(
        _("best case (override)"), null=True, blank=True, **MONEY
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Opportunities left out for want of an exchange rate: "name (currency)", one per line.
    excluded = models.TextField(blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sales forecast")
        permissions = [("share_salesforecast", _("Can share sales forecast"))]
        constraints = [
            models.UniqueConstraint(fields=["owner", "period"], name="forecast_unique"),
        ]
        indexes = [models.Index(fields=["period", "owner"], name="forecast_period_idx")]

    def __str__(self) -> str:
        return f"{self.owner} — {self.period}"

    @property
    def excluded_list(self) -> list[str]:
        return [line for line in self.excluded.splitlines() if line]


class SalesForecastUserObjectPermission(UserGrant):
    content_object = models.ForeignKey(SalesForecast, on_delete=models.CASCADE)


class SalesForecastGroupObjectPermission(GroupGrant):
    content_object = models.ForeignKey(SalesForecast, on_delete=models.CASCADE)


class ForecastHistory(models.Model):
    """Append-only: every change of a forecast's figures, computed or entered."""

    forecast = models.ForeignKey(SalesForecast, on_delete=models.CASCADE, related_name="history")
    field = models.CharField(max_length=32)
    old_value = models.CharField(max_length=40, blank=True)
    new_value = models.CharField(max_length=40, blank=True)
    note = models.CharField(max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["forecast", "-changed_at"], name="forecasthistory_idx")]
        verbose_name = _("forecast history")
        verbose_name_plural = _("forecast history")

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} → {self.new_value}"


class ExchangeRate(models.Model):
    """1 `currency` = `rate` × the forecast currency, from `valid_from` on."""

    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    rate = models.DecimalField(
        _("rate"), max_digits=18, decimal_places=8, validators=[MinValueValidator(Decimal("1e-8"))]
    )
    valid_from = models.DateField(_("valid from"))

    class Meta:
        ordering = ["currency", "-valid_from"]
        verbose_name = _("exchange rate")
        constraints = [
            models.UniqueConstraint(fields=["currency", "valid_from"], name="rate_unique"),
            models.CheckConstraint(name="rate_positive", condition=Q(rate__gt=0)),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate} ({self.valid_from})"
