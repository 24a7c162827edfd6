"""Sales forecasts: computing their figures, recomputing them, and the rep's commit."""

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
from forecasts.models import ForecastHistory, PeriodKind, Quota, SalesForecast, TimePeriod
from forecasts.services.exchange_rates import rates_on
from forecasts.services.periods import periods_containing
from opportunities.models import Opportunity, StageKind

ACCESS_KEY = "forecast"
CENT = Decimal("0.01")
COMPUTED = ("quota", "closed", "pipeline", "best_case", "weighted")


def money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def forecast_currency() -> str:
    return settings.CRM_FORECAST_CURRENCY


@dataclass
class Figures:
    closed: Decimal = Decimal(0)
    pipeline: Decimal = Decimal(0)
    weighted_open: Decimal = Decimal(0)
    excluded: list[str] = field(default_factory=list)
    opportunity_ids: list[int] = field(default_factory=list)


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
