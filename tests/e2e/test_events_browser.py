"""Events in the browser: a call logged from a contact page lands on its timeline; the issue's
"done when" — a meeting with two contacts and bob next Tuesday, on alice's calendar and in her
calendar feed, seen by bob, not by dan, counted in carol's team activity."""

import datetime

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from events.models import Event
from events.services import event_complete
from tests.e2e.conftest import SCREENSHOTS
from tests.factories import make_account, make_contact

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _next_tuesday() -> datetime.date:
    today = datetime.date.today()
    return today + datetime.timedelta(days=(1 - today.weekday()) % 7 or 7)


def _other(browser, live_server, username: str):
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_alice_logs_a_call_from_a_contact_page_and_finds_it_on_the_timeline(
    live_server, page, sign_in, screenshot, alice
):
    contact = make_contact(alice, first_name="Hank", last_name="Scorpio")
    sign_in("alice")
    page.goto(f"{live_server.url}/contacts/{contact.pk}/")
    page.get_by_test_id("log-call").click()
    expect(page.get_by_role("heading", name="Log a call")).to_be_visible()
    page.get_by_label("Subject").fill("Asked about the renewal")
    page.get_by_label("Description").fill("Wants a quote for 40 seats by Friday.")
    page.get_by_role("button", name="Save").click()

    page.wait_for_url(f"{live_server.url}/contacts/{contact.pk}/")
    timeline = page.get_by_test_id("activity-timeline")
    expect(timeline).to_contain_text("Asked about the renewal")
    expect(timeline).to_contain_text("Completed")
    screenshot("contact-timeline-call")
    call = Event.objects.get()
    assert (call.kind, call.status, call.party, call.completed_by) == (
        "call",
        "completed",
        contact,
        alice,
    )


def test_alice_schedules_a_meeting_that_bob_and_carol_see_and_dan_does_not(
    live_server, browser, page, sign_in, screenshot, alice, bob, carol, dan
):
    globex = make_account(alice, name="Globex")
    hank = make_contact(alice, first_name="Hank", last_name="Scorpio", account=globex)
    mindy = make_contact(alice, first_name="Mindy", last_name="Simmons", account=globex)
    tuesday = _next_tuesday()
    sign_in("alice")
    page.goto(f"{live_server.url}/contacts/{hank.pk}/")
    page.get_by_test_id("schedule-meeting").click()
    page.get_by_label("Subject").fill("Globex roll-out workshop")
    page.get_by_label("Starts").fill(f"{tuesday:%Y-%m-%d}T10:00")
    page.get_by_label("Ends").fill(f"{tuesday:%Y-%m-%d}T11:30")
    page.get_by_label("Location").fill("Globex HQ, Cypress Creek")
    expect(page.locator("#chosen-parties")).to_contain_text("Hank Scorpio")  # pre-filled
    page.get_by_label("Add contacts, customers and leads").fill(f"Mindy Simmons (#{mindy.pk})")
    expect(page.locator("#chosen-parties")).to_contain_text("Mindy Simmons")
    page.get_by_label("Add colleagues").fill("bob")  # resolved when the form is sent
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{live_server.url}/contacts/{hank.pk}/")
    expect(page.get_by_test_id("activity-timeline")).to_contain_text("Globex roll-out workshop")

    meeting = Event.objects.get(subject="Globex roll-out workshop")
    assert set(meeting.participants.values_list("user__username", "party_id")) == {
        ("bob", None),
        (None, hank.pk),
        (None, mindy.pk),
    }

    # On her calendar, the week of next Tuesday.
    page.goto(f"{live_server.url}/events/calendar/?view=week&date={tuesday:%Y-%m-%d}")
    expect(page.get_by_role("link", name="Globex roll-out workshop")).to_be_visible()
    screenshot("calendar-week-meeting")

    # In her calendar application, through the private feed.
    page.goto(f"{live_server.url}/settings/")
    page.get_by_role("button", name="Turn on the calendar feed").click()
    feed_url = page.get_by_label("Your calendar address").input_value()
    screenshot("settings-feed")
    response = page.context.request.get(feed_url)
    assert response.status == 200
    calendar = Calendar.from_ical(response.body())
    (vevent,) = [c for c in calendar.walk("VEVENT") if "Globex roll-out" in str(c["SUMMARY"])]
    assert vevent.decoded("DTSTART") == datetime.datetime.combine(
        tuesday, datetime.time(10), tzinfo=datetime.UTC
    )
    assert str(vevent["LOCATION"]) == "Globex HQ, Cypress Creek"

    # bob is invited: he sees it on his calendar; dan (another team) does not exist for it.
    bobs = _other(browser, live_server, "bob")
    bobs.goto(f"{live_server.url}/events/calendar/?view=week&date={tuesday:%Y-%m-%d}")
    expect(bobs.get_by_role("link", name="Globex roll-out workshop")).to_be_visible()
    dans = _other(browser, live_server, "dan")
    assert dans.goto(f"{live_server.url}/events/{meeting.pk}/").status == 404
    dans.goto(f"{live_server.url}/events/calendar/?view=week&date={tuesday:%Y-%m-%d}")
    expect(dans.get_by_role("link", name="Globex roll-out workshop")).to_have_count(0)

    # carol sees her team's calls and meetings per week: a meeting counts once it took place.
    carols = _other(browser, live_server, "carol")
    monday = tuesday - datetime.timedelta(days=1)
    activity = f"{live_server.url}/events/activity/?end={monday:%Y-%m-%d}"
    carols.goto(activity)
    week = carols.locator(f'tr[data-rep="{alice.pk}"] td[data-week="{monday:%Y-%m-%d}"]')
    expect(week.locator('[data-figure="meetings"]')).to_have_text("0 meetings")
    event_complete(actor=alice, event=meeting)
    carols.goto(activity)
    expect(week.locator('[data-figure="meetings"]')).to_have_text("1 meetings")
    expect(carols.get_by_test_id("activity-table")).to_contain_text(alice.get_full_name())
    carols.wait_for_timeout(1000)  # the chart's animation
    carols.screenshot(path=str(SCREENSHOTS / "team-activity.png"), full_page=True)
