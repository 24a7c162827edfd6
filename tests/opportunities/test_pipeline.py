"""The pipeline board: who sees which cards, filters, totals, and moving a card (with and
without htmx), with what a refused move answers."""

import datetime
from decimal import Decimal

import pytest

from crm import access
from opportunities import services
from opportunities.forms import period_range
from opportunities.models import Opportunity, OpportunityHistory, OpportunityStage
from tests.factories import make_account, make_opportunity
from tests.helpers import assert_flat_queries, count_queries

pytestmark = pytest.mark.django_db

BOARD = "/opportunities/pipeline/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def stage(name: str) -> OpportunityStage:
    return OpportunityStage.objects.get(name=name)


def move_url(deal: Opportunity) -> str:
    return f"/opportunities/{deal.pk}/move/"


def _text(response) -> str:
    return response.content.decode()


def _names(response) -> set[str]:
    return {card.name for column in response.context["columns"] for card in column.cards}


def _column(response, name: str):
    return next(c for c in response.context["columns"] if c.stage.name == name)


# Who sees what -----------------------------------------------------------------------------


def test_board_has_a_column_per_open_stage(client, alice):
    client.force_login(alice)
    response = client.get(BOARD)
    assert [c.stage.name for c in response.context["columns"]] == [
        "Prospecting",
        "Qualification",
        "Needs analysis",
        "Proposal",
        "Negotiation",
    ]
    assert "Closed won" not in _text(response)


def test_owner_sees_her_open_opportunities_on_the_board(client, alice):
    make_opportunity(alice, name="Globex deal", amount=1000, currency="EUR")
    client.force_login(alice)
    response = client.get(BOARD)
    assert _names(response) == {"Globex deal"}
    assert "Globex deal" in _text(response)


def test_closed_opportunities_are_not_on_the_board(client, alice):
    make_opportunity(alice, name="Open deal")
    won = make_opportunity(alice, name="Won deal")
    services.opportunity_close(actor=alice, opportunity=won, won=True, reason="Price")
    client.force_login(alice)
    assert _names(client.get(BOARD)) == {"Open deal"}


def test_other_team_sees_none_of_it(client, alice, dan):
    make_opportunity(alice, name="Alice deal")
    make_opportunity(dan, name="Dan deal")
    client.force_login(dan)
    response = client.get(BOARD)
    assert _names(response) == {"Dan deal"}
    assert "Alice deal" not in _text(response)


def test_manager_sees_her_teams_pipeline(client, alice, bob, carol, dan):
    make_opportunity(alice, name="Alice deal")
    make_opportunity(bob, name="Bob deal")
    make_opportunity(dan, name="Dan deal")
    client.force_login(carol)
    assert _names(client.get(BOARD)) == {"Alice deal", "Bob deal"}


def test_administrator_sees_every_open_opportunity(client, alice, dan, admin_user):
    make_opportunity(alice, name="Alice deal")
    make_opportunity(dan, name="Dan deal")
    client.force_login(admin_user)
    assert _names(client.get(BOARD)) == {"Alice deal", "Dan deal"}


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(BOARD)
    assert response.status_code == 302 and "/login/" in response["Location"]


# Cards and totals --------------------------------------------------------------------------


def test_columns_count_and_total_per_currency(client, alice):
    make_opportunity(alice, amount=1000, currency="EUR")  # Prospecting 10 %
    make_opportunity(alice, amount=3000, currency="EUR")
    make_opportunity(alice, amount=500, currency="USD")
    make_opportunity(alice, amount=2000, currency="EUR", stage="Proposal")  # 60 %
    client.force_login(alice)
    response = client.get(BOARD)
    prospecting = _column(response, "Prospecting")
    assert prospecting.count == 3
    assert [(t.currency, t.amount, t.weighted) for t in prospecting.currency_totals()] == [
        ("EUR", Decimal("4000.00"), Decimal("400.00")),
        ("USD", Decimal("500.00"), Decimal("50.00")),
    ]
    overall = {t.currency: (t.count, t.amount, t.weighted) for t in response.context["totals"]}
    assert overall == {
        "EUR": (3, Decimal("6000.00"), Decimal("1600.00")),
        "USD": (1, Decimal("500.00"), Decimal("50.00")),
    }
    page = _text(response)
    assert "4,000.00" in page and "1,600.00" in page


def test_card_shows_account_amount_close_date_and_next_step(client, alice):
    account = make_account(alice, name="Initech")
    make_opportunity(
        alice,
        account=account,
        name="Initech - printers",
        amount=1234,
        currency="EUR",
        expected_close_date=datetime.date(2031, 3, 15),
        next_step="Send the quote",
        next_step_date=datetime.date(2031, 1, 10),
    )
    client.force_login(alice)
    page = _text(client.get(BOARD))
    assert "Initech" in page and "1,234.00 EUR" in page and "10 %" in page
    assert "Send the quote" in page and "03/15/2031" in page


def test_overdue_next_step_is_flagged(client, alice):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    late = make_opportunity(alice, name="Late", next_step="Call", next_step_date=yesterday)
    make_opportunity(alice, name="On time", next_step="Call", next_step_date=tomorrow)
    client.force_login(alice)
    response = client.get(BOARD)
    flagged = {c.name for c in _column(response, "Prospecting").cards if c.next_step_overdue}
    assert flagged == {late.name}
    assert _text(response).count('data-testid="overdue"') == 1


def test_card_shows_a_restricted_account(client, alice, dan):
    secret = make_account(dan, name="Secret Labs")
    deal = make_opportunity(dan, account=secret, name="Shared deal")
    access.share(obj=deal, action="view", actor=dan, user=alice)
    client.force_login(alice)
    page = _text(client.get(BOARD))
    assert "Shared deal" in page and "restricted" in page and "Secret Labs" not in page


def test_only_cards_the_user_may_change_have_a_move_form(client, alice, bob):
    mine = make_opportunity(alice, name="Alice deal")
    theirs = make_opportunity(bob, name="Bob deal")
    client.force_login(alice)
    response = client.get(BOARD)
    page = _text(response)
    assert f'action="{move_url(mine)}"' in page
    assert f'action="{move_url(theirs)}"' not in page
    movable = {c.name for c in _column(response, "Prospecting").cards if c.can_move}
    assert movable == {"Alice deal"}


def test_manager_moves_the_teams_cards(client, alice, carol):
    """Managers change their team's deals (CRM_MANAGERS_CHANGE_TEAM_RECORDS): the board
    agrees with the deal's page."""
    deal = make_opportunity(alice)
    client.force_login(carol)
    assert move_url(deal) in _text(client.get(BOARD))


def test_manager_may_not_move_the_teams_cards_with_the_setting_off(client, settings, alice, carol):
    settings.CRM_MANAGERS_CHANGE_TEAM_RECORDS = False
    deal = make_opportunity(alice)
    client.force_login(carol)
    assert move_url(deal) not in _text(client.get(BOARD))


def test_move_select_offers_only_open_stages(client, alice):
    make_opportunity(alice)
    client.force_login(alice)
    page = _text(client.get(BOARD))
    assert f'<option value="{stage("Proposal").pk}"' in page
    assert f'<option value="{stage("Closed won").pk}"' not in page


def test_htmx_get_answers_the_board_alone(client, alice):
    make_opportunity(alice, name="Globex deal")
    client.force_login(alice)
    response = client.get(BOARD, **HTMX)
    page = _text(response)
    assert page.startswith('<div id="board"') and "<html" not in page
    assert "Globex deal" in page
    assert "HX-Request" in response["Vary"]


# Filters -----------------------------------------------------------------------------------


def test_owner_filter(client, alice, bob, carol):
    make_opportunity(alice, name="Alice deal")
    make_opportunity(bob, name="Bob deal")
    client.force_login(carol)
    assert _names(client.get(BOARD, {"owner": bob.pk})) == {"Bob deal"}


def test_team_filter(client, alice, dan, team_west, admin_user):
    make_opportunity(alice, name="Alice deal")
    make_opportunity(dan, name="Dan deal")
    client.force_login(admin_user)
    assert _names(client.get(BOARD, {"team": team_west.pk})) == {"Dan deal"}


def test_team_filter_never_widens_what_the_user_sees(client, alice, dan, team_west):
    make_opportunity(dan, name="Dan deal")
    client.force_login(alice)
    assert _names(client.get(BOARD, {"team": team_west.pk})) == set()


def _first_of_next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


@pytest.mark.parametrize(
    ("period", "shown", "hidden"),
    [
        ("this_month", "Today deal", "Far deal"),
        ("next_month", "Next month deal", "Today deal"),
        ("this_quarter", "Today deal", "Far deal"),
        ("overdue", "Overdue deal", "Today deal"),
        ("", "Far deal", "nothing"),
    ],
)
def test_close_period_filter(client, alice, period, shown, hidden):
    today = datetime.date.today()
    make_opportunity(alice, name="Today deal", expected_close_date=today)
    make_opportunity(
        alice, name="Overdue deal", expected_close_date=today - datetime.timedelta(days=1)
    )
    make_opportunity(alice, name="Next month deal", expected_close_date=_first_of_next_month(today))
    make_opportunity(
        alice, name="Far deal", expected_close_date=today + datetime.timedelta(days=400)
    )
    client.force_login(alice)
    names = _names(client.get(BOARD, {"period": period}))
    assert shown in names and hidden not in names


@pytest.mark.parametrize(
    ("today", "period", "expected"),
    [
        ("2026-11-23", "this_month", ("2026-11-01", "2026-12-01")),
        ("2026-12-15", "next_month", ("2027-01-01", "2027-02-01")),
        ("2026-11-23", "this_quarter", ("2026-10-01", "2027-01-01")),
        ("2026-11-23", "next_quarter", ("2027-01-01", "2027-04-01")),
        ("2026-02-10", "next_quarter", ("2026-04-01", "2026-07-01")),
        ("2026-11-23", "overdue", (None, "2026-11-23")),
        ("2026-11-23", "", (None, None)),
    ],
)
def test_close_period_ranges(today, period, expected):
    as_date = datetime.date.fromisoformat
    result = period_range(period, as_date(today))
    assert result == tuple(as_date(d) if d else None for d in expected)


def test_bad_filter_values_are_ignored(client, alice):
    make_opportunity(alice, name="Alice deal")
    client.force_login(alice)
    for query in (
        {"owner": "abc", "team": "999999", "period": "someday"},
        {"owner": "99999999999999999999999", "team": "-1"},
        {"owner": ["1", "2"], "period": "\x00"},
    ):
        response = client.get(BOARD, query)
        assert response.status_code == 200
        assert _names(response) == {"Alice deal"}


def test_a_bad_filter_does_not_drop_the_good_ones(client, alice, bob, carol):
    make_opportunity(alice, name="Alice deal")
    make_opportunity(bob, name="Bob deal")
    client.force_login(carol)
    assert _names(client.get(BOARD, {"owner": bob.pk, "period": "bogus"})) == {"Bob deal"}


# Moving a card -----------------------------------------------------------------------------


def test_move_without_htmx_returns_to_the_board_with_its_filters(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    next_url = f"{BOARD}?owner={alice.pk}&period=this_quarter"
    response = client.post(move_url(deal), {"stage": stage("Proposal").pk, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    deal.refresh_from_db()
    assert (deal.stage.name, deal.probability) == ("Proposal", 60)
    page = _text(client.get(response["Location"]))
    assert "moved to Proposal (60 %)" in page


def test_move_writes_history(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    client.post(move_url(deal), {"stage": stage("Proposal").pk})
    rows = {
        (h.field, h.old_value, h.new_value, h.changed_by_id)
        for h in OpportunityHistory.objects.filter(opportunity=deal).exclude(field="created")
    }
    assert rows == {
        ("stage", "Prospecting", "Proposal", alice.pk),
        ("probability", "10", "60", alice.pk),
    }


def test_move_with_htmx_answers_the_board_with_new_counts_and_totals(client, alice):
    deal = make_opportunity(alice, amount=1000, currency="EUR")
    make_opportunity(alice, amount=3000, currency="EUR")
    client.force_login(alice)
    response = client.post(move_url(deal), {"stage": stage("Proposal").pk, "next": BOARD}, **HTMX)
    assert response.status_code == 200
    page = _text(response)
    assert page.startswith('<div id="board"') and "<html" not in page
    proposal = _column(response, "Proposal")
    assert [c.pk for c in proposal.cards] == [deal.pk]
    assert [(t.amount, t.weighted) for t in proposal.currency_totals()] == [
        (Decimal("1000.00"), Decimal("600.00"))
    ]
    assert _column(response, "Prospecting").count == 1
    deal.refresh_from_db()
    assert (deal.stage.name, deal.probability) == ("Proposal", 60)


def test_htmx_move_keeps_the_boards_filters(client, alice, bob, carol, admin_user):
    deal = make_opportunity(alice, name="Alice deal")
    make_opportunity(bob, name="Bob deal")
    client.force_login(admin_user)
    response = client.post(
        move_url(deal),
        {"stage": stage("Proposal").pk, "next": f"{BOARD}?owner={alice.pk}"},
        **HTMX,
    )
    assert _names(response) == {"Alice deal"}


def test_move_to_the_same_stage_changes_nothing(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    response = client.post(move_url(deal), {"stage": stage("Prospecting").pk}, follow=True)
    assert "is already in Prospecting." in _text(response)
    assert not OpportunityHistory.objects.filter(opportunity=deal, field="stage").exists()


def test_move_to_a_closed_stage_is_refused(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    response = client.post(move_url(deal), {"stage": stage("Closed won").pk}, **HTMX)
    assert response.status_code == 400
    assert "Close the opportunity as won or lost from its page instead." in _text(response)
    deal.refresh_from_db()
    assert (deal.stage.name, deal.closed_at) == ("Prospecting", None)


def test_move_to_a_closed_stage_without_htmx_says_so_on_the_board(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    response = client.post(move_url(deal), {"stage": stage("Closed lost").pk}, follow=True)
    assert response.redirect_chain == [(BOARD, 302)]
    assert "was not moved" in _text(response)
    deal.refresh_from_db()
    assert deal.stage.name == "Prospecting"


def test_move_of_a_closed_opportunity_is_refused(client, alice):
    deal = make_opportunity(alice)
    services.opportunity_close(actor=alice, opportunity=deal, won=False, reason="Budget")
    client.force_login(alice)
    response = client.post(move_url(deal), {"stage": stage("Proposal").pk}, **HTMX)
    assert response.status_code == 400
    assert "A closed opportunity cannot be moved" in _text(response)
    deal.refresh_from_db()
    assert deal.stage.name == "Closed lost"


@pytest.mark.parametrize("value", ["987654321", "99999999999999999999999", "", "-1"])
def test_unknown_stage_id_is_a_bad_request(client, alice, value):
    deal = make_opportunity(alice)
    client.force_login(alice)
    response = client.post(move_url(deal), {"stage": value}, **HTMX)
    assert response.status_code == 400
    assert 'data-testid="board-error"' in _text(response)
    deal.refresh_from_db()
    assert deal.stage.name == "Prospecting"


def test_non_numeric_stage_is_a_bad_request(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    response = client.post(move_url(deal), {"stage": "Proposal"}, **HTMX)
    assert response.status_code == 400
    assert "That stage does not exist" in _text(response)


def test_unknown_stage_without_htmx_is_a_message_on_the_board(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    response = client.post(move_url(deal), {"stage": "abc"}, follow=True)
    assert response.redirect_chain == [(BOARD, 302)]
    assert "That stage does not exist" in _text(response)


def test_missing_stage_is_a_bad_request(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    response = client.post(move_url(deal), {}, **HTMX)
    assert response.status_code == 400
    assert "Choose a stage." in _text(response)


def test_unknown_opportunity_is_404(client, alice):
    client.force_login(alice)
    response = client.post("/opportunities/987654321/move/", {"stage": stage("Proposal").pk})
    assert response.status_code == 404


def test_other_teams_opportunity_is_404_and_unchanged(client, alice, dan):
    deal = make_opportunity(alice)
    client.force_login(dan)
    response = client.post(move_url(deal), {"stage": stage("Proposal").pk}, **HTMX)
    assert response.status_code == 404
    deal.refresh_from_db()
    assert deal.stage.name == "Prospecting"


def test_viewer_may_not_move_a_card(client, alice, bob):
    deal = make_opportunity(alice)
    client.force_login(bob)
    response = client.post(move_url(deal), {"stage": stage("Proposal").pk})
    assert response.status_code == 403
    deal.refresh_from_db()
    assert (deal.stage.name, deal.probability, deal.version) == ("Prospecting", 10, 1)
    assert not OpportunityHistory.objects.filter(opportunity=deal, field="stage").exists()


def test_viewer_move_with_htmx_is_403_and_the_board_shows_the_card_back(client, alice, bob):
    deal = make_opportunity(alice, name="Alice deal")
    client.force_login(bob)
    response = client.post(move_url(deal), {"stage": stage("Proposal").pk, "next": BOARD}, **HTMX)
    assert response.status_code == 403
    assert "You may only view Alice deal; it was not moved." in _text(response)
    assert [c.name for c in _column(response, "Prospecting").cards] == ["Alice deal"]
    deal.refresh_from_db()
    assert deal.stage.name == "Prospecting"


def test_change_shared_with_a_teammate_lets_him_move_it(client, alice, bob):
    deal = make_opportunity(alice)
    access.share(obj=deal, action="change", actor=alice, user=bob)
    client.force_login(bob)
    assert move_url(deal) in _text(client.get(BOARD))
    client.post(move_url(deal), {"stage": stage("Negotiation").pk})
    deal.refresh_from_db()
    assert (deal.stage.name, deal.probability) == ("Negotiation", 80)


def test_get_on_the_move_url_is_405(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    assert client.get(move_url(deal)).status_code == 405


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/opportunities/pipeline/", "/contacts/", "/x\r\ny"],
)
def test_move_returns_only_to_the_board(client, alice, next_url):
    deal = make_opportunity(alice)
    client.force_login(alice)
    response = client.post(move_url(deal), {"stage": stage("Proposal").pk, "next": next_url})
    assert response["Location"] == BOARD


# Query counts ------------------------------------------------------------------------------


def _fill_board(owner, other, count: int) -> None:
    """Cards over every open stage, two currencies, a few accounts, overdue next steps and
    some view-only ones (shared by `other`)."""
    stages = list(OpportunityStage.objects.filter(kind="open"))
    accounts = [make_account(owner) for _ in range(3)]
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    for i in range(count):
        deal = make_opportunity(
            other if i % 5 == 0 else owner,
            account=None if i % 5 == 0 else accounts[i % 3],
            stage=stages[i % len(stages)].name,
            currency=["EUR", "USD"][i % 2],
            amount=100 + i,
            next_step="Call",
            next_step_date=yesterday if i % 3 == 0 else None,
        )
        if i % 5 == 0:
            access.share(obj=deal, action="view", actor=other, user=owner)


def test_board_query_count_does_not_grow_with_cards(client, alice, dan):
    make_opportunity(alice)
    client.force_login(alice)
    # 13: the exchange rates for the converted totals (tests/opportunities/test_pipeline_totals.py)
    assert_flat_queries(client, BOARD, grow=lambda: _fill_board(alice, dan, 50), budget=13)


def test_filtered_htmx_board_query_count_does_not_grow_with_cards(client, alice, dan):
    make_opportunity(alice)
    client.force_login(alice)
    url = f"{BOARD}?owner={alice.pk}&period=this_quarter"
    assert_flat_queries(client, url, grow=lambda: _fill_board(alice, dan, 50), budget=12, **HTMX)


def test_manager_board_query_count_does_not_grow_with_cards(client, alice, carol, dan):
    make_opportunity(alice)
    client.force_login(carol)
    # 13: the exchange rates for the converted totals (tests/opportunities/test_pipeline_totals.py)
    assert_flat_queries(client, BOARD, grow=lambda: _fill_board(alice, dan, 50), budget=13)


def test_move_query_count_does_not_grow_with_cards(client, alice, dan):
    first = make_opportunity(alice)
    second = make_opportunity(alice)
    client.force_login(alice)

    def move(deal, stage_name) -> int:
        data = {"stage": stage(stage_name).pk}
        return count_queries(client, move_url(deal), method="post", data=data, **HTMX)

    move(first, "Qualification")
    one = move(first, "Proposal")
    _fill_board(alice, dan, 50)
    assert move(second, "Proposal") == one
