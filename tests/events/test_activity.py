"""Activity metrics (/events/activity/): per member and ISO week, the calls and meetings that
took place (completed, or past and not cancelled) and the tasks completed, in the viewer's
time zone; the default weeks (ending with the current one); who may see which team; the range
parameters; a fixed number of queries."""

import datetime
import json
import re

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from crm.models import UserProfile
from events import services
from events.models import Event, floating
from events.selectors.activity import week_start
from tests.factories import make_event, make_user

DAY = datetime.timedelta(days=1)

pytestmark = pytest.mark.django_db

URL = "/events/activity/"
RANGE = f"{URL}?end=2026-03-09&weeks=4"  # the weeks of 16 Feb, 23 Feb, 2 and 9 March
MAR2, MAR9 = "2026-03-02", "2026-03-09"


def utc(day: int, hour: int, month: int = 3) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, tzinfo=datetime.UTC)


def set_zone(user, name):
    profile = UserProfile.objects.get(user=user)
    profile.time_zone = name
    profile.save()
    user.profile = profile


def completed_task(owner, completed_at):
    task = make_event(owner, kind="task", starts_at=floating(completed_at.date()))
    services.event_complete(actor=owner, event=task)
    Event.objects.filter(pk=task.pk).update(completed_at=completed_at)
    return task


def figures(html: str, rep, week: str) -> tuple[int, int, int]:
    row = re.search(rf'<tr data-rep="{rep}".*?</tr>', html, re.S).group(0)
    cell = re.search(rf'data-week="{week}">(.*?)</td>', row, re.S).group(1)
    return tuple(
        int(re.search(rf'data-figure="{name}">(\d+)', cell).group(1))
        for name in ("calls", "meetings", "tasks")
    )


@pytest.fixture
def week_of_work(alice, bob, dan):
    make_event(alice, kind="call", starts_at=utc(3, 10))
    make_event(alice, kind="call", starts_at=utc(4, 15))
    make_event(alice, kind="meeting", starts_at=utc(5, 14))
    completed_task(alice, utc(5, 12))
    services.event_cancel(actor=alice, event=make_event(alice, kind="call", starts_at=utc(3, 11)))
    make_event(bob, kind="call", starts_at=utc(10, 10))
    make_event(dan, kind="call", starts_at=utc(3, 9))
    make_event(alice, kind="call", starts_at=utc(20, 9, month=2))  # an earlier week


def test_the_manager_sees_calls_meetings_and_completed_tasks_per_rep_and_week(
    client_for, carol, alice, bob, dan, week_of_work
):
    html = client_for(carol).get(RANGE).content.decode()
    assert figures(html, alice.pk, MAR2) == (2, 1, 1)  # the cancelled call is not counted
    assert figures(html, alice.pk, MAR9) == (0, 0, 0)
    assert figures(html, alice.pk, "2026-02-16") == (1, 0, 0)
    assert figures(html, alice.pk, "total") == (3, 1, 1)
    assert figures(html, bob.pk, MAR9) == (1, 0, 0)
    assert figures(html, "total", MAR2) == (2, 1, 1)  # dan's (West) call is not there
    assert figures(html, "total", MAR9) == (1, 0, 0)
    assert figures(html, "total", "total") == (4, 1, 1)
    assert f'data-rep="{dan.pk}"' not in html
    assert html.count('<tr data-rep="') == 4  # alice, bob, carol and the total


def test_each_figure_links_to_the_events_behind_it(client_for, carol, alice, week_of_work):
    html = client_for(carol).get(RANGE).content.decode()
    row = re.search(rf'<tr data-rep="{alice.pk}".*?</tr>', html, re.S).group(0)
    week = "start_from=2026-03-02&amp;start_to=2026-03-08&amp;status=happened"
    assert f'href="/events/?owner={alice.pk}&amp;kind=call&amp;{week}"' in row
    assert f'href="/events/?owner={alice.pk}&amp;kind=meeting&amp;{week}"' in row
    assert (
        f'href="/events/?owner={alice.pk}&amp;kind=task&amp;status=completed'
        '&amp;completed_from=2026-03-02&amp;completed_to=2026-03-08"' in row
    )
    # The rep's total covers the four weeks.
    assert "kind=call&amp;start_from=2026-02-16&amp;start_to=2026-03-15" in row


def test_weeks_are_the_viewers(client_for, alice, carol, admin_user):
    """03:00 UTC on Monday 9 March is still Sunday 8 March in New York; an all-day meeting
    keeps its date in every time zone."""
    make_event(alice, kind="call", starts_at=utc(9, 3))
    completed_task(alice, utc(9, 2))
    make_event(alice, kind="meeting", all_day=True, starts_at=floating(datetime.date(2026, 3, 9)))
    set_zone(carol, "America/New_York")
    html = client_for(carol).get(RANGE).content.decode()
    assert figures(html, alice.pk, MAR2) == (1, 0, 1)
    assert figures(html, alice.pk, MAR9) == (0, 1, 0)
    html = client_for(admin_user).get(RANGE).content.decode()  # UTC
    assert figures(html, alice.pk, MAR2) == (0, 0, 0)
    assert figures(html, alice.pk, MAR9) == (1, 1, 1)


def test_the_chart_has_the_teams_totals_per_week(client_for, carol, week_of_work):
    html = client_for(carol).get(RANGE).content.decode()
    data = json.loads(
        re.search(
            r'<script id="activity-chart-data" type="application/json">(.*?)</script>', html
        ).group(1)
    )
    assert data["calls"] == [1, 0, 2, 1]
    assert data["meetings"] == [0, 0, 1, 0]
    assert data["tasks"] == [0, 0, 1, 0]
    assert len(data["labels"]) == 4 and data["labels"][2].startswith("W10")
    assert "vendor/chartjs/chart.umd.min.js" in html and "js/activity_chart.js" in html


@pytest.mark.parametrize("who", ["alice", "bob", "dan", "erin", "mark"])
def test_who_manages_no_team_gets_403(client_for, personas, who):
    assert client_for(personas[who]).get(URL).status_code == 403


def test_anonymous_is_sent_to_sign_in(client_for, carol):
    response = client_for(None).get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_an_administrator_picks_a_team(client_for, admin_user, alice, dan, team_west):
    make_event(dan, kind="call", starts_at=utc(3, 9))
    client = client_for(admin_user)
    html = client.get(RANGE).content.decode()
    assert '<select class="form-select" id="activity-team" name="team">' in html
    assert f'data-rep="{alice.pk}"' in html and f'data-rep="{dan.pk}"' not in html  # East first
    html = client.get(f"{RANGE}&team={team_west.pk}").content.decode()
    assert f'data-rep="{dan.pk}"' in html and f'data-rep="{alice.pk}"' not in html
    assert figures(html, dan.pk, MAR2) == (1, 0, 0)
    assert f"team={team_west.pk}" in html  # the previous/next links keep the team


def test_a_manager_cannot_pick_another_team(client_for, carol, alice, dan, team_west):
    html = client_for(carol).get(f"{RANGE}&team={team_west.pk}").content.decode()
    assert 'data-testid="range-error"' in html
    assert f'data-rep="{alice.pk}"' in html and f'data-rep="{dan.pk}"' not in html
    assert 'id="activity-team"' not in html  # one team: nothing to pick


def _week_columns(html: str) -> list[str]:
    row = re.search(r'<tr data-rep="total".*?</tr>', html, re.S).group(0)
    return re.findall(r'data-week="([\d-]+)"', row)


def test_the_default_is_eight_weeks_ending_with_the_current_one(client_for, carol):
    """Regression: the default range ran into next week."""
    html = client_for(carol).get(URL).content.decode()
    today = timezone.localdate()
    this_week = week_start(today)
    assert _week_columns(html) == [
        (this_week - datetime.timedelta(days=7 * n)).isoformat() for n in range(7, -1, -1)
    ]
    assert 'data-testid="range-error"' not in html
    first = this_week - datetime.timedelta(days=7 * 7)
    assert (
        f'data-testid="range">{date_format(first, "SHORT_DATE_FORMAT")} – '
        f"{date_format(today, 'SHORT_DATE_FORMAT')} (this week up to today)</span>" in html
    )
    assert "by default the weeks end with the current one, up to now" in html


def test_only_calls_and_meetings_that_took_place_count(client_for, carol, alice):
    """Regression: scheduled meetings still ahead were counted. Completed ones count (even
    ahead of their time), past scheduled ones too; future scheduled and cancelled ones never,
    whatever range is asked for. All-day events count from their date on."""
    now = timezone.now()
    today = timezone.localdate()
    hour = datetime.timedelta(hours=1)
    make_event(alice, kind="call", starts_at=now - hour, ends_at=now - hour / 2)
    make_event(alice, kind="meeting", starts_at=now - 3 * hour)
    make_event(alice, kind="meeting", starts_at=floating(today), all_day=True)
    make_event(alice, kind="meeting", starts_at=now + hour, subject="Not yet")
    make_event(alice, kind="meeting", starts_at=now + 2 * DAY, subject="Later")
    make_event(alice, kind="meeting", starts_at=floating(today + DAY), all_day=True)
    early = make_event(alice, kind="call", starts_at=now + DAY)
    services.event_complete(actor=alice, event=early)
    services.event_cancel(actor=alice, event=make_event(alice, kind="call", starts_at=now - hour))
    later = (today + 3 * 7 * DAY).isoformat()
    client = client_for(carol)
    html = client.get(f"{URL}?end={later}&weeks=12").content.decode()
    assert figures(html, alice.pk, "total") == (2, 2, 0)
    # The default range (the eight weeks up to this one) counts the same, but for tomorrow's
    # completed call on a Sunday (it is next week's); never a scheduled one still ahead.
    calls, meetings, _tasks = figures(client.get(URL).content.decode(), alice.pk, "total")
    assert 1 <= calls <= 2 and meetings == 2
    # The figure's link opens the same events.
    client.force_login(alice)
    listed = (
        client.get(f"/events/?owner={alice.pk}&kind=meeting&status=happened&start_to={later}")
        .context["page"]
        .items
    )
    assert {e.subject for e in listed} == {"Meeting with the customer"}
    assert len(listed) == 2


@pytest.mark.parametrize(
    "query",
    ["weeks=5", "weeks=abc", "end=2026-02-30", "end=tomorrow", "end=0001-01-01", "team=x"],
)
def test_bad_parameters_give_an_alert_and_the_default(client_for, carol, query):
    response = client_for(carol).get(f"{URL}?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="range-error"' in html
    assert len(_week_columns(html)) == 8


def test_a_bad_weeks_keeps_a_good_end(client_for, carol):
    html = client_for(carol).get(f"{URL}?weeks=7&end=2026-03-09").content.decode()
    assert "Select a valid choice." in html
    assert _week_columns(html)[-1] == MAR9 and len(_week_columns(html)) == 8


def test_previous_and_next_move_by_the_number_of_weeks(client_for, carol):
    html = client_for(carol).get(RANGE).content.decode()
    assert f'href="{URL}?weeks=4&amp;end=2026-02-09" rel="prev"' in html
    assert f'href="{URL}?weeks=4&amp;end=2026-04-06" rel="next"' in html
    assert _week_columns(html) == ["2026-02-16", "2026-02-23", MAR2, MAR9]


def test_query_count_does_not_grow_with_events_or_reps(
    client_for, carol, alice, bob, team_east, django_assert_num_queries
):
    make_event(alice, kind="call", starts_at=utc(3, 10))
    client = client_for(carol)
    client.get(RANGE)
    # session, user, groups, manager?, teams, members, the grouped counts, and the
    # navigation's two permission reads
    with django_assert_num_queries(9):
        client.get(RANGE)
    for n in range(5):
        rep = make_user(f"rep{n}", role="Sales Rep", team=team_east)
        for day in (2, 3, 9, 10):
            make_event(rep, kind="call", starts_at=utc(day, 10))
            make_event(rep, kind="meeting", starts_at=utc(day, 12))
        completed_task(rep, utc(4, 10))
    with django_assert_num_queries(9):
        html = client.get(RANGE).content.decode()
    assert figures(html, "total", MAR2) == (11, 10, 5)
