"""Quotas: who may set a rep's quota, and setting it (a quarter's split into its months)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm import access
from forecasts.models import PeriodKind, Quota, TimePeriod
from forecasts.services.forecasts import CENT, forecast_recompute, money


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
