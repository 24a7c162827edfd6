"""Every write on forecasts: fiscal periods, quotas, computed forecasts, commits.

Forecasts are recomputed by the opportunity services (never by signals), inside the
opportunity's own transaction, for every period the change touches."""

from forecasts.services.exchange_rates import rates_on
from forecasts.services.forecasts import (
    ACCESS_KEY,
    CENT,
    COMPUTED,
    Figures,
    compute_figures,
    forecast_commit,
    forecast_currency,
    forecast_recompute,
    forecasts_recompute_for,
    money,
    quota_for,
)
from forecasts.services.periods import (
    fiscal_year_ensure,
    fiscal_year_start,
    period_close,
    periods_containing,
)
from forecasts.services.quotas import can_set_quota, quota_set
