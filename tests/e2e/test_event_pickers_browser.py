"""The event form's participant pickers and reminders in the browser (issue 17): alice
schedules a meeting, picks bob by typing "bo", adds four outside participants by typing, sets
a 15-minute reminder, saves, and sees them all on the event's page — at 1400 px and on a
390 px phone."""

import datetime

import pytest
from playwright.sync_api import expect

from crm.models import Notification
from events.models import Event
from tests.e2e.conftest import SCREENSHOTS
from tests.factories import make_contact

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GUESTS = [("Hank", "Scorpio"), ("Mindy", "Simmons"), ("Homer", "Simpson"), ("Lenny", "Leonard")]


def _pick(page, field: str, typed: str, value: str) -> None:
    """Type into a picker, wait for the suggestion, and choose it (as choosing it from the
    browser's suggestion list does: the field then holds the suggestion's value)."""
    box = page.get_by_label(field)
    box.press_sequentially(typed, delay=60)
    option = page.locator(f"#{box.get_attribute('id')}-options option[value='{value}']")
    option.wait_for(state="attached")
    box.fill(value)


@pytest.mark.parametrize("width", [1400, 390])
def test_alice_schedules_a_meeting_with_pickers_and_a_reminder(
    live_server, browser, alice, bob, dan, width
):
    guests = [make_contact(alice, first_name=f, last_name=last) for f, last in GUESTS]
    make_contact(dan, first_name="Hidden", last_name="Scorpion")  # not alice's to see
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    day = datetime.date.today() + datetime.timedelta(days=3)
    page.goto(f"{live_server.url}/events/new/?kind=meeting")
    page.get_by_label("Subject").fill("Roll-out workshop")
    page.get_by_label("Starts").fill(f"{day:%Y-%m-%d}T10:00")
    page.get_by_label("Ends").fill(f"{day:%Y-%m-%d}T11:30")

    # bob, by typing "bo": the suggestion is picked and joins the list; the field empties.
    _pick(page, "Add colleagues", "bo", f"{bob.get_full_name()} (bob)")
    users = page.locator("#chosen-users")
    expect(users).to_contain_text(bob.get_full_name())
    expect(page.get_by_label("Add colleagues")).to_have_value("")

    # Four outside participants, one after the other; dan's contact is never suggested.
    parties = page.locator("#chosen-parties")
    for guest in guests:
        _pick(
            page,
            "Add contacts, customers and leads",
            guest.first_name[:3],
            f"{guest.display_name} (#{guest.pk})",
        )
        expect(parties).to_contain_text(guest.display_name)
    box = page.get_by_label("Add contacts, customers and leads")
    box.press_sequentially("Scorp", delay=60)
    options = page.locator("#id_add_parties-options option")
    expect(options).to_have_count(1)
    assert "Hidden" not in options.first.get_attribute("value")
    box.fill("")

    # Removing one and adding it back: the checkbox says whom it removes.
    page.get_by_label(f"Remove {guests[3].display_name}").check()
    page.get_by_label(f"Remove {guests[3].display_name}").uncheck()

    page.get_by_label("15 minutes before").check()
    page.get_by_test_id("party-picker").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"event-pickers-form-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    page.get_by_role("button", name="Save").click()

    page.get_by_role("heading", name="Roll-out workshop").wait_for()
    participants = page.get_by_test_id("participants")
    expect(participants).to_contain_text(bob.get_full_name())
    for guest in guests:
        expect(participants).to_contain_text(guest.display_name)
    expect(page.get_by_test_id("reminders")).to_contain_text("15 minutes before")
    page.screenshot(path=str(SCREENSHOTS / f"event-pickers-detail-{width}.png"), full_page=True)

    meeting = Event.objects.get(subject="Roll-out workshop")
    assert set(meeting.participants.values_list("user__username", flat=True)) == {"bob", None}
    assert meeting.participants.filter(party__isnull=False).count() == 4
    assert list(meeting.reminders.values_list("minutes_before", flat=True)) == [15]
    assert Notification.objects.filter(kind="event_invitation", recipient=bob).count() == 1

    # Editing keeps them: the form lists the five participants again.
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page.locator("#chosen-users li")).to_have_count(1)
    expect(page.locator("#chosen-parties li")).to_have_count(4)
    context.close()
