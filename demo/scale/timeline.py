"""Business time for seed_scale: a calendar's working stretches over a span of days, laid out
once as UTC intervals with their running total of minutes, so adding business minutes to a
time (or counting them between two) is two binary searches, not a walk over the days. It
gives what support.sla gives (tests/demo/test_support_scale.py compares them); the seeder
uses it for hundreds of thousands of cases without a query per row."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from support.models import BusinessCalendar


class Timeline:
    def __init__(self, calendar: BusinessCalendar, first: date, last: date):
        """The stretches of `calendar` from `first` to `last` (dates in its time zone)."""
        zone = ZoneInfo(calendar.time_zone)
        hours: dict[int, list[tuple]] = {}
        for row in calendar.hours.order_by("weekday", "opens"):
            hours.setdefault(row.weekday, []).append((row.opens, row.closes))
        holidays = set(
            calendar.holidays.filter(date__range=(first, last)).values_list("date", flat=True)
        )
        self.starts: list[int] = []  # epoch seconds, UTC
        self.ends: list[int] = []
        self.before: list[int] = []  # business seconds before each stretch
        self.total_ends: list[int] = []  # business seconds up to each stretch's end
        total = 0
        day = first
        while day <= last:
            if day not in holidays:
                for opens, closes in hours.get(day.weekday(), ()):
                    start = int(datetime.combine(day, opens, tzinfo=zone).timestamp())
                    end = int(datetime.combine(day, closes, tzinfo=zone).timestamp())
                    if end <= start:
                        continue
                    self.starts.append(start)
                    self.ends.append(end)
                    self.before.append(total)
                    total += end - start
                    self.total_ends.append(total)
            day += timedelta(days=1)
        if not self.starts:
            raise ValueError(f"{calendar} has no working hours from {first} to {last}")
        self.first, self.last = self.starts[0], self.ends[-1]

    def seconds_at(self, moment: int) -> int:
        """Business seconds from the timeline's start to `moment` (epoch seconds)."""
        at = bisect_right(self.starts, moment) - 1
        if at < 0:
            return 0
        return self.before[at] + min(moment, self.ends[at]) - self.starts[at]

    def add(self, moment: int, minutes: int) -> int:
        """`moment` plus `minutes` business minutes, as support.sla.add_business_minutes:
        forward, the end of a stretch when the time runs out exactly there; backward
        (negative), the start of one; zero, `moment` itself."""
        if minutes == 0:
            return moment
        target = self.seconds_at(moment) + minutes * 60
        if minutes > 0:
            at = bisect_left(self.total_ends, target)
            if at >= len(self.starts):
                raise ValueError("beyond the timeline: make it longer")
        else:
            at = bisect_right(self.before, target) - 1
            if at < 0 or target < 0:
                raise ValueError("before the timeline: make it longer")
        return self.starts[at] + target - self.before[at]

    def minutes_between(self, start: int, end: int) -> int:
        """Whole business minutes from `start` to `end` (0 when `end` is not later)."""
        if end <= start:
            return 0
        return (self.seconds_at(end) - self.seconds_at(start)) // 60

    def minutes_left(self, due: int, moment: int) -> int:
        """support.sla.minutes_left: business minutes from `moment` to `due`, negative once
        it has passed."""
        if moment <= due:
            return self.minutes_between(moment, due)
        return -self.minutes_between(due, moment)

    def working(self, moment: int) -> bool:
        at = bisect_right(self.starts, moment) - 1
        return at >= 0 and moment < self.ends[at]


def epoch(value: datetime) -> int:
    return int(value.timestamp())


def moment(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
