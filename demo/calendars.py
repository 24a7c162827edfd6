"""The support desks' business hours, shared by the demo (`load_demo`) and the benchmark data
(`seed_scale`): a Berlin calendar with the German nationwide public holidays and a New York
one with the US federal holidays (as observed: a Saturday holiday on the Friday before, a
Sunday one on the Monday after), Monday to Friday."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from support.models import BusinessCalendar, Holiday, WorkingHours

Day = datetime.date


def easter(year: int) -> Day:
    """Easter Sunday (the Gregorian computus, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month = (h + ell - 7 * m + 114) // 31
    day = (h + ell - 7 * m + 114) % 31 + 1
    return Day(year, month, day)


def german_holidays(year: int) -> list[tuple[Day, str]]:
    """The nine public holidays every German state keeps."""
    sunday = easter(year)
    return [
        (Day(year, 1, 1), "Neujahr"),
        (sunday - datetime.timedelta(days=2), "Karfreitag"),
        (sunday + datetime.timedelta(days=1), "Ostermontag"),
        (Day(year, 5, 1), "Tag der Arbeit"),
        (sunday + datetime.timedelta(days=39), "Christi Himmelfahrt"),
        (sunday + datetime.timedelta(days=50), "Pfingstmontag"),
        (Day(year, 10, 3), "Tag der Deutschen Einheit"),
        (Day(year, 12, 25), "1. Weihnachtstag"),
        (Day(year, 12, 26), "2. Weihnachtstag"),
    ]


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> Day:
    """The n-th `weekday` (0 = Monday) of the month; n = -1: the last."""
    if n > 0:
        first = Day(year, month, 1)
        return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    following = Day(year + month // 12, month % 12 + 1, 1)
    last = following - datetime.timedelta(days=1)
    return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)


def _observed(day: Day) -> Day:
    if day.weekday() == 5:
        return day - datetime.timedelta(days=1)
    if day.weekday() == 6:
        return day + datetime.timedelta(days=1)
    return day


def us_holidays(year: int) -> list[tuple[Day, str]]:
    """The eleven US federal holidays, on the days they are observed."""
    return [
        (_observed(Day(year, 1, 1)), "New Year's Day"),
        (_nth_weekday(year, 1, 0, 3), "Martin Luther King Jr. Day"),
        (_nth_weekday(year, 2, 0, 3), "Washington's Birthday"),
        (_nth_weekday(year, 5, 0, -1), "Memorial Day"),
        (_observed(Day(year, 6, 19)), "Juneteenth"),
        (_observed(Day(year, 7, 4)), "Independence Day"),
        (_nth_weekday(year, 9, 0, 1), "Labor Day"),
        (_nth_weekday(year, 10, 0, 2), "Columbus Day"),
        (_observed(Day(year, 11, 11)), "Veterans Day"),
        (_nth_weekday(year, 11, 3, 4), "Thanksgiving Day"),
        (_observed(Day(year, 12, 25)), "Christmas Day"),
    ]


@dataclass(frozen=True)
class CalendarSpec:
    name: str
    time_zone: str
    opens: datetime.time
    closes: datetime.time
    holidays: object  # year -> [(date, name)]


BERLIN = CalendarSpec(
    "Support Europe (Berlin)",
    "Europe/Berlin",
    datetime.time(8),
    datetime.time(18),
    german_holidays,
)
NEW_YORK = CalendarSpec(
    "Support Americas (New York)",
    "America/New_York",
    datetime.time(9),
    datetime.time(17),
    us_holidays,
)


def ensure_calendar(spec: CalendarSpec, years: range) -> BusinessCalendar:
    """The calendar of `spec`, made if need be, with its Monday-to-Friday hours and the
    holidays of `years` (those it lacks). Safe to run again."""
    calendar, _ = BusinessCalendar.objects.get_or_create(
        name=spec.name, defaults={"time_zone": spec.time_zone}
    )
    if not calendar.hours.exists():
        WorkingHours.objects.bulk_create(
            WorkingHours(calendar=calendar, weekday=day, opens=spec.opens, closes=spec.closes)
            for day in range(5)
        )
    known = set(calendar.holidays.values_list("date", flat=True))
    wanted = {day: name for year in years for day, name in spec.holidays(year)}
    Holiday.objects.bulk_create(
        Holiday(calendar=calendar, date=day, name=name)
        for day, name in sorted(wanted.items())
        if day not in known
    )
    return calendar
