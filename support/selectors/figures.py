"""The support figures for managers: open cases per queue and priority, service-level
attainment per week, median times to first response and resolution, the reopen rate.
A fixed number of queries (nine), each an SQL aggregate, whatever the number of cases.

Attainment of a clock in a week (the weeks start on Monday, in the current time zone): among
the cases whose clock *settled* that week, the share settled within target. A clock settles
when it is met (first response given, case resolved: in the week of that moment) or when its
deadline passes unmet (in the week of the deadline, once it is past). "Within target" is met
no later than its deadline (`met_at <= due_at`: the deadline a met clock keeps, see
support.services.clocks). Cases without a clock (no service level, or a calendar without
working time) and clocks paused or stopped unmet (no deadline to pass) are not counted; a
case resolved, reopened and resolved again counts in the week of its latest resolution.

Medians are over the clocks met within the whole period, in business minutes. The reopen
rate: of the cases opened in the period that were resolved at least once, the share reopened
at least once."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Aggregate, Count, F, FloatField, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from support.models import OPEN_STATUSES, Case, CasePriority, Queue
from support.selectors.visibility import cases_visible_to

# COUNT(*) or COUNT(<an indexed column>), not COUNT(id): the covering indexes hold no id.
WEEKS = 12


class Median(Aggregate):
    """PostgreSQL's continuous median (SQLite has no percentile: a values_list there)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


@dataclass(frozen=True)
class QueueRow:
    queue: Queue
    counts: list[int]  # per priority, in CasePriority order (urgent first)
    total: int


@dataclass(frozen=True)
class WeekRow:
    start: datetime.date  # the Monday
    responses: int
    responses_within: int
    resolutions: int
    resolutions_within: int

    @property
    def response_rate(self) -> float | None:
        return _share(self.responses_within, self.responses)

    @property
    def resolution_rate(self) -> float | None:
        return _share(self.resolutions_within, self.resolutions)


@dataclass(frozen=True)
class CaseFigures:
    priorities: list[tuple[int, str]]
    queues: list[QueueRow]
    weeks: list[WeekRow]
    median_response_minutes: float | None
    median_resolution_minutes: float | None
    resolved: int  # cases opened in the period and resolved at least once
    reopened: int

    @property
    def reopen_rate(self) -> float | None:
        return _share(self.reopened, self.resolved)

    @property
    def open_total(self) -> int:
        return sum(row.total for row in self.queues)


def _share(part: int, whole: int) -> float | None:
    """A percentage with one decimal (None: nothing to measure)."""
    return round(100 * part / whole, 1) if whole else None


def _period(weeks: int, today: datetime.date):
    tz = timezone.get_current_timezone()
    monday = today - datetime.timedelta(days=today.weekday())
    first = monday - datetime.timedelta(weeks=weeks - 1)
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        monday + datetime.timedelta(weeks=1), datetime.time.min, tzinfo=tz
    )
    return tz, [first + datetime.timedelta(weeks=n) for n in range(weeks)], start, end


def _open_by_queue(cases: QuerySet[Case], queues: list[Queue]) -> list[QueueRow]:
    rows = (
        cases.filter(status__in=OPEN_STATUSES)
        .order_by()
        .values_list("queue_id", "priority")
        .annotate(n=Count("*"))
    )
    counts: dict[tuple[int, int], int] = {(q, p): n for q, p, n in rows}
    out = []
    for queue in queues:
        per = [counts.get((queue.pk, priority), 0) for priority in CasePriority.values]
        out.append(QueueRow(queue, per, sum(per)))
    return out


def _settled(cases: QuerySet[Case], met: str, due: str, start, end, now, tz) -> dict:
    """Week (Monday) -> (settled, within target) for one clock: the clocks met in the period
    (in the week they were met), then the ones whose deadline passed unmet (in the week of the
    deadline). Two queries rather than one with an OR, so that each is one range of its own
    covering index (models: case_*_met_idx, case_*_unmet_idx)."""
    met_rows = (
        cases.filter(**{f"{met}__gte": start, f"{met}__lt": end, f"{due}__isnull": False})
        .order_by()
        .annotate(week=TruncWeek(met, tzinfo=tz))
        .values("week")
        .annotate(n=Count("*"), within=Count(met, filter=Q(**{f"{met}__lte": F(due)})))
    )
    unmet_rows = (
        cases.filter(**{f"{met}__isnull": True, f"{due}__gte": start, f"{due}__lt": min(end, now)})
        .order_by()
        .annotate(week=TruncWeek(due, tzinfo=tz))
        .values("week")
        .annotate(n=Count("*"))
    )
    settled: dict[datetime.date, tuple[int, int]] = {}
    for row in met_rows:
        settled[_as_date(row["week"], tz)] = (row["n"], row["within"])
    for row in unmet_rows:
        week = _as_date(row["week"], tz)
        n, within = settled.get(week, (0, 0))
        settled[week] = (n + row["n"], within)
    return settled


def _as_date(value, tz) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value, tz).date() if timezone.is_aware(value) else value.date()
    return value


def _median(cases: QuerySet[Case], met: str, minutes: str, start, end) -> float | None:
    rows = cases.filter(
        **{f"{met}__gte": start, f"{met}__lt": end, f"{minutes}__isnull": False}
    ).order_by()
    if connection.vendor == "postgresql":
        return rows.aggregate(m=Median(minutes))["m"]
    values = list(rows.values_list(minutes, flat=True))
    return float(statistics.median(values)) if values else None


def case_figures(
    user: User,
    queues=None,
    *,
    weeks: int = WEEKS,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> CaseFigures:
    """The figures of the cases `user` may see in `queues` (every queue if None) for the
    last `weeks` weeks up to the week of `today` (see the module's definitions)."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    queue_list = list(Queue.objects.order_by("name") if queues is None else queues)
    cases = cases_visible_to(user).filter(queue_id__in=[q.pk for q in queue_list])
    tz, mondays, start, end = _period(weeks, today)
    response = _settled(cases, "first_response_at", "first_response_due_at", start, end, now, tz)
    resolution = _settled(cases, "resolved_at", "resolution_due_at", start, end, now, tz)
    week_rows = [
        WeekRow(monday, *response.get(monday, (0, 0)), *resolution.get(monday, (0, 0)))
        for monday in mondays
    ]
    reopen = cases.filter(created_at__gte=start, created_at__lt=end).aggregate(
        resolved=Count("created_at", filter=Q(resolved_at__isnull=False) | Q(reopen_count__gt=0)),
        reopened=Count("created_at", filter=Q(reopen_count__gt=0)),
    )
    return CaseFigures(
        priorities=[(value, str(label)) for value, label in CasePriority.choices],
        queues=_open_by_queue(cases, queue_list),
        weeks=week_rows,
        median_response_minutes=_median(
            cases, "first_response_at", "first_response_minutes", start, end
        ),
        median_resolution_minutes=_median(cases, "resolved_at", "resolution_minutes", start, end),
        resolved=reopen["resolved"],
        reopened=reopen["reopened"],
    )
