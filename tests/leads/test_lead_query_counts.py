"""The lead pages beyond list and detail (tested in test_lead_pages) make the same number of
SQL queries however many leads, status changes and contact details there are."""

import pytest

from leads import services
from parties.models import ContactMechKind
from parties.services import contact_mech_add
from tests.factories import make_lead
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db

# Each page's query budget: today's count (look before raising one).
BUDGETS = {
    "/leads/{pk}/edit/": 13,  # +1: the partner's choices
    "/leads/{pk}/convert/": 12,
    "/leads/{pk}/sharing/": 16,
    "/leads/{pk}/contact-mechs/new/": 9,
    "/leads/{pk}/vcard/": 11,
    "/leads/new/": 10,  # +1: the partner's choices
    "/leads/import/": 5,
    "/lead-sources/": 6,
}
PAGES = list(BUDGETS)


def _grow(owner, lead, n):
    for i in range(n):
        make_lead(owner, company_name=f"Other {i}")
        contact_mech_add(
            actor=owner,
            party=lead.party,
            kind=ContactMechKind.EMAIL,
            value=f"x{i}@example.com",
            purposes=[],
        )
        services.lead_set_status(actor=owner, lead=lead, status="QUALIFIED")
        services.lead_set_status(actor=owner, lead=lead, status="ASSIGNED")


@pytest.mark.parametrize("page", PAGES)
def test_lead_page_queries_do_not_grow(client, alice, page):
    lead = make_lead(
        alice, first_name="Ann", last_name="Lee", company_name="Initech", email="ann@example.com"
    )
    client.force_login(alice)
    url = page.format(pk=lead.pk)
    assert_flat_queries(client, url, grow=lambda: _grow(alice, lead, 20), budget=BUDGETS[page])
