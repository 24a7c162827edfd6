from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from forecasts import services
from forecasts.models import ExchangeRate, ForecastHistory, Quota, SalesForecast, TimePeriod


@admin.register(TimePeriod)
class TimePeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "start_date", "end_date", "closed"]
    list_filter = ["kind", "closed"]
    actions = ["close_periods"]

    @admin.action(description=_("Close the selected periods (freezes their forecasts)"))
    def close_periods(self, request, queryset):
        for period in queryset:
            services.period_close(actor=request.user, period=period)
        messages.success(request, _("Periods closed."))


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "rate", "valid_from"]
    list_filter = ["currency"]


@admin.register(Quota)
class QuotaAdmin(admin.ModelAdmin):
    list_display = ["owner", "period", "amount", "set_by", "set_at"]
    list_filter = ["period__kind"]
    list_select_related = ["owner", "period", "set_by"]


class ForecastHistoryInline(admin.TabularInline):
    model = ForecastHistory
    extra = 0
    can_delete = False
    readonly_fields = ["field", "old_value", "new_value", "note", "changed_by", "changed_at"]


@admin.register(SalesForecast)
class SalesForecastAdmin(admin.ModelAdmin):
    """Computed from the pipeline: read-only here."""

    list_display = ["owner", "period", "quota", "closed", "weighted", "committed", "currency"]
    list_filter = ["period__kind"]
    list_select_related = ["owner", "period"]
    inlines = [ForecastHistoryInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
