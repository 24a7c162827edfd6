"""Calls, e-mails and meetings logged about a case: an events.Event about the customer,
completed (so it shows on the customer's timeline and journey as any done activity), linked
to the case. A call or an e-mail to the customer is the case's first response."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.access import CHANGE
from events.models import Event, EventKind, EventStatus
from events.services import event_create
from support.models import Case, CaseEvent
from support.services.common import copy_back, locked, require
from support.services.notes import first_response

LOGGABLE = (EventKind.CALL, EventKind.EMAIL, EventKind.MEETING)
RESPONDING = (EventKind.CALL, EventKind.EMAIL)


@transaction.atomic
def case_event_log(
    *,
    actor: User,
    case: Case,
    kind: str,
    subject: str,
    description: str = "",
    starts_at: datetime.datetime | None = None,
) -> Event:
    """Log a call, e-mail or meeting held about the case (by whoever works it)."""
    current = locked(case)
    require(actor, current, CHANGE)
    if kind not in LOGGABLE:
        raise ValidationError({"kind": _("Log a call, an e-mail or a meeting.")})
    now = timezone.now()
    when = starts_at or now
    if when > now + datetime.timedelta(minutes=5):
        raise ValidationError({"starts_at": _("Log what happened: the time cannot be ahead.")})
    event = event_create(
        actor=actor,
        kind=kind,
        subject=(subject or "").strip(),
        description=(description or "").strip(),
        starts_at=when,
        status=EventStatus.COMPLETED,
        party=current.customer,
    )
    CaseEvent.objects.create(case=current, event=event)
    if kind in RESPONDING and when >= current.created_at:
        first_response(current, when)
        copy_back(case, current)
    return event
