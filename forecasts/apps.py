from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForecastsConfig(AppConfig):
    name = "forecasts"
    verbose_name = _("Sales forecasts")

    def ready(self) -> None:
        from crm import currencies, panels
        from forecasts.panels import PARTNER_FIGURES
        from forecasts.services import forecasts_recompute_for, rates_on
        from opportunities.hooks import opportunity_changed
        from parties.records import PARTNER

        # A deal's change recomputes the forecasts of the periods on both sides.
        opportunity_changed.register(forecasts_recompute_for)
        # Lower pages (the pipeline board) convert amounts with this app's exchange rates.
        currencies.register_rates_source(rates_on)
        # A partner's pipeline, won revenue and commission in the reporting currency.
        panels.register(PARTNER, panel=PARTNER_FIGURES)
