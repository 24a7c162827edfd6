"""Service-level flags in SQL (lists: one query whatever their length) and the clocks of
one case for its page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from support.models import Case
from support.sla import Hours, minutes_left

DUE_SOON = datetime.timedelta(hours=1)


def breached_q(now: datetime.datetime) -> Q:
    """Breached: a deadline still to be met has passed, or a target was missed (met late,
    or the clock stopped after its deadline). Indexed columns only."""
    return Q(next_due_at__lt=now) | Q(sla_missed=True)


def due_soon_q(now: datetime.datetime, within: datetime.timedelta = DUE_SOON) -> Q:
    """The next deadline falls within `within` from `now` (and has not passed)."""
    return Q(next_due_at__gte=now, next_due_at__lt=now + within)


def with_sla(queryset: QuerySet[Case], now: datetime.datetime | None = None) -> QuerySet[Case]:
    """Annotate `breached` and `due_soon` (booleans computed by the database; False, not
    NULL, where a deadline is unset: SQL's `NULL < now` is NULL)."""
    now = now or timezone.now()
    return queryset.annotate(
        breached=Coalesce(
            ExpressionWrapper(breached_q(now), output_field=BooleanField()), Value(False)
        ),
        due_soon=Coalesce(
            ExpressionWrapper(due_soon_q(now), output_field=BooleanField()), Value(False)
        ),
    )


@dataclass(frozen=True)
class ClockState:
    """One clock of a case as its page shows it (business minutes)."""

    name: str  # "first_response" | "resolution"
    label: str
    target: int | None  # None: no service-level clock for this case
    due: datetime.datetime | None  # the running deadline (or, once met, the one it met)
    met_at: datetime.datetime | None
    taken: int | None  # business minutes on the clock so far (or until met)
    remaining: int | None  # business minutes left (negative: overdue); None once met
    paused: bool
    breached: bool
    due_soon: bool

    @property
    def has_clock(self) -> bool:
        return self.target is not None


def _state(case: Case, name: str, label, fields, hours, now) -> ClockState:
    target_f, due_f, met_f, minutes_f, left_f = fields
    target, due, met = getattr(case, target_f), getattr(case, due_f), getattr(case, met_f)
    left = getattr(case, left_f)
    if met is not None:
        taken = getattr(case, minutes_f)
        remaining = None
        breached = due is not None and met > due
    else:
        if due is not None and hours is not None:
            left = minutes_left(hours, due, now)
        remaining = left
        taken = None if target is None or left is None else target - left
        breached = left is not None and left < 0
    return ClockState(
        name=name,
        label=str(label),
        target=target,
        due=due if met is not None or case.paused_at is None else None,
        met_at=met,
        taken=None if taken is None else max(taken, 0),
        remaining=remaining,
        paused=met is None and case.paused_at is not None and target is not None,
        breached=breached,
        due_soon=met is None and due is not None and now <= due < now + DUE_SOON,
    )


def case_clocks(case: Case, now: datetime.datetime | None = None) -> list[ClockState]:
    """The first-response and resolution clocks of `case` at `now` (two queries: the
    calendar's hours and holidays; none if the case has no clock)."""
    now = now or timezone.now()
    hours = None
    if case.first_response_target is not None or case.resolution_target is not None:
        loaded = Hours.of(case.queue.calendar)
        hours = loaded if loaded.has_time else None
    return [
        _state(
            case,
            "first_response",
            _("First response"),
            (
                "first_response_target",
                "first_response_due_at",
                "first_response_at",
                "first_response_minutes",
                "response_minutes_left",
            ),
            hours,
            now,
        ),
        _state(
            case,
            "resolution",
            _("Resolution"),
            (
                "resolution_target",
                "resolution_due_at",
                "resolved_at",
                "resolution_minutes",
                "resolution_minutes_left",
            ),
            hours,
            now,
        ),
    ]
