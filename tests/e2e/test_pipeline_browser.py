import re

import pytest
from playwright.sync_api import expect

from crm import access
from opportunities.models import Opportunity, OpportunityStage
from tests.factories import make_account, make_opportunity

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _column(page, name: str):
    return page.locator(f'[data-testid="column"][data-stage-name="{name}"]')


def _drag(page, source, target) -> None:
    """SortableJS follows real pointer events: press, move in steps, release."""
    start = source.bounding_box()
    end = target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + 12)
    page.mouse.down()
    page.mouse.move(start["x"] + start["width"] / 2 + 20, start["y"] + 30, steps=5)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=15)
    page.mouse.up()


def test_alice_drags_a_card_to_proposal_and_the_totals_follow(
    live_server, page, sign_in, screenshot, alice
):
    account = make_account(alice, name="Globex")
    small = make_opportunity(alice, account=account, name="Globex - 10 seats", amount=1000)
    make_opportunity(alice, account=account, name="Globex - 30 seats", amount=3000)
    sign_in("alice")
    page.goto(f"{live_server.url}/opportunities/pipeline/")

    prospecting, proposal = _column(page, "Prospecting"), _column(page, "Proposal")
    expect(prospecting.get_by_test_id("column-count")).to_have_text("2")
    expect(proposal.get_by_test_id("column-count")).to_have_text("0")
    expect(prospecting.get_by_test_id("column-totals")).to_contain_text("4,000.00 EUR")
    screenshot("pipeline-before")

    card = prospecting.get_by_test_id("card").filter(has_text="Globex - 10 seats")
    _drag(page, card.locator(".small").first, proposal.locator("ol.pipeline-cards"))

    # The board comes back from the server: counts, totals and the card's probability.
    expect(proposal.get_by_test_id("column-count")).to_have_text("1")
    expect(prospecting.get_by_test_id("column-count")).to_have_text("1")
    totals = proposal.get_by_test_id("column-totals")
    expect(totals.locator('[data-total="amount"]')).to_have_text("1,000.00")
    expect(totals.locator('[data-total="weighted"]')).to_have_text("600.00")
    expect(prospecting.get_by_test_id("column-totals")).to_contain_text("3,000.00 EUR")
    expect(proposal.get_by_test_id("card")).to_contain_text("60 %")
    overall = page.get_by_test_id("pipeline-totals").locator('[data-total="weighted"]')
    expect(overall).to_have_text("900.00")  # 3,000 × 10 % + 1,000 × 60 %
    screenshot("pipeline-after")
    small.refresh_from_db()
    assert (small.stage.name, small.probability) == ("Proposal", 60)

    # On through the stages: the board that came back is draggable too.
    negotiation = _column(page, "Negotiation")
    card = proposal.get_by_test_id("card").filter(has_text="Globex - 10 seats")
    _drag(page, card.locator(".small").first, negotiation.locator("ol.pipeline-cards"))
    expect(negotiation.get_by_test_id("column-count")).to_have_text("1")
    expect(proposal.get_by_test_id("column-count")).to_have_text("0")
    expect(negotiation.locator('[data-total="weighted"]')).to_have_text("800.00")
    expect(overall).to_have_text("1,100.00")
    small.refresh_from_db()
    assert (small.stage.name, small.probability) == ("Negotiation", 80)


def test_without_javascript_the_card_moves_through_its_stage_select(live_server, browser, alice):
    make_opportunity(alice, name="Initech - printers", amount=2000)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill("alice")
        page.get_by_label("Password").fill("demo")
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{live_server.url}/opportunities/pipeline/?period=")
        card = page.get_by_test_id("card").filter(has_text="Initech - printers")
        card.get_by_label("Move to").select_option(label="Negotiation")
        card.get_by_role("button", name="Move").click()
        page.get_by_text("Initech - printers moved to Negotiation (80 %).").wait_for()
        expect(_column(page, "Negotiation").get_by_test_id("column-count")).to_have_text("1")
    finally:
        context.close()
    deal = Opportunity.objects.get()
    assert (deal.stage.name, deal.probability) == ("Negotiation", 80)


def test_a_viewers_move_is_refused_and_nothing_changes(client, alice, bob):
    deal = make_opportunity(alice)
    client.force_login(bob)
    response = client.post(
        f"/opportunities/{deal.pk}/move/",
        {"stage": OpportunityStage.objects.get(name="Proposal").pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403
    deal.refresh_from_db()
    assert (deal.stage.name, deal.probability) == ("Prospecting", 10)


def test_a_move_refused_on_the_board_puts_the_card_back_and_says_why(
    live_server, page, sign_in, screenshot, alice, bob
):
    deal = make_opportunity(alice, name="Globex - shared deal")
    access.share(obj=deal, action="change", actor=alice, user=bob)
    sign_in("bob")
    page.goto(f"{live_server.url}/opportunities/pipeline/")
    prospecting, proposal = _column(page, "Prospecting"), _column(page, "Proposal")
    card = prospecting.get_by_test_id("card").filter(has_text="Globex - shared deal")
    # Movable for bob (with JavaScript the stage select is hidden: the card is dragged).
    expect(card).to_have_class(re.compile(r"\bpipeline-card-movable\b"))
    # alice takes the right back while bob has the board open.
    access.unshare(obj=deal, action="change", actor=alice, user=bob)

    _drag(page, card.locator(".small").first, proposal.locator("ol.pipeline-cards"))

    expect(page.get_by_test_id("board-error")).to_contain_text(
        "You may only view Globex - shared deal; it was not moved."
    )
    expect(prospecting.get_by_test_id("card")).to_have_count(1)
    expect(proposal.get_by_test_id("card")).to_have_count(0)
    screenshot("pipeline-refused")
    deal.refresh_from_db()
    assert deal.stage.name == "Prospecting"
