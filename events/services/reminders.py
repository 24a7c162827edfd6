"""Reminders of events and tasks: which are set on an event, when they go off, and sending
those that are due (the scheduled job of `events.tasks`, every minute).

A reminder counts from a timed event's start, or from the first moment of a task's due date
(an all-day event's first day) in its owner's time zone — as a calendar app reads a VALARM on
a date. Each is sent once (`sent_at`), as a notification to the owner and the colleagues
taking part (not to those who declined), and only while the event is scheduled and has not
begun: a cancelled or completed event reminds nobody, nor one whose moment has passed while
the job was not running."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _

from crm import notifications, timezones
from crm.models import Notification
from events.models import (
    MAX_REMINDER_LEAD,
    Event,
    EventKind,
    EventReminder,
    EventStatus,
    ParticipantResponse,
    ReminderLead,
)

# The most reminders one run sends; the next run (a minute later) sends the rest.
BATCH = 1000


def due_moment(event: Event) -> datetime.datetime:
    """What a reminder of this event counts from: its start, or for a task or an all-day event
    00:00 of its (first) date in the owner's time zone."""
    if not event.is_dated:
        return event.starts_at
    zone = zoneinfo.ZoneInfo(timezones.of_user(event.owner))
    day = event.starts_at.astimezone(datetime.UTC).date()
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone).astimezone(datetime.UTC)


def reminders_set(*, event: Event, minutes: Iterable[int] | None) -> None:
    """Make the event's reminders these leads (None: leave them), and keep each one's moments
    in step with the event: a reminder whose moment moved to the future goes off again."""
    leads = None if minutes is None else {int(m) for m in minutes}
    if leads is not None and not leads <= set(ReminderLead.values):
        raise ValueError(f"unknown reminder leads: {sorted(leads - set(ReminderLead.values))}")
    current = {r.minutes_before: r for r in event.reminders.all()}
    if leads is not None:
        event.reminders.exclude(minutes_before__in=leads).delete()
        current = {m: r for m, r in current.items() if m in leads}
    due = due_moment(event) if (current or leads) else None
    now = timezone.now()
    for reminder in current.values():
        remind_at = due - reminder.lead
        if (reminder.due_at, reminder.remind_at) != (due, remind_at):
            reminder.due_at, reminder.remind_at = due, remind_at
            if remind_at > now:
                reminder.sent_at = None
            reminder.save(update_fields=["due_at", "remind_at", "sent_at"])
    if leads is not None:
        EventReminder.objects.bulk_create(
            EventReminder(
                event=event,
                minutes_before=lead,
                due_at=due,
                remind_at=due - datetime.timedelta(minutes=lead),
            )
            for lead in sorted(leads - set(current))
        )


def _text(reminder: EventReminder, now: datetime.datetime) -> str:
    event = reminder.event
    if event.is_dated:
        day = formats.date_format(event.start_date, "DATE_FORMAT")
        if event.kind == EventKind.TASK:
            return _("Reminder: the task “%(subject)s” is due on %(day)s.") % {
                "subject": event.subject,
                "day": day,
            }
        return _("Reminder: “%(subject)s” is on %(day)s.") % {"subject": event.subject, "day": day}
    return _("Reminder: “%(subject)s” starts in %(time)s.") % {
        "subject": event.subject,
        "time": timeuntil(reminder.due_at, now),
    }


def _recipients(event: Event) -> list:
    users = [event.owner]
    for participant in event.participants.all():
        if participant.user_id and participant.response != ParticipantResponse.DECLINED:
            users.append(participant.user)
    return [u for u in {u.pk: u for u in users}.values() if u.is_active]


@transaction.atomic
def reminders_send_due(*, now: datetime.datetime) -> dict:
    """Send every reminder due at `now` (at most BATCH) and mark it sent. Reminders of events
    that are no longer scheduled, or that have begun, are left unsent."""
    due = list(
        EventReminder.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            sent_at__isnull=True,
            remind_at__lte=now,
            remind_at__gt=now - MAX_REMINDER_LEAD,
            due_at__gt=now,
            event__status=EventStatus.SCHEDULED,
        )
        .select_related("event__owner")
        .prefetch_related("event__participants__user")
        .order_by("remind_at", "pk")[:BATCH]
    )
    pending = []
    for reminder in due:
        event = reminder.event
        text = _text(reminder, now)
        url = reverse("events:detail", args=[event.pk])
        for user in _recipients(event):
            pending.append(
                Notification(
                    recipient=user,
                    kind=notifications.REMINDER,
                    actor=None,
                    text=text,
                    url=url,
                    dedupe_key=f"reminder:{reminder.pk}:{reminder.remind_at:%Y%m%d%H%M}",
                    **notifications.record_columns(event),
                )
            )
    sent = notifications.notify_many(pending)
    EventReminder.objects.filter(pk__in=[r.pk for r in due]).update(sent_at=now)
    return {"reminders": len(due), "notifications": sent}
