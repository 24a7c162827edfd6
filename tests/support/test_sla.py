"""Business-hours arithmetic: stretches, weekends, holidays, the clocks changing in Berlin and
New York, negative minutes, calendars without working time, and loading from the database."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from support.sla import (
    Hours,
    NoWorkingTime,
    add_business_minutes,
    business_minutes_between,
    merged,
    minutes_left,
)
from tests.support import make_calendar

T = datetime.time
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
WEEKDAYS_9_17 = [[(T(9), T(17))]] * 5 + [[], []]


def at(tz, *args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=tz)


def berlin(**kwargs) -> Hours:
    return Hours.build("Europe/Berlin", kwargs.pop("days", WEEKDAYS_9_17), **kwargs)


def test_minutes_inside_one_stretch():
    hours = berlin()
    # Monday 2025-03-03 10:00 + 90 minutes.
    assert add_business_minutes(hours, at(BERLIN, 2025, 3, 3, 10), 90) == at(
        BERLIN, 2025, 3, 3, 11, 30
    )
    assert (
        business_minutes_between(hours, at(BERLIN, 2025, 3, 3, 10), at(BERLIN, 2025, 3, 3, 12))
        == 120
    )


def test_start_outside_hours_counts_from_the_opening():
    hours = berlin()
    assert add_business_minutes(hours, at(BERLIN, 2025, 3, 3, 6), 30) == at(
        BERLIN, 2025, 3, 3, 9, 30
    )
    assert add_business_minutes(hours, at(BERLIN, 2025, 3, 3, 18), 30) == at(
        BERLIN, 2025, 3, 4, 9, 30
    )


def test_the_weekend_is_skipped():
    hours = berlin()
    # Friday 16:00 + 2 h: one hour on Friday, one on Monday.
    friday = at(BERLIN, 2025, 3, 7, 16)
    monday = at(BERLIN, 2025, 3, 10, 10)
    assert add_business_minutes(hours, friday, 120) == monday
    assert business_minutes_between(hours, friday, monday) == 120
    assert (
        business_minutes_between(hours, at(BERLIN, 2025, 3, 8, 9), at(BERLIN, 2025, 3, 9, 17)) == 0
    )


def test_holidays_are_skipped():
    hours = berlin(holidays=[datetime.date(2025, 3, 10)])  # Monday off
    friday = at(BERLIN, 2025, 3, 7, 16)
    assert add_business_minutes(hours, friday, 120) == at(BERLIN, 2025, 3, 11, 10)
    assert business_minutes_between(hours, friday, at(BERLIN, 2025, 3, 11, 10)) == 120


def test_several_stretches_a_day():
    days = [[(T(9), T(12)), (T(13), T(17))]] * 5 + [[], []]
    hours = berlin(days=days)
    start = at(BERLIN, 2025, 3, 3, 11)
    # 11-12 is one hour, then lunch, then 13:00 + 1 h.
    assert add_business_minutes(hours, start, 120) == at(BERLIN, 2025, 3, 3, 14)
    assert business_minutes_between(hours, start, at(BERLIN, 2025, 3, 3, 14)) == 120
    # A whole day is 7 hours.
    assert (
        business_minutes_between(hours, at(BERLIN, 2025, 3, 3, 0), at(BERLIN, 2025, 3, 4, 0)) == 420
    )


def test_overlapping_stretches_are_joined():
    assert merged([(T(11), T(13)), (T(9), T(12)), (T(14), T(15))]) == (
        (T(9), T(13)),
        (T(14), T(15)),
    )


def test_spring_forward_in_berlin_shortens_a_night_stretch():
    # 2025-03-30: clocks go from 02:00 to 03:00. A Sunday stretch 01:00-05:00 lasts 3 hours.
    days = [[]] * 6 + [[(T(1), T(5))]]
    hours = berlin(days=days)
    sunday = datetime.date(2025, 3, 30)
    start = at(BERLIN, 2025, 3, 30, 0)
    end = at(BERLIN, 2025, 3, 31, 0)
    assert business_minutes_between(hours, start, end) == 180
    # 90 minutes from 01:00 lands at 03:30 local (01:30 UTC), past the gap.
    result = add_business_minutes(hours, at(BERLIN, 2025, 3, 30, 1), 90)
    assert result.astimezone(BERLIN) == at(BERLIN, 2025, 3, 30, 3, 30)
    assert result == datetime.datetime(2025, 3, 30, 1, 30, tzinfo=datetime.UTC)
    assert sunday.weekday() == 6


def test_fall_back_in_new_york_lengthens_a_night_stretch():
    # 2025-11-02: 02:00 EDT becomes 01:00 EST. A Sunday stretch 00:00-03:00 lasts 4 hours.
    days = [[]] * 6 + [[(T(0), T(3))]]
    hours = Hours.build("America/New_York", days)
    start, end = at(NEW_YORK, 2025, 11, 2, 0), at(NEW_YORK, 2025, 11, 3, 0)
    assert business_minutes_between(hours, start, end) == 240
    result = add_business_minutes(hours, start, 240)
    assert result == datetime.datetime(2025, 11, 2, 8, tzinfo=datetime.UTC)  # 03:00 EST


def test_working_hours_are_wall_clock_across_the_change():
    # Friday 16:00 + 2 business hours across the Berlin change lands on Monday 10:00 CEST,
    # whatever the offsets: 9-17 stays 9-17 in local time.
    hours = berlin()
    friday = at(BERLIN, 2025, 3, 28, 16)
    monday = add_business_minutes(hours, friday, 120)
    assert monday.astimezone(BERLIN).replace(tzinfo=None) == datetime.datetime(2025, 3, 31, 10)
    assert monday - friday == datetime.timedelta(days=2, hours=17)  # an hour less than 2d 18h
    # New York: the same around its November change.
    ny = Hours.build("America/New_York", WEEKDAYS_9_17)
    friday_ny = at(NEW_YORK, 2025, 10, 31, 16)
    monday_ny = add_business_minutes(ny, friday_ny, 120)
    assert monday_ny.astimezone(NEW_YORK).replace(tzinfo=None) == datetime.datetime(2025, 11, 3, 10)
    assert business_minutes_between(ny, friday_ny, monday_ny) == 120


def test_negative_minutes_walk_back_and_minutes_left_round_trips():
    hours = berlin()
    monday = at(BERLIN, 2025, 3, 10, 10)
    assert add_business_minutes(hours, monday, -120) == at(BERLIN, 2025, 3, 7, 16)
    due = at(BERLIN, 2025, 3, 10, 11)
    assert minutes_left(hours, due, monday) == 60
    assert minutes_left(hours, due, at(BERLIN, 2025, 3, 11, 10)) == -(6 * 60 + 60)
    # Inside working time, adding what is left gives the deadline back.
    for now in (monday, at(BERLIN, 2025, 3, 11, 10), at(BERLIN, 2025, 3, 7, 9, 15)):
        assert add_business_minutes(hours, now, minutes_left(hours, due, now)) == due


def test_zero_minutes_is_the_start_and_reversed_interval_is_zero():
    hours = berlin()
    start = at(BERLIN, 2025, 3, 8, 12)
    assert add_business_minutes(hours, start, 0) == start
    assert business_minutes_between(hours, start, start - datetime.timedelta(hours=5)) == 0


def test_a_calendar_without_working_time_has_no_clock_and_no_endless_loop():
    empty = Hours.build("Europe/Berlin", [[]] * 7)
    assert not empty.has_time
    with pytest.raises(NoWorkingTime):
        add_business_minutes(empty, at(BERLIN, 2025, 3, 3, 10), 60)
    assert business_minutes_between(empty, at(BERLIN, 2025, 3, 3), at(BERLIN, 2025, 4, 3)) == 0
    # Only Mondays, and every Monday of the holidays listed is off: still found, then none.
    mondays = [datetime.date(2025, 3, 3) + datetime.timedelta(weeks=n) for n in range(10)]
    only_mondays = Hours.build("Europe/Berlin", [[(T(9), T(10))]] + [[]] * 6, holidays=mondays)
    result = add_business_minutes(only_mondays, at(BERLIN, 2025, 3, 1), 30)
    assert result == at(BERLIN, 2025, 5, 12, 9, 30)


def test_large_targets_take_whole_days_not_minutes():
    hours = berlin()
    start = at(BERLIN, 2025, 1, 6, 9)  # a Monday
    # 52 weeks of 5 x 8 hours.
    end = add_business_minutes(hours, start, 52 * 5 * 8 * 60)
    assert end == at(BERLIN, 2026, 1, 2, 17)
    assert business_minutes_between(hours, start, end) == 52 * 5 * 8 * 60


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        add_business_minutes(berlin(), datetime.datetime(2025, 3, 3, 10), 5)


@pytest.mark.django_db
def test_hours_of_a_calendar_load_in_two_queries(django_assert_num_queries):
    calendar = make_calendar(
        stretches=((T(9), T(12)), (T(13), T(17))), holidays=[datetime.date(2025, 12, 25)]
    )
    with django_assert_num_queries(2):
        hours = Hours.of(calendar)
    assert hours.week[0] == ((T(9), T(12)), (T(13), T(17)))
    assert hours.week[5] == ()
    assert hours.holidays == {datetime.date(2025, 12, 25)}
    assert hours.time_zone == BERLIN
