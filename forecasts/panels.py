"""The forecasts app's panels on other apps' pages (crm.panels; registered in apps.py): a
partner's figures, in the reporting currency, on the partner's page.

They are here, not in opportunities, because they convert amounts with the exchange rates
and reckon periods with the fiscal calendar kept in this app — the same way a forecast does:
won amounts at the rate valid on the period's last day, the open pipeline at today's."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Count, DecimalField, ExpressionWrapper, F, Sum
from django.utils import timezone

from crm.panels import Panel
from forecasts.services import fiscal_year_start, forecast_currency, money, rates_on
from opportunities.models import StageKind
from opportunities.selectors import opportunities_visible_to
from parties.models import Party
from parties.selectors import terms_in_force


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    name: str
    start: datetime.date
    end: datetime.date


def current_periods(today: datetime.date) -> tuple[Period, Period]:
    """The fiscal quarter and year `today` falls in, named as the forecasts name them (read
    from the calendar setting, without writing TimePeriod rows on a page view)."""
    start = fiscal_year_start(today)
    year_end = _add_months(start, 12) - datetime.timedelta(days=1)
    quarter = ((today.year - start.year) * 12 + today.month - start.month) // 3
    q_start = _add_months(start, 3 * quarter)
    q_end = _add_months(q_start, 3) - datetime.timedelta(days=1)
    return (
        Period(f"FY{year_end.year} Q{quarter + 1}", q_start, q_end),
        Period(f"FY{year_end.year}", start, year_end),
    )


@dataclass
class WonFigures:
    period: Period
    count: int = 0
    revenue: Decimal = Decimal(0)
    commission: Decimal = Decimal(0)


@dataclass
class PartnerFigures:
    currency: str
    pipeline: Decimal = Decimal(0)
    pipeline_weighted: Decimal = Decimal(0)
    open_count: int = 0
    quarter: WonFigures | None = None
    year: WonFigures | None = None
    # Deals left out for want of an exchange rate: currency -> how many.
    unconverted: dict[str, int] = field(default_factory=dict)
    # Won deals closed on a day no agreement was in force: no commission on them.
    outside_agreement: int = 0


def partner_figures(
    user: User, partner: Party, today: datetime.date | None = None
) -> PartnerFigures:
    """Over the partner's deals `user` may see: the open pipeline (and weighted), and the
    won revenue of this fiscal quarter and year with the commission due on it (won amount ×
    the commission rate of the agreement in force on the close date), all in the reporting
    currency. Five queries whatever the number of deals."""
    today = today or timezone.localdate()
    quarter, year = current_periods(today)
    currency = forecast_currency()
    figures = PartnerFigures(currency, quarter=WonFigures(quarter), year=WonFigures(year))
    deals = opportunities_visible_to(user).filter(partner=partner).order_by()
    open_rows = (
        deals.filter(stage__kind=StageKind.OPEN)
        .values("currency")
        .annotate(n=Count("pk"), total=Sum("amount"), weighted=Sum(_weighted()))
    )
    won_rows = (
        deals.filter(
            stage__kind=StageKind.WON,
            expected_close_date__gte=year.start,
            expected_close_date__lte=year.end,
        )
        .values("currency", "expected_close_date")
        .annotate(n=Count("pk"), total=Sum("amount"))
    )
    unconverted: dict[str, int] = defaultdict(int)
    rates = rates_on(today, currency)
    for row in open_rows:
        rate = rates.get(row["currency"])
        if rate is None:
            unconverted[row["currency"]] += row["n"]
            continue
        figures.open_count += row["n"]
        figures.pipeline += row["total"] * rate
        figures.pipeline_weighted += Decimal(row["weighted"]) * rate
    terms = list(getattr(partner, "terms", None) or partner.partnerships.all())
    period_rates = {
        quarter: rates_on(quarter.end, currency),
        year: rates_on(year.end, currency),
    }
    for row in won_rows:
        day, amount_currency = row["expected_close_date"], row["currency"]
        agreement = terms_in_force(terms, day)
        if agreement is None:
            figures.outside_agreement += row["n"]
        for won in (figures.quarter, figures.year):
            if not won.period.start <= day <= won.period.end:
                continue
            rate = period_rates[won.period].get(amount_currency)
            if rate is None:
                if won is figures.year:
                    unconverted[amount_currency] += row["n"]
                continue
            value = row["total"] * rate
            won.count += row["n"]
            won.revenue += value
            if agreement is not None:
                won.commission += value * agreement.commission_rate / 100
    for won in (figures.quarter, figures.year):
        won.revenue, won.commission = money(won.revenue), money(won.commission)
    figures.pipeline = money(figures.pipeline)
    figures.pipeline_weighted = money(figures.pipeline_weighted)
    figures.unconverted = dict(sorted(unconverted.items()))
    return figures


def _weighted() -> ExpressionWrapper:
    return ExpressionWrapper(
        F("amount") * F("probability") / 100,
        output_field=DecimalField(max_digits=20, decimal_places=4),
    )


def _partner_figures(request, partner, **page) -> dict:
    return {"partner_figures": partner_figures(request.user, partner)}


PARTNER_FIGURES = Panel(
    "figures", "forecasts/_partner_figures.html", _partner_figures, slot="header"
)
