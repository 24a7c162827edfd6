"""An account's page rolls up its current contacts' activities, deals and orders, each "from
<contact>" (issue 17 item 7): only what the viewer may see, a keyset page at a time, in a
constant number of queries."""

import datetime

import pytest

from crm import access
from parties.services import employment_start, relationship_end
from tests.factories import (
    make_account,
    make_contact,
    make_customer,
    make_event,
    make_opportunity,
    make_order,
)
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def account(alice):
    return make_account(alice, name="Globex")


@pytest.fixture
def contact(alice, account):
    return make_contact(alice, first_name="Hank", last_name="Scorpio", account=account)


def _section(page: str, testid: str) -> str:
    start = page.index(f'data-testid="{testid}"')
    return page[start : page.index("</section>", start)]


def test_account_page_shows_its_contacts_activities_deals_and_orders(
    client, alice, account, contact
):
    make_event(alice, party=contact, subject="Call about the roof")
    make_opportunity(
        alice, account=make_account(alice, name="Other"), name="Roof deal", primary_contact=contact
    )
    buyer = make_customer(alice, first_name="Marge", last_name="Bouvier")
    employment_start(actor=alice, person=buyer, organization=account)
    order = make_order(alice, buyer)
    client.force_login(alice)
    page = client.get(f"/accounts/{account.pk}/").content.decode()
    events = _section(page, "contact-activities")
    assert "Call about the roof" in events and "Hank Scorpio" in events
    deals = _section(page, "contact-opportunities")
    assert "Roof deal" in deals and "from" in deals and "Hank Scorpio" in deals
    orders = _section(page, "contact-orders")
    assert order.number in orders and "Marge Bouvier" in orders


def test_only_what_the_viewer_may_see(client, alice, bob, dan, account, contact):
    make_event(bob, party=contact, subject="Bob's private meeting")
    deal = make_opportunity(alice, account=account, name="Shared deal", primary_contact=contact)
    access.share(obj=account, action="view", actor=alice, user=dan)
    access.share(obj=deal, action="view", actor=alice, user=dan)
    client.force_login(alice)
    assert "Bob's private meeting" not in client.get(f"/accounts/{account.pk}/").content.decode()
    client.force_login(dan)
    page = client.get(f"/accounts/{account.pk}/").content.decode()
    deals = _section(page, "contact-opportunities")
    assert "Shared deal" in deals
    assert "restricted" in deals and "Hank Scorpio" not in deals
    assert 'data-testid="contact-activities"' not in page  # dan sees none of them


def test_a_roll_up_with_nothing_to_show_is_left_out(client, alice, account, contact):
    make_event(alice, party=contact, subject="Call about the roof")
    client.force_login(alice)
    page = client.get(f"/accounts/{account.pk}/").content.decode()
    assert 'data-testid="contact-activities"' in page
    assert 'data-testid="contact-opportunities"' not in page
    assert 'data-testid="contact-orders"' not in page


def test_former_contacts_are_not_rolled_up(client, alice, account, contact):
    make_event(alice, party=contact, subject="Old call")
    relationship_end(actor=alice, relationship=contact.relationships_from.get())
    client.force_login(alice)
    assert "Old call" not in client.get(f"/accounts/{account.pk}/").content.decode()


def test_the_deals_are_keyset_paged_within_the_page(client, alice, account, contact):
    today = datetime.date.today()
    for i in range(12):
        make_opportunity(
            alice,
            account=account,
            name=f"Deal {i:02}",
            primary_contact=contact,
            expected_close_date=today + datetime.timedelta(days=i + 1),
        )
    client.force_login(alice)
    page = client.get(f"/accounts/{account.pk}/").content.decode()
    deals = _section(page, "contact-opportunities")
    assert "Deal 11" in deals and "Deal 02" in deals and "Deal 01" not in deals
    more = deals.split("Show more")[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    older = _section(
        client.get(f"/accounts/{account.pk}/{more}").content.decode(), "contact-opportunities"
    )
    assert "Deal 01" in older and "Deal 00" in older and "Deal 11" not in older
    assert "Newer" in older


def test_a_tampered_cursor_shows_the_first_page(client, alice, account, contact):
    make_opportunity(alice, account=account, name="Deal A", primary_contact=contact)
    client.force_login(alice)
    response = client.get(f"/accounts/{account.pk}/?contact_deals_after=nonsense")
    assert response.status_code == 200
    assert "Deal A" in _section(response.content.decode(), "contact-opportunities")


def test_account_page_queries_do_not_grow_with_contacts_and_rows(client, alice, account, contact):
    make_event(alice, party=contact)
    make_opportunity(alice, account=account, primary_contact=contact)
    first_buyer = make_customer(alice)
    employment_start(actor=alice, person=first_buyer, organization=account)
    make_order(alice, first_buyer)
    client.force_login(alice)

    def grow():
        for i in range(8):
            person = make_contact(alice, first_name=f"P{i}", last_name="Person", account=account)
            make_event(alice, party=person, subject=f"Meeting {i}")
            make_opportunity(alice, account=account, primary_contact=person, name=f"D{i}")
            buyer = make_customer(alice, first_name=f"B{i}", last_name="Buyer")
            employment_start(actor=alice, person=buyer, organization=account)
            make_order(alice, buyer)

    assert_flat_queries(client, f"/accounts/{account.pk}/", grow=grow, budget=45)
