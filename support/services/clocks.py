"""The service-level columns of a case, kept consistent by every write (support.services).

A case has two clocks, first response and resolution. Each is in one of these states:

- no clock: no ServiceLevel for the priority, or a calendar without working time: all None;
- running: `due` set, `met` None, `left` None;
- paused (pending customer; `paused_at` set) or stopped unmet (rejected, cancelled,
  merged): `due` None, `left` = the business minutes that were left (negative: overdue);
- met: `met` set, `minutes` = business minutes taken, `due` = the deadline it was measured
  against (so "within target" is `met <= due` in SQL), `left` None.

`next_due_at` is the earliest running deadline (None while paused); `sla_missed` records a
target met late or a clock that stopped (paused, cancelled) after its deadline had passed.
Every transition is in business time: pausing and resuming moves a deadline by exactly the
business time spent paused."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from support.models import Case, ServiceLevel
from support.sla import Hours, add_business_minutes, business_minutes_between, minutes_left


@dataclass(frozen=True)
class Clock:
    target: str  # the Case column with the target the clock was started with
    level: str  # the ServiceLevel column with the target of a priority
    due: str
    met: str
    minutes: str
    left: str


RESPONSE = Clock(
    "first_response_target",
    "first_response_minutes",
    "first_response_due_at",
    "first_response_at",
    "first_response_minutes",
    "response_minutes_left",
)
RESOLUTION = Clock(
    "resolution_target",
    "resolution_minutes",
    "resolution_due_at",
    "resolved_at",
    "resolution_minutes",
    "resolution_minutes_left",
)
CLOCKS = (RESPONSE, RESOLUTION)
# Every column a clock transition may write (for save(update_fields=...)).
SLA_FIELDS = [
    *(name for clock in CLOCKS for name in (clock.target, clock.due, clock.met, clock.minutes)),
    *(clock.left for clock in CLOCKS),
    "paused_at",
    "next_due_at",
    "sla_missed",
]


def hours_for(case: Case) -> Hours | None:
    """The business hours of the case's queue (None: its calendar has no working time)."""
    hours = Hours.of(case.queue.calendar)
    return hours if hours.has_time else None


def level_targets(priority: int) -> dict[Clock, int | None]:
    level = ServiceLevel.objects.filter(priority=priority).first()
    return {clock: getattr(level, clock.level) if level else None for clock in CLOCKS}


def _left(case: Case, clock: Clock, hours: Hours | None, at: datetime.datetime) -> int | None:
    """Business minutes left on an unmet clock at `at` (None: no clock)."""
    due = getattr(case, clock.due)
    if due is not None and hours is not None:
        return minutes_left(hours, due, at)
    return getattr(case, clock.left)


def _running(case: Case, clock: Clock) -> bool:
    return getattr(case, clock.met) is None and getattr(case, clock.due) is not None


def _set_next_due(case: Case) -> None:
    dues = [getattr(case, c.due) for c in CLOCKS if _running(case, c)]
    case.next_due_at = None if case.paused_at is not None or not dues else min(dues)


def _due(hours: Hours | None, at: datetime.datetime, left: int | None):
    if hours is None or left is None:
        return None
    return add_business_minutes(hours, at, left)


def start(case: Case, hours: Hours | None, at: datetime.datetime) -> None:
    """Both clocks start at `at` with the targets of the case's priority."""
    targets = level_targets(case.priority)
    for clock in CLOCKS:
        target = targets[clock] if hours is not None else None
        setattr(case, clock.target, target)
        setattr(case, clock.due, _due(hours, at, target))
        for name in (clock.met, clock.minutes, clock.left):
            setattr(case, name, None)
    case.paused_at = None
    _set_next_due(case)


def pause(case: Case, hours: Hours | None, at: datetime.datetime) -> None:
    """Pending the customer: running clocks keep what is left and lose their deadline."""
    for clock in CLOCKS:
        if _running(case, clock):
            left = _left(case, clock, hours, at)
            setattr(case, clock.left, left)
            setattr(case, clock.due, None)
            if left is not None and left < 0:
                case.sla_missed = True
    case.paused_at = at
    _set_next_due(case)


def resume(case: Case, hours: Hours | None, at: datetime.datetime) -> None:
    """Back from the customer: paused clocks run again from `at` with what they had left."""
    if case.paused_at is None:
        return
    for clock in CLOCKS:
        left = getattr(case, clock.left)
        if getattr(case, clock.met) is None and left is not None:
            setattr(case, clock.due, _due(hours, at, left))
            setattr(case, clock.left, None)
    case.paused_at = None
    _set_next_due(case)


def meet(case: Case, clock: Clock, hours: Hours | None, at: datetime.datetime) -> None:
    """The clock's target is met at `at` (a first response, a resolution); late is missed."""
    if getattr(case, clock.met) is not None:
        return
    left = _left(case, clock, hours, at)
    target = getattr(case, clock.target)
    setattr(case, clock.met, at)
    if left is None or target is None:
        setattr(case, clock.minutes, None)
    else:
        if getattr(case, clock.due) is None:
            # Met while paused or stopped: the deadline it would have had from now.
            setattr(case, clock.due, _due(hours, at, left))
        setattr(case, clock.minutes, max(target - left, 0))
        if left < 0:
            case.sla_missed = True
    setattr(case, clock.left, None)
    _set_next_due(case)


def stop(case: Case, hours: Hours | None, at: datetime.datetime) -> None:
    """Rejected, cancelled, merged: unmet clocks stop with what they had left."""
    for clock in CLOCKS:
        if getattr(case, clock.met) is None:
            left = _left(case, clock, hours, at)
            setattr(case, clock.left, left)
            setattr(case, clock.due, None)
            if left is not None and left < 0:
                case.sla_missed = True
    case.paused_at = None
    _set_next_due(case)


def reopen(case: Case, hours: Hours | None, at: datetime.datetime) -> None:
    """The resolution clock runs again from `at` with what was left when it stopped (a case
    resolved late starts again overdue, by as much as it was late)."""
    clock = RESOLUTION
    target = getattr(case, clock.target)
    taken = getattr(case, clock.minutes)
    left = getattr(case, clock.left)
    if getattr(case, clock.met) is not None:
        left = None if target is None or taken is None else target - taken
        if left is not None and getattr(case, clock.due) is not None and hours is not None:
            # Exactly as late as it was met: minutes from the deadline to the resolution.
            left = minutes_left(hours, getattr(case, clock.due), getattr(case, clock.met))
    setattr(case, clock.met, None)
    setattr(case, clock.minutes, None)
    setattr(case, clock.left, None)
    setattr(case, clock.due, _due(hours, at, left))
    case.paused_at = None
    _set_next_due(case)


def retarget(case: Case, hours: Hours | None, at: datetime.datetime) -> None:
    """New targets (a priority change, another queue's calendar): unmet clocks keep the
    business time they have run (`target - left`; since the creation when there was no clock)
    and get the new target, as if the case had been opened with it; `sla_missed` is
    recomputed from the clocks as they then stand."""
    targets = level_targets(case.priority)
    for clock in CLOCKS:
        if getattr(case, clock.met) is not None:
            continue  # a met target stays what it was met against
        new_target = targets[clock] if hours is not None else None
        old_target, left = getattr(case, clock.target), _left(case, clock, hours, at)
        if old_target is not None and left is not None:
            taken = old_target - left
        elif hours is not None:
            taken = business_minutes_between(hours, case.created_at, at)
        else:
            taken = None
        new_left = None if new_target is None or taken is None else new_target - taken
        if _running(case, clock) and case.paused_at is None:
            setattr(case, clock.due, _due(hours, at, new_left))
        elif old_target is None and case.paused_at is None and not _stopped(case):
            # A clock starts where there was none (a priority that now has a level).
            setattr(case, clock.due, _due(hours, at, new_left))
        else:
            setattr(case, clock.left, new_left)
            setattr(case, clock.due, None)
        setattr(case, clock.target, new_target)
    case.sla_missed = _missed(case)
    _set_next_due(case)


def _stopped(case: Case) -> bool:
    return case.closed_at is not None


def _missed(case: Case) -> bool:
    for clock in CLOCKS:
        target, minutes = getattr(case, clock.target), getattr(case, clock.minutes)
        left = getattr(case, clock.left)
        if getattr(case, clock.met) is not None and None not in (target, minutes):
            if minutes > target or getattr(case, clock.met) > getattr(case, clock.due):
                return True
        elif getattr(case, clock.due) is None and left is not None and left < 0:
            return True
    return False
