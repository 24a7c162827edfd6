"""Marketing (mark) sees every customer's names, e-mail addresses, phone numbers and consent
for list building (parties.list_customers): the customer list, a reduced customer page, the
contact-list picker; never the customer's orders, cases, reviews, journey or sharing."""

import pytest

from leads.models import ContactListMember
from parties.services import consent_record
from tests.factories import make_contact, make_contact_list, make_customer, make_order
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(alice):
    return make_customer(alice, first_name="Marge", last_name="Bouvier", email="marge@example.com")


def test_marketing_lists_every_customer(client, alice, mark, customer):
    make_contact(alice, first_name="Hank", last_name="Scorpio")
    client.force_login(mark)
    page = client.get("/customers/").content.decode()
    assert "Marge Bouvier" in page
    assert client.get("/contacts/").content.decode().count("Hank Scorpio") == 0


def test_the_reduced_customer_page_shows_names_email_and_consent_only(
    client, alice, mark, customer
):
    consent_record(
        actor=alice, party=customer, purpose="MARKETING_EMAIL", granted=True, source="WEB_FORM"
    )
    make_order(alice, customer)
    client.force_login(mark)
    response = client.get(f"/customers/{customer.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Marge Bouvier" in page
    assert "marge@example.com" in page
    assert "Marketing e-mail" in page and "Granted" in page
    # No address, no orders, no timeline, journey or sharing.
    assert "1 High Street" not in page
    assert 'data-testid="order-history"' not in page
    assert "Timeline" not in page
    assert f"/customers/{customer.pk}/journey/" not in page
    assert f"/customers/{customer.pk}/sharing/" not in page
    assert 'name="purpose"' not in page  # no consent form: Marketing does not record it


def test_what_follows_the_customer_stays_closed_to_marketing(client, alice, mark, customer):
    order = make_order(alice, customer)
    client.force_login(mark)
    assert client.get(f"/customers/{customer.pk}/journey/").status_code == 404
    assert client.get(f"/customers/{customer.pk}/sharing/").status_code == 404
    assert client.get(f"/customers/{customer.pk}/edit/").status_code == 404
    assert client.get(f"/customers/{customer.pk}/contact-mechs/new/").status_code == 404
    assert client.post(f"/customers/{customer.pk}/consent/", {}).status_code == 404
    assert client.get(f"/orders/{order.pk}/").status_code in (403, 404)


def test_marketing_may_not_open_a_contact_it_does_not_see(client, alice, mark):
    contact = make_contact(alice)
    client.force_login(mark)
    assert client.get(f"/contacts/{contact.pk}/").status_code == 404
    assert client.get(f"/customers/{contact.pk}/").status_code == 404


def test_marketing_adds_a_customer_to_a_contact_list(client, mark, customer):
    contact_list = make_contact_list(mark)
    client.force_login(mark)
    found = client.get(f"/contact-lists/{contact_list.pk}/members/?lookup=1&party=Marg")
    assert "Marge Bouvier" in found.content.decode()
    response = client.post(
        f"/contact-lists/{contact_list.pk}/members/", {"party": f"#{customer.pk}"}
    )
    assert response.status_code == 302
    assert ContactListMember.objects.filter(contact_list=contact_list, party=customer).exists()
    detail = client.get(f"/contact-lists/{contact_list.pk}/").content.decode()
    assert "Marge Bouvier" in detail


def test_customer_list_queries_do_not_grow_for_marketing(client, alice, mark, customer):
    client.force_login(mark)

    def grow():
        for i in range(20):
            make_customer(alice, first_name=f"C{i}", last_name="Customer", email=f"c{i}@e.com")

    assert_flat_queries(client, "/customers/", grow=grow, budget=15)
