"""Moving a case along its legal statuses (OFBiz CUSTREQ_STTS), and merging duplicates.
Each move writes a history row and a journey row, and moves the clocks: pending the customer
pauses them, leaving it resumes them, resolving meets them, rejecting or cancelling stops
them, reopening runs the resolution clock again with what was left."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.access import CHANGE
from support.models import LEGAL_MOVES, Case, CaseResolution, CaseStatus
from support.services import clocks
from support.services.common import (
    copy_back,
    history,
    illegal_move,
    journey,
    locked,
    require,
    status_label,
)

S = CaseStatus
STOPPED = (S.REJECTED, S.CANCELLED)


def _check_move(case: Case, status: str, resolution: str) -> str:
    if status not in LEGAL_MOVES.get(case.status, ()):
        raise illegal_move(case, status)
    if status == S.REOPENED and case.parent_id is not None:
        raise ValidationError(
            {
                "status": _("This case was merged into %(number)s: work that case instead.")
                % {"number": case.parent.number}
            }
        )
    if status == S.ACCEPTED and case.owner_id is None:
        raise ValidationError({"status": _("Assign the case (or take it) to accept it.")})
    resolution = (resolution or "").strip()
    if status == S.RESOLVED:
        if not resolution:
            raise ValidationError({"resolution": _("Choose a resolution to resolve the case.")})
        if resolution not in CaseResolution.values:
            raise ValidationError({"resolution": _("Choose one of the resolutions listed.")})
    return resolution


def _move_clocks(case: Case, previous: str, status: str, at: datetime.datetime) -> None:
    hours = clocks.hours_for(case)
    if previous == S.PENDING_CUSTOMER and status != S.PENDING_CUSTOMER:
        clocks.resume(case, hours, at)
    if status == S.PENDING_CUSTOMER:
        clocks.pause(case, hours, at)
    elif status == S.RESOLVED:
        # The resolution reaches the customer: it answers them if nothing did before.
        clocks.meet(case, clocks.RESPONSE, hours, at)
        clocks.meet(case, clocks.RESOLUTION, hours, at)
    elif status in STOPPED:
        clocks.stop(case, hours, at)
    elif status == S.REOPENED:
        clocks.reopen(case, hours, at)


def _set_status_columns(case: Case, status: str, resolution: str, at) -> None:
    if status == S.RESOLVED:
        case.resolution = resolution
    elif status == S.REOPENED:
        case.reopen_count += 1
        case.resolution = ""
        case.closed_at = None
    elif status == S.REJECTED and not case.resolution:
        case.resolution = CaseResolution.REJECTED
    if status in (S.CLOSED, *STOPPED):
        case.closed_at = at
    case.status, case.status_changed_at = status, at
    case.version += 1


def _summary(case: Case, status: str) -> tuple[str, str]:
    if status == S.RESOLVED:
        return "case_resolved", _("Case %(number)s resolved: %(resolution)s") % {
            "number": case.number,
            "resolution": case.get_resolution_display().lower(),
        }
    return "case_status", _("Case %(number)s: %(status)s") % {
        "number": case.number,
        "status": status_label(status),
    }


@transaction.atomic
def case_status_change(
    *,
    actor: User,
    case: Case,
    status: str,
    note: str = "",
    resolution: str = "",
    at: datetime.datetime | None = None,
) -> Case:
    """Move the case to `status` if the move is legal (LEGAL_MOVES); resolving needs a
    resolution. Customer Service and administrators work cases."""
    current = locked(case)
    require(actor, current, CHANGE)
    resolution = _check_move(current, status, resolution)
    at = at or timezone.now()
    previous = current.status
    _move_clocks(current, previous, status, at)
    _set_status_columns(current, status, resolution, at)
    current.save()
    history(current, actor=actor, at=at, from_status=previous, note=note)
    kind, summary = _summary(current, status)
    journey(current, kind=kind, summary=summary, actor=actor, at=at)
    copy_back(case, current)
    return current


def _merge_errors(case: Case, into: Case) -> dict[str, str]:
    if case.parent_id is not None:
        return {"into": _("This case was already merged into another one.")}
    if into.pk == case.pk:
        return {"into": _("A case cannot be merged into itself.")}
    if into.customer_id != case.customer_id:
        return {"into": _("Choose a case of the same customer.")}
    if into.parent_id is not None or not into.is_open:
        return {"into": _("That case is closed: choose an open case to merge into.")}
    if not case.is_open:
        return {"into": _("Only an open case can be merged into another.")}
    return {}


@transaction.atomic
def case_merge(
    *, actor: User, case: Case, into: Case, note: str = "", at: datetime.datetime | None = None
) -> Case:
    """Merge a duplicate into another open case of the same customer: it is closed as a
    duplicate with `into` as its parent, its clocks stop, its notes and history stay on it;
    both cases get a history row."""
    first, second = sorted([case.pk, into.pk])
    locks = {c.pk: c for c in (locked(Case(pk=first)), locked(Case(pk=second)))}
    current, target = locks[case.pk], locks[into.pk]
    require(actor, current, CHANGE)
    require(actor, target, CHANGE)
    errors = _merge_errors(current, target)
    if errors:
        raise ValidationError(errors)
    at = at or timezone.now()
    previous = current.status
    clocks.stop(current, clocks.hours_for(current), at)
    current.parent = target
    current.resolution = CaseResolution.DUPLICATE
    current.status, current.status_changed_at, current.closed_at = S.CLOSED, at, at
    current.version += 1
    current.save()
    text = note.strip()
    merged_note = _("merged into %(number)s") % {"number": target.number}
    history(
        current,
        actor=actor,
        at=at,
        from_status=previous,
        note=f"{merged_note}: {text}" if text else merged_note,
    )
    history(
        target,
        actor=actor,
        at=at,
        from_status=target.status,
        note=_("%(number)s merged into this case") % {"number": current.number},
    )
    journey(
        current,
        kind="case_status",
        summary=_("Case %(number)s merged into %(into)s")
        % {"number": current.number, "into": target.number},
        actor=actor,
        at=at,
    )
    copy_back(case, current)
    return current
