"""Activity metrics (/events/activity/): for each member of a team and each ISO week, the calls
and the meetings that took place (completed, or past and not cancelled, counted in the week
they start: one still ahead is a plan, not activity) and the tasks completed (counted in the
week they were completed), with the team's totals. By default the weeks end with the current
one, as far as it has gone.

Weeks are the viewer's: a timed event or a completion falls in the week of its day in the
current time zone; an all-day event in the week of its own date (see `Event.is_dated`).
Managers see the teams they manage, administrators every team: the events of a team's members
are all visible to them (DESIGN.md §4), so the counts need no record-level filter. One grouped
query whatever the number of events and members."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.db.models import Case, Count, DateField, Q, When
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from crm import access
from crm.models import Team
from crm.timezones import local_midnight
from events.filters import HAPPENED
from events.models import Event, EventKind, EventStatus, floating
from events.selectors import happened_q

WEEK_COUNTS = (4, 8, 12, 26)
DEFAULT_WEEKS = 8
FIGURES = ("calls", "meetings", "tasks")
_FIGURE_OF_KIND = {EventKind.CALL: "calls", EventKind.MEETING: "meetings", EventKind.TASK: "tasks"}


def may_see_activity(user: User) -> bool:
    return access.is_administrator(user) or access.manages_a_team(user)


def teams_for(user: User) -> list[Team]:
    """The teams whose activity `user` sees: every team for an administrator, the ones they
    manage for a manager."""
    teams = Team.objects.select_related("group").order_by("group__name")
    if not access.is_administrator(user):
        teams = teams.filter(manager=user)
    return list(teams)


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def default_last_week(today: datetime.date) -> datetime.date:
    """The current week: a manager checks how the week is going, with the complete weeks
    before it to compare. Only what already happened counts, so its figures are so far."""
    return week_start(today)


def week_starts(last_week: datetime.date, count: int) -> list[datetime.date]:
    """The Mondays of the `count` ISO weeks ending with the week of `last_week`."""
    last = week_start(last_week)
    return [last - datetime.timedelta(days=7 * n) for n in range(count - 1, -1, -1)]


FIGURE_NAMES = {
    "calls": gettext_lazy("calls"),
    "meetings": gettext_lazy("meetings"),
    "tasks": gettext_lazy("completed tasks"),
}


@dataclass
class Figures:
    calls: int = 0
    meetings: int = 0
    tasks: int = 0
    week: datetime.date | None = None  # None: the total over the weeks
    # The event list filtered on what each figure counts (empty: not linked).
    links: dict[str, str] = field(default_factory=dict)

    def add(self, other: Figures) -> None:
        for name in FIGURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def entries(self) -> list[tuple]:
        """(name, label, value, link) of each figure, for the table's cells."""
        return [
            (name, FIGURE_NAMES[name], getattr(self, name), self.links.get(name, ""))
            for name in FIGURES
        ]


@dataclass
class RepRow:
    user: User | None  # None: the team's total
    cells: list[Figures]  # one per week, then the total


@dataclass
class Activity:
    team: Team
    weeks: list[datetime.date]  # Mondays
    rows: list[RepRow]  # one per member
    totals: RepRow  # over the team: per week, then in all

    @property
    def table_rows(self) -> list[RepRow]:
        return [*self.rows, self.totals]


def list_links(user: User, first: datetime.date, last: datetime.date) -> dict[str, str]:
    """The event list behind each figure of `user` from `first` to `last`. The list counts
    calls and meetings by their start date as this page does, those that took place
    (`HAPPENED`); completed tasks are asked for by completion date (`completed_from`/
    `completed_to`)."""
    base = reverse("events:list")
    dates = {
        "start_from": first.isoformat(),
        "start_to": last.isoformat(),
        "status": HAPPENED,
    }
    done = {"completed_from": first.isoformat(), "completed_to": last.isoformat()}

    def url(query: dict) -> str:
        return f"{base}?{urlencode({'owner': user.pk, **query})}"

    return {
        "calls": url({"kind": EventKind.CALL, **dates}),
        "meetings": url({"kind": EventKind.MEETING, **dates}),
        "tasks": url({"kind": EventKind.TASK, "status": EventStatus.COMPLETED, **done}),
    }


def _counts(members, first: datetime.date, after: datetime.date) -> dict[tuple, int]:
    """(owner id, figure, day) -> number of events, from `first` to the day before `after`
    (days in the current time zone; an all-day event's own date), of those that took place
    by now."""
    zone = timezone.get_current_timezone()
    since = local_midnight(first)
    until = local_midnight(after)
    started = Q(all_day=False, starts_at__gte=since, starts_at__lt=until) | Q(
        all_day=True, starts_at__gte=floating(first), starts_at__lt=floating(after)
    )
    calls_and_meetings = (
        Q(kind__in=[EventKind.CALL, EventKind.MEETING]) & happened_q(timezone.now()) & started
    )
    completed_tasks = Q(
        kind=EventKind.TASK,
        status=EventStatus.COMPLETED,
        completed_at__gte=since,
        completed_at__lt=until,
    )
    day = Case(
        When(kind=EventKind.TASK, then=TruncDate("completed_at", tzinfo=zone)),
        When(all_day=True, then=TruncDate("starts_at", tzinfo=datetime.UTC)),
        default=TruncDate("starts_at", tzinfo=zone),
        output_field=DateField(),
    )
    rows = (
        Event.objects.filter(owner__in=members)
        .filter(calls_and_meetings | completed_tasks)
        .values("owner_id", "kind", day=day)
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(r["owner_id"], _FIGURE_OF_KIND[r["kind"]], r["day"]): r["n"] for r in rows}


def team_activity(team: Team, weeks: list[datetime.date]) -> Activity:
    """Each active member's figures per week (two queries: the members, the counts)."""
    members = User.objects.filter(profile__home_team=team, is_active=True)
    users = list(members.order_by("first_name", "last_name", "username"))
    after = weeks[-1] + datetime.timedelta(days=7)
    counts = _counts(members.values("pk"), weeks[0], after)
    per_week: dict[tuple, Figures] = {}
    for (owner_id, figure, day), n in counts.items():
        cell = per_week.setdefault((owner_id, week_start(day)), Figures())
        setattr(cell, figure, getattr(cell, figure) + n)
    totals = [Figures(week=monday) for monday in weeks]
    total = Figures()
    rows = []
    for user in users:
        cells = []
        for index, monday in enumerate(weeks):
            cell = per_week.get((user.pk, monday), Figures())
            cell.week = monday
            cell.links = list_links(user, monday, monday + datetime.timedelta(days=6))
            totals[index].add(cell)
            cells.append(cell)
        row_total = Figures(links=list_links(user, weeks[0], after - datetime.timedelta(days=1)))
        for cell in cells:
            row_total.add(cell)
        total.add(row_total)
        rows.append(RepRow(user=user, cells=[*cells, row_total]))
    return Activity(team=team, weeks=weeks, rows=rows, totals=RepRow(None, [*totals, total]))
