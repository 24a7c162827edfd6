"""Notes on a case: internal (staff only) or public (the customer will read them in the
portal). The first public note by someone who works the case is its first response."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.access import CHANGE
from support.models import Case, CaseNote
from support.services import clocks
from support.services.common import copy_back, locked, require

NOTE = "note"


def first_response(case: Case, at: datetime.datetime) -> None:
    """Meet the first-response clock of an open case that was not answered yet (the caller
    holds the case locked and saves nothing else on it)."""
    if case.first_response_at is not None or not case.is_open:
        return
    clocks.meet(case, clocks.RESPONSE, clocks.hours_for(case), at)
    case.save(update_fields=[*clocks.SLA_FIELDS, "updated_at"])


@transaction.atomic
def case_note_add(
    *,
    actor: User,
    case: Case,
    body: str,
    public: bool = False,
    at: datetime.datetime | None = None,
) -> CaseNote:
    """Add a note. Any viewer with support.add_casenote writes internal notes; public ones
    are for whoever works the case (Customer Service, administrators)."""
    current = locked(case)
    actions = require(actor, current, NOTE)
    if public and CHANGE not in actions:
        raise PermissionDenied
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the note first: it is empty.")})
    at = at or timezone.now()
    note = CaseNote(case=current, body=body, public=bool(public), author=actor, created_at=at)
    note.full_clean(exclude=["case", "author"])
    note.save()
    if public:
        first_response(current, at)
        copy_back(case, current)
    return note
