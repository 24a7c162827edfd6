"""Bad input through a party's contact mechanism pages (e-mails, phones, postal addresses): a
clear error next to the field, nothing saved, 404 not 500."""

import pytest

from parties.models import (
    ContactMech,
    ContactMechKind,
    ContactMechPurpose,
    PartyContactMech,
    PartyContactMechPurpose,
)
from tests.factories import make_contact
from tests.helpers import field_error

pytestmark = pytest.mark.django_db


# Unknown ids, other parties' contact mechanisms --------------------------------------------


def test_huge_contact_mech_id_is_not_found(client_for, alice, contact):
    response = client_for(alice).get(
        f"/contacts/{contact.pk}/contact-mechs/99999999999999999999/edit/"
    )
    assert response.status_code == 404


def test_contact_mech_of_another_party_is_not_found(client_for, alice, contact):
    other = make_contact(alice, email="other@example.com")
    pcm = PartyContactMech.objects.get(party=other)
    response = client_for(alice).get(f"/contacts/{contact.pk}/contact-mechs/{pcm.pk}/edit/")
    assert response.status_code == 404


def test_ending_contact_mech_of_another_party_is_not_found(client_for, alice, contact):
    other = make_contact(alice, email="other@example.com")
    pcm = PartyContactMech.objects.get(party=other)
    response = client_for(alice).post(f"/contacts/{contact.pk}/contact-mechs/{pcm.pk}/end/")
    assert response.status_code == 404
    pcm.refresh_from_db()
    assert pcm.thru_date is None


# New and edited contact mechanisms ---------------------------------------------------------


def test_second_primary_email_shows_message_next_to_purposes(client_for, alice):
    contact = make_contact(alice, first_name="Ada", last_name="Lovelace", email="ada@example.com")
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/contact-mechs/new/",
        {"kind": "EMAIL", "value": "countess@example.com", "purposes": ["PRIMARY_EMAIL"]},
    )
    assert response.status_code == 200
    assert field_error(response, "purposes") == (
        "Ada Lovelace already has a current primary e-mail (ada@example.com). "
        "Remove that purpose from it or end it first."
    )
    assert not ContactMech.objects.filter(value="countess@example.com").exists()


def test_repeated_purpose_in_post_is_stored_once(client_for, alice, contact):
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/contact-mechs/new/",
        {"kind": "EMAIL", "value": "ada@example.com", "purposes": ["PRIMARY_EMAIL"] * 2},
    )
    assert response.status_code == 302
    assert list(
        PartyContactMechPurpose.objects.filter(party=contact).values_list("purpose", flat=True)
    ) == [ContactMechPurpose.PRIMARY_EMAIL]


def test_new_contact_mech_with_malformed_email_shows_value_error(client_for, alice, contact):
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/contact-mechs/new/", {"kind": "EMAIL", "value": "ada at home"}
    )
    assert field_error(response, "value") == "“ada at home” is not a valid e-mail address."
    assert not PartyContactMech.objects.filter(party=contact).exists()


def test_new_contact_mech_without_value_shows_value_error(client_for, alice, contact):
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/contact-mechs/new/", {"kind": "PHONE", "value": ""}
    )
    assert field_error(response, "value") == "Enter the phone."
    assert not PartyContactMech.objects.filter(party=contact).exists()


def test_new_postal_address_without_fields_shows_field_errors(client_for, alice, contact):
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/contact-mechs/new/",
        {"kind": "POSTAL_ADDRESS", "postal_code": "N1 9GU"},
    )
    assert response.status_code == 200
    for name in ("address1", "city", "country"):
        assert field_error(response, name) == "This field is required for a postal address."
    assert not PartyContactMech.objects.filter(party=contact).exists()


def test_new_contact_mech_with_tampered_kind_shows_field_error(client_for, alice, contact):
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/contact-mechs/new/", {"kind": "FAX", "value": "+1 201 555 0123"}
    )
    assert field_error(response, "kind").startswith("Select a valid choice.")
    assert not PartyContactMech.objects.filter(party=contact).exists()


def test_new_contact_mech_with_wrong_purpose_shows_message_next_to_purposes(
    client_for, alice, contact
):
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/contact-mechs/new/",
        {"kind": "EMAIL", "value": "ada@example.com", "purposes": ["SHIPPING_LOCATION"]},
    )
    assert field_error(response, "purposes") == (
        "“Shipping address” does not apply to this kind of contact mechanism."
    )
    assert not PartyContactMech.objects.filter(party=contact).exists()


def test_editing_contact_mech_cannot_change_its_kind(client_for, alice):
    contact = make_contact(alice, email="ada@example.com")
    pcm = PartyContactMech.objects.get(party=contact)
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/contact-mechs/{pcm.pk}/edit/",
        {"kind": "PHONE", "value": "+44 20 7946 0123", "purposes": ["PRIMARY_EMAIL"]},
    )
    assert field_error(response, "value") == "“+44 20 7946 0123” is not a valid e-mail address."
    mech = ContactMech.objects.get(pk=pcm.contact_mech_id)
    assert (mech.kind, mech.value) == (ContactMechKind.EMAIL, "ada@example.com")


# Methods -----------------------------------------------------------------------------------


def test_get_on_contact_mech_end_is_not_allowed(client_for, alice):
    contact = make_contact(alice, email="ada@example.com")
    pcm = PartyContactMech.objects.get(party=contact)
    response = client_for(alice).get(f"/contacts/{contact.pk}/contact-mechs/{pcm.pk}/end/")
    assert response.status_code == 405
    pcm.refresh_from_db()
    assert pcm.thru_date is None
