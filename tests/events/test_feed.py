"""The private calendar feed: what it carries, its token rules (unknown, changed, turned off,
inactive user: 404), no sign-in needed, and a query count independent of the events."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from crm.models import UserProfile
from events import services
from events.models import CalendarFeed, floating
from tests.factories import make_contact, make_event, make_opportunity

pytestmark = pytest.mark.django_db


def soon(days: int = 1, hour: int = 10) -> datetime.datetime:
    day = timezone.now().date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def feed_url(feed: CalendarFeed) -> str:
    return f"/events/feed/{feed.token}.ics"


def summaries(response) -> set[str]:
    """What the feed carries: its events and its tasks."""
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["SUMMARY"]) for e in calendar.walk() if e.name in ("VEVENT", "VTODO")}


def test_feed_is_the_users_events_and_those_they_take_part_in(client, alice, bob, dan):
    make_event(alice, subject="Alice's own", starts_at=soon())
    make_event(bob, subject="Bob invites alice", starts_at=soon(2), participant_users=[alice])
    make_event(bob, subject="Bob alone", starts_at=soon(3))
    make_event(dan, subject="Dan alone", starts_at=soon(3))
    make_event(alice, kind="task", subject="Alice's task", starts_at=floating(soon(4).date()))
    feed = services.feed_token_regenerate(user=alice)
    response = client.get(feed_url(feed))  # no sign-in: the token is the credential
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert summaries(response) == {"Alice's own", "Bob invites alice", "Alice's task"}


def test_feed_has_tasks_as_todos_and_events_as_events(client, alice):
    """Regression: tasks were confirmed all-day events in the feed."""
    make_event(alice, subject="Call Ada", kind="call", starts_at=soon())
    due = soon(4).date()
    make_event(alice, kind="task", subject="Send the offer", starts_at=floating(due))
    done = make_event(
        alice, kind="task", subject="Book a room", starts_at=floating(soon(-2).date())
    )
    done = services.event_complete(actor=alice, event=done)
    dropped = make_event(alice, kind="task", subject="Print flyers", starts_at=floating(due))
    services.event_cancel(actor=alice, event=dropped)
    feed = services.feed_token_regenerate(user=alice)
    calendar = icalendar.Calendar.from_ical(client.get(feed_url(feed)).content)
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Call Ada"]
    todos = {str(t["SUMMARY"]): t for t in calendar.walk("VTODO")}
    assert set(todos) == {"Send the offer", "Book a room", "Print flyers"}
    assert todos["Send the offer"].decoded("DUE") == due
    assert todos["Send the offer"]["STATUS"] == "NEEDS-ACTION"
    assert todos["Book a room"]["STATUS"] == "COMPLETED"
    assert todos["Book a room"].decoded("COMPLETED") == done.completed_at.replace(microsecond=0)
    assert todos["Print flyers"]["STATUS"] == "CANCELLED"
    assert all("DTSTART" not in t and "DTEND" not in t for t in todos.values())


def test_a_manager_feed_has_only_their_own_events(client, alice, carol):
    make_event(alice, subject="Alice's own", starts_at=soon())
    make_event(carol, subject="Carol's own", starts_at=soon())
    feed = services.feed_token_regenerate(user=carol)
    assert summaries(client.get(feed_url(feed))) == {"Carol's own"}


def test_feed_is_bounded_in_time(client, alice):
    make_event(alice, subject="Last month", starts_at=soon(-30))
    make_event(alice, subject="Long ago", starts_at=soon(-120))
    make_event(alice, subject="Next year", starts_at=soon(300))
    make_event(alice, subject="In two years", starts_at=soon(700))
    feed = services.feed_token_regenerate(user=alice)
    assert summaries(client.get(feed_url(feed))) == {"Last month", "Next year"}


def test_feed_names_the_calendar_and_the_users_zone_with_times_in_utc(client, alice):
    UserProfile.objects.filter(user=alice).update(time_zone="Europe/Berlin")
    event = make_event(alice, starts_at=soon())
    feed = services.feed_token_regenerate(user=alice)
    calendar = icalendar.Calendar.from_ical(client.get(feed_url(feed)).content)
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == f"CRM: {alice.get_full_name()}"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Berlin"
    (vevent,) = calendar.walk("VEVENT")
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent.decoded("DTSTART").utcoffset() == datetime.timedelta(0)


def test_feed_does_not_name_parties_its_user_may_not_see(client, alice, dan):
    secret = make_contact(dan, first_name="Sven", last_name="Secret", email="sven@example.com")
    make_event(
        dan, starts_at=soon(), party=secret, participant_users=[alice], participant_parties=[secret]
    )
    feed = services.feed_token_regenerate(user=alice)
    text = client.get(feed_url(feed)).content.decode()
    assert "Meeting with the customer" in text
    assert "Secret" not in text and "sven@example.com" not in text


def test_unknown_token_is_404(client, alice):
    services.feed_token_regenerate(user=alice)
    assert client.get("/events/feed/not-a-token.ics").status_code == 404
    assert client.get(f"/events/feed/{'x' * 500}.ics").status_code == 404
    assert client.get("/events/feed/ab%00cd.ics").status_code == 404
    assert client.get("/events/feed/.ics").status_code == 404


def test_after_a_new_address_the_old_one_is_404(client, alice):
    old = services.feed_token_regenerate(user=alice).token
    new = services.feed_token_regenerate(user=alice).token
    assert client.get(f"/events/feed/{old}.ics").status_code == 404
    assert client.get(f"/events/feed/{new}.ics").status_code == 200


def test_a_turned_off_feed_is_404(client, alice):
    feed = services.feed_token_regenerate(user=alice)
    services.feed_disable(user=alice)
    assert client.get(feed_url(feed)).status_code == 404


def test_an_inactive_users_feed_is_404(client, alice):
    feed = services.feed_token_regenerate(user=alice)
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert client.get(feed_url(feed)).status_code == 404


# The feed and its user; their groups; whether they manage a team; how many events they were
# granted; the events; their participants; which parties, opportunities and party participants
# may be named; e-mails; reminders (VALARMs).
QUERIES = 11


def test_feed_query_count_does_not_grow_with_events(client, alice, bob, django_assert_num_queries):
    anna = make_contact(alice, email="anna@example.com")
    deal = make_opportunity(alice)
    feed = services.feed_token_regenerate(user=alice)
    make_event(
        alice,
        starts_at=soon(),
        party=anna,
        opportunity=deal,
        participant_users=[bob],
        participant_parties=[anna],
    )
    with django_assert_num_queries(QUERIES):
        assert len(summaries(client.get(feed_url(feed)))) == 1
    for i in range(30):
        contact = make_contact(alice, email=f"c{i}@example.com")
        make_event(
            alice,
            subject=f"Event {i}",
            kind=["call", "meeting", "task"][i % 3],
            starts_at=soon(i % 20 + 1) if i % 3 != 2 else floating(soon(i).date()),
            party=contact,
            opportunity=make_opportunity(alice),
            participant_users=[bob],
            participant_parties=[contact, anna],
        )
    with django_assert_num_queries(QUERIES):
        assert len(summaries(client.get(feed_url(feed)))) == 31


# Turning the feed on, changing its address, turning it off ---------------------------------


def test_regenerate_gives_a_new_address_with_a_message(client, alice):
    old = services.feed_token_regenerate(user=alice).token
    client.force_login(alice)
    response = client.post("/events/feed/regenerate/", follow=True)
    assert response.redirect_chain == [("/settings/", 302)]
    assert "Your calendar address changed; subscriptions using the old one stop working." in (
        response.content.decode()
    )
    assert CalendarFeed.objects.get(user=alice).token != old


def test_regenerate_turns_an_off_feed_on(client, alice):
    client.force_login(alice)
    response = client.post("/events/feed/regenerate/")
    assert response.status_code == 302 and response["Location"] == "/settings/"
    assert CalendarFeed.objects.filter(user=alice).exists()


def test_disable_turns_it_off(client, alice):
    feed = services.feed_token_regenerate(user=alice)
    client.force_login(alice)
    response = client.post("/events/feed/disable/")
    assert response.status_code == 302 and response["Location"] == "/settings/"
    assert not CalendarFeed.objects.filter(user=alice).exists()
    assert client.get(feed_url(feed)).status_code == 404


@pytest.mark.parametrize("url", ["/events/feed/regenerate/", "/events/feed/disable/"])
def test_feed_actions_need_post_and_a_signed_in_user(client, alice, url):
    assert client.post(url).status_code == 302  # to sign in
    client.force_login(alice)
    assert client.get(url).status_code == 405
    assert not CalendarFeed.objects.filter(user=alice).exists()


def test_each_user_changes_only_their_own_feed(client, alice, bob):
    bobs = services.feed_token_regenerate(user=bob).token
    client.force_login(alice)
    client.post("/events/feed/regenerate/")
    client.post("/events/feed/disable/")
    assert CalendarFeed.objects.get(user=bob).token == bobs
