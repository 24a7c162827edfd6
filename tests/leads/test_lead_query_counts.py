"""The lead pages beyond list and detail (tested in test_lead_pages) make the same number of
SQL queries however many leads, status changes and contact details there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leads import services
from parties.models import ContactMechKind
from parties.services import contact_mech_add
from tests.factories import make_lead

pytestmark = pytest.mark.django_db

PAGES = [
    "/leads/{pk}/edit/",
    "/leads/{pk}/convert/",
    "/leads/{pk}/sharing/",
    "/leads/{pk}/contact-mechs/new/",
    "/leads/{pk}/vcard/",
    "/leads/new/",
    "/leads/import/",
    "/lead-sources/",
]


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


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
    _count(client, url)  # warm up the session and the content types
    one = _count(client, url)
    _grow(alice, lead, 20)
    assert _count(client, url) == one
