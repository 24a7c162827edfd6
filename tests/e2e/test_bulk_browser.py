"""Bulk actions and inline edit in the browser: alice ticks three contacts (the header box
ticks the page), hands them to bob and reads the summary; she changes a deal's stage in the
list. At 1400 px and on a 390 px phone, where the checkbox column must not break the page."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from opportunities.models import Opportunity
from parties.models import Party
from tests.factories import make_contact, make_opportunity

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"bulk-{name}.png"), full_page=True)


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"the page scrolls sideways: {width} > {viewport}"


@pytest.mark.parametrize("width", [1400, 390])
def test_alice_changes_the_owner_of_three_contacts(live_server, page, sign_in, alice, bob, width):
    page.set_viewport_size({"width": width, "height": 900})
    chosen = [make_contact(alice, first_name=n, last_name="Ticked") for n in ("Ann", "Ben", "Cy")]
    kept = make_contact(alice, first_name="Dee", last_name="Kept")
    sign_in("alice")
    page.goto(f"{live_server.url}/contacts/")
    for party in chosen:
        page.get_by_label(f"Select {party.display_name}").check()
    expect(page.locator("[data-bulk-count]")).to_have_text("3 ticked")
    page.get_by_label("With the selected rows").select_option("owner")
    _no_sideways_scroll(page)
    _shot(page, f"contacts-{width}")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("[data-bulk-selected]")).to_contain_text("3 contacts selected.")
    page.get_by_label("New owner").fill("bob")  # typed: the field takes a username
    page.get_by_role("button", name="Change owner").click()
    expect(page.get_by_role("alert").filter(has_text="Changed 3 contacts.")).to_be_visible()
    assert set(Party.objects.filter(owner=bob).values_list("pk", flat=True)) == {
        p.pk for p in chosen
    }
    assert Party.objects.get(pk=kept.pk).owner == alice


def test_the_header_box_ticks_the_page(live_server, page, sign_in, alice):
    for name in ("Ann", "Ben"):
        make_contact(alice, first_name=name, last_name="Row")
    sign_in("alice")
    page.goto(f"{live_server.url}/contacts/")
    page.get_by_label("Select every row on this page").check()
    expect(page.locator("[data-bulk-count]")).to_have_text("2 ticked")


@pytest.mark.parametrize("width", [1400, 390])
def test_alice_changes_a_deals_stage_in_the_list(live_server, page, sign_in, alice, width):
    page.set_viewport_size({"width": width, "height": 900})
    deal = make_opportunity(alice, name="Globex - 10 seats")
    sign_in("alice")
    page.goto(f"{live_server.url}/opportunities/")
    row = page.locator("tr", has_text="Globex - 10 seats")
    row.locator('[data-inline="stage"] a').click()
    row.get_by_label("Stage").select_option(label="Proposal")
    row.get_by_role("button", name="Save").click()
    expect(row.locator('[data-inline="stage"]')).to_contain_text("Proposal")
    expect(row).to_contain_text("60 %")
    expect(row.get_by_label("Stage")).to_have_count(0)
    _no_sideways_scroll(page)
    _shot(page, f"inline-{width}")
    assert Opportunity.objects.get(pk=deal.pk).stage.name == "Proposal"
