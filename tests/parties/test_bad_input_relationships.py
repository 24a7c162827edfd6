"""Bad input through a party's relationship pages (employment, ending a relationship): a clear
error next to the field, nothing saved, 404 not 500."""

import pytest

from parties import services
from parties.models import PartyRelationship
from tests.factories import make_account, make_contact
from tests.helpers import field_error

pytestmark = pytest.mark.django_db


# Unknown ids, other parties' relationships -------------------------------------------------


def test_ending_relationship_of_another_party_is_not_found(client_for, alice, contact):
    other = make_contact(alice)
    account = make_account(alice)
    rel = services.employment_start(actor=alice, person=other, organization=account)
    response = client_for(alice).post(f"/contacts/{contact.pk}/relationships/{rel.pk}/end/")
    assert response.status_code == 404
    rel.refresh_from_db()
    assert rel.thru_date is None


def test_employment_with_huge_id_shows_field_error(client_for, alice, contact):
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/employment/new/", {"other": "99999999999999999999"}
    )
    assert response.status_code == 200
    assert field_error(response, "other") == "No account you may see has that number."


# Methods -----------------------------------------------------------------------------------


def test_get_on_relationship_end_is_not_allowed(client_for, alice, contact):
    account = make_account(alice)
    rel = services.employment_start(actor=alice, person=contact, organization=account)
    response = client_for(alice).get(f"/contacts/{contact.pk}/relationships/{rel.pk}/end/")
    assert response.status_code == 405
    rel.refresh_from_db()
    assert rel.thru_date is None


# Employment --------------------------------------------------------------------------------


def test_employment_with_hidden_contact_is_refused(client_for, alice, dan):
    account = make_account(alice)
    hidden = make_contact(dan, first_name="Wes", last_name="Tern")
    response = client_for(alice).post(
        f"/accounts/{account.pk}/employment/new/", {"other": hidden.pk, "title": "Spy"}
    )
    assert response.status_code == 200
    assert field_error(response, "other") == "No contact you may see has that number."
    assert "Wes Tern" not in response.content.decode()
    assert not PartyRelationship.objects.exists()


def test_employment_with_hidden_account_is_refused(client_for, alice, dan, contact):
    hidden = make_account(dan, name="West Secret Corp")
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/employment/new/", {"other": hidden.pk}
    )
    assert field_error(response, "other") == "No account you may see has that number."
    assert "West Secret Corp" not in response.content.decode()
    assert not PartyRelationship.objects.exists()


def test_employment_with_contact_id_on_contact_page_is_refused(client_for, alice, contact):
    colleague = make_contact(alice)
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/employment/new/", {"other": colleague.pk}
    )
    assert field_error(response, "other") == "No account you may see has that number."
    assert not PartyRelationship.objects.exists()


def test_employment_with_bad_date_shows_field_error(client_for, alice, contact):
    account = make_account(alice)
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/employment/new/", {"other": account.pk, "from_date": "yesterday"}
    )
    assert field_error(response, "from_date") == "Enter a valid date."
    assert not PartyRelationship.objects.exists()


def test_employment_twice_shows_error(client_for, alice, contact):
    account = make_account(alice, name="Acme Ltd")
    services.employment_start(actor=alice, person=contact, organization=account)
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/employment/new/", {"other": account.pk}
    )
    assert response.status_code == 200
    assert "Ada Byron already works at Acme Ltd." in response.content.decode()
    assert PartyRelationship.objects.count() == 1


def test_employment_by_read_only_team_mate_is_forbidden(client_for, alice, bob, contact):
    account = make_account(bob)
    response = client_for(bob).post(
        f"/contacts/{contact.pk}/employment/new/", {"other": account.pk}
    )
    assert response.status_code == 403
    assert not PartyRelationship.objects.exists()
