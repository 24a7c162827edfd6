"""The issue's "done when", as alice, carol and dan would do it in the browser."""

import pytest
from playwright.sync_api import expect

from opportunities.models import Opportunity
from tests.factories import make_account

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _column(page, name: str):
    return page.locator(f'[data-testid="column"][data-stage-name="{name}"]')


def test_alice_sells_from_an_account_to_closed_won_and_the_history_shows_every_step(
    live_server, browser, page, sign_in, screenshot, alice, carol, dan
):
    account = make_account(alice, name="Globex", preferred_currency="EUR")
    sign_in("alice")
    page.goto(f"{live_server.url}/accounts/{account.pk}/")
    page.get_by_role("link", name="New opportunity").click()
    assert page.get_by_label("Name").input_value() == "Globex - "
    page.get_by_label("Name").fill("Globex - 40 seats")
    page.get_by_label("Amount").fill("20000")
    page.get_by_label("Expected close date").fill("2027-03-31")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("probability")).to_have_text("10 %")

    # On the board: Prospecting -> Proposal -> Negotiation, with the stage select.
    page.goto(f"{live_server.url}/opportunities/pipeline/")
    for stage, probability in (("Proposal", "60 %"), ("Negotiation", "80 %")):
        card = page.get_by_test_id("card").filter(has_text="Globex - 40 seats")
        # With JavaScript the stage select is hidden until it holds the keyboard focus: a
        # keyboard user tabs from the card's name onto it, then onto "Move".
        card.get_by_role("link").first.focus()
        page.keyboard.press("Tab")
        select = card.get_by_label("Move to")
        expect(select).to_be_focused()
        select.select_option(label=stage)
        page.keyboard.press("Tab")
        expect(card.get_by_role("button", name="Move")).to_be_focused()
        page.keyboard.press("Enter")
        column = _column(page, stage)
        expect(column.get_by_test_id("card")).to_contain_text(probability)
    expect(_column(page, "Negotiation").get_by_test_id("column-totals")).to_contain_text(
        "16,000.00"  # weighted: 20,000 x 80 %
    )
    screenshot("opportunity-board")

    page.get_by_role("link", name="Globex - 40 seats").click()
    page.get_by_label("Why was it won or lost?").fill("Best price and a great demo")
    page.get_by_role("button", name="Close as won").click()
    expect(page.get_by_test_id("stage")).to_have_text("Closed won")
    history = page.get_by_test_id("history")
    for step in ("Prospecting → Proposal", "Proposal → Negotiation", "Negotiation → Closed won"):
        expect(history).to_contain_text(step)
    expect(history).to_contain_text("Best price and a great demo")
    screenshot("opportunity-won")
    deal = Opportunity.objects.get()
    assert (deal.stage.name, deal.probability, deal.close_reason) == (
        "Closed won",
        100,
        "Best price and a great demo",
    )

    # carol (her manager) sees the team's deals; dan (another team) sees none of it.
    for username, sees in (("carol", True), ("dan", False)):
        other = browser.new_context().new_page()
        other.goto(f"{live_server.url}/login/")
        other.get_by_label("Username").fill(username)
        other.get_by_label("Password").fill("demo")
        other.get_by_role("button", name="Sign in").click()
        other.wait_for_url(f"{live_server.url}/")
        other.goto(f"{live_server.url}/opportunities/?state=won")
        assert (other.get_by_role("link", name="Globex - 40 seats").count() == 1) == sees
        response = other.goto(f"{live_server.url}/opportunities/{deal.pk}/")
        assert response.status == (200 if sees else 404)
        other.context.close()
