"""Writes on an event: create, edit (with its participants), complete, cancel, reopen."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from crm import access, notifications, timezones
from crm.exceptions import ConcurrentUpdate
from crm.models import GrantCause
from events.models import (
    MAX_DURATION,
    Event,
    EventKind,
    EventParticipant,
    EventStatus,
    floating,
)
from events.services.reminders import reminders_set
from parties.models import Party
from parties.services import journey_append

ACCESS_KEY = "event"
EDITABLE = {
    "kind",
    "subject",
    "description",
    "starts_at",
    "ends_at",
    "all_day",
    "location",
    "priority",
    "status",
    "party",
    "lead",
    "opportunity",
}


def _require(actor: User, event: Event, action: str) -> None:
    if action not in access.record_actions(actor, event):
        raise PermissionDenied


def _check_related(
    actor: User, event: Event, parties: list[Party], *, unchanged: Event | None = None
) -> None:
    """What the event is about and its party participants: records the actor may see. On an
    edit (`unchanged`: the event as saved), only what the edit adds is checked: someone may
    change an event that names a record they may not see, as long as they leave it as it is."""
    # Imported here: events build on parties, leads and opportunities, not the reverse.
    from opportunities.selectors import opportunities_visible_to
    from parties.selectors import visible_ids

    kept = set()
    if unchanged is not None:
        kept = set(
            unchanged.participants.filter(party__isnull=False).values_list("party_id", flat=True)
        )

    def added(name: str) -> int | None:
        value = getattr(event, f"{name}_id")
        if unchanged is not None and value == getattr(unchanged, f"{name}_id"):
            return None
        return value

    party_id, lead_id, opportunity_id = added("party"), added("lead"), added("opportunity")
    new_parties = [p for p in parties if p.pk not in kept]
    errors: dict[str, str] = {}
    seen = visible_ids(actor, [party_id, lead_id, *(p.pk for p in new_parties)])
    if party_id and party_id not in seen:
        errors["party"] = _("Choose a record you may see.")
    if lead_id and lead_id not in seen:  # a lead's key is its party's
        errors["lead"] = _("Choose a lead you may see.")
    if any(p.pk not in seen for p in new_parties):
        errors["participant_parties"] = _("Choose participants you may see.")
    if opportunity_id and not opportunities_visible_to(actor).filter(pk=opportunity_id).exists():
        errors["opportunity"] = _("Choose an opportunity you may see.")
    if errors:
        raise ValidationError(errors)


def _validate(event: Event) -> None:
    if event.is_dated:
        # Tasks and all-day events are dates: 00:00 UTC of the day (see models).
        event.starts_at = floating(event.starts_at.astimezone(datetime.UTC).date())
        if event.ends_at is not None:
            event.ends_at = floating(event.ends_at.astimezone(datetime.UTC).date())
    if event.ends_at is not None and event.ends_at < event.starts_at:
        raise ValidationError({"ends_at": _("The end cannot be before the start.")})
    if event.ends_at is not None and event.ends_at - event.starts_at > MAX_DURATION:
        raise ValidationError(
            {"ends_at": _("An event lasts %(days)d days at most.") % {"days": MAX_DURATION.days}}
        )
    event.full_clean(exclude=["owner", "party", "lead", "opportunity"])


def _set_completion(event: Event, actor: User) -> None:
    if event.status == EventStatus.COMPLETED:
        event.completed_at = event.completed_at or timezone.now()
        event.completed_by = event.completed_by or actor
    else:
        event.completed_at = None
        event.completed_by = None


def _journey_done(event: Event, actor: User) -> None:
    """An activity done (a call held, an e-mail sent, a note logged) is a touch point of the
    party and the lead it is about; scheduled and cancelled ones are not."""
    journey_append(
        party_ids=[event.party_id, event.lead_id],  # a lead's key is its party's
        kind="event",
        summary=_("%(kind)s completed: “%(subject)s”")
        % {"kind": event.get_kind_display(), "subject": event.subject},
        actor=actor,
        record_type="event",
        record_id=event.pk,
        occurred_at=event.starts_at or timezone.now(),
    )


def _check_users(users: list[User], *, kept: set[int] = frozenset()) -> None:
    """Colleagues added to an event are active users (one who took part before being made
    inactive may stay)."""
    if any(not u.is_active and u.pk not in kept for u in users):
        raise ValidationError({"participant_users": _("Choose active users.")})


def _when(event: Event, user: User) -> str:
    """The event's date (and time, in `user`'s time zone) for a notification's text."""
    if event.is_dated:
        return formats.date_format(event.start_date, "DATE_FORMAT")
    with timezone.override(timezones.of_user(user)):
        return formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")


def _invite(*, event: Event, actor: User, user: User) -> None:
    """Tell a colleague they now take part (notify skips the actor). Adding them to what
    is over (a call logged after the fact, a cancelled or completed event) invites nobody."""
    if not event.is_open or event.has_ended:
        return
    notifications.notify(
        recipient=user,
        kind=notifications.EVENT_INVITATION,
        actor=actor,
        record=event,
        text=_("%(actor)s added you to “%(subject)s” (%(kind)s, %(when)s).")
        % {
            "actor": notifications.name_of(actor),
            "subject": event.subject,
            "kind": event.get_kind_display().lower(),
            "when": _when(event, user),
        },
        url=reverse("events:detail", args=[event.pk]),
    )


def _sync_participants(
    *, event: Event, actor: User, users: list[User] | None, parties: list[Party] | None
) -> None:
    """Make the participants these users and parties: new ones are added (needing action),
    removed ones deleted, and user participants hold view on the event while they take part.
    A colleague added is notified (an invitation), one who already took part is not."""
    if users is not None:
        wanted = {u.pk: u for u in users if u.pk != event.owner_id}
        current = {p.user_id: p for p in event.participants.filter(user__isnull=False)}
        for pk, participant in current.items():
            if pk not in wanted:
                participant.delete()
                access.revoke_caused(obj=event, user_id=pk, cause=GrantCause.PARTICIPANT)
        for pk, user in wanted.items():
            if pk not in current:
                EventParticipant.objects.create(event=event, user=user)
                access.grant(
                    obj=event,
                    action=access.VIEW,
                    actor=actor,
                    cause=GrantCause.PARTICIPANT,
                    user=user,
                    log=False,
                )
                _invite(event=event, actor=actor, user=user)
    if parties is not None:
        wanted_parties = {p.pk: p for p in parties}
        current_parties = set(
            event.participants.filter(party__isnull=False).values_list("party_id", flat=True)
        )
        event.participants.filter(party__isnull=False).exclude(party_id__in=wanted_parties).delete()
        EventParticipant.objects.bulk_create(
            EventParticipant(event=event, party=party)
            for pk, party in wanted_parties.items()
            if pk not in current_parties
        )


@transaction.atomic
def event_create(
    *,
    actor: User,
    kind: str,
    subject: str,
    starts_at: datetime.datetime,
    participant_users: list[User] = (),
    participant_parties: list[Party] = (),
    reminders: list[int] = (),
    **fields,
) -> Event:
    """A new event owned by the actor. A completed one (a call logged after the fact) records
    who completed it and when. `reminders`: leads in minutes (`ReminderLead`)."""
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    event = Event(
        kind=kind,
        subject=subject.strip(),
        starts_at=starts_at,
        owner=actor,
        created_by=actor,
        updated_by=actor,
        **fields,
    )
    _validate(event)
    _check_related(actor, event, list(participant_parties))
    _check_users(list(participant_users))
    _set_completion(event, actor)
    event.save()
    access.grant_initial(obj=event, owner=actor, actor=actor, access_key=ACCESS_KEY)
    _sync_participants(
        event=event, actor=actor, users=list(participant_users), parties=list(participant_parties)
    )
    reminders_set(event=event, minutes=list(reminders))
    if event.status == EventStatus.COMPLETED:
        _journey_done(event, actor)
    return event


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def event_update(
    *,
    actor: User,
    event: Event,
    expected_version: int,
    participant_users: list[User] | None = None,
    participant_parties: list[Party] | None = None,
    reminders: list[int] | None = None,
    **fields,
) -> Event:
    """Save an edit unless someone else saved since `expected_version`. Participants and
    reminders left None stay as they are; the reminders' moments follow the event's."""
    _require(actor, event, access.CHANGE)
    locked = _locked(event)
    if locked.version != expected_version:
        raise ConcurrentUpdate
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    saved = Event.objects.get(pk=locked.pk)
    for name, value in fields.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    locked.updated_by = actor
    locked.version += 1
    _validate(locked)
    _check_related(actor, locked, list(participant_parties or []), unchanged=saved)
    _check_users(
        list(participant_users or []),
        kept=set(saved.participants.filter(user__isnull=False).values_list("user_id", flat=True)),
    )
    _set_completion(locked, actor)
    locked.save()
    _sync_participants(
        event=locked, actor=actor, users=participant_users, parties=participant_parties
    )
    reminders_set(event=locked, minutes=reminders)
    if locked.status == EventStatus.COMPLETED and saved.status != EventStatus.COMPLETED:
        _journey_done(locked, actor)
    return locked


def _set_status(*, actor: User, event: Event, status: str) -> Event:
    _require(actor, event, access.CHANGE)
    locked = _locked(event)
    if locked.status == status:
        return locked
    noun = _("task") if locked.kind == EventKind.TASK else _("event")
    if status == EventStatus.COMPLETED and locked.status == EventStatus.CANCELLED:
        raise ValidationError(
            _("This %(noun)s was cancelled: reopen it before completing it.") % {"noun": noun}
        )
    if status == EventStatus.CANCELLED and locked.status == EventStatus.COMPLETED:
        raise ValidationError(
            _("This %(noun)s is completed: it cannot be cancelled.") % {"noun": noun}
        )
    locked.status = status
    locked.updated_by = actor
    locked.version += 1
    _set_completion(locked, actor)
    locked.save()
    if status == EventStatus.COMPLETED:
        _journey_done(locked, actor)
    return locked


@transaction.atomic
def event_complete(*, actor: User, event: Event) -> Event:
    return _set_status(actor=actor, event=event, status=EventStatus.COMPLETED)


@transaction.atomic
def event_cancel(*, actor: User, event: Event) -> Event:
    return _set_status(actor=actor, event=event, status=EventStatus.CANCELLED)


@transaction.atomic
def event_reopen(*, actor: User, event: Event) -> Event:
    return _set_status(actor=actor, event=event, status=EventStatus.SCHEDULED)


@transaction.atomic
def event_reassign(*, actor: User, event: Event, new_owner: User) -> Event:
    """Hand the event to a new owner (the owner, their manager or an administrator): the
    owner's rights move, what was shared or invited stays."""
    if not access.can_reassign(actor, event):
        raise PermissionDenied
    access.reassign(obj=event, new_owner=new_owner, actor=actor, access_key=ACCESS_KEY)
    reminders_set(event=event, minutes=None)  # a task's due moment is in its owner's zone
    return event
