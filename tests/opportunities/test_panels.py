"""Opportunities shown on other pages: the account and contact pages' panel (with its "New
opportunity" link), the dashboard's two panels and the campaign's won revenue."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from opportunities import services
from parties.services import party_share
from tests.factories import (
    make_account,
    make_campaign,
    make_contact,
    make_opportunity,
)
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def _panel(response) -> list[str]:
    return [o.name for o in response.context["opportunities_panel"].rows]


def _close(opportunity, *, won: bool = True):
    return services.opportunity_close(
        actor=opportunity.owner, opportunity=opportunity, won=won, reason="Decided"
    )


# Account and contact pages -----------------------------------------------------------------


def test_account_page_lists_the_account_opportunities(client, alice):
    account = make_account(alice, name="Globex")
    make_opportunity(alice, account=account, name="Globex - CRM", amount=1234, currency="EUR")
    make_opportunity(alice, name="Elsewhere - CRM")
    client.force_login(alice)
    response = client.get(f"/accounts/{account.pk}/")
    assert _panel(response) == ["Globex - CRM"]
    page = _text(response)
    assert "Globex - CRM" in page and "1,234.00 EUR" in page
    assert "Elsewhere - CRM" not in page


def test_account_panel_lists_only_opportunities_the_viewer_may_see(client, alice, dan):
    account = make_account(alice, name="Globex")
    party_share(actor=alice, party=account, action="view", user=dan)
    make_opportunity(alice, account=account, name="Globex - Alice deal")
    make_opportunity(dan, account=account, name="Globex - Dan deal")
    client.force_login(dan)
    response = client.get(f"/accounts/{account.pk}/")
    assert _panel(response) == ["Globex - Dan deal"]
    assert "Globex - Alice deal" not in _text(response)


def test_account_panel_shows_the_ten_latest_close_dates_and_links_to_all(client, alice):
    account = make_account(alice, name="Globex & Co")
    start = datetime.date(2030, 1, 1)
    for i in range(12):
        make_opportunity(
            alice,
            account=account,
            name=f"Deal {i:02d}",
            expected_close_date=start.replace(month=i + 1),
        )
    client.force_login(alice)
    response = client.get(f"/accounts/{account.pk}/")
    assert _panel(response) == [f"Deal {i:02d}" for i in range(11, 1, -1)]
    assert 'href="/opportunities/?account=Globex+%26+Co"' in _text(response)


def test_account_page_queries_do_not_grow_with_opportunities(client, alice, dan):
    account = make_account(alice)
    make_opportunity(alice, account=account)
    client.force_login(alice)
    url = f"/accounts/{account.pk}/"

    def grow():
        for i in range(14):
            make_opportunity(alice if i % 2 else dan, account=account, stage="Proposal")

    # +1: the cases panel (support); +1: the tags line; +2: the notes panel; +1: the contact
    # details' history in the timeline; +4: the roll-up of its contacts' activities, deals and
    # orders (2: the viewer's party-grant count, then the orders)
    # +2: the notes and files on the timeline.
    assert_flat_queries(client, url, grow=grow, budget=28)


def test_contact_page_lists_opportunities_where_the_contact_is_primary_or_has_a_role(client, alice):
    hank = make_contact(alice, first_name="Hank", last_name="Scorpio")
    make_opportunity(alice, name="Primary deal", primary_contact=hank)
    role_deal = make_opportunity(alice, name="Role deal")
    services.contact_role_add(actor=alice, opportunity=role_deal, contact=hank, role="evaluator")
    services.contact_role_add(actor=alice, opportunity=role_deal, contact=hank, role="user")
    make_opportunity(alice, name="Unrelated deal")
    client.force_login(alice)
    response = client.get(f"/contacts/{hank.pk}/")
    assert sorted(_panel(response)) == ["Primary deal", "Role deal"]
    assert "Unrelated deal" not in _text(response)


def test_contact_panel_lists_only_opportunities_the_viewer_may_see(client, alice, dan):
    hank = make_contact(alice, first_name="Hank", last_name="Scorpio")
    party_share(actor=alice, party=hank, action="view", user=dan)
    make_opportunity(alice, name="Alice deal", primary_contact=hank)
    client.force_login(dan)
    response = client.get(f"/contacts/{hank.pk}/")
    assert _panel(response) == []
    assert "Alice deal" not in _text(response)


def test_contact_page_queries_do_not_grow_with_opportunities(client, alice):
    hank = make_contact(alice)
    make_opportunity(alice, primary_contact=hank)
    client.force_login(alice)
    url = f"/contacts/{hank.pk}/"

    def grow():
        for _ in range(14):
            deal = make_opportunity(alice)
            services.contact_role_add(actor=alice, opportunity=deal, contact=hank, role="user")

    # +1: tags, +2: notes, +1: the contact details' history in the timeline, +2: the notes and
    # files on the timeline
    assert_flat_queries(client, url, grow=grow, budget=23)


def test_customer_page_has_no_opportunities_panel(client, alice, erin):
    from tests.factories import make_customer

    customer = make_customer(alice)
    client.force_login(erin)
    response = client.get(f"/customers/{customer.pk}/")
    assert "opportunities_panel" not in response.context
    assert 'data-testid="party-opportunities"' not in _text(response)


def test_new_opportunity_link_on_account_and_contact_pages(client, alice):
    account = make_account(alice)
    hank = make_contact(alice)
    client.force_login(alice)
    assert f'href="/opportunities/new/?account={account.pk}"' in _text(
        client.get(f"/accounts/{account.pk}/")
    )
    assert f'href="/opportunities/new/?contact={hank.pk}"' in _text(
        client.get(f"/contacts/{hank.pk}/")
    )


def test_new_opportunity_link_needs_the_right_to_add(client, alice, erin):
    account = make_account(alice)
    party_share(actor=alice, party=account, action="view", user=erin)
    client.force_login(erin)
    page = _text(client.get(f"/accounts/{account.pk}/"))
    assert 'data-testid="party-opportunities"' in page
    assert "/opportunities/new/" not in page


def test_new_opportunity_from_an_account_is_prefilled(client, alice):
    account = make_account(alice, name="Globex")
    client.force_login(alice)
    response = client.get(f"/opportunities/new/?account={account.pk}")
    form = response.context["form"]
    assert form.initial["account"] == account
    page = _text(response)
    assert f'value="Globex (#{account.pk})"' in page
    assert 'value="Globex - "' in page


def test_new_opportunity_from_a_contact_is_prefilled(client, alice):
    account = make_account(alice, name="Globex")
    hank = make_contact(alice, first_name="Hank", last_name="Scorpio", account=account)
    client.force_login(alice)
    page = _text(client.get(f"/opportunities/new/?contact={hank.pk}"))
    assert f'value="Hank Scorpio (#{hank.pk})"' in page
    assert 'value="Globex - "' in page


# Dashboard ---------------------------------------------------------------------------------


def _month_bounds() -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    first = today.replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return first, last


def _dashboard_names(client, key: str) -> list[str]:
    return [o.name for o in client.get("/").context[key]]


def test_dashboard_lists_my_open_opportunities_closing_this_month(client, alice):
    first, last = _month_bounds()
    make_opportunity(alice, name="Early", expected_close_date=first, amount=500, currency="EUR")
    make_opportunity(alice, name="Late", expected_close_date=last)
    client.force_login(alice)
    assert _dashboard_names(client, "closing_this_month") == ["Early", "Late"]
    page = _text(client.get("/"))
    assert "Early" in page and "500.00 EUR" in page and "Prospecting" in page


def test_dashboard_closing_panel_leaves_out_other_months_closed_and_others_deals(
    client, alice, bob
):
    first, last = _month_bounds()
    make_opportunity(alice, name="Last month", expected_close_date=first - datetime.timedelta(1))
    make_opportunity(alice, name="Next month", expected_close_date=last + datetime.timedelta(1))
    _close(make_opportunity(alice, name="Won already", expected_close_date=first))
    _close(make_opportunity(alice, name="Lost already", expected_close_date=first), won=False)
    make_opportunity(bob, name="Bob deal", expected_close_date=first)
    client.force_login(alice)
    assert _dashboard_names(client, "closing_this_month") == []
    page = _text(client.get("/"))
    for name in ("Last month", "Next month", "Won already", "Lost already", "Bob deal"):
        assert name not in page


def test_dashboard_lists_my_overdue_next_steps(client, alice):
    today = timezone.localdate()
    make_opportunity(
        alice,
        name="Overdue",
        next_step="Send the proposal",
        next_step_date=today - datetime.timedelta(days=3),
    )
    client.force_login(alice)
    assert _dashboard_names(client, "overdue_next_steps") == ["Overdue"]
    assert "Send the proposal" in _text(client.get("/"))


def test_dashboard_overdue_panel_leaves_out_due_today_closed_and_others_deals(client, alice, bob):
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    make_opportunity(alice, name="Due today", next_step_date=today)
    make_opportunity(alice, name="No next step")
    _close(make_opportunity(alice, name="Closed deal", next_step_date=yesterday))
    make_opportunity(bob, name="Bob deal", next_step_date=yesterday)
    client.force_login(alice)
    assert _dashboard_names(client, "overdue_next_steps") == []


def test_dashboard_panels_show_ten_rows_with_constant_queries(client, alice):
    first, _last = _month_bounds()
    overdue = timezone.localdate() - datetime.timedelta(days=1)
    make_opportunity(alice, expected_close_date=first, next_step_date=overdue)
    client.force_login(alice)

    def grow():
        for _ in range(12):
            make_opportunity(alice, expected_close_date=first, next_step_date=overdue)

    assert_flat_queries(client, "/", grow=grow, budget=20)
    response = client.get("/")
    assert len(response.context["closing_this_month"]) == 10
    assert len(response.context["overdue_next_steps"]) == 10


# Campaign: won revenue vs cost -------------------------------------------------------------


@pytest.fixture
def campaign(mark):
    return make_campaign(mark, currency="EUR", actual_cost=Decimal("300"))


def _campaign_stats(client, campaign):
    """The opportunities app's revenue panel on the campaign page, and the page."""
    response = client.get(f"/campaigns/{campaign.pk}/")
    return response.context["revenue"], _text(response)


def _won(alice, campaign, amount, currency="EUR"):
    return _close(make_opportunity(alice, campaign=campaign, amount=amount, currency=currency))


def test_campaign_won_revenue_and_return(client, mark, alice, campaign):
    _won(alice, campaign, Decimal("1000"))
    _won(alice, campaign, Decimal("250.50"))
    make_opportunity(alice, campaign=campaign, amount=5000, currency="EUR")  # open
    _close(make_opportunity(alice, campaign=campaign, amount=700, currency="EUR"), won=False)
    _won(alice, make_campaign(mark, name="Other"), Decimal("9000"))
    client.force_login(mark)
    stats, page = _campaign_stats(client, campaign)
    assert [(m.currency, m.amount) for m in stats.won] == [("EUR", Decimal("1250.50"))]
    assert stats.won_return == Decimal("950.50")
    assert 'data-stat="won-revenue"><span class="text-nowrap">1,250.50 EUR</span>' in page
    assert 'data-stat="won-return">950.50 EUR' in page


def test_campaign_won_revenue_leaves_out_reopened_deals(client, mark, alice, campaign):
    deal = _won(alice, campaign, Decimal("1000"))
    services.opportunity_reopen(actor=alice, opportunity=deal)
    client.force_login(mark)
    stats, _page = _campaign_stats(client, campaign)
    assert [(m.currency, m.amount) for m in stats.won] == [("EUR", Decimal("0.00"))]
    assert stats.won_return == Decimal("-300.00")


def test_campaign_won_revenue_in_several_currencies_has_no_return(client, mark, alice, campaign):
    _won(alice, campaign, Decimal("1000"))
    _won(alice, campaign, Decimal("400"), currency="USD")
    _won(alice, campaign, Decimal("100"), currency="USD")
    client.force_login(mark)
    stats, page = _campaign_stats(client, campaign)
    assert [(m.currency, m.amount) for m in stats.won] == [
        ("EUR", Decimal("1000.00")),
        ("USD", Decimal("500.00")),
    ]
    assert stats.won_return is None
    assert 'data-stat="won-return">—' in page
    assert "500.00 USD" in page


def test_campaign_return_needs_an_actual_cost(client, mark, alice):
    campaign = make_campaign(mark, currency="EUR")
    _won(alice, campaign, Decimal("1000"))
    client.force_login(mark)
    stats, page = _campaign_stats(client, campaign)
    assert stats.won_return is None
    assert "No actual cost recorded yet." in page


def test_campaign_page_queries_do_not_grow_with_won_deals(client, mark, alice, campaign):
    _won(alice, campaign, Decimal("10"))
    _won(alice, campaign, Decimal("10"), currency="USD")
    client.force_login(mark)
    url = f"/campaigns/{campaign.pk}/"

    def grow():
        for i in range(10):
            _won(alice, campaign, Decimal("10"), currency="USD" if i % 2 else "GBP")

    assert_flat_queries(client, url, grow=grow, budget=9)
