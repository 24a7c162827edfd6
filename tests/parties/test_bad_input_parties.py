"""Bad input through the contact, account and customer pages (new, edit, disable): a clear
error next to the field, nothing saved, 404 not 500. Edit conflicts (versions) are here too."""

import pytest

from parties import services
from parties.models import (
    ContactMech,
    ContactMechKind,
    Party,
    PartyContactMech,
    PartyRelationship,
    PartyStatus,
)
from tests.factories import make_account, make_contact
from tests.helpers import REQUIRED, field_error

pytestmark = pytest.mark.django_db


def contact_data(**overrides) -> dict:
    data = {
        "salutation": "Dr",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "job_title": "Analyst",
        "email": "ada@example.com",
        "phone": "+44 20 7946 0123",
        "description": "Met at the Royal Society",
    }
    data.update(overrides)
    return data


def customer_data(**overrides) -> dict:
    data = {
        "kind": "person",
        "first_name": "Cathy",
        "last_name": "Customer",
        "email": "cathy@example.com",
        "phone": "+44 20 7946 0000",
        "payment_preference": "credit_card",
        "billing_same": "on",
        "shipping-address1": "1 High Street",
        "shipping-city": "London",
        "shipping-postal_code": "N1 9GU",
        "shipping-country": "GB",
    }
    data.update(overrides)
    return data


# New contact -------------------------------------------------------------------------------


def test_new_contact_with_valid_data_is_created(client_for, alice):
    response = client_for(alice).post("/contacts/new/", contact_data())
    party = Party.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/contacts/{party.pk}/"
    assert party.display_name == "Ada Lovelace"


def test_new_contact_without_first_name_shows_error_next_to_field(client_for, alice):
    response = client_for(alice).post("/contacts/new/", contact_data(first_name=""))
    assert response.status_code == 200
    assert field_error(response, "first_name") == REQUIRED
    assert not Party.objects.exists()


def test_new_contact_without_last_name_shows_error_next_to_field(client_for, alice):
    response = client_for(alice).post("/contacts/new/", contact_data(last_name="   "))
    assert response.status_code == 200
    assert field_error(response, "last_name") == REQUIRED
    assert not Party.objects.exists()


def test_new_contact_error_keeps_typed_data(client_for, alice):
    response = client_for(alice).post("/contacts/new/", contact_data(first_name=""))
    content = response.content.decode()
    assert 'value="Lovelace"' in content
    assert 'value="Analyst"' in content
    assert 'value="ada@example.com"' in content
    assert 'value="+44 20 7946 0123"' in content
    assert "Met at the Royal Society</textarea>" in content


def test_new_contact_with_malformed_email_shows_field_error(client_for, alice):
    response = client_for(alice).post("/contacts/new/", contact_data(email="ada@"))
    assert response.status_code == 200
    assert field_error(response, "email") == "“ada@” is not a valid e-mail address."
    assert not Party.objects.exists()


def test_new_contact_with_unparseable_phone_shows_field_error(client_for, alice):
    response = client_for(alice).post("/contacts/new/", contact_data(phone="call me maybe"))
    assert response.status_code == 200
    assert field_error(response, "phone") == "“call me maybe” is not a phone number."
    assert not Party.objects.exists()


def test_new_contact_with_invalid_phone_number_shows_field_error(client_for, alice):
    response = client_for(alice).post("/contacts/new/", contact_data(phone="12345"))
    assert "is not a valid phone number" in field_error(response, "phone")
    assert not Party.objects.exists()


def test_new_contact_with_bad_birth_date_shows_field_error(client_for, alice):
    response = client_for(alice).post("/contacts/new/", contact_data(birth_date="1815-13-45"))
    assert field_error(response, "birth_date") == "Enter a valid date."
    assert not Party.objects.exists()


def test_new_contact_with_tampered_account_shows_field_error(client_for, alice, dan):
    hidden = make_account(dan, name="West Secret Corp")
    response = client_for(alice).post("/contacts/new/", contact_data(account=str(hidden.pk)))
    assert response.status_code == 200
    assert field_error(response, "account") == "No account you may see has that number."
    assert "West Secret Corp" not in response.content.decode()
    assert not Party.objects.exclude(pk=hidden.pk).exists()
    assert not PartyRelationship.objects.exists()


def test_new_contact_with_non_numeric_account_shows_field_error(client_for, alice):
    response = client_for(alice).post("/contacts/new/", contact_data(account="abc"))
    assert field_error(response, "account").startswith("No account you may see is named “abc”")
    assert not Party.objects.exists()


def test_new_contact_with_visible_account_links_it(client_for, alice):
    account = make_account(alice, name="Analytical Engines")
    client_for(alice).post("/contacts/new/", contact_data(account=str(account.pk)))
    relationship = PartyRelationship.objects.get()
    assert relationship.to_party == account
    assert relationship.from_party.display_name == "Ada Lovelace"


def test_account_suggestions_hide_other_teams_accounts(client_for, alice, dan):
    mine = make_account(alice, name="Analytical Engines Corp")
    make_account(dan, name="West Secret Corp")
    content = client_for(alice).get("/accounts/lookup/?q=corp").content.decode()
    assert f'value="Analytical Engines Corp (#{mine.pk})"' in content
    assert "West Secret" not in content
    assert "West Secret" not in client_for(alice).get("/contacts/new/").content.decode()


# New customer ------------------------------------------------------------------------------


def test_new_customer_with_valid_data_is_created(client_for, alice):
    response = client_for(alice).post("/customers/new/", customer_data())
    party = Party.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/customers/{party.pk}/"
    assert (
        PartyContactMech.objects.filter(
            party=party, contact_mech__kind=ContactMechKind.POSTAL_ADDRESS
        ).count()
        == 1
    )


def test_new_customer_with_unknown_country_shows_field_error(client_for, alice):
    response = client_for(alice).post(
        "/customers/new/", customer_data(**{"shipping-country": "XX"})
    )
    assert response.status_code == 200
    assert field_error(response, "shipping-country") == (
        "Select a valid choice. XX is not one of the available choices."
    )
    assert not Party.objects.exists()
    assert not ContactMech.objects.exists()


def test_new_customer_without_shipping_address_shows_field_errors(client_for, alice):
    data = customer_data()
    for key in [k for k in data if k.startswith("shipping-")]:
        del data[key]
    response = client_for(alice).post("/customers/new/", data)
    assert response.status_code == 200
    assert field_error(response, "shipping-address1") == REQUIRED
    assert field_error(response, "shipping-city") == REQUIRED
    assert field_error(response, "shipping-country") == REQUIRED
    assert not Party.objects.exists()


def test_new_customer_person_without_names_shows_field_errors(client_for, alice):
    response = client_for(alice).post(
        "/customers/new/", customer_data(first_name="", last_name=" ")
    )
    assert response.status_code == 200
    assert field_error(response, "first_name") == "First name is required."
    assert field_error(response, "last_name") == "Last name is required."
    assert not Party.objects.exists()


def test_new_customer_organization_without_name_shows_field_error(client_for, alice):
    response = client_for(alice).post(
        "/customers/new/", customer_data(kind="organization", name="")
    )
    assert field_error(response, "name") == "Organization name is required."
    assert not Party.objects.exists()


def test_new_customer_with_separate_but_blank_billing_shows_field_errors(client_for, alice):
    data = customer_data()
    del data["billing_same"]
    response = client_for(alice).post("/customers/new/", data)
    assert response.status_code == 200
    assert field_error(response, "billing-address1") == REQUIRED
    assert not Party.objects.exists()


def test_new_customer_without_email_shows_field_error(client_for, alice):
    response = client_for(alice).post("/customers/new/", customer_data(email=""))
    assert field_error(response, "email") == REQUIRED
    assert not Party.objects.exists()


def test_new_customer_with_tampered_kind_shows_field_error(client_for, alice):
    response = client_for(alice).post("/customers/new/", customer_data(kind="robot"))
    assert response.status_code == 200
    assert field_error(response, "kind").startswith("Select a valid choice.")
    assert not Party.objects.exists()


def test_new_customer_error_keeps_typed_address(client_for, alice):
    response = client_for(alice).post("/customers/new/", customer_data(first_name=""))
    content = response.content.decode()
    assert 'value="1 High Street"' in content
    assert 'value="cathy@example.com"' in content


def test_new_customer_error_does_not_flag_unused_billing_fields(client_for, alice):
    response = client_for(alice).post(
        "/customers/new/", customer_data(first_name="", **{"billing-city": "Leeds"})
    )
    content = response.content.decode()
    assert field_error(response, "first_name") == "First name is required."
    assert 'id="id_billing-address1_error"' not in content
    assert 'value="Leeds"' in content


def test_new_customer_with_billing_same_ignores_typed_billing_address(client_for, alice):
    client_for(alice).post("/customers/new/", customer_data(**{"billing-city": "Leeds"}))
    [address] = PartyContactMech.objects.filter(
        contact_mech__kind=ContactMechKind.POSTAL_ADDRESS
    ).select_related("contact_mech")
    assert address.contact_mech.city == "London"


# Malformed and unknown ids -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/contacts/abc/",
        "/contacts/999999/",
        "/contacts/99999999999999999999/",
        "/contacts/-1/",
        "/contacts/1.5/",
        "/accounts/abc/edit/",
        "/customers/99999999999999999999/sharing/",
    ],
)
def test_malformed_or_unknown_party_id_is_not_found(client_for, alice, url):
    response = client_for(alice).get(url)
    assert response.status_code == 404


def test_huge_id_on_post_only_url_is_not_found(client_for, alice):
    response = client_for(alice).post(
        "/contacts/99999999999999999999/consent/",
        {"purpose": "SMS", "granted": "1", "source": "WEB_FORM"},
    )
    assert response.status_code == 404


def test_contact_url_for_an_account_is_not_found(client_for, alice):
    account = make_account(alice)
    response = client_for(alice).get(f"/contacts/{account.pk}/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("url", "field", "data"),
    [
        ("/contacts/new/", "account", contact_data(account="99999999999999999999")),
        ("/customers/new/", "payment_preference", customer_data(payment_preference="bitcoin")),
    ],
)
def test_out_of_range_choice_shows_field_error(client_for, alice, url, field, data):
    response = client_for(alice).post(url, data)
    assert response.status_code == 200
    assert field_error(response, field).startswith(("Select a valid choice.", "No account"))
    assert not Party.objects.exists()


def test_markup_in_name_is_shown_escaped(client_for, alice):
    contact = make_contact(alice, first_name="<script>alert(1)</script>", last_name="Evil")
    content = client_for(alice).get(f"/contacts/{contact.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Evil" in content


def test_markup_in_bad_email_error_is_shown_escaped(client_for, alice):
    response = client_for(alice).post("/contacts/new/", contact_data(email="<b>x</b>"))
    assert field_error(response, "email") == "“&lt;b&gt;x&lt;/b&gt;” is not a valid e-mail address."
    assert "<b>x</b>" not in response.content.decode()


# Editing -----------------------------------------------------------------------------------


def test_edit_with_stale_version_shows_changed_by_someone_else(client_for, alice, bob, contact):
    services.party_share(actor=alice, party=contact, action="change", user=bob)
    services.party_update(actor=bob, party=contact, expected_version=1, job_title="Countess")
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/edit/",
        {"first_name": "Ada", "last_name": "Lovelace", "version": "1"},
    )
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()


def test_edit_with_stale_version_does_not_overwrite(client_for, alice, bob, contact):
    services.party_share(actor=alice, party=contact, action="change", user=bob)
    services.party_update(actor=bob, party=contact, expected_version=1, job_title="Countess")
    client_for(alice).post(
        f"/contacts/{contact.pk}/edit/",
        {"first_name": "Ada", "last_name": "Lovelace", "job_title": "", "version": "1"},
    )
    contact.refresh_from_db()
    assert contact.last_name == "Byron"
    assert contact.job_title == "Countess"
    assert contact.version == 2


def test_conflict_keeps_typed_values_names_saved_ones_and_allows_a_deliberate_resave(
    client_for, alice, bob, contact
):
    services.party_share(actor=alice, party=contact, action="change", user=bob)
    services.party_update(actor=bob, party=contact, expected_version=1, job_title="Countess")
    typed = {"first_name": "Ada", "last_name": "Lovelace", "job_title": "Analyst", "version": "1"}
    client = client_for(alice)
    html = client.post(f"/contacts/{contact.pk}/edit/", typed).content.decode()
    assert 'value="Analyst"' in html  # what alice typed is still in the form
    assert "Saved meanwhile: Countess" in html  # and bob's value is named next to the field
    assert 'name="version" value="2"' in html
    response = client.post(f"/contacts/{contact.pk}/edit/", dict(typed, version="2"))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.job_title, contact.version) == ("Analyst", 3)


def test_edit_with_current_version_saves(client_for, alice, contact):
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/edit/",
        {"first_name": "Ada", "last_name": "Lovelace", "version": "1"},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.display_name == "Ada Lovelace"
    assert contact.version == 2


def test_edit_with_tampered_version_saves_nothing(client_for, alice, contact):
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/edit/",
        {"first_name": "Ada", "last_name": "Lovelace", "version": "abc"},
    )
    assert response.status_code == 200
    contact.refresh_from_db()
    assert contact.last_name == "Byron"
    assert contact.version == 1


def test_edit_with_blank_last_name_shows_field_error(client_for, alice, contact):
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/edit/", {"first_name": "Ada", "last_name": "", "version": "1"}
    )
    assert field_error(response, "last_name") == REQUIRED
    contact.refresh_from_db()
    assert contact.last_name == "Byron"


def test_edit_by_read_only_team_mate_is_forbidden(client_for, alice, bob, contact):
    response = client_for(bob).post(
        f"/contacts/{contact.pk}/edit/",
        {"first_name": "Ada", "last_name": "Hacked", "version": "1"},
    )
    assert response.status_code == 403
    contact.refresh_from_db()
    assert contact.last_name == "Byron"


# Actions and methods -----------------------------------------------------------------------


def test_disable_by_read_only_team_mate_is_forbidden(client_for, alice, bob, contact):
    response = client_for(bob).post(f"/contacts/{contact.pk}/disable/")
    assert response.status_code == 403
    contact.refresh_from_db()
    assert contact.status == PartyStatus.ACTIVE


def test_disable_by_other_team_is_not_found(client_for, alice, dan, contact):
    response = client_for(dan).post(f"/contacts/{contact.pk}/disable/")
    assert response.status_code == 404
    contact.refresh_from_db()
    assert contact.status == PartyStatus.ACTIVE


def test_disable_by_owner_disables(client_for, alice, contact):
    response = client_for(alice).post(f"/contacts/{contact.pk}/disable/", follow=True)
    assert "Ada Byron was disabled." in response.content.decode()
    contact.refresh_from_db()
    assert contact.status == PartyStatus.DISABLED


@pytest.mark.parametrize("suffix", ["disable/", "enable/", "consent/"])
def test_get_on_post_only_party_url_is_not_allowed(client_for, alice, contact, suffix):
    response = client_for(alice).get(f"/contacts/{contact.pk}/{suffix}")
    assert response.status_code == 405
    contact.refresh_from_db()
    assert contact.status == PartyStatus.ACTIVE
