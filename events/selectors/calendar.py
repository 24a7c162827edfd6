"""Reads for the calendar page (a month or a week of events, laid out as a grid of days) and
for the private calendar feed.

Days are the viewer's days (their time zone is active, see crm.middleware). Dated events (tasks,
all-day events) are stored at 00:00 UTC of their date and belong to that date in every zone, so
the events are read for the grid's range widened by a day on each side and put on their days
here, in Python, from `Event.start_date` / `end_date`."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.models import UserProfile
from crm.timezones import local_midnight
from events.models import CalendarFeed, Event
from events.selectors.events import events_visible_to, mine_q, overlapping

MONTH, WEEK = "month", "week"
VIEWS = {MONTH: gettext_lazy("Month"), WEEK: gettext_lazy("Week")}
MINE, TEAM = "mine", "team"
SCOPES = {MINE: gettext_lazy("My events"), TEAM: gettext_lazy("My team's events")}
# Dates the calendar can show; far enough for a CRM, and no date arithmetic can overflow.
MIN_DATE = datetime.date(1900, 1, 1)
MAX_DATE = datetime.date(2999, 12, 31)
# A month of a large team's events is still one page; past this the page says to narrow it.
MAX_EVENTS = 1000
ONE_DAY = datetime.timedelta(days=1)
# Entries a day of the month view shows; a busier day says "+ N more" and links to its week.
MONTH_CELL_SIZE = 5


@dataclass
class Entry:
    """An event on one day of the grid; `continued` on the days after it started."""

    event: Event
    continued: bool = False


@dataclass
class Day:
    date: datetime.date
    in_range: bool  # in the month shown (always, in a week)
    is_today: bool
    entries: list[Entry] = field(default_factory=list)
    more: int = 0  # entries left out of a month's cell (the week view shows them all)


@dataclass
class CalendarGrid:
    view: str
    scope: str
    anchor: datetime.date
    first: datetime.date  # the grid's first day (a Monday)
    last: datetime.date  # its last day (a Sunday)
    weeks: list[list[Day]]
    previous: datetime.date | None
    next: datetime.date | None
    today: datetime.date
    truncated: bool


def parse_date(value: str | None) -> datetime.date | None:
    """A YYYY-MM-DD date the calendar can show, or None."""
    if not value or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return day if MIN_DATE <= day <= MAX_DATE else None


def date_error(value: str) -> str:
    return _(
        "“%(value)s” is not a date the calendar can show (use YYYY-MM-DD, from %(min)s to "
        "%(max)s): showing today instead."
    ) % {"value": value[:40], "min": MIN_DATE.year, "max": MAX_DATE.year}


def _grid_bounds(view: str, anchor: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The grid's first day and the day after its last (Monday to Sunday, whole weeks)."""
    if view == WEEK:
        first = anchor - datetime.timedelta(days=anchor.weekday())
        return first, first + datetime.timedelta(days=7)
    month_start = anchor.replace(day=1)
    next_month = (month_start + datetime.timedelta(days=31)).replace(day=1)
    first = month_start - datetime.timedelta(days=month_start.weekday())
    end = next_month + datetime.timedelta(days=(7 - next_month.weekday()) % 7)
    return first, end


def _neighbours(view: str, anchor: datetime.date) -> tuple[datetime.date, datetime.date]:
    if view == WEEK:
        monday = anchor - datetime.timedelta(days=anchor.weekday())
        return monday - datetime.timedelta(days=7), monday + datetime.timedelta(days=7)
    month_start = anchor.replace(day=1)
    previous = (month_start - ONE_DAY).replace(day=1)
    return previous, (month_start + datetime.timedelta(days=31)).replace(day=1)


def _in_bounds(day: datetime.date) -> datetime.date | None:
    return day if MIN_DATE <= day <= MAX_DATE else None


def scope_q(user: User, scope: str, within: Q) -> Q:
    """ "mine": events I own or take part in. "team": those, plus the events of my home team's
    members and of the teams I manage (of which only those I may see are shown). `within` (the
    range) goes into each branch of the union, so each reads its own index."""
    if scope != TEAM:
        return mine_q(user, within)
    owners = UserProfile.objects.filter(
        Q(user=user)
        | Q(home_team__in=UserProfile.objects.filter(user=user).values("home_team"))
        | Q(home_team__manager=user)
    ).values("user_id")
    owned = Event.objects.filter(within, owner_id__in=owners).values("pk")
    invited = Event.objects.filter(within, participants__user=user).values("pk")
    return Q(pk__in=owned.union(invited, all=True))


def events_between(
    user: User, scope: str, start: datetime.datetime, end: datetime.datetime
) -> QuerySet[Event]:
    """The events in scope that the user may see and that overlap [start, end)."""
    return (
        events_visible_to(user)
        .filter(scope_q(user, scope, overlapping(start, end)))
        .select_related("owner")
        .order_by("starts_at", "id")
    )


def _last_day(event: Event) -> datetime.date:
    """The last day an event is on: a timed one ending at midnight does not reach that day."""
    last = event.end_date
    if (
        not event.is_dated
        and event.ends_at is not None
        and event.ends_at > event.starts_at
        and timezone.localtime(event.ends_at).time() == datetime.time.min
    ):
        last -= ONE_DAY
    return max(last, event.start_date)


def _sort_key(entry: Entry) -> tuple:
    """Dated events first, then those continuing from an earlier day, then by time."""
    event = entry.event
    rank = 0 if event.is_dated else 1 if entry.continued else 2
    return rank, event.starts_at, event.pk


def calendar_grid(user: User, *, view: str, anchor: datetime.date, scope: str) -> CalendarGrid:
    """A month (whole weeks, Monday first) or a week of the user's events, in their zone."""
    first, end = _grid_bounds(view, anchor)
    since, until = local_midnight(first - ONE_DAY), local_midnight(end + ONE_DAY)
    events = list(events_between(user, scope, since, until)[: MAX_EVENTS + 1])
    truncated = len(events) > MAX_EVENTS
    today = timezone.localdate()
    days: dict[datetime.date, Day] = {}
    day = first
    while day < end:
        in_range = view == WEEK or day.month == anchor.month
        days[day] = Day(date=day, in_range=in_range, is_today=day == today)
        day += ONE_DAY
    for event in events[:MAX_EVENTS]:
        start_date = event.start_date
        day = max(start_date, first)
        last = min(_last_day(event), end - ONE_DAY)
        while day <= last:
            days[day].entries.append(Entry(event=event, continued=day != start_date))
            day += ONE_DAY
    ordered = list(days.values())
    for each in ordered:
        each.entries.sort(key=_sort_key)
        if view == MONTH and len(each.entries) > MONTH_CELL_SIZE:
            each.more = len(each.entries) - (MONTH_CELL_SIZE - 1)
            each.entries = each.entries[: MONTH_CELL_SIZE - 1]
    previous, following = _neighbours(view, anchor)
    return CalendarGrid(
        view=view,
        scope=scope,
        anchor=anchor,
        first=first,
        last=end - ONE_DAY,
        weeks=[ordered[i : i + 7] for i in range(0, len(ordered), 7)],
        previous=_in_bounds(previous),
        next=_in_bounds(following),
        today=today,
        truncated=truncated,
    )


# The private calendar feed --------------------------------------------------------------------

FEED_PAST = datetime.timedelta(days=90)
FEED_FUTURE = datetime.timedelta(days=365)


def feed_of(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def feed_by_token(token: str) -> CalendarFeed | None:
    """The feed with this token, if its user is active (the token is the only credential)."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", token):  # what new_feed_token makes
        return None
    return (
        CalendarFeed.objects.select_related("user__profile")
        .filter(token=token, user__is_active=True)
        .first()
    )


def feed_events(user: User) -> QuerySet[Event]:
    """What the feed carries: the user's own events and those they take part in (that they may
    see), from 90 days ago to a year ahead, so the feed stays small enough to poll."""
    now = timezone.now()
    return events_between(user, MINE, now - FEED_PAST, now + FEED_FUTURE).select_related(
        "party", "lead__party", "opportunity"
    )
