"""My work (/events/my-work/) and the dashboard's panels: my open tasks (overdue first),
today's and the rest of the week's events in my time zone, what each row shows, and a fixed
number of queries."""

import datetime
import re
import zoneinfo

import pytest
from django.utils import timezone

from crm.models import UserProfile
from events import services
from events.models import EventStatus, floating
from events.selectors import work
from tests.factories import make_contact, make_event, make_opportunity
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def set_zone(user, name):
    profile = UserProfile.objects.get(user=user)
    profile.time_zone = name
    profile.save()
    user.profile = profile


def local_today(name: str) -> datetime.date:
    return timezone.localtime(timezone.now(), zoneinfo.ZoneInfo(name)).date()


def at(day: datetime.date, hour: int, name: str) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zoneinfo.ZoneInfo(name))


def task(owner, due: datetime.date, subject: str, **fields):
    return make_event(owner, kind="task", starts_at=floating(due), subject=subject, **fields)


def section(html: str, testid: str) -> str:
    return html.split(f'data-testid="{testid}"')[1].split("</section>")[0]


def subjects(html: str) -> list[str]:
    return re.findall(r'<a href="/events/\d+/"[^>]*>([^<]+)</a>', html)


def test_open_tasks_come_overdue_first_then_by_due_date(client_for, alice, bob, dan):
    today = local_today("UTC")
    task(alice, today + 3 * DAY, "Later")
    task(alice, today - DAY, "Yesterday")
    task(alice, today, "Today")
    task(alice, today - 5 * DAY, "Long overdue")
    task(bob, today + DAY, "Bob's, with alice", participant_users=[alice])
    services.event_complete(actor=alice, event=task(alice, today - 9 * DAY, "Done"))
    services.event_cancel(actor=alice, event=task(alice, today - 9 * DAY, "Dropped"))
    task(bob, today, "Bob's alone")
    task(dan, today - 9 * DAY, "Dan's")
    html = client_for(alice).get("/events/my-work/").content.decode()
    tasks = section(html, "my-tasks")
    assert subjects(tasks) == [
        "Long overdue",
        "Yesterday",
        "Today",
        "Bob&#x27;s, with alice",
        "Later",
    ]
    assert tasks.count("Overdue</span>") == 2


def test_today_and_the_rest_of_the_week_in_the_users_time_zone(client_for, alice):
    zone = "Pacific/Kiritimati"  # UTC+14: its today is often UTC's tomorrow
    set_zone(alice, zone)
    today = local_today(zone)
    make_event(alice, kind="meeting", starts_at=at(today, 9, zone), subject="Morning meeting")
    make_event(alice, kind="call", starts_at=at(today, 23, zone), subject="Late call")
    make_event(alice, kind="call", starts_at=at(today - DAY, 23, zone), subject="Yesterday call")
    make_event(alice, kind="meeting", starts_at=floating(today), all_day=True, subject="Trade fair")
    make_event(alice, kind="meeting", starts_at=at(today + DAY, 10, zone), subject="Tomorrow")
    make_event(alice, kind="meeting", starts_at=at(today + 8 * DAY, 10, zone), subject="Far")
    cancelled = make_event(alice, kind="call", starts_at=at(today, 11, zone), subject="Off")
    services.event_cancel(actor=alice, event=cancelled)
    done = make_event(alice, kind="call", starts_at=at(today, 8, zone), subject="Early call")
    services.event_complete(actor=alice, event=done)
    task(alice, today, "Due today")
    html = client_for(alice).get("/events/my-work/").content.decode()
    assert subjects(section(html, "today-events")) == [
        "Trade fair",
        "Due today",
        "Early call",
        "Morning meeting",
        "Late call",
    ]
    assert subjects(section(html, "week-events")) == ["Tomorrow"]
    assert subjects(section(html, "my-tasks")) == ["Due today"]


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_a_task_due_today_is_on_today_in_every_time_zone(client_for, alice, bob, zone):
    """Regression: "Nothing scheduled today" while a task was due today. A task is dated
    (stored at 00:00 UTC), so "today" is the viewer's date, not a span of UTC instants: at
    UTC+14 or UTC-11 the local day and the UTC one are a day apart for half of each day."""
    set_zone(alice, zone)
    today = local_today(zone)
    task(alice, today, "Send the offer")
    task(bob, today, "Bob's, with alice", participant_users=[alice])
    task(alice, today - DAY, "Yesterday's")
    task(alice, today + DAY, "Tomorrow's")
    services.event_complete(actor=alice, event=task(alice, today, "Done already"))
    services.event_cancel(actor=alice, event=task(alice, today, "Dropped"))
    html = client_for(alice).get("/events/my-work/").content.decode()
    today_section = section(html, "today-events")
    assert subjects(today_section) == ["Send the offer", "Bob&#x27;s, with alice", "Done already"]
    assert "Nothing scheduled today." not in today_section
    assert "Overdue" not in today_section
    assert subjects(section(html, "week-events")) == ["Tomorrow&#x27;s"]
    dashboard = section(client_for(alice).get("/").content.decode(), "today-events")
    assert subjects(dashboard) == ["Send the offer", "Bob&#x27;s, with alice", "Done already"]


def test_days_are_the_viewers_and_all_day_events_keep_their_date(alice):
    """22:00 in New York on 15 January is 03:00 UTC on the 16th."""
    evening = make_event(
        alice, kind="call", starts_at=datetime.datetime(2026, 1, 16, 3, tzinfo=datetime.UTC)
    )
    fair = make_event(
        alice,
        kind="meeting",
        all_day=True,
        starts_at=floating(datetime.date(2026, 1, 15)),
        ends_at=floating(datetime.date(2026, 1, 16)),
    )
    jan15, jan16 = datetime.date(2026, 1, 15), datetime.date(2026, 1, 16)
    for zone, on_15, on_16 in (
        ("America/New_York", [fair, evening], [fair]),
        ("Europe/London", [fair], [fair, evening]),
    ):
        with timezone.override(zoneinfo.ZoneInfo(zone)):
            assert work.events_between(alice, jan15, jan15) == on_15, zone
            assert work.events_between(alice, jan16, jan16) == on_16, zone


@pytest.mark.parametrize(
    ("today", "first", "last"),
    [
        (datetime.date(2026, 3, 4), datetime.date(2026, 3, 5), datetime.date(2026, 3, 8)),  # Wed
        (datetime.date(2026, 3, 7), datetime.date(2026, 3, 8), datetime.date(2026, 3, 8)),  # Sat
        (datetime.date(2026, 3, 8), datetime.date(2026, 3, 9), datetime.date(2026, 3, 15)),  # Sun
    ],
)
def test_the_rest_of_the_week_runs_to_sunday_or_over_the_next_week_on_sundays(today, first, last):
    assert work.week_rest(today) == (first, last)


def test_empty_states(client_for, alice):
    html = client_for(alice).get("/events/my-work/").content.decode()
    assert "No open tasks — well done." in html
    assert "Nothing scheduled today." in html


def test_rows_show_what_the_event_is_about_or_restricted(client_for, alice, dan):
    contact = make_contact(alice, first_name="Ada", last_name="Lovelace")
    deal = make_opportunity(alice, name="Lovelace - engines")
    today = local_today("UTC")
    task(alice, today, "Call Ada back", party=contact, opportunity=deal, participant_users=[dan])
    mine = client_for(alice).get("/events/my-work/").content.decode()
    assert f'<a href="/contacts/{contact.pk}/">Ada Lovelace</a>' in mine
    assert f'<a href="/opportunities/{deal.pk}/">Lovelace - engines</a>' in mine
    theirs = section(client_for(dan).get("/events/my-work/").content.decode(), "my-tasks")
    assert "Call Ada back" in theirs
    assert "Lovelace" not in theirs and theirs.count('<span class="restricted">') == 2


def test_buttons_only_for_who_may_change(client_for, alice, bob):
    today = local_today("UTC")
    own = task(alice, today, "Mine")
    invited = task(bob, today, "Bob's", participant_users=[alice])
    html = client_for(alice).get("/events/my-work/").content.decode()
    assert f'action="/events/{own.pk}/complete/"' in html
    assert f'action="/events/{own.pk}/cancel/"' in html
    assert f'hx-post="/events/{own.pk}/complete/"' in html
    assert 'name="next" value="/events/my-work/"' in html
    assert f"/events/{invited.pk}/complete/" not in html


def test_more_tasks_than_shown_link_to_the_event_list(client_for, alice, monkeypatch):
    monkeypatch.setattr(work, "TASK_LIMIT", 2)
    today = local_today("UTC")
    for n in range(3):
        task(alice, today, f"Task {n}")
    html = client_for(alice).get("/events/my-work/").content.decode()
    assert len(subjects(section(html, "my-tasks"))) == 2
    assert "The first 2 of 3 open tasks." in html
    assert "/events/?scope=mine&amp;kind=task&amp;status=scheduled" in html


def _fill(owner, count, *, contact, deal, teammate):
    """`count` times: an overdue task, a meeting today and a call tomorrow, with `teammate`
    taking part, about records `teammate` may see (a contact) or not (an opportunity)."""
    today = local_today("UTC")
    for n in range(count):
        for kind, starts_at in (
            ("task", floating(today - DAY)),
            ("meeting", at(today, 12, "UTC")),
            ("call", at(today + DAY, 12, "UTC")),
        ):
            make_event(
                owner,
                kind=kind,
                starts_at=starts_at,
                subject=f"{kind} {n}",
                party=contact,
                opportunity=deal,
                participant_users=[teammate],
            )


def test_my_work_query_count_does_not_grow_with_rows(
    client_for, alice, bob, django_assert_num_queries
):
    contact, deal = make_contact(bob), make_opportunity(bob)
    client = client_for(alice)
    _fill(bob, 1, contact=contact, deal=deal, teammate=alice)
    client.get("/events/my-work/")  # the session and the user's time zone settle
    # session, user, groups, manager?, how many events granted, task count, owned tasks,
    # invited tasks, events, party roles, visible parties, visible opportunities, changeable
    # events, the user's two permission reads
    with django_assert_num_queries(15):
        one_row = client.get("/events/my-work/").content.decode()
    _fill(bob, 29, contact=contact, deal=deal, teammate=alice)
    with django_assert_num_queries(15):
        many = client.get("/events/my-work/").content.decode()
    assert one_row.count('data-testid="work-item"') == 3
    assert many.count('data-testid="work-item"') == work.TASK_LIMIT + 30 + 30  # tasks, days


# The dashboard ------------------------------------------------------------------------------


def test_dashboard_shows_todays_events_and_my_open_tasks(client_for, alice, monkeypatch):
    monkeypatch.setattr(work, "PANEL_SIZE", 2)
    today = local_today("UTC")
    make_event(alice, kind="meeting", starts_at=at(today, 12, "UTC"), subject="Lunch meeting")
    make_event(alice, kind="call", starts_at=at(today + DAY, 12, "UTC"), subject="Tomorrow call")
    task(alice, today + DAY, "Soon")
    task(alice, today - DAY, "Overdue one")
    task(alice, today + 5 * DAY, "Later")
    html = client_for(alice).get("/").content.decode()
    assert subjects(section(html, "today-events")) == ["Lunch meeting"]
    tasks = section(html, "my-tasks")
    assert subjects(tasks) == ["Overdue one", "Soon"]
    assert '<span class="badge text-bg-secondary" data-testid="task-count">3</span>' in tasks
    assert 'href="/events/my-work/"' in tasks
    assert 'name="next" value="/"' in tasks


def test_dashboard_empty_panels(client_for, alice):
    html = client_for(alice).get("/").content.decode()
    assert "No open tasks — well done." in section(html, "my-tasks")
    assert "Nothing scheduled today." in section(html, "today-events")


def test_dashboard_query_count_does_not_grow_with_events(client_for, alice, bob):
    contact, deal = make_contact(bob), make_opportunity(bob)
    client = client_for(alice)
    _fill(bob, 1, contact=contact, deal=deal, teammate=alice)
    assert_flat_queries(
        client,
        "/",
        grow=lambda: _fill(bob, 29, contact=contact, deal=deal, teammate=alice),
        budget=23,
    )
    html = client.get("/").content.decode()
    assert html.count('data-testid="work-item"') == 10 + 30  # tasks: the first ten


def test_completed_events_stay_on_today_cancelled_ones_do_not(client_for, alice):
    today = local_today("UTC")
    done = make_event(alice, kind="call", starts_at=at(today, 9, "UTC"), subject="Done call")
    services.event_complete(actor=alice, event=done)
    dropped = make_event(alice, kind="call", starts_at=at(today, 10, "UTC"), subject="Dropped")
    services.event_cancel(actor=alice, event=dropped)
    today_panel = section(client_for(alice).get("/").content.decode(), "today-events")
    assert subjects(today_panel) == ["Done call"]
    assert 'data-status="completed"' in today_panel
    assert f'action="/events/{done.pk}/reopen/"' in today_panel
    assert EventStatus.CANCELLED not in today_panel


def test_managers_find_the_team_activity_from_my_work(client_for, alice, carol):
    assert 'href="/events/activity/"' in client_for(carol).get("/events/my-work/").content.decode()
    assert (
        'href="/events/activity/"' not in client_for(alice).get("/events/my-work/").content.decode()
    )
