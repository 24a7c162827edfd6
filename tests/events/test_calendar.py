"""The calendar page: month and week grids in the user's time zone, dated events on their date
in every zone, mine and team scopes, navigation, bad input, and a query count that does not
grow with the number of events."""

import datetime
import re

import pytest
from django.utils import timezone

from crm import access, timezones
from events import services
from events.models import floating
from events.selectors import calendar
from tests.factories import make_event

pytestmark = pytest.mark.django_db

URL = "/events/calendar/"
UTC = datetime.UTC


def at(day: str, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(hour, minute), tzinfo=UTC
    )


def sign_in(client, user, zone: str = "UTC"):
    client.force_login(user)
    session = client.session
    session[timezones.SESSION_KEY] = zone
    session.save()
    return client


def days(response) -> dict[str, str]:
    """Each grid day (YYYY-MM-DD) and the HTML of its cell, in page order."""
    assert response.status_code == 200
    cells = re.findall(
        r'<td data-day="(\d{4}-\d{2}-\d{2})"(.*?)</td>', response.content.decode(), re.S
    )
    return dict(cells)


def on(response, subject: str) -> list[str]:
    """The days whose cell shows this subject."""
    return [day for day, html in days(response).items() if subject in html]


# The grids ---------------------------------------------------------------------------------


def test_month_is_whole_weeks_from_monday_with_other_months_dimmed(client, alice):
    response = sign_in(client, alice).get(URL, {"date": "2031-03-10"})
    grid = days(response)
    # March 2031 starts on a Saturday and ends on a Monday.
    assert list(grid)[0] == "2031-02-24"
    assert list(grid)[-1] == "2031-04-06"
    assert len(grid) == 42
    assert "bg-body-tertiary" in grid["2031-02-28"]
    assert "bg-body-tertiary" not in grid["2031-03-01"]
    assert "March 2031" in response.content.decode()


def test_month_highlights_today(client, alice):
    today = timezone.localdate().isoformat()
    grid = days(sign_in(client, alice).get(URL))
    assert 'aria-current="date"' in grid[today]
    assert sum('aria-current="date"' in html for html in grid.values()) == 1


def test_timed_event_is_on_its_day_in_the_users_zone(client, alice):
    make_event(
        alice,
        subject="Late call",
        kind="call",
        starts_at=at("2031-03-10", 23, 30),
        ends_at=at("2031-03-10", 23, 45),
    )
    berlin = sign_in(client, alice, "Europe/Berlin").get(URL, {"date": "2031-03-10"})
    assert on(berlin, "Late call") == ["2031-03-11"]
    assert 'datetime="2031-03-11T00:30:00+01:00"' in days(berlin)["2031-03-11"]
    london = sign_in(client, alice, "Europe/London").get(URL, {"date": "2031-03-10"})
    assert on(london, "Late call") == ["2031-03-10"]


@pytest.mark.parametrize("zone", ["Pacific/Honolulu", "Pacific/Auckland", "UTC"])
def test_dated_events_are_on_their_date_in_every_zone(client, alice, zone):
    make_event(
        alice, kind="task", subject="Send the offer", starts_at=floating(datetime.date(2031, 3, 10))
    )
    make_event(
        alice,
        subject="Trade fair",
        all_day=True,
        starts_at=floating(datetime.date(2031, 3, 12)),
        ends_at=floating(datetime.date(2031, 3, 13)),
    )
    for view in ("month", "week"):
        response = sign_in(client, alice, zone).get(URL, {"date": "2031-03-11", "view": view})
        assert on(response, "Send the offer") == ["2031-03-10"], view
        assert on(response, "Trade fair") == ["2031-03-12", "2031-03-13"], view


def test_dated_events_on_the_grids_first_and_last_day(client, alice):
    make_event(alice, kind="task", subject="First", starts_at=floating(datetime.date(2031, 2, 24)))
    make_event(alice, kind="task", subject="Last", starts_at=floating(datetime.date(2031, 4, 6)))
    make_event(alice, kind="task", subject="Before", starts_at=floating(datetime.date(2031, 2, 23)))
    make_event(alice, kind="task", subject="After", starts_at=floating(datetime.date(2031, 4, 7)))
    for zone in ("Pacific/Honolulu", "Pacific/Auckland"):
        response = sign_in(client, alice, zone).get(URL, {"date": "2031-03-10"})
        assert on(response, "First") == ["2031-02-24"]
        assert on(response, "Last") == ["2031-04-06"]
        assert on(response, "Before") == on(response, "After") == []


def test_multi_day_event_is_on_each_day_it_spans(client, alice):
    make_event(
        alice,
        subject="Offsite",
        starts_at=at("2031-03-09", 15),
        ends_at=at("2031-03-11", 12),
    )
    make_event(
        alice, subject="Evening", starts_at=at("2031-03-13", 22), ends_at=at("2031-03-14", 0)
    )
    response = sign_in(client, alice).get(URL, {"date": "2031-03-10", "view": "week"})
    # The week of 10 March 2031 starts on Monday the 10th: the offsite began the day before.
    assert on(response, "Offsite") == ["2031-03-10", "2031-03-11"]
    assert "(continued)" in days(response)["2031-03-10"]
    # Ending at midnight, it does not reach the next day.
    assert on(response, "Evening") == ["2031-03-13"]


def test_week_has_seven_days_from_monday_in_time_order_dated_first(client, alice):
    make_event(alice, subject="Afternoon meeting", starts_at=at("2031-03-12", 14))
    make_event(alice, subject="Morning call", kind="call", starts_at=at("2031-03-12", 8))
    make_event(
        alice, kind="task", subject="Call back", starts_at=floating(datetime.date(2031, 3, 12))
    )
    make_event(alice, subject="Next week", starts_at=at("2031-03-17", 8))
    response = sign_in(client, alice).get(URL, {"date": "2031-03-12", "view": "week"})
    grid = days(response)
    assert list(grid) == [f"2031-03-{d}" for d in range(10, 17)]
    html = grid["2031-03-12"]
    assert html.index("Call back") < html.index("Morning call") < html.index("Afternoon meeting")
    assert on(response, "Next week") == []
    assert "2031-03-10" in response.content.decode() and "No events" in grid["2031-03-10"]


def test_each_event_shows_time_kind_and_subject_linking_to_it(client, alice):
    call = make_event(alice, subject="Discovery", kind="call", starts_at=at("2031-03-12", 9, 15))
    task = make_event(
        alice, kind="task", subject="Prepare", starts_at=floating(datetime.date(2031, 3, 12))
    )
    html = days(sign_in(client, alice, "Europe/Berlin").get(URL, {"date": "2031-03-12"}))[
        "2031-03-12"
    ]
    assert f'href="/events/{call.pk}/"' in html and f'href="/events/{task.pk}/"' in html
    assert "10:15 a.m." in html  # 09:15 UTC in Berlin
    assert ">Call<" in html and ">Task<" in html
    task_html = html[html.index(f'data-event="{task.pk}"') :]
    assert "<time" not in task_html.split("</li>")[0]


def test_cancelled_events_are_struck_through_and_completed_ones_marked(client, alice):
    cancelled = make_event(alice, subject="Dropped", starts_at=at("2031-03-12", 9))
    services.event_cancel(actor=alice, event=cancelled)
    done = make_event(alice, subject="Held", starts_at=at("2031-03-12", 11))
    services.event_complete(actor=alice, event=done)
    html = days(sign_in(client, alice).get(URL, {"date": "2031-03-12"}))["2031-03-12"]
    assert "<s>Dropped</s>" in html and "(cancelled)" in html
    assert "(completed)" in html.split("Held")[1].split("</li>")[0]


# Scopes ------------------------------------------------------------------------------------


def test_mine_shows_what_i_own_and_take_part_in(client, alice, bob):
    make_event(alice, subject="Alice alone", starts_at=at("2031-03-12", 9))
    make_event(
        bob, subject="Bob with alice", starts_at=at("2031-03-12", 10), participant_users=[alice]
    )
    make_event(bob, subject="Bob alone", starts_at=at("2031-03-12", 11))
    text = sign_in(client, alice).get(URL, {"date": "2031-03-12"}).content.decode()
    assert "Alice alone" in text and "Bob with alice" in text
    assert "Bob alone" not in text


def test_team_scope_shows_a_manager_the_teams_events(client, alice, carol, dan):
    make_event(alice, subject="Meeting of alice", starts_at=at("2031-03-12", 9))
    make_event(dan, subject="Meeting of dan", starts_at=at("2031-03-12", 9))
    sign_in(client, carol)
    mine = client.get(URL, {"date": "2031-03-12"}).content.decode()
    assert "Meeting of alice" not in mine
    team = client.get(URL, {"date": "2031-03-12", "scope": "team"}).content.decode()
    assert "Meeting of alice" in team and "Meeting of dan" not in team
    assert f"· {alice.get_full_name()}" in team.split("Meeting of alice")[1].split("</li>")[0]


def test_team_scope_shows_others_only_the_team_events_they_may_see(client, alice, bob, dan):
    make_event(alice, subject="Alice private", starts_at=at("2031-03-12", 9))
    shared = make_event(alice, subject="Alice shared", starts_at=at("2031-03-12", 10))
    access.share(obj=shared, action="view", actor=alice, user=bob)
    bob_team = sign_in(client, bob).get(URL, {"date": "2031-03-12", "scope": "team"})
    assert on(bob_team, "Alice shared") == ["2031-03-12"]
    assert on(bob_team, "Alice private") == []
    dan_team = sign_in(client, dan).get(URL, {"date": "2031-03-12", "scope": "team"})
    assert on(dan_team, "Alice") == []


# Navigation and bad input ------------------------------------------------------------------


def test_navigation_keeps_view_and_scope(client, carol):
    text = sign_in(client, carol).get(URL, {"date": "2031-03-12", "scope": "team"}).content.decode()
    assert "view=month&amp;date=2031-02-01&amp;scope=team" in text  # previous month
    assert "view=month&amp;date=2031-04-01&amp;scope=team" in text  # next month
    assert "view=week&amp;date=2031-03-12&amp;scope=team" in text  # switch to the week
    assert f"view=month&amp;date={timezone.localdate().isoformat()}&amp;scope=team" in text
    week = sign_in(client, carol).get(URL, {"date": "2031-03-12", "view": "week"}).content.decode()
    assert "view=week&amp;date=2031-03-03&amp;scope=mine" in week
    assert "view=week&amp;date=2031-03-17&amp;scope=mine" in week


def test_no_link_past_the_dates_the_calendar_can_show(client, alice):
    text = sign_in(client, alice).get(URL, {"date": "2999-12-15"}).content.decode()
    assert "Previous month" in text and "Next month" not in text
    text = client.get(URL, {"date": "1900-01-01", "view": "week"}).content.decode()
    assert "Previous week" not in text and "Next week" in text


def test_too_many_events_says_so(client, alice, monkeypatch):
    monkeypatch.setattr(calendar, "MAX_EVENTS", 2)
    for hour in (9, 10, 11):
        make_event(alice, subject=f"At {hour}", starts_at=at("2031-03-12", hour))
    response = sign_in(client, alice).get(URL, {"date": "2031-03-12"})
    assert "There are too many events to show them all" in response.content.decode()
    assert on(response, "At 9") == on(response, "At 10") == ["2031-03-12"]
    assert on(response, "At 11") == []


@pytest.mark.parametrize(
    "value", ["tomorrow", "99999-01-01", "2031-02-30", "1899-12-31", "2031-3-1"]
)
def test_a_bad_date_shows_the_current_month_with_an_alert(client, alice, value):
    response = sign_in(client, alice).get(URL, {"date": value})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="date-error"' in text and "is not a date the calendar can show" in text
    assert timezone.localdate().isoformat() in days(response)


def test_an_unknown_view_or_scope_is_the_month_of_my_events(client, alice):
    response = sign_in(client, alice).get(URL, {"date": "2031-03-12", "view": "year", "scope": "x"})
    assert len(days(response)) == 42
    assert 'aria-current="page" href="/events/calendar/?view=month' in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_post_is_not_allowed(client, alice):
    assert sign_in(client, alice).post(URL).status_code == 405


# Query count -------------------------------------------------------------------------------

# Session, user, their groups, whether they manage a team, how many events they were granted
# (see events.selectors.events_visible_to), the events, the permissions (for
# the "New event" button: user and groups).
QUERIES = 8


@pytest.mark.parametrize(
    "params",
    [{"view": "month"}, {"view": "week"}, {"view": "month", "scope": "team"}],
)
def test_query_count_does_not_grow_with_events(
    client, alice, bob, carol, django_assert_num_queries, params
):
    params = {"date": "2031-03-12", **params}
    make_event(alice, starts_at=at("2031-03-12", 9), participant_users=[bob, carol])
    sign_in(client, carol)
    client.get(URL, params)  # warm up the session
    with django_assert_num_queries(QUERIES):
        assert len(on(client.get(URL, params), "with the customer")) == 1
    for i in range(40):
        kind = ["call", "meeting", "task"][i % 3]
        make_event(
            alice, kind=kind, starts_at=at("2031-03-12", i % 24), participant_users=[bob, carol]
        )
    with django_assert_num_queries(QUERIES):
        client.get(URL, params)


def test_a_busy_day_of_the_month_shows_the_first_few_and_how_many_more(client, alice):
    for hour in range(8, 15):  # seven meetings on one day
        make_event(alice, subject=f"Slot {hour:02d}", starts_at=at("2031-03-12", hour))
    month = sign_in(client, alice).get(URL, {"date": "2031-03-12"})
    cell = days(month)["2031-03-12"]
    assert [f"Slot {h:02d}" in cell for h in range(8, 15)] == [True] * 4 + [False] * 3
    assert "+ 3 more" in cell
    assert "view=week&amp;date=2031-03-12" in cell
    week = client.get(URL, {"view": "week", "date": "2031-03-12"})
    assert all(f"Slot {h:02d}" in week.content.decode() for h in range(8, 15))
