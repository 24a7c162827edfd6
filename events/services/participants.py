"""Writes by a participant: a user's answer to an invitation."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from events.models import Event, EventParticipant, ParticipantResponse


@transaction.atomic
def participant_respond(*, actor: User, event: Event, response: str) -> EventParticipant:
    """A user participant answers an invitation (accepted, declined, tentative)."""
    if response not in ParticipantResponse.values:
        raise ValidationError({"response": _("Choose a valid response.")})
    participant = event.participants.select_for_update().filter(user=actor).first()
    if participant is None:
        raise PermissionDenied
    participant.response = response
    participant.save(update_fields=["response"])
    return participant
