"""Business-hours arithmetic for the service-level clocks.

A calendar's working time is a set of stretches per weekday (9:00-12:00 and 13:00-17:00) in
its time zone, minus its holidays. A business minute is a real minute inside a stretch: on the
night the clocks change, a stretch across the change lasts an hour more or less, as it does
for the people working it (wall-clock times are resolved with zoneinfo, then counted in UTC).

The walks below go a whole day at a time (a few datetime operations per stretch), never a
minute at a time, and are bounded: a calendar without any working time has no clock at all
(`Hours.has_time` is False and adding minutes raises NoWorkingTime), and holidays are a finite
list, so a working day is always found within `7 * (len(holidays) + 1)` days of any day.

Hours are loaded per call (`Hours.of`: two queries), not cached across requests, so that a
change in the admin applies at once in every process."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

Stretch = tuple[datetime.time, datetime.time]
ONE_DAY = datetime.timedelta(days=1)
MINUTE = datetime.timedelta(minutes=1)


class NoWorkingTime(ValueError):
    """The calendar has no working time: its clocks cannot run (support.services then set
    no due times)."""

    message = _("This calendar has no working hours: no service-level clock can run in it.")


def merged(stretches) -> tuple[Stretch, ...]:
    """A day's stretches sorted, with overlapping or touching ones joined (9-12 and 11-13
    count as 9-13, not as four hours)."""
    out: list[list[datetime.time]] = []
    for opens, closes in sorted(stretches):
        if closes <= opens:
            continue
        if out and opens <= out[-1][1]:
            out[-1][1] = max(out[-1][1], closes)
        else:
            out.append([opens, closes])
    return tuple((opens, closes) for opens, closes in out)


@dataclass(frozen=True)
class Hours:
    """A loaded calendar: its time zone, stretches per weekday (Monday 0) and holiday dates."""

    time_zone: ZoneInfo
    week: tuple[tuple[Stretch, ...], ...] = field(default=((),) * 7)
    holidays: frozenset[datetime.date] = frozenset()
    calendar_id: int | None = None

    @classmethod
    def of(cls, calendar) -> Hours:
        """A BusinessCalendar with its working hours and holidays (two queries)."""
        days: list[list[Stretch]] = [[] for _day in range(7)]
        for weekday, opens, closes in calendar.hours.values_list("weekday", "opens", "closes"):
            days[weekday].append((opens, closes))
        holidays = frozenset(calendar.holidays.values_list("date", flat=True))
        return cls.build(calendar.time_zone, days, holidays, calendar_id=calendar.pk)

    @classmethod
    def build(cls, time_zone: str, days, holidays=(), calendar_id: int | None = None) -> Hours:
        """From plain values: `days`, seven lists of (opens, closes) times, Monday first."""
        if len(days) != 7:
            raise ValueError("seven weekdays of stretches are needed, Monday first")
        return cls(
            time_zone=ZoneInfo(time_zone),
            week=tuple(merged(day) for day in days),
            holidays=frozenset(holidays),
            calendar_id=calendar_id,
        )

    @property
    def has_time(self) -> bool:
        """Whether any weekday has working hours (else no clock can run)."""
        return any(self.week)

    def stretches_on(self, day: datetime.date) -> list[tuple[datetime.datetime, datetime.datetime]]:
        """The day's working stretches as aware UTC datetimes (none on a holiday)."""
        if day in self.holidays:
            return []
        return [
            (self._instant(day, opens), self._instant(day, closes))
            for opens, closes in self.week[day.weekday()]
        ]

    def _instant(self, day: datetime.date, wall: datetime.time) -> datetime.datetime:
        # A wall time skipped by a spring-forward change resolves with the offset before it
        # (zoneinfo's fold=0), i.e. to the first instant after the gap; a repeated one to its
        # first occurrence. Either way the stretch lasts what it lasts in real time.
        local = datetime.datetime.combine(day, wall, tzinfo=self.time_zone)
        return local.astimezone(datetime.UTC)

    def local_date(self, moment: datetime.datetime) -> datetime.date:
        return moment.astimezone(self.time_zone).date()

    def max_idle_days(self) -> int:
        """The most consecutive days without working time there can be: a week holds at
        least one working day, unless holidays take it (each takes one)."""
        return 7 * (len(self.holidays) + 1)


def _aware(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None:
        raise ValueError("business-hours arithmetic needs aware datetimes")
    return moment.astimezone(datetime.UTC)


def _days(hours: Hours, first: datetime.date, step: int) -> Iterator[datetime.date]:
    """Days from `first` on (step 1) or back (step -1) while working time can still come:
    the walk stops (NoWorkingTime) after more idle days in a row than the calendar can have."""
    if not hours.has_time:
        raise NoWorkingTime(str(NoWorkingTime.message))
    idle = 0
    day = first
    while True:
        if hours.stretches_on(day):
            idle = 0
        else:
            idle += 1
            if idle > hours.max_idle_days():
                raise NoWorkingTime(str(NoWorkingTime.message))
        yield day
        day += step * ONE_DAY


def add_business_minutes(hours: Hours, start: datetime.datetime, minutes: int) -> datetime.datetime:
    """The moment `minutes` business minutes after `start` (before it, for a negative
    number: a deadline already passed by that much). Zero minutes is `start` itself.
    Raises NoWorkingTime for a calendar without working time."""
    start = _aware(start)
    if minutes == 0:
        return start
    if minutes > 0:
        return _forward(hours, start, datetime.timedelta(minutes=minutes))
    return _backward(hours, start, datetime.timedelta(minutes=-minutes))


def _forward(hours: Hours, start: datetime.datetime, left: datetime.timedelta):
    # Starting a day early: a stretch of the previous local day never reaches into this
    # one, but `start` may sit before the local day's first stretch.
    for day in _days(hours, hours.local_date(start), 1):
        for opens, closes in hours.stretches_on(day):
            begin = max(opens, start)
            if begin >= closes:
                continue
            available = closes - begin
            if left <= available:
                return begin + left
            left -= available


def _backward(hours: Hours, start: datetime.datetime, left: datetime.timedelta):
    for day in _days(hours, hours.local_date(start), -1):
        for opens, closes in reversed(hours.stretches_on(day)):
            end = min(closes, start)
            if end <= opens:
                continue
            available = end - opens
            if left <= available:
                return end - left
            left -= available


def business_minutes_between(hours: Hours, start: datetime.datetime, end: datetime.datetime) -> int:
    """Whole business minutes from `start` to `end` (0 if `end` is not after `start`, and
    for a calendar without working time). One pass over the days between them."""
    start, end = _aware(start), _aware(end)
    if end <= start or not hours.has_time:
        return 0
    total = datetime.timedelta(0)
    day, last = hours.local_date(start), hours.local_date(end)
    while day <= last:
        for opens, closes in hours.stretches_on(day):
            begin, finish = max(opens, start), min(closes, end)
            if finish > begin:
                total += finish - begin
        day += ONE_DAY
    return int(total // MINUTE)


def minutes_left(hours: Hours, due: datetime.datetime, now: datetime.datetime) -> int:
    """Business minutes from `now` to the deadline `due`; negative once it has passed (by
    the business minutes since). `add_business_minutes(hours, now, result)` is `due` again
    (to the minute)."""
    if now <= due:
        return business_minutes_between(hours, now, due)
    return -business_minutes_between(hours, due, now)
