"""Every read the forecast pages make. A rep sees their own forecasts, a manager their team's,
administrators all (record grants plus the manager rule, in SQL)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.urls import reverse

from crm import access
from forecasts.models import PeriodKind, SalesForecast, TimePeriod
from forecasts.services import fiscal_year_ensure, forecast_currency


def forecasts_visible_to(user: User) -> QuerySet[SalesForecast]:
    q = access.visible_q(user, SalesForecast)
    queryset = SalesForecast.objects.all() if q is None else SalesForecast.objects.filter(q)
    return queryset.select_related("owner", "period")


def forecast_for_page(user: User, pk) -> SalesForecast:
    return access.get_or_404(forecasts_visible_to(user), pk)


def period_at(kind: str, day: datetime.date) -> TimePeriod:
    fiscal_year_ensure(day=day)
    return TimePeriod.objects.get(kind=kind, start_date__lte=day, end_date__gte=day)


def current_and_next(today: datetime.date) -> list[TimePeriod]:
    """This month, next month, this quarter, next quarter."""
    month = period_at(PeriodKind.MONTH, today)
    quarter = period_at(PeriodKind.QUARTER, today)
    return [
        month,
        period_at(PeriodKind.MONTH, month.end_date + datetime.timedelta(days=1)),
        quarter,
        period_at(PeriodKind.QUARTER, quarter.end_date + datetime.timedelta(days=1)),
    ]


def last_quarters(today: datetime.date, count: int = 4) -> list[TimePeriod]:
    quarters = [period_at(PeriodKind.QUARTER, today)]
    while len(quarters) < count:
        quarters.insert(
            0, period_at(PeriodKind.QUARTER, quarters[0].start_date - datetime.timedelta(days=1))
        )
    return quarters


@dataclass
class Row:
    """A rep's figures for a period: their forecast, or zeros when nothing was computed yet
    (no deal closing in the period and no quota)."""

    owner: User
    period: TimePeriod
    forecast: SalesForecast | None

    def __getattr__(self, name):
        if name in {
            "quota",
            "committed",
            "best_case_override",
            "percent_of_quota_forecast",
            "percent_of_quota_closed",
        }:
            return getattr(self.forecast, name) if self.forecast else None
        if name in {"closed", "pipeline", "best_case", "weighted"}:
            return getattr(self.forecast, name) if self.forecast else Decimal(0)
        raise AttributeError(name)


def forecasts_for(
    owners: list[User], periods: list[TimePeriod]
) -> dict[tuple[int, int], SalesForecast]:
    """One query for every (owner, period) forecast that exists."""
    rows = SalesForecast.objects.filter(
        owner__in=[o.pk for o in owners], period__in=[p.pk for p in periods]
    ).select_related("period")
    return {(f.owner_id, f.period_id): f for f in rows}


def my_rows(user: User, periods: list[TimePeriod]) -> list[Row]:
    found = forecasts_for([user], periods)
    return [Row(user, period, found.get((user.pk, period.pk))) for period in periods]


def team_members(manager: User) -> list[User]:
    """The reps of the teams `manager` manages (everyone active for an administrator)."""
    users = User.objects.filter(is_active=True)
    if not access.is_administrator(manager):
        users = users.filter(profile__home_team__manager=manager)
    return list(users.exclude(pk=manager.pk).order_by("username"))


@dataclass
class Rollup:
    period: TimePeriod
    rows: list[Row]
    quota: Decimal | None
    closed: Decimal
    pipeline: Decimal
    best_case: Decimal
    weighted: Decimal
    committed: Decimal | None
    percent_of_quota_forecast: Decimal | None
    percent_of_quota_closed: Decimal | None


def team_rollup(manager: User, period: TimePeriod) -> Rollup:
    """The manager's forecast for a period: the sum over the team's reps (one query)."""
    members = team_members(manager)
    found = forecasts_for(members, [period])
    rows = [Row(member, period, found.get((member.pk, period.pk))) for member in members]
    quotas = [r.quota for r in rows if r.quota is not None]
    commits = [r.committed for r in rows if r.committed is not None]
    total = {
        name: sum((getattr(r, name) for r in rows), Decimal(0))
        for name in ("closed", "pipeline", "best_case", "weighted")
    }
    quota = sum(quotas, Decimal(0)) if quotas else None

    def percent(part):
        return (part * 100 / quota).quantize(Decimal("0.01")) if quota else None

    return Rollup(
        period=period,
        rows=rows,
        quota=quota,
        committed=sum(commits, Decimal(0)) if commits else None,
        percent_of_quota_forecast=percent(total["weighted"]),
        percent_of_quota_closed=percent(total["closed"]),
        **total,
    )


def drill_down_url(*, owner: User | None, period: TimePeriod, state: str = "") -> str:
    """The opportunities behind a figure: the list filtered by owner, close dates and state
    (won for "closed", open for "pipeline" and "weighted", both for "best case")."""
    query = {
        "close_from": period.start_date.isoformat(),
        "close_to": period.end_date.isoformat(),
    }
    if owner is not None:
        query["owner"] = owner.pk
    if state:
        query["state"] = state
    return f"{reverse('opportunities:list')}?{urlencode(query)}"


def chart_series(owners: list[User], quarters: list[TimePeriod]) -> dict:
    """Quota, closed and weighted forecast per quarter, summed over `owners` (one query)."""
    found = forecasts_for(owners, quarters)
    series = {"labels": [q.name for q in quarters], "quota": [], "closed": [], "weighted": []}
    for quarter in quarters:
        rows = [found.get((o.pk, quarter.pk)) for o in owners]
        rows = [r for r in rows if r is not None]
        series["quota"].append(float(sum((r.quota or 0 for r in rows), 0)))
        series["closed"].append(float(sum((r.closed for r in rows), 0)))
        series["weighted"].append(float(sum((r.weighted for r in rows), 0)))
    series["currency"] = forecast_currency()
    return series
