"""Reads for "My work" (/events/my-work/) and the dashboard's panels: my open tasks, and what
is on today and on the rest of the week (calls, meetings, e-mails, notes, and the tasks due on
those days, which the open tasks list as well). "Mine" is what I own or take part in, among
what I may see. A fixed number of queries whatever the number of rows.

Days are the viewer's (the current time zone): a timed event belongs to the day it starts on
there; an all-day event to each of its dates and a task to its due date, whatever the zone
(see `Event.is_dated`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from crm import access
from crm.timezones import local_midnight
from events.models import Event, EventKind, EventStatus, floating
from events.panels import about_links
from events.selectors import events as selectors

TASK_LIMIT = 25  # open tasks listed on My work; the rest are in the event list
PANEL_SIZE = 10  # rows of each dashboard panel


def changeable_ids(user: User, ids: list[int]) -> set[int]:
    """Which of these events `user` may change: one query over the grant tables."""
    if access.is_administrator(user):
        return set(ids)
    if not ids:
        return set()
    return {row["content_object_id"] for row in access.granted_ids(user, Event, ids, access.CHANGE)}


def prepare_rows(user: User, events: list[Event]) -> list[Event]:
    """What a row (`events/_work_item.html`) shows: what the event is about ("restricted"
    when the viewer may not see it) and whether the viewer may complete, cancel or reopen it.
    Four queries at most, whatever the number of rows."""
    prefetch_related_objects(events, "party__roles")
    selectors.mark_visible_related(user, events)
    changeable = changeable_ids(user, [e.pk for e in events])
    for event in events:
        event.about_links = about_links(event, page_party_id=None, page_opportunity_id=None)
        event.can_change = event.pk in changeable
    return events


def _mine(user: User, within: Q) -> QuerySet[Event]:
    return selectors.with_columns(
        selectors.events_visible_to(user).filter(selectors.mine_q(user, within))
    )


def open_tasks(user: User, limit: int) -> tuple[int, list[Event]]:
    """How many open tasks I have, and the first `limit` of them by due date: the overdue
    ones come first (due before today), then today's, then the later ones."""
    order = ("starts_at", "priority", "id")
    count = _mine(user, selectors.open_tasks_q()).count()
    # The first `limit` of the union, as the first `limit` of each side, merged: each side is
    # read in its index's order and stops early (the union as a whole would be sorted).
    visible = selectors.with_columns(selectors.events_visible_to(user)).filter(
        selectors.open_tasks_q()
    )
    owned = visible.filter(owner=user).order_by(*order)[:limit]
    invited = visible.filter(participants__user=user).exclude(owner=user).order_by(*order)
    tasks = sorted([*owned, *invited[:limit]], key=lambda e: (e.starts_at, e.priority, e.pk))
    return count, tasks[:limit]


def week_rest(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """ "The rest of this week": tomorrow to Sunday, the end of the ISO week. On a Sunday
    nothing of the week is left, so it is the next seven days (Monday to Sunday)."""
    tomorrow = today + datetime.timedelta(days=1)
    sunday = today + datetime.timedelta(days=6 - today.weekday())
    if sunday == today:
        sunday += datetime.timedelta(days=7)
    return tomorrow, sunday


def events_between(user: User, first: datetime.date, last: datetime.date) -> list[Event]:
    """My events and tasks (not cancelled ones) from day `first` to day `last`: timed events
    starting on those days, all-day ones on any of them, tasks due on one of them (a task's
    date is its own, as an all-day event's: compared with the viewer's local time it would
    fall on the wrong day far from UTC). By day, then dated ones before timed ones, then by
    time."""
    since = local_midnight(first)
    until = local_midnight(last + datetime.timedelta(days=1))
    dated = Q(all_day=True) | Q(kind=EventKind.TASK)
    timed = ~dated & Q(starts_at__gte=since, starts_at__lt=until)
    on_dates = dated & selectors.overlapping(
        floating(first), floating(last + datetime.timedelta(days=1))
    )
    within = (timed | on_dates) & ~Q(status=EventStatus.CANCELLED)
    events = list(_mine(user, within))
    return sorted(events, key=lambda e: (e.start_date, not e.is_dated, e.starts_at, e.pk))


@dataclass
class MyWork:
    today: datetime.date
    week_first: datetime.date
    week_last: datetime.date
    task_count: int = 0
    tasks: list[Event] = field(default_factory=list)
    today_events: list[Event] = field(default_factory=list)
    week_events: list[Event] = field(default_factory=list)
    all_tasks_url: str = ""  # the event list of my open tasks, when not all are shown

    @property
    def is_next_week(self) -> bool:
        """On a Sunday the week section shows the next week (see `week_rest`)."""
        return self.today.isoweekday() == 7


def my_work(user: User, *, task_limit: int | None = None, week: bool = True) -> MyWork:
    """My open tasks (the first `task_limit`, by default `TASK_LIMIT`), today's events and
    tasks and, with `week`, the rest of the week's (see `week_rest`): at most seven queries."""
    today = timezone.localdate()
    first, last = week_rest(today)
    work = MyWork(today=today, week_first=first, week_last=last)
    work.task_count, work.tasks = open_tasks(user, task_limit or TASK_LIMIT)
    events = events_between(user, today, last if week else today)
    work.today_events = [e for e in events if e.start_date <= today]
    work.week_events = [e for e in events if e.start_date > today]
    prepare_rows(user, [*work.tasks, *events])
    if work.task_count > len(work.tasks):
        query = {"scope": "mine", "kind": EventKind.TASK, "status": EventStatus.SCHEDULED}
        work.all_tasks_url = f"{reverse('events:list')}?{urlencode(query)}"
    return work


def work_row(user: User, pk: int) -> Event:
    """One event as a row of My work, read again after a change."""
    return prepare_rows(user, [selectors.event_for_page(user, pk)])[0]
