"""Opportunity services: create, stage and probability, history, close and reopen, access."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crm.exceptions import ConcurrentUpdate
from opportunities import services
from opportunities.models import Opportunity, OpportunityHistory, OpportunityStage
from opportunities.selectors import opportunities_visible_to, totals_by_currency
from tests.factories import make_account, make_contact, make_opportunity

pytestmark = pytest.mark.django_db


def stage(name: str) -> OpportunityStage:
    return OpportunityStage.objects.get(name=name)


def history(opportunity) -> list[tuple[str, str, str]]:
    return list(
        OpportunityHistory.objects.filter(opportunity=opportunity)
        .exclude(field="created")
        .order_by("changed_at", "id")
        .values_list("field", "old_value", "new_value")
    )


def test_stages_are_seeded_in_order():
    assert list(OpportunityStage.objects.values_list("name", "probability", "kind")) == [
        ("Prospecting", 10, "open"),
        ("Qualification", 20, "open"),
        ("Needs analysis", 40, "open"),
        ("Proposal", 60, "open"),
        ("Negotiation", 80, "open"),
        ("Closed won", 100, "won"),
        ("Closed lost", 0, "lost"),
    ]


def test_create_takes_the_stage_probability_and_the_account_currency(alice):
    account = make_account(alice, name="Globex", preferred_currency="GBP")
    deal = make_opportunity(alice, account=account, stage="Needs analysis", amount=5000)
    assert (deal.probability, deal.currency, deal.owner) == (40, "GBP", alice)
    assert deal.weighted_amount == Decimal("2000.00")
    assert OpportunityHistory.objects.filter(opportunity=deal, field="created").exists()


def test_create_without_account_currency_uses_the_default(alice, settings):
    settings.CRM_DEFAULT_CURRENCY = "USD"
    assert make_opportunity(alice).currency == "USD"


def test_owner_team_sees_it_other_team_does_not(alice, bob, carol, dan):
    deal = make_opportunity(alice)
    for user, sees in ((alice, True), (bob, True), (carol, True), (dan, False)):
        assert opportunities_visible_to(user).filter(pk=deal.pk).exists() == sees, user


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"amount": -1}, "amount"),
        ({"probability": 101}, "probability"),
        ({"currency": "XXX"}, "currency"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_values_are_refused(alice, fields, field):
    with pytest.raises(ValidationError) as exc:
        make_opportunity(alice, **fields)
    assert field in exc.value.message_dict
    assert not Opportunity.objects.exists()


def test_a_new_opportunity_cannot_start_closed(alice):
    with pytest.raises(ValidationError):
        make_opportunity(alice, stage="Closed won")


def test_account_must_be_an_account_and_contact_a_contact(alice):
    contact = make_contact(alice)
    with pytest.raises(ValidationError) as exc:
        make_opportunity(alice, account=make_account(alice), primary_contact=make_account(alice))
    assert "primary_contact" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        make_opportunity(alice, account=contact)
    assert "account" in exc.value.message_dict


def test_stage_change_sets_the_default_probability(alice):
    deal = make_opportunity(alice)
    deal = services.opportunity_update(
        actor=alice, opportunity=deal, expected_version=deal.version, stage=stage("Proposal")
    )
    assert deal.probability == 60
    assert history(deal) == [("stage", "Prospecting", "Proposal"), ("probability", "10", "60")]


def test_probability_typed_in_the_same_edit_wins(alice):
    deal = make_opportunity(alice)
    deal = services.opportunity_update(
        actor=alice,
        opportunity=deal,
        expected_version=deal.version,
        stage=stage("Proposal"),
        probability=35,
    )
    assert deal.probability == 35


def test_amount_and_close_date_changes_are_recorded(alice):
    deal = make_opportunity(alice, amount=1000, expected_close_date=datetime.date(2027, 1, 31))
    services.opportunity_update(
        actor=alice,
        opportunity=deal,
        expected_version=deal.version,
        amount=Decimal("1500"),
        expected_close_date=datetime.date(2027, 2, 28),
        next_step="Call the CFO",
    )
    rows = OpportunityHistory.objects.filter(opportunity=deal).exclude(field="created")
    assert set(rows.values_list("field", "old_value", "new_value", "changed_by__username")) == {
        ("amount", "1000.00", "1500.00", "alice"),
        ("expected_close_date", "2027-01-31", "2027-02-28", "alice"),
    }


def test_concurrent_edit_is_refused(alice):
    deal = make_opportunity(alice)
    version = deal.version
    services.opportunity_update(actor=alice, opportunity=deal, expected_version=version, amount=5)
    with pytest.raises(ConcurrentUpdate):
        services.opportunity_update(
            actor=alice, opportunity=deal, expected_version=version, amount=7
        )
    deal.refresh_from_db()
    assert deal.amount == 5


def test_close_as_won_needs_a_reason_and_sets_the_close_date(alice):
    deal = make_opportunity(alice, expected_close_date=datetime.date(2030, 1, 1))
    with pytest.raises(ValidationError):
        services.opportunity_close(actor=alice, opportunity=deal, won=True, reason=" ")
    deal = services.opportunity_close(
        actor=alice, opportunity=deal, won=True, reason="Best price and fast delivery"
    )
    assert deal.stage.name == "Closed won" and deal.probability == 100
    assert deal.closed_at is not None
    assert deal.expected_close_date == datetime.date.today()
    assert ("stage", "Prospecting", "Closed won") in history(deal)


def test_a_closed_opportunity_is_read_only(alice):
    deal = make_opportunity(alice)
    deal = services.opportunity_close(actor=alice, opportunity=deal, won=False, reason="Budget")
    with pytest.raises(ValidationError):
        services.opportunity_update(
            actor=alice, opportunity=deal, expected_version=deal.version, amount=1
        )
    with pytest.raises(ValidationError):
        services.opportunity_move(actor=alice, opportunity=deal, stage=stage("Proposal"))
    with pytest.raises(ValidationError):
        services.opportunity_close(actor=alice, opportunity=deal, won=True, reason="again")


def test_owner_or_manager_reopens_a_teammate_may_not(alice, bob, carol):
    deal = make_opportunity(alice)
    deal = services.opportunity_close(actor=alice, opportunity=deal, won=False, reason="Budget")
    with pytest.raises(PermissionDenied):
        services.opportunity_reopen(actor=bob, opportunity=deal)
    deal = services.opportunity_reopen(actor=carol, opportunity=deal, stage=stage("Proposal"))
    assert (deal.stage.name, deal.probability, deal.closed_at, deal.close_reason) == (
        "Proposal",
        60,
        None,
        "",
    )


def test_the_board_move_refuses_closed_stages(alice):
    deal = make_opportunity(alice)
    with pytest.raises(ValidationError):
        services.opportunity_move(actor=alice, opportunity=deal, stage=stage("Closed won"))


def test_reassigning_moves_the_rights_and_is_recorded(alice, bob, carol):
    deal = make_opportunity(alice)
    services.opportunity_reassign(actor=carol, opportunity=deal, new_owner=bob)
    deal.refresh_from_db()
    assert deal.owner == bob
    assert ("owner", "alice", "bob") in list(
        deal.history.values_list("field", "old_value", "new_value")
    )


def test_totals_per_currency_round_half_up(alice):
    make_opportunity(alice, amount=Decimal("100.10"), probability=15, currency="EUR")
    make_opportunity(alice, amount=Decimal("200.00"), probability=33, currency="EUR")
    make_opportunity(alice, amount=Decimal("50.00"), currency="USD")
    totals = {t.currency: t for t in totals_by_currency(Opportunity.objects.all())}
    # 100.10 x 15% = 15.015 -> 15.02 half-up; 200 x 33% = 66.00
    assert (totals["EUR"].count, totals["EUR"].amount, totals["EUR"].weighted) == (
        2,
        Decimal("300.10"),
        Decimal("81.02"),
    )
    assert (totals["USD"].count, totals["USD"].amount, totals["USD"].weighted) == (
        1,
        Decimal("50.00"),
        Decimal("5.00"),
    )
