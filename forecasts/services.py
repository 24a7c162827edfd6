"""Every write on forecasts: fiscal periods, quotas, computed forecasts, commits.

Forecasts are recomputed by the opportunity services (never by signals), inside the
opportunity's own transaction, for every period the change touches."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import access
from forecasts.models import (
    ExchangeRate,
    ForecastHistory,
    PeriodKind,
    Quota,
    SalesForecast,
    TimePeriod,
)
from opportunities.models import Opportunity, StageKind

ACCESS_KEY = "forecast"
CENT = Decimal("0.01")
COMPUTED = ("quota", "closed", "pipeline", "best_case", "weighted")


def money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def forecast_currency() -> str:
    return settings.CRM_FORECAST_CURRENCY


# Periods -----------------------------------------------------------------------------------


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def fiscal_year_start(day: datetime.date) -> datetime.date:
    start_month = settings.CRM_FISCAL_YEAR_START_MONTH
    year = day.year if day.month >= start_month else day.year - 1
    return datetime.date(year, start_month, 1)


@transaction.atomic
def fiscal_year_ensure(*, day: datetime.date) -> TimePeriod:
    """The fiscal year containing `day`, with its quarters and months (created once)."""
    start = fiscal_year_start(day)
    end = _add_months(start, 12) - datetime.timedelta(days=1)
    # A fiscal year is named after the calendar year it ends in, as most companies do.
    year, created = TimePeriod.objects.get_or_create(
        kind=PeriodKind.YEAR,
        start_date=start,
        defaults={"end_date": end, "name": f"FY{end.year}"},
    )
    if not created:
        return year
    for q in range(4):
        q_start = _add_months(start, 3 * q)
        quarter = TimePeriod.objects.create(
            kind=PeriodKind.QUARTER,
            start_date=q_start,
            end_date=_add_months(q_start, 3) - datetime.timedelta(days=1),
            name=f"FY{end.year} Q{q + 1}",
            parent=year,
        )
        for m in range(3):
            m_start = _add_months(q_start, m)
            TimePeriod.objects.create(
                kind=PeriodKind.MONTH,
                start_date=m_start,
                end_date=_add_months(m_start, 1) - datetime.timedelta(days=1),
                name=m_start.strftime("%Y-%m"),
                parent=quarter,
            )
    return year


def periods_containing(day: datetime.date) -> list[TimePeriod]:
    """The month, quarter and fiscal year `day` falls in (created when first needed)."""
    fiscal_year_ensure(day=day)
    return list(
        TimePeriod.objects.filter(start_date__lte=day, end_date__gte=day).order_by("end_date")
    )


@transaction.atomic
def period_close(*, actor: User, period: TimePeriod) -> TimePeriod:
    """Closing freezes the period's forecasts (and its months' and quarters')."""
    if not access.is_administrator(actor):
        raise PermissionDenied
    ids = [period.pk]
    ids += list(period.children.values_list("pk", flat=True))
    ids += list(TimePeriod.objects.filter(parent__parent=period).values_list("pk", flat=True))
    TimePeriod.objects.filter(pk__in=ids).update(closed=True)
    period.refresh_from_db()
    return period


# Computation -------------------------------------------------------------------------------


@dataclass
class Figures:
    closed: Decimal = Decimal(0)
    pipeline: Decimal = Decimal(0)
    weighted_open: Decimal = Decimal(0)
    excluded: list[str] = field(default_factory=list)
    opportunity_ids: list[int] = field(default_factory=list)


def rates_on(day: datetime.date, target: str) -> dict[str, Decimal]:
    """Every currency's rate to `target` valid on `day` (the latest one from before it): one
    query, whatever the currencies."""
    rates = {target: Decimal(1)}
    rows = ExchangeRate.objects.filter(valid_from__lte=day).order_by("currency", "-valid_from")
    for currency, rate in rows.values_list("currency", "rate"):
        rates.setdefault(currency, rate)
    return rates


def compute_figures(*, owner: User, period: TimePeriod, currency: str) -> Figures:
    """The OFBiz/opentaps formulas over the opportunities `owner` owns closing in `period`:
    closed = won amounts; pipeline = open amounts; weighted adds amount × probability of the
    open ones. Other currencies are converted at the rate valid on the period's last day, or
    left out (and named) when there is none."""
    rows = Opportunity.objects.filter(
        owner=owner,
        expected_close_date__gte=period.start_date,
        expected_close_date__lte=period.end_date,
    ).values_list("pk", "name", "amount", "currency", "probability", "stage__kind")
    figures = Figures()
    rates = rates_on(period.end_date, currency)
    for pk, name, amount, amount_currency, probability, kind in rows:
        if kind == StageKind.LOST:
            continue
        rate = rates.get(amount_currency)
        if rate is None:
            figures.excluded.append(f"{name} ({amount_currency})")
            continue
        value = amount * rate
        figures.opportunity_ids.append(pk)
        if kind == StageKind.WON:
            figures.closed += value
        else:
            figures.pipeline += value
            figures.weighted_open += value * probability / 100
    return figures


def quota_for(*, owner: User, period: TimePeriod) -> Decimal | None:
    """The period's own quota, else the sum of its parts' (a quarter from its months, a year
    from its quarters)."""
    own = Quota.objects.filter(owner=owner, period=period).values_list("amount", flat=True).first()
    if own is not None:
        return own
    if period.kind == PeriodKind.MONTH:
        return None
    parts = Q(period__parent=period)
    if period.kind == PeriodKind.YEAR:
        parts |= Q(period__parent__parent=period) & ~Q(
            period__parent__in=Quota.objects.filter(owner=owner, period__parent=period).values(
                "period"
            )
        )
    amounts = list(Quota.objects.filter(parts, owner=owner).values_list("amount", flat=True))
    return sum(amounts, Decimal(0)) if amounts else None


def _percent(part: Decimal, whole: Decimal | None) -> Decimal | None:
    if not whole:
        return None
    return (part * 100 / whole).quantize(CENT, ROUND_HALF_UP)


def _shown(value) -> str:
    return "" if value is None else f"{value:.2f}"


@transaction.atomic
def forecast_recompute(
    *, owner: User, period: TimePeriod, actor: User | None = None
) -> SalesForecast | None:
    """Bring the forecast's computed figures up to date; every figure that moved writes a
    history row. A closed period is frozen: nothing changes."""
    if period.closed:
        return None
    currency = forecast_currency()
    forecast, created = SalesForecast.objects.select_for_update().get_or_create(
        owner=owner, period=period, defaults={"currency": currency}
    )
    if created:
        access.grant_initial(obj=forecast, owner=owner, actor=actor, access_key=ACCESS_KEY)
    figures = compute_figures(owner=owner, period=period, currency=currency)
    before = {name: getattr(forecast, name) for name in COMPUTED}
    forecast.currency = currency
    forecast.quota = quota_for(owner=owner, period=period)
    forecast.closed = money(figures.closed)
    forecast.pipeline = money(figures.pipeline)
    forecast.best_case = money(figures.closed + figures.pipeline)
    forecast.weighted = money(figures.closed + figures.weighted_open)
    forecast.percent_of_quota_forecast = _percent(forecast.weighted, forecast.quota)
    forecast.percent_of_quota_closed = _percent(forecast.closed, forecast.quota)
    forecast.excluded = "\n".join(figures.excluded)
    forecast.computed_at = timezone.now()
    forecast.save()
    ForecastHistory.objects.bulk_create(
        [
            ForecastHistory(
                forecast=forecast,
                field=name,
                old_value=_shown(old),
                new_value=_shown(getattr(forecast, name)),
                changed_by=actor,
                note=_("computed"),
            )
            for name, old in before.items()
            if (created and getattr(forecast, name))
            or (not created and old != getattr(forecast, name))
        ]
    )
    return forecast


def forecasts_recompute_for(
    *, changes: list[tuple[int, datetime.date]], actor: User | None = None
) -> None:
    """Recompute every forecast an opportunity change touches: (owner id, close date) before
    and after it, so moving a close date or an owner updates both sides."""
    done = set()
    owners = {u.pk: u for u in User.objects.filter(pk__in={owner for owner, _ in changes})}
    for owner_id, day in changes:
        for period in periods_containing(day):
            if (owner_id, period.pk) in done:
                continue
            done.add((owner_id, period.pk))
            forecast_recompute(owner=owners[owner_id], period=period, actor=actor)


# Quotas and commits ------------------------------------------------------------------------


def can_set_quota(actor: User, owner: User) -> bool:
    if access.is_administrator(actor):
        return True
    team = access.home_team(owner)
    return team is not None and team.manager_id == actor.pk


@transaction.atomic
def quota_set(
    *, actor: User, owner: User, period: TimePeriod, amount: Decimal, split: bool = False
) -> list[Quota]:
    """A manager sets a rep's quota for a month or a quarter; a quarter's can be split evenly
    into its months (the last month takes the cents left over)."""
    if not can_set_quota(actor, owner):
        raise ValidationError({"owner": _("You can only set quotas for the reps of your team.")})
    if period.kind == PeriodKind.YEAR:
        raise ValidationError({"period": _("Set quotas per month or per quarter.")})
    if period.closed:
        raise ValidationError({"period": _("This period is closed; its quotas are frozen.")})
    if amount is None or amount < 0:
        raise ValidationError({"amount": _("A quota cannot be negative.")})
    amount = money(amount)
    targets = [(period, amount)]
    if split:
        if period.kind != PeriodKind.QUARTER:
            raise ValidationError({"split": _("Only a quarter's quota can be split.")})
        months = list(period.children.order_by("start_date"))
        if any(month.closed for month in months):
            raise ValidationError({"period": _("A month of this quarter is closed.")})
        share = (amount / 3).quantize(CENT, rounding="ROUND_DOWN")
        targets = [(months[0], share), (months[1], share), (months[2], amount - 2 * share)]
        Quota.objects.filter(owner=owner, period=period).delete()
    quotas = []
    for target, value in targets:
        quota, _created = Quota.objects.update_or_create(
            owner=owner,
            period=target,
            defaults={"amount": value, "set_by": actor, "set_at": timezone.now()},
        )
        quotas.append(quota)
    # The quota shows in the period's forecast and in those of the periods enclosing it.
    affected = {period.pk, period.parent_id, *(target.pk for target, _value in targets)}
    if period.parent_id:
        affected.add(period.parent.parent_id)
    for each in TimePeriod.objects.filter(pk__in=affected - {None}):
        forecast_recompute(owner=owner, period=each, actor=actor)
    return quotas


@transaction.atomic
def forecast_commit(
    *,
    actor: User,
    forecast: SalesForecast,
    committed: Decimal | None,
    best_case_override: Decimal | None,
    note: str = "",
) -> SalesForecast:
    """The rep's own numbers next to the computed ones; every change is kept with the note."""
    locked = SalesForecast.objects.select_for_update().select_related("period").get(pk=forecast.pk)
    if locked.owner_id != actor.pk and not access.is_administrator(actor):
        raise PermissionDenied
    if locked.period.closed:
        raise ValidationError(_("This period is closed; its forecasts are frozen."))
    for name, value in (("committed", committed), ("best_case_override", best_case_override)):
        if value is not None and value < 0:
            raise ValidationError({name: _("Enter an amount of zero or more.")})
    rows = []
    for name, value in (("committed", committed), ("best_case_override", best_case_override)):
        value = None if value is None else money(value)
        old = getattr(locked, name)
        if old != value:
            rows.append(
                ForecastHistory(
                    forecast=locked,
                    field=name,
                    old_value=_shown(old),
                    new_value=_shown(value),
                    changed_by=actor,
                    note=note.strip(),
                )
            )
            setattr(locked, name, value)
    locked.note = note.strip()
    locked.save()
    ForecastHistory.objects.bulk_create(rows)
    return locked
