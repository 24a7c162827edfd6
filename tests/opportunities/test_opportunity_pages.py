"""The opportunity pages as users see them: list with filters and totals, create, detail with
history, edit (stage and probability, conflicts), close and reopen, restricted accounts."""

import datetime

import pytest

from opportunities import services
from opportunities.models import Opportunity, OpportunityStage
from parties.services import party_share
from tests.factories import make_account, make_contact, make_opportunity
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def stage(name: str) -> OpportunityStage:
    return OpportunityStage.objects.get(name=name)


# List --------------------------------------------------------------------------------------


def test_list_shows_visible_opportunities_with_totals_per_currency(client, alice, dan):
    make_opportunity(alice, name="Big deal", amount=1000, currency="EUR")  # 10 %
    make_opportunity(alice, name="Small deal", amount=500, currency="EUR", stage="Proposal")
    make_opportunity(alice, name="Dollar deal", amount=300, currency="USD")
    make_opportunity(dan, name="Hidden deal", amount=99999, currency="EUR")
    client.force_login(alice)
    page = _text(client.get("/opportunities/"))
    assert "Big deal" in page and "Dollar deal" in page and "Hidden deal" not in page
    assert 'data-currency="EUR"' in page
    # EUR: 1,500.00 in all, weighted 100 + 300 = 400.00
    assert "1,500.00" in page and "400.00" in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"state": "won"}, "Won deal", "Open deal"),
        ({"state": "open"}, "Open deal", "Won deal"),
        ({"stage": "STAGE:Proposal"}, "Proposal deal", "Open deal"),
        ({"amount_min": "5000"}, "Proposal deal", "Open deal"),
        ({"amount_max": "1000"}, "Open deal", "Proposal deal"),
        ({"close_from": "2031-01-01"}, "Late deal", "Open deal"),
        ({"close_to": "2030-12-31"}, "Open deal", "Late deal"),
        ({"account": "umbr"}, "Late deal", "Open deal"),
    ],
)
def test_list_filters(client, alice, query, shown, hidden):
    make_opportunity(
        alice, name="Open deal", amount=100, expected_close_date=datetime.date(2030, 6, 1)
    )
    make_opportunity(
        alice,
        name="Proposal deal",
        amount=9000,
        stage="Proposal",
        expected_close_date=datetime.date(2030, 6, 2),
    )
    make_opportunity(
        alice,
        name="Late deal",
        amount=2000,
        account=make_account(alice, name="Umbrella"),
        expected_close_date=datetime.date(2031, 6, 1),
    )
    won = make_opportunity(alice, name="Won deal", amount=2500)
    services.opportunity_close(actor=alice, opportunity=won, won=True, reason="Price")
    query = {k: (stage(v[6:]).pk if str(v).startswith("STAGE:") else v) for k, v in query.items()}
    client.force_login(alice)
    page = _text(client.get("/opportunities/", query))
    assert shown in page and hidden not in page


def test_account_filter_never_matches_a_restricted_account(client, alice, dan):
    secret = make_account(dan, name="Secret Labs")
    deal = make_opportunity(dan, account=secret, name="Shared deal")
    from crm import access

    access.share(obj=deal, action="view", actor=dan, user=alice)
    client.force_login(alice)
    assert "Shared deal" in _text(client.get("/opportunities/"))
    assert "Shared deal" not in _text(client.get("/opportunities/", {"account": "secret"}))


def test_bad_filter_values_are_ignored(client, alice):
    client.force_login(alice)
    response = client.get(
        "/opportunities/",
        {"amount_min": "lots", "close_from": "soon", "stage": "x", "after": "garbage"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize("sort", ["close", "-amount", "name", "-updated"])
def test_list_pages_through_every_sort(client, alice, sort, settings):
    settings.CRM_PAGE_SIZE = 2
    for i in range(5):
        make_opportunity(alice, name=f"Deal {i}", amount=100 * (i + 1))
    client.force_login(alice)
    seen, url = [], f"/opportunities/?sort={sort}"
    for _ in range(3):
        response = client.get(url)
        page = response.context["page"]
        seen += [o.pk for o in page.items]
        if not page.has_next:
            break
        url = f"/opportunities/?sort={sort}&after={page.next_cursor}"
    assert sorted(seen) == sorted(Opportunity.objects.values_list("pk", flat=True))


def test_list_query_count_does_not_grow(client, alice):
    make_opportunity(alice)
    client.force_login(alice)

    def grow():
        for i in range(20):
            make_opportunity(alice, currency=["EUR", "USD"][i % 2])

    # +1: the partner filter's choices; +3: the tag filter's choices, the rows' tag chips,
    # the saved-views bar
    assert_flat_queries(client, "/opportunities/", grow=grow, budget=15)


# Create ------------------------------------------------------------------------------------


def _form_data(account, **extra):
    data = {
        "name": "Globex - 10 licences",
        "account": f"#{account.pk}",
        "amount": "2500",
        "currency": "EUR",
        "expected_close_date": "2027-01-31",
        "stage": stage("Qualification").pk,
        "type": "new_business",
    }
    return data | extra


def test_create_from_the_form(client, alice):
    account = make_account(alice, name="Globex")
    client.force_login(alice)
    response = client.post("/opportunities/new/", _form_data(account))
    deal = Opportunity.objects.get()
    assert response["Location"] == f"/opportunities/{deal.pk}/"
    assert (deal.probability, deal.amount, deal.owner) == (20, 2500, alice)


def test_create_prefilled_from_an_account_page(client, alice):
    account = make_account(alice, name="Globex")
    client.force_login(alice)
    page = _text(client.get(f"/opportunities/new/?account={account.pk}"))
    assert f'value="Globex (#{account.pk})"' in page and 'value="Globex - "' in page


def test_create_prefilled_from_a_contact_takes_the_employer(client, alice):
    account = make_account(alice, name="Globex")
    contact = make_contact(alice, first_name="Hank", last_name="Scorpio", account=account)
    client.force_login(alice)
    page = _text(client.get(f"/opportunities/new/?contact={contact.pk}"))
    assert f'value="Hank Scorpio (#{contact.pk})"' in page
    assert f'value="Globex (#{account.pk})"' in page


def test_prefill_ignores_records_the_user_may_not_see(client, alice, dan):
    hidden = make_account(dan, name="Hidden Corp")
    client.force_login(alice)
    page = _text(client.get(f"/opportunities/new/?account={hidden.pk}&contact=abc"))
    assert "Hidden Corp" not in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "-5", "greater than or equal to 0"),
        ("probability", "150", "less than or equal to 100"),
        ("currency", "XXX", "Select a valid choice"),
        ("expected_close_date", "31/31/2027", "Enter a valid date"),
        ("stage", "999999", "Select a valid choice"),
        ("name", "", "This field is required"),
    ],
)
def test_create_with_bad_input_keeps_the_form(client, alice, field, value, message):
    account = make_account(alice)
    client.force_login(alice)
    response = client.post("/opportunities/new/", _form_data(account, **{field: value}))
    assert response.status_code == 200 and message in _text(response)
    assert not Opportunity.objects.exists()


def test_create_with_a_tampered_account_is_refused(client, alice, dan):
    hidden = make_account(dan)
    client.force_login(alice)
    response = client.post("/opportunities/new/", _form_data(hidden))
    assert "No account you may see has that number" in _text(response)
    assert not Opportunity.objects.exists()


# Detail, edit, close, reopen ---------------------------------------------------------------


def test_detail_shows_a_restricted_account(client, alice, dan):
    secret = make_account(dan, name="Secret Labs")
    deal = make_opportunity(dan, account=secret, name="Shared deal")
    from crm import access

    access.share(obj=deal, action="view", actor=dan, user=alice)
    client.force_login(alice)
    page = _text(client.get(f"/opportunities/{deal.pk}/"))
    assert "Shared deal" in page and "restricted" in page and "Secret Labs" not in page


def test_edit_stage_takes_its_probability_and_history_shows_it(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    data = _form_data(deal.account, version=deal.version, probability=deal.probability)
    data["stage"] = stage("Negotiation").pk
    client.post(f"/opportunities/{deal.pk}/edit/", data)
    deal.refresh_from_db()
    assert (deal.stage.name, deal.probability) == ("Negotiation", 80)
    page = _text(client.get(f"/opportunities/{deal.pk}/"))
    assert "Prospecting</s> → Negotiation" in page and "10</s> → 80" in page


def test_edit_with_a_typed_probability_keeps_it(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    data = _form_data(deal.account, version=deal.version, probability="45")
    data["stage"] = stage("Negotiation").pk
    client.post(f"/opportunities/{deal.pk}/edit/", data)
    deal.refresh_from_db()
    assert deal.probability == 45


def test_second_editor_gets_changed_by_someone_else(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    data = _form_data(deal.account, version=deal.version)
    client.post(f"/opportunities/{deal.pk}/edit/", data | {"amount": "3000"})
    response = client.post(f"/opportunities/{deal.pk}/edit/", data | {"amount": "4000"})
    assert "changed by someone else" in _text(response)
    deal.refresh_from_db()
    assert deal.amount == 3000


def test_close_as_won_with_a_reason(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    response = client.post(
        f"/opportunities/{deal.pk}/close/", {"outcome": "won", "reason": "Best fit"}, follow=True
    )
    page = _text(response)
    assert "Closed as won" in page and "Best fit" in page
    deal.refresh_from_db()
    assert deal.is_closed and deal.stage.kind == "won"


def test_close_without_a_reason_says_so(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    response = client.post(
        f"/opportunities/{deal.pk}/close/", {"outcome": "lost", "reason": ""}, follow=True
    )
    assert "Say why it was lost" in _text(response)
    deal.refresh_from_db()
    assert not deal.is_closed


def test_closed_opportunity_edit_redirects_with_a_message(client, alice):
    deal = make_opportunity(alice)
    services.opportunity_close(actor=alice, opportunity=deal, won=False, reason="Budget")
    client.force_login(alice)
    response = client.get(f"/opportunities/{deal.pk}/edit/", follow=True)
    assert "reopen it to change it" in _text(response)


def test_reopen_from_the_page(client, alice, carol):
    deal = make_opportunity(alice)
    services.opportunity_close(actor=alice, opportunity=deal, won=False, reason="Budget")
    client.force_login(carol)
    response = client.post(
        f"/opportunities/{deal.pk}/reopen/", {"stage": stage("Proposal").pk}, follow=True
    )
    assert "open again" in _text(response)
    deal.refresh_from_db()
    assert not deal.is_closed and deal.stage.name == "Proposal"


def test_teammate_sees_the_deal_read_only(client, alice, bob):
    deal = make_opportunity(alice)
    client.force_login(bob)
    page = _text(client.get(f"/opportunities/{deal.pk}/"))
    assert "Close as won" not in page and f"/opportunities/{deal.pk}/edit/" not in page
    assert (
        client.post(
            f"/opportunities/{deal.pk}/close/", {"outcome": "won", "reason": "x"}
        ).status_code
        == 403
    )


def test_sharing_an_opportunity(client, alice, dan):
    deal = make_opportunity(alice)
    client.force_login(alice)
    client.post(
        f"/opportunities/{deal.pk}/sharing/",
        {"operation": "share", "user": dan.pk, "access": "view"},
    )
    client.force_login(dan)
    assert client.get(f"/opportunities/{deal.pk}/").status_code == 200


def test_detail_query_count_does_not_grow_with_history(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    url = f"/opportunities/{deal.pk}/"

    def grow():
        updated = deal
        for amount in range(1, 15):
            updated = services.opportunity_update(
                actor=alice, opportunity=updated, expected_version=updated.version, amount=amount
            )

    # +1: tags, +2: notes, +2: the notes and files on the timeline
    assert_flat_queries(client, url, grow=grow, budget=19)


def test_sharing_the_account_does_not_share_its_deals(client, alice, dan):
    deal = make_opportunity(alice)
    party_share(actor=alice, party=deal.account, action="view", user=dan)
    client.force_login(dan)
    assert client.get(f"/opportunities/{deal.pk}/").status_code == 404
