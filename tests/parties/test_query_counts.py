"""Every list and detail page makes the same number of SQL queries with 1 row and 50."""

import pytest

from parties import services
from parties.models import ContactMechKind
from tests.factories import make_account, make_contact, make_customer, make_lead
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db

# Budgets, today's count per page: a page that needs more has grown a query per row or a new
# panel; look before raising.
CONTACT_LIST_BUDGETS = {
    # +3 (lists): the tag filter's choices, the rows' tag chips, the saved-views bar.
    "/contacts/": 12,
    "/contacts/?scope=mine&sort=-updated": 12,
    # The search across every kind: for each kind its matching ids and the visible hits.
    "/search/?q=example": 20,
}
# A panel per kind of record: leads, recent, shared, 2 opportunities, 2 events (today, tasks),
# (tasks read as owned and invited), and how many events the user was granted (see
# events.selectors.events_visible_to).
DASHBOARD_BUDGET = 22


def _populate_contacts(owner, sharer, n):
    account = make_account(sharer)
    for i in range(n):
        contact = make_contact(
            owner if i % 2 else sharer,
            email=f"person{i}@example.com",
            phone=f"+44 20 7946 0{i:03d}",
            account=account if i % 3 != 2 else None,
        )
        if contact.owner == sharer:
            services.party_share(actor=sharer, party=contact, action="view", user=owner)


@pytest.mark.parametrize("url", list(CONTACT_LIST_BUDGETS))
def test_contact_list_queries_do_not_grow_with_rows(client, alice, dan, url):
    client.force_login(alice)
    _populate_contacts(alice, dan, 2)  # one of dan's shared with alice, one of alice's own
    assert_flat_queries(
        client,
        url,
        grow=lambda: _populate_contacts(alice, dan, 48),
        budget=CONTACT_LIST_BUDGETS[url],
    )


def test_account_list_queries_do_not_grow_with_rows(client, alice):
    client.force_login(alice)
    make_account(alice, phone="+44 20 7946 0001", website="one.example")

    def grow():
        for i in range(49):
            make_account(alice, email=f"info{i}@example.org")

    # +3: the tag filter's choices, the rows' tag chips, the saved-views bar
    assert_flat_queries(client, "/accounts/", grow=grow, budget=11)


def test_customer_list_queries_do_not_grow_with_rows(client, erin, alice):
    client.force_login(erin)
    make_customer(alice)

    def grow():
        for i in range(49):
            make_customer(alice, email=f"c{i}@example.com", first_name=f"C{i}")

    # +3: the tag filter's choices, the rows' tag chips, the saved-views bar
    assert_flat_queries(client, "/customers/", grow=grow, budget=10)


def test_dashboard_queries_do_not_grow_with_rows(client, alice, dan):
    client.force_login(alice)
    _populate_contacts(alice, dan, 2)  # one row in each dashboard panel
    make_lead(alice)

    def grow():
        _populate_contacts(alice, dan, 30)
        for _ in range(15):
            make_lead(alice, company_name="Initech")

    assert_flat_queries(client, "/", grow=grow, budget=DASHBOARD_BUDGET)


def _grow_party(owner, party, n, other_accounts):
    for i in range(n):
        services.contact_mech_add(
            actor=owner,
            party=party,
            kind=ContactMechKind.EMAIL,
            value=f"x{i}@example.com",
            purposes=[],
        )
        services.consent_record(
            actor=owner,
            party=party,
            purpose="MARKETING_EMAIL",
            granted=bool(i % 2),
            source="PHONE",
        )
        services.party_update(
            actor=owner,
            party=party,
            expected_version=party.version + i,
            description=f"note {i}",
        )
    for account in other_accounts:
        rel = services.employment_start(actor=owner, person=party, organization=account)
        services.relationship_end(actor=owner, relationship=rel)


def test_contact_detail_queries_do_not_grow_with_related_rows(client, alice, dan):
    client.force_login(alice)
    contact = make_contact(alice, email="a@example.com", account=make_account(alice))
    url = f"/contacts/{contact.pk}/"

    def grow():
        # Related rows of every kind: mechs, consents, history, relationships to visible and
        # restricted accounts.
        accounts = [make_account(alice) for _ in range(10)] + [make_account(dan) for _ in range(10)]
        _grow_party(alice, contact, 20, accounts)

    # +1: tags, +2: notes, +2: the notes and files on the timeline
    assert_flat_queries(client, url, grow=grow, budget=26)


def test_account_detail_queries_do_not_grow_with_contacts(client, alice, dan):
    client.force_login(alice)
    account = make_account(alice)
    make_contact(alice, account=account)
    url = f"/accounts/{account.pk}/"

    def grow():
        for i in range(25):
            make_contact(alice if i % 2 else dan, account=account)

    # +1: tags, +2: notes, +1: the contact details' history in the timeline, +4: the roll-up of
    # its contacts' activities (2), deals and orders
    # +2: the notes and files on the timeline.
    assert_flat_queries(client, url, grow=grow, budget=30)


def test_customer_360_queries_do_not_grow_with_related_rows(client, erin, alice):
    client.force_login(erin)
    customer = make_customer(alice)
    url = f"/customers/{customer.pk}/"
    # 17 + 5 for the commerce panels (figures, orders, lists, reviews, journey), + 1 for the
    # cases panel (support).
    # +1: tags, +2: the notes panel, +1: the contact details' history in the timeline, +2: the
    # notes and files on the timeline
    assert_flat_queries(client, url, grow=lambda: _grow_party(alice, customer, 20, []), budget=29)


def test_sharing_page_queries_do_not_grow_with_grants(client, alice, personas):
    client.force_login(alice)
    contact = make_contact(alice)
    url = f"/contacts/{contact.pk}/sharing/"

    def grow():
        for name in ("dan", "erin", "mark", "bob", "carol"):
            services.party_share(actor=alice, party=contact, action="change", user=personas[name])

    assert_flat_queries(client, url, grow=grow, budget=16)
