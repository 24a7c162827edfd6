"""Notifications in the browser: bob shares a contact with alice on its Sharing page; alice's
bell (its count loaded by htmx) shows 1; she opens the notification, lands on the contact and
the bell is empty again. At 1400 px and on a 390 px phone, where the bell stays in the top
bar beside the menu button."""

from pathlib import Path

import pytest

from tests.factories import make_contact

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


def _share(browser, live_server, contact, alice) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    _sign_in(page, live_server, "bob")
    page.goto(f"{live_server.url}/contacts/{contact.pk}/sharing/")
    page.locator("#id_user").fill(alice.username)
    page.locator("#id_access").select_option("change")
    page.get_by_role("button", name="Share").click()
    page.get_by_text("Access granted to").wait_for()
    context.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_a_share_rings_alices_bell_and_opening_it_goes_to_the_record(
    live_server, browser, alice, bob, width
):
    contact = make_contact(bob, first_name="Hank", last_name="Hill")
    _share(browser, live_server, contact, alice)

    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    _sign_in(page, live_server, "alice")
    bell = page.get_by_test_id("bell")
    assert bell.is_visible()  # in the top bar at every width, not folded into the menu
    count = page.get_by_test_id("bell-count")
    count.wait_for()
    assert count.inner_text().strip().startswith("1")
    box = bell.bounding_box()
    assert box["x"] + box["width"] <= width  # no sideways overflow
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"notify-bell-{width}.png"))

    bell.click()
    page.wait_for_url(f"{live_server.url}/notifications/")
    item = page.get_by_role("button", name="shared Hank Hill with you")
    assert "with you (view and change)" in item.inner_text()
    page.screenshot(path=str(SHOTS / f"notify-list-{width}.png"), full_page=True)
    item.click()
    page.wait_for_url(f"{live_server.url}/contacts/{contact.pk}/")
    page.get_by_role("heading", name="Hank Hill").wait_for()
    # Read now: the bell's count is gone once loaded again.
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("bell-count").count() == 0

    page.goto(f"{live_server.url}/notifications/")
    assert page.locator(".notification-unread").count() == 0
    assert page.get_by_role("button", name="Mark all read").count() == 0
    context.close()


def test_the_settings_turn_a_kind_off(live_server, page, sign_in, alice):
    sign_in("alice")
    page.goto(f"{live_server.url}/settings/")
    page.get_by_role("link", name="Notification settings").click()
    page.get_by_label("In the app: A record is shared with me").uncheck()
    page.get_by_label("Daily e-mail: Someone mentions me in a note").check()
    page.get_by_role("button", name="Save notification settings").click()
    page.get_by_text("Your notification settings are saved.").wait_for()
    assert not page.get_by_label("In the app: A record is shared with me").is_checked()
    assert page.get_by_label("Daily e-mail: Someone mentions me in a note").is_checked()
    page.set_viewport_size({"width": 390, "height": 900})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the settings table scrolls inside its box, not the page"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "notify-settings-390.png"), full_page=True)
