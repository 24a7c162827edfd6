"""The user's settings page: their time zone (saved, taking effect at once, a tampered value
refused) and their calendar feed (turn on, new address, turn off)."""

import datetime
import re

import pytest
from django.contrib.auth.models import User

from crm import timezones
from crm.models import UserProfile
from events import services
from events.models import CalendarFeed
from tests.factories import make_event

pytestmark = pytest.mark.django_db

URL = "/settings/"


def test_page_shows_the_current_time_zone_selected(client, alice, settings):
    client.force_login(alice)
    text = client.get(URL).content.decode()
    assert "Your settings" in text
    assert re.search(r'<label\s+for="id_time_zone"[^>]*>\s*Time zone', text)
    assert f'<option value="{settings.TIME_ZONE}" selected>' in text


def test_saving_a_zone_stores_it_and_times_show_in_it_at_once(client, alice):
    event = make_event(
        alice,
        subject="Late call",
        kind="call",
        starts_at=datetime.datetime(2031, 3, 10, 23, 30, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2031, 3, 10, 23, 45, tzinfo=datetime.UTC),
    )
    client.force_login(alice)
    response = client.post(URL, {"time_zone": "Europe/Berlin"}, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    text = response.content.decode()
    assert "Your time zone is now Europe/Berlin." in text
    assert '<option value="Europe/Berlin" selected>' in text
    assert UserProfile.objects.get(user=alice).time_zone == "Europe/Berlin"
    assert client.session[timezones.SESSION_KEY] == "Europe/Berlin"
    calendar = client.get("/events/calendar/", {"date": "2031-03-10"}).content.decode()
    day = re.search(r'<td data-day="2031-03-11"(.*?)</td>', calendar, re.S).group(1)
    assert "Late call" in day and 'datetime="2031-03-11T00:30:00+01:00"' in day
    assert f"/events/{event.pk}/" in day


def test_the_zone_is_kept_for_the_next_sign_in(client, alice):
    client.force_login(alice)
    client.post(URL, {"time_zone": "Asia/Tokyo"})
    client.logout()
    client.force_login(User.objects.get(pk=alice.pk))  # as signing in loads the user
    assert client.session[timezones.SESSION_KEY] == "Asia/Tokyo"


def test_a_user_without_a_profile_gets_one(client, alice):
    UserProfile.objects.filter(user=alice).delete()
    client.force_login(alice)
    assert client.post(URL, {"time_zone": "America/Chicago"}).status_code == 302
    assert UserProfile.objects.get(user=alice).time_zone == "America/Chicago"


@pytest.mark.parametrize("value", ["Mars/Olympus_Mons", "", "Europe/Berlin\x00"])
def test_an_unknown_zone_is_refused_and_nothing_saved(client, alice, value):
    UserProfile.objects.filter(user=alice).update(time_zone="Europe/London")
    client.force_login(User.objects.get(pk=alice.pk))
    response = client.post(URL, {"time_zone": value})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Choose a time zone from the list." in text or "This field is required." in text
    assert UserProfile.objects.get(user=alice).time_zone == "Europe/London"
    assert client.session[timezones.SESSION_KEY] == "Europe/London"


def test_feed_off_offers_to_turn_it_on(client, alice):
    client.force_login(alice)
    text = client.get(URL).content.decode()
    assert "Turn on the calendar feed" in text
    assert 'action="/events/feed/regenerate/"' in text
    assert "Turn off the feed" not in text


def test_feed_on_shows_its_address_and_how_to_subscribe(client, alice):
    feed = services.feed_token_regenerate(user=alice)
    client.force_login(alice)
    text = client.get(URL).content.decode()
    assert f'value="http://testserver/events/feed/{feed.token}.ics" readonly' in text
    assert '<label class="form-label" for="feed-url">' in text
    for app in ("Google Calendar", "Outlook", "Thunderbird"):
        assert app in text
    assert "Get a new address" in text and "Turn off the feed" in text
    assert 'action="/events/feed/disable/"' in text


def test_turning_on_then_off_from_the_page(client, alice):
    client.force_login(alice)
    text = client.post("/events/feed/regenerate/", follow=True).content.decode()
    token = CalendarFeed.objects.get(user=alice).token
    assert f"/events/feed/{token}.ics" in text
    text = client.post("/events/feed/disable/", follow=True).content.decode()
    assert "Your calendar feed is off" in text and "Turn on the calendar feed" in text
    assert token not in text


def test_anonymous_is_sent_to_sign_in_and_other_methods_refused(client, alice):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    client.force_login(alice)
    assert client.put(URL).status_code == 405


def test_settings_page_queries_are_few(client, alice, django_assert_max_num_queries):
    services.feed_token_regenerate(user=alice)
    client.force_login(alice)
    # The session, the user, the feed, the user's sessions, the user's and their groups'
    # permissions (the menu).
    with django_assert_max_num_queries(6):
        assert client.get(URL).status_code == 200
