"""Events as iCalendar (RFC 5545), built with the `icalendar` library: one event as a download,
or a user's events as the private feed calendar apps subscribe to.

Calls, meetings, e-mails and notes are VEVENTs; a task is a VTODO, a to-do with a due date
and a status (needs action, completed, cancelled), not a confirmed all-day event that would
block a day in the calendar. Apps with task lists (Thunderbird, Apple Reminders, Outlook's
tasks) show them as such; Google Calendar's subscribed feeds leave VTODOs out.

Reminders are VALARMs (ACTION:DISPLAY, TRIGGER:-PT15M; a to-do's relative to its due date).
Times are written in UTC; dates (due dates, all-day events) as VALUE=DATE, an all-day event's
with an exclusive end.
A record the viewer may not see is never named: not what the event is about, nor a party
participant (which is then left out of the attendees)."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import icalendar
from django.contrib.auth.models import User
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from events import selectors
from events.models import Event, EventKind, EventParticipant, EventStatus, Priority
from parties import selectors as party_selectors
from parties.models import ContactMechPurpose, PartyContactMechPurpose

PRODID = "-//CRM//Events//EN"
ONE_DAY = datetime.timedelta(days=1)
# RFC 5545 PRIORITY: 1 highest, 5 normal, 9 lowest.
PRIORITIES = {Priority.HIGH: 1, Priority.NORMAL: 5, Priority.LOW: 9}
TODO_STATUSES = {
    EventStatus.SCHEDULED: "NEEDS-ACTION",
    EventStatus.COMPLETED: "COMPLETED",
    EventStatus.CANCELLED: "CANCELLED",
}
PARTSTATS = {
    "needs_action": "NEEDS-ACTION",
    "accepted": "ACCEPTED",
    "declined": "DECLINED",
    "tentative": "TENTATIVE",
}
# Calendar apps poll a subscribed feed; ask them to do so hourly.
FEED_REFRESH = datetime.timedelta(hours=1)


def _attendee(email: str, name: str, *, role: str, response: str) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{email}")
    address.params["CN"] = name
    address.params["CUTYPE"] = "INDIVIDUAL"
    address.params["ROLE"] = "CHAIR" if role == "organizer" else "REQ-PARTICIPANT"
    address.params["PARTSTAT"] = PARTSTATS.get(response, "NEEDS-ACTION")
    return address


def _user_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def prepare(viewer: User, events: list[Event]) -> list[Event]:
    """Loads what the iCalendar of these events may name, in a fixed number of queries: the
    related records the viewer may see, and `ical_attendees` — user participants with an
    e-mail, and party participants the viewer may see that have a primary e-mail."""
    prefetch_related_objects(
        events,
        Prefetch(
            "participants",
            queryset=EventParticipant.objects.select_related("user", "party").order_by("id"),
        ),
        "reminders",
    )
    selectors.mark_visible_related(viewer, events)
    party_ids = [p.party_id for e in events for p in e.participants.all() if p.party_id]
    seen = sorted(party_selectors.visible_ids(viewer, party_ids))
    emails = (
        dict(
            PartyContactMechPurpose.objects.filter(
                party_id__any=seen,
                purpose=ContactMechPurpose.PRIMARY_EMAIL,
                thru_date__isnull=True,
            ).values_list("party_id", "party_contact_mech__contact_mech__value")
        )
        if seen
        else {}
    )
    for event in events:
        event.ical_attendees = []
        for participant in event.participants.all():
            if participant.user is not None:
                email, name = participant.user.email, _user_name(participant.user)
            else:
                email, name = emails.get(participant.party_id), participant.party.display_name
            if email:
                event.ical_attendees.append(
                    _attendee(email, name, role=participant.role, response=participant.response)
                )
    return events


def _description(event: Event, link: str) -> str:
    """The description, what the event is about (only what the viewer may see), its link."""
    lines = [event.description.strip()] if event.description.strip() else []
    about = []
    if event.party_id and event.party_visible:
        about.append(_("About: %(name)s") % {"name": event.party.display_name})
    if event.lead_id and event.lead_visible:
        about.append(_("Lead: %(name)s") % {"name": event.lead.party.display_name})
    if event.opportunity_id and event.opportunity_visible:
        about.append(_("Opportunity: %(name)s") % {"name": event.opportunity.name})
    if event.status == EventStatus.COMPLETED:
        about.append(_("Status: %(status)s") % {"status": event.get_status_display()})
    if about:
        lines.append("\n".join(about))
    lines.append(_("Open in the CRM: %(link)s") % {"link": link})
    return "\n\n".join(lines)


def _describe(
    component: icalendar.Component, event: Event, *, origin: str, stamp: datetime.datetime
) -> None:
    """What a VEVENT and a VTODO have alike: identity, versions, text, people."""
    link = origin + reverse("events:detail", args=[event.pk])
    # Stable for the event's life, so a re-import or a feed refresh updates it in place.
    component.add("uid", f"event-{event.pk}@{urlsplit(origin).hostname}")
    component.add("dtstamp", stamp.astimezone(datetime.UTC))
    component.add("created", event.created_at.astimezone(datetime.UTC))
    component.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    component.add("sequence", event.version)
    component.add("summary", event.subject)
    component.add("description", _description(event, link))
    component.add("url", link)
    component.add("categories", [str(event.get_kind_display())])
    if event.location:
        component.add("location", event.location)
    component.add("priority", PRIORITIES.get(event.priority, 5))
    if event.owner.email:
        organizer = icalendar.vCalAddress(f"mailto:{event.owner.email}")
        organizer.params["CN"] = _user_name(event.owner)
        component.add("organizer", organizer)
    for attendee in event.ical_attendees:
        component.add("attendee", attendee)


def _add_alarms(component: icalendar.Component, event: Event, *, related_end: bool) -> None:
    """A VALARM per reminder: a display alarm that long before the start — for a VTODO,
    before its due date (RELATED=END: a to-do's DUE, RFC 5545 §3.8.6.3)."""
    for reminder in event.reminders.all():
        alarm = icalendar.Alarm()
        alarm.add("uid", f"event-{event.pk}-reminder-{reminder.minutes_before}")
        alarm.add("action", "DISPLAY")
        alarm.add("description", event.subject)
        parameters = {"RELATED": "END"} if related_end else {}
        alarm.add("trigger", -reminder.lead, parameters=parameters)
        component.add_component(alarm)


def task_to_ical(task: Event, *, origin: str, stamp: datetime.datetime) -> icalendar.Todo:
    """A task (loaded by `prepare`) as a VTODO: due on its date, with its status, and when it
    was completed."""
    vtodo = icalendar.Todo()
    _describe(vtodo, task, origin=origin, stamp=stamp)
    vtodo.add("due", task.start_date)
    vtodo.add("status", TODO_STATUSES[task.status])
    if task.status == EventStatus.COMPLETED:
        vtodo.add("percent-complete", 100)
        if task.completed_at is not None:
            vtodo.add("completed", task.completed_at.astimezone(datetime.UTC))
    _add_alarms(vtodo, task, related_end=True)
    return vtodo


def event_to_ical(
    event: Event, *, origin: str, stamp: datetime.datetime
) -> icalendar.Event | icalendar.Todo:
    """One event (loaded by `prepare`) as a VEVENT, or a VTODO for a task (`task_to_ical`).
    `origin` is the site's scheme and host."""
    if event.kind == EventKind.TASK:
        return task_to_ical(event, origin=origin, stamp=stamp)
    vevent = icalendar.Event()
    _describe(vevent, event, origin=origin, stamp=stamp)
    if event.is_dated:
        vevent.add("dtstart", event.start_date)
        vevent.add("dtend", event.end_date + ONE_DAY)  # DTEND of a date is exclusive
    else:
        vevent.add("dtstart", event.starts_at.astimezone(datetime.UTC))
        if event.ends_at is not None:
            vevent.add("dtend", event.ends_at.astimezone(datetime.UTC))
    cancelled = event.status == EventStatus.CANCELLED
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    busy = event.kind in (EventKind.CALL, EventKind.MEETING) and not cancelled
    vevent.add("transp", "OPAQUE" if busy else "TRANSPARENT")
    _add_alarms(vevent, event, related_end=False)
    return vevent


def calendar_for(
    events: list[Event],
    *,
    viewer: User,
    origin: str,
    name: str | None = None,
    time_zone: str | None = None,
) -> icalendar.Calendar:
    """These events, as `viewer` may see them, in one VCALENDAR. With a `name` it is a
    published feed: METHOD:PUBLISH, a calendar name, a time zone and a refresh interval.
    Without, a plain calendar object to import (no METHOD: it is not an invitation)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name is not None:
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", name)
        calendar.add("name", name)
        if time_zone:
            calendar.add("x-wr-timezone", time_zone)
        calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", icalendar.vDuration(FEED_REFRESH))
    stamp = timezone.now()
    for event in prepare(viewer, list(events)):
        calendar.add_component(event_to_ical(event, origin=origin, stamp=stamp))
    return calendar
