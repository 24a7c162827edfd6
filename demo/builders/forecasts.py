"""The demo's exchange rates and quotas, so the forecast pages have figures to compare."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings

from demo.builders.common import Demo
from forecasts import services as forecast_services
from forecasts.models import ExchangeRate

TO_EUR = {"EUR": "1", "USD": "0.92", "GBP": "1.17", "CAD": "0.67"}
# rep, the manager who sets the quota, the quarter's amount
QUOTAS = (
    ("alice", "carol", "90000"),
    ("bob", "carol", "75000"),
    ("dan", "wendy", "80000"),
)


def build_exchange_rates(demo: Demo) -> None:
    """Rates to the forecast currency (EUR by default) for the demo's other currencies. Run
    before the deals: each deal updates the forecasts, which convert at these rates."""
    target = settings.CRM_FORECAST_CURRENCY
    if target not in TO_EUR:
        return
    since = datetime.date(datetime.date.today().year - 1, 1, 1)
    for currency, rate in TO_EUR.items():
        if currency != target:
            ExchangeRate.objects.create(
                currency=currency,
                rate=Decimal(rate) / Decimal(TO_EUR[target]),
                valid_from=since,
            )


def build_quotas(demo: Demo) -> None:
    """This quarter's and next quarter's quotas of every rep, split into months."""
    today = datetime.date.today()
    for username, manager, amount in QUOTAS:
        for day in (today, today + datetime.timedelta(days=92)):
            quarter = next(
                p for p in forecast_services.periods_containing(day) if p.kind == "quarter"
            )
            forecast_services.quota_set(
                actor=demo.users[manager],
                owner=demo.users[username],
                period=quarter,
                amount=Decimal(amount),
                split=True,
            )
