"""Exchange rates: every currency's rate to the forecast currency on a given day."""

from __future__ import annotations

import datetime
from decimal import Decimal

from forecasts.models import ExchangeRate


def rates_on(day: datetime.date, target: str) -> dict[str, Decimal]:
    """Every currency's rate to `target` valid on `day` (the latest one from before it): one
    query, whatever the currencies."""
    rates = {target: Decimal(1)}
    rows = ExchangeRate.objects.filter(valid_from__lte=day).order_by("currency", "-valid_from")
    for currency, rate in rows.values_list("currency", "rate"):
        rates.setdefault(currency, rate)
    return rates
