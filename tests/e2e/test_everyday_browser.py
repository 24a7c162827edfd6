"""Browser: the parts of issue 17 not driven elsewhere — an account's page rolls up its
contacts' activities and deals ("from <contact>"); a user chooses a date format and sees it at
once; an administrator ends a user's session and that browser is signed out. At 1400 px and at
390 px, without sideways scrolling."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import make_account, make_contact, make_event, make_opportunity

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")
WIDTHS = [1400, 390]
CLOSE = datetime.date(2031, 12, 1)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"everyday-{name}.png"), full_page=True)


def _no_sideways_scroll(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.parametrize("width", WIDTHS)
def test_an_account_page_rolls_up_its_contacts_activities_and_deals(
    live_server, page, alice, width
):
    account = make_account(alice, name="Globex")
    contact = make_contact(alice, first_name="Hank", last_name="Scorpio", account=account)
    make_event(alice, party=contact, subject="Call about the roof")
    make_opportunity(
        alice, account=make_account(alice, name="Other"), name="Roof deal", primary_contact=contact
    )
    page.set_viewport_size({"width": width, "height": 900})
    _sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/accounts/{account.pk}/")
    activities = page.get_by_test_id("contact-activities")
    expect(activities).to_contain_text("Call about the roof")
    expect(activities).to_contain_text("Hank Scorpio")
    deals = page.get_by_test_id("contact-opportunities")
    expect(deals).to_contain_text("Roof deal")
    expect(deals).to_contain_text("from")
    # "from <contact>" links to the contact.
    deals.get_by_role("link", name="Hank Scorpio").first.click()
    expect(page.get_by_role("heading", name="Hank Scorpio")).to_be_visible()
    page.go_back()
    _no_sideways_scroll(page, width)
    _shot(page, f"rollup-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_chosen_date_format_shows_at_once(live_server, page, alice, width):
    deal = make_opportunity(alice, name="Dated deal", expected_close_date=CLOSE)
    page.set_viewport_size({"width": width, "height": 900})
    _sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/settings/")
    page.get_by_label("Date format").select_option("iso")
    page.get_by_role("button", name="Save language and date format").click()
    expect(page.get_by_text("Your language and date format are saved.")).to_be_visible()
    _no_sideways_scroll(page, width)
    page.goto(f"{live_server.url}/opportunities/{deal.pk}/")
    expect(page.get_by_text("2031-12-01").first).to_be_visible()
    page.goto(f"{live_server.url}/settings/")
    page.get_by_label("Date format").select_option("d_mon_y")
    page.get_by_role("button", name="Save language and date format").click()
    page.goto(f"{live_server.url}/opportunities/{deal.pk}/")
    expect(page.get_by_text("1 Dec 2031").first).to_be_visible()
    _shot(page, f"date-format-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_administrator_ends_a_users_session(
    live_server, browser, page, alice, admin_user, width
):
    phone = browser.new_context(
        viewport={"width": 390, "height": 800}, user_agent="Alice's phone (Mobile Safari)"
    ).new_page()
    _sign_in(phone, live_server, "alice")

    page.set_viewport_size({"width": width, "height": 900})
    _sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/admin/auth/user/{alice.pk}/change/")
    page.get_by_role("link", name="End session").first.click()
    expect(page.get_by_text("End this session of alice?")).to_be_visible()
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_text("Session ended")).to_be_visible()
    expect(page.get_by_role("link", name="End session")).to_have_count(0)
    _shot(page, f"admin-sessions-{width}")

    phone.goto(f"{live_server.url}/contacts/")
    expect(phone.get_by_role("button", name="Sign in")).to_be_visible()
    phone.context.close()
