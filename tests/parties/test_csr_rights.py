"""Customer Service (erin) changes any customer's contact details, payment preference and
consent (the global right parties.change_customer_contact), recorded with who did it; not its
owner, sharing, names or other fields, and nothing of a party that is no customer."""

import pytest

from parties.models import Consent, ContactMechKind, Party, PartyContactMech
from parties.selectors import CONTACT, party_actions
from tests.factories import make_contact, make_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(alice):
    return make_customer(alice, first_name="Marge", last_name="Bouvier")


def _address(customer):
    return PartyContactMech.objects.get(
        party=customer, contact_mech__kind=ContactMechKind.POSTAL_ADDRESS, thru_date__isnull=True
    )


def test_csr_corrects_a_customers_address_and_the_timeline_says_who(client, erin, customer):
    pcm = _address(customer)
    client.force_login(erin)
    url = f"/customers/{customer.pk}/contact-mechs/{pcm.pk}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "address1": "742 Evergreen Terrace",
            "city": "Springfield",
            "postal_code": "49007",
            "country": "US",
            "purposes": ["SHIPPING_LOCATION"],
        },
    )
    assert response.status_code == 302
    pcm.contact_mech.refresh_from_db()
    assert pcm.contact_mech.address1 == "742 Evergreen Terrace"
    assert pcm.history.latest().history_user == erin
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert "Changed contact details: 742 Evergreen Terrace" in page
    assert "erin" in page.split("Changed contact details")[0].rsplit("<li>", 1)[-1]


def test_csr_adds_and_ends_contact_details(client, erin, customer):
    client.force_login(erin)
    response = client.post(
        f"/customers/{customer.pk}/contact-mechs/new/",
        {"kind": "EMAIL", "value": "marge@example.com", "purposes": []},
    )
    assert response.status_code == 302
    added = PartyContactMech.objects.get(party=customer, contact_mech__value="marge@example.com")
    assert added.history.earliest().history_user == erin
    response = client.post(f"/customers/{customer.pk}/contact-mechs/{added.pk}/end/")
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.thru_date is not None
    assert (
        "Ended contact details: marge@example.com"
        in client.get(f"/customers/{customer.pk}/").content.decode()
    )


def test_csr_records_an_unsubscribe_captured_by_her(client, erin, customer):
    client.force_login(erin)
    response = client.post(
        f"/customers/{customer.pk}/consent/",
        {"purpose": "MARKETING_EMAIL", "granted": "0", "source": "PHONE", "note": "Called in"},
    )
    assert response.status_code == 302
    consent = Consent.objects.get(party=customer)
    assert (consent.granted, consent.source, consent.captured_by) == (False, "PHONE", erin)


def test_csr_changes_the_payment_preference(client, erin, customer):
    client.force_login(erin)
    url = f"/customers/{customer.pk}/payment/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"payment_preference": "cash_on_delivery", "version": customer.version}
    )
    assert response.status_code == 302
    saved = Party.objects.get(pk=customer.pk)
    assert saved.payment_preference == "cash_on_delivery"
    assert saved.updated_by == erin
    assert saved.history.latest().history_user == erin


def test_csr_may_not_change_owner_sharing_names_or_relationships(client, erin, customer, dan):
    client.force_login(erin)
    assert client.get(f"/customers/{customer.pk}/edit/").status_code == 403
    assert client.get(f"/customers/{customer.pk}/employment/new/").status_code == 403
    shared = client.post(
        f"/customers/{customer.pk}/sharing/",
        {"operation": "share", "user": dan.pk, "access": "view"},
    )
    assert shared.status_code == 403
    reassigned = client.post(
        f"/customers/{customer.pk}/sharing/", {"operation": "reassign", "owner": dan.pk}
    )
    assert reassigned.status_code == 403
    assert client.post(f"/customers/{customer.pk}/disable/").status_code == 403
    assert Party.objects.get(pk=customer.pk).owner != dan


def test_csr_may_not_touch_a_party_that_is_no_customer(client, alice, erin):
    contact = make_contact(alice)
    client.force_login(erin)
    assert client.get(f"/contacts/{contact.pk}/contact-mechs/new/").status_code == 404
    assert CONTACT not in party_actions(erin, contact)


def test_the_360_page_shows_erin_only_the_contact_buttons(client, erin, customer):
    client.force_login(erin)
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert f'href="/customers/{customer.pk}/contact-mechs/new/"' in page
    assert f'href="/customers/{customer.pk}/payment/"' in page
    assert 'name="purpose"' in page  # the consent form
    assert f'href="/customers/{customer.pk}/edit/"' not in page
    assert f'href="/customers/{customer.pk}/employment/new/"' not in page
    assert f'action="/customers/{customer.pk}/disable/"' not in page


def test_a_rep_who_only_sees_a_customer_gets_no_contact_buttons(client, bob, customer):
    client.force_login(bob)
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert f'href="/customers/{customer.pk}/contact-mechs/new/"' not in page
    assert client.get(f"/customers/{customer.pk}/payment/").status_code == 403
