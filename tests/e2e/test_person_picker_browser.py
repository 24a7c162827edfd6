"""The colleague picker in the browser: on a contact's Sharing page alice types "bo" into
"New owner", the suggestions (htmx) offer bob by name and team, she picks him and hands the
contact over; a name nobody has is refused next to the field with her text kept. At 1400 px
and on a 390 px phone, where the field must not break the page."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from parties.models import Party
from tests.e2e.conftest import SCREENSHOTS
from tests.factories import make_contact

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"the page scrolls sideways: {width} > {viewport}"


@pytest.mark.parametrize("width", [1400, 390])
def test_alice_picks_the_new_owner_by_typing(live_server, page, sign_in, alice, bob, width):
    User.objects.filter(pk=bob.pk).update(first_name="Bob", last_name="Brown")
    contact = make_contact(alice, first_name="Ada", last_name="Byron")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in("alice")
    page.goto(f"{live_server.url}/contacts/{contact.pk}/sharing/")

    box = page.get_by_label("New owner")
    box.fill("Nobody Here")
    page.get_by_role("button", name="Change owner").click()
    expect(page.locator("#id_owner_error")).to_contain_text("No colleague is called “Nobody Here”")
    expect(page.get_by_label("New owner")).to_have_value("Nobody Here")

    box = page.get_by_label("New owner")
    box.fill("")
    box.press_sequentially("bo", delay=60)
    option = page.locator("#id_owner-options option[value='Bob Brown (bob)']")
    option.wait_for(state="attached")
    assert option.text_content() == "Bob Brown · Team East"
    _no_sideways_scroll(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"person-picker-{width}.png"), full_page=True)
    box.fill("Bob Brown (bob)")  # as choosing the suggestion does
    page.get_by_role("button", name="Change owner").click()
    expect(page.get_by_text("Ada Byron is now owned by Bob Brown · Team East.")).to_be_visible()
    assert Party.objects.get(pk=contact.pk).owner == bob
