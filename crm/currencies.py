"""ISO 4217 codes the CRM accepts for amounts and preferred currencies, and the one way a
lower app converts amounts with the exchange rates a higher app keeps."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

CURRENCY_CHOICES = [
    ("USD", _("US dollar")),
    ("EUR", _("Euro")),
    ("GBP", _("Pound sterling")),
    ("CHF", _("Swiss franc")),
    ("JPY", _("Japanese yen")),
    ("CNY", _("Chinese yuan")),
    ("CAD", _("Canadian dollar")),
    ("AUD", _("Australian dollar")),
    ("NZD", _("New Zealand dollar")),
    ("SEK", _("Swedish krona")),
    ("NOK", _("Norwegian krone")),
    ("DKK", _("Danish krone")),
    ("PLN", _("Polish zloty")),
    ("CZK", _("Czech koruna")),
    ("HUF", _("Hungarian forint")),
    ("INR", _("Indian rupee")),
    ("BRL", _("Brazilian real")),
    ("MXN", _("Mexican peso")),
    ("ZAR", _("South African rand")),
    ("SGD", _("Singapore dollar")),
    ("HKD", _("Hong Kong dollar")),
    ("KRW", _("South Korean won")),
    ("AED", _("UAE dirham")),
    ("ILS", _("Israeli new shekel")),
    ("TRY", _("Turkish lira")),
]

# The exchange rates live in forecasts (above opportunities): forecasts registers its
# `rates_on` here in its AppConfig.ready(), and a lower page (the pipeline board) asks here,
# without importing forecasts. A registry of one, like the panel registry.
RatesSource = Callable[[datetime.date, str], dict[str, Decimal]]
_rates_sources: list[RatesSource] = []


def register_rates_source(source: RatesSource) -> None:
    """`source(day, target)` returns every currency's rate to `target` valid on `day`
    ({currency: rate}; a currency without a rate is absent). The last one registered wins."""
    if source not in _rates_sources:
        _rates_sources.append(source)


def rates_on(day: datetime.date, target: str) -> dict[str, Decimal] | None:
    """Every currency's rate to `target` on `day`, or None when no app keeps exchange rates."""
    if not _rates_sources:
        return None
    return _rates_sources[-1](day, target)
