"""Contact mechanisms: normalization, validation, primary purposes and their history."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from parties import services
from parties.models import (
    ContactMech,
    ContactMechKind,
    ContactMechPurpose,
    PartyContactMech,
    PartyContactMechPurpose,
)
from parties.normalize import normalize_email, normalize_phone, normalize_url
from tests.factories import make_contact

pytestmark = pytest.mark.django_db

PRIMARY_EMAIL = ContactMechPurpose.PRIMARY_EMAIL
PRIMARY_PHONE = ContactMechPurpose.PRIMARY_PHONE


def add_email(actor, party, value, purposes=(PRIMARY_EMAIL,)):
    return services.contact_mech_add(
        actor=actor, party=party, kind=ContactMechKind.EMAIL, value=value, purposes=list(purposes)
    )


def add_phone(actor, party, value, purposes=(PRIMARY_PHONE,), **extra):
    return services.contact_mech_add(
        actor=actor,
        party=party,
        kind=ContactMechKind.PHONE,
        value=value,
        purposes=list(purposes),
        **extra,
    )


def purpose_rows(pcm):
    return list(
        PartyContactMechPurpose.objects.filter(party_contact_mech=pcm)
        .order_by("id")
        .values_list("purpose", "thru_date")
    )


def current_purposes(pcm) -> set[str]:
    return set(pcm.purposes.filter(thru_date__isnull=True).values_list("purpose", flat=True))


@pytest.fixture
def contact(alice):
    return make_contact(alice, first_name="Ada", last_name="Lovelace")


# Normalization -----------------------------------------------------------------------------


def test_email_is_stored_lower_case_and_trimmed(alice, contact):
    pcm = add_email(alice, contact, "  Ada.Lovelace@Example.COM ")
    pcm.contact_mech.refresh_from_db()
    assert pcm.contact_mech.value == "ada.lovelace@example.com"


def test_international_phone_is_stored_e164(alice, contact):
    pcm = add_phone(alice, contact, "+44 20 7946 0123")
    pcm.contact_mech.refresh_from_db()
    assert pcm.contact_mech.value == "+442079460123"


def test_national_phone_is_parsed_in_default_region_us(alice, contact, settings):
    settings.PHONENUMBER_DEFAULT_REGION = "US"
    pcm = add_phone(alice, contact, "(201) 555-0123")
    pcm.contact_mech.refresh_from_db()
    assert pcm.contact_mech.value == "+12015550123"


def test_phone_extension_is_kept_apart_from_number(alice, contact):
    pcm = add_phone(alice, contact, "+44 20 7946 0123", extension=" 42 ")
    pcm.refresh_from_db()
    assert pcm.extension == "42"
    assert pcm.contact_mech.value == "+442079460123"


def test_web_address_without_scheme_gets_https(alice, contact):
    pcm = services.contact_mech_add(
        actor=alice,
        party=contact,
        kind=ContactMechKind.WEB,
        value="www.example.com/about",
        purposes=[ContactMechPurpose.PRIMARY_WEB_URL],
    )
    pcm.contact_mech.refresh_from_db()
    assert pcm.contact_mech.value == "https://www.example.com/about"


def test_web_address_with_http_scheme_is_kept(alice, contact):
    pcm = services.contact_mech_add(
        actor=alice,
        party=contact,
        kind=ContactMechKind.WEB,
        value="http://example.com",
        purposes=[],
    )
    assert pcm.contact_mech.value == "http://example.com"


def test_web_address_scheme_and_host_are_lower_cased(alice, contact):
    pcm = services.contact_mech_add(
        actor=alice,
        party=contact,
        kind=ContactMechKind.WEB,
        value="HTTP://WWW.Example.COM/About-Us",
        purposes=[],
    )
    assert pcm.contact_mech.value == "http://www.example.com/About-Us"


def test_postal_address_value_is_one_line_with_country(alice, contact):
    pcm = services.contact_mech_add(
        actor=alice,
        party=contact,
        kind=ContactMechKind.POSTAL_ADDRESS,
        purposes=[ContactMechPurpose.GENERAL_LOCATION],
        to_name=" Ada ",
        address1=" 12 St James's Square ",
        city="London",
        postal_code="SW1Y 4LB",
        country="GB",
    )
    mech = ContactMech.objects.get(pk=pcm.contact_mech_id)
    assert mech.value == "12 St James's Square, SW1Y 4LB, London, GB"
    assert mech.to_name == "Ada"
    assert mech.address1 == "12 St James's Square"
    assert mech.country.code == "GB"


def test_normalize_email_rejects_missing_domain():
    with pytest.raises(ValidationError) as exc:
        normalize_email("ada@")
    assert exc.value.messages == ["“ada@” is not a valid e-mail address."]


def test_normalize_phone_rejects_text():
    with pytest.raises(ValidationError) as exc:
        normalize_phone("call me")
    assert exc.value.messages == ["“call me” is not a phone number."]


def test_normalize_phone_rejects_too_short_number():
    with pytest.raises(ValidationError) as exc:
        normalize_phone("12345")
    assert "is not a valid phone number" in exc.value.messages[0]


def test_normalize_phone_uses_given_region():
    assert normalize_phone("020 7946 0123", region="GB") == "+442079460123"


def test_normalize_url_rejects_javascript_scheme():
    with pytest.raises(ValidationError):
        normalize_url("javascript:alert(1)")


# Invalid values ----------------------------------------------------------------------------


def test_invalid_email_is_refused_on_value_field(alice, contact):
    with pytest.raises(ValidationError) as exc:
        add_email(alice, contact, "ada-at-example.com")
    assert list(exc.value.message_dict) == ["value"]
    assert not ContactMech.objects.filter(kind=ContactMechKind.EMAIL).exists()


def test_invalid_phone_is_refused_on_value_field(alice, contact):
    with pytest.raises(ValidationError) as exc:
        add_phone(alice, contact, "not a number")
    assert list(exc.value.message_dict) == ["value"]
    assert not ContactMech.objects.filter(kind=ContactMechKind.PHONE).exists()


def test_invalid_web_address_is_refused_on_value_field(alice, contact):
    with pytest.raises(ValidationError) as exc:
        services.contact_mech_add(
            actor=alice, party=contact, kind=ContactMechKind.WEB, value="not a url", purposes=[]
        )
    assert list(exc.value.message_dict) == ["value"]


def test_postal_address_missing_fields_are_refused_by_field(alice, contact):
    with pytest.raises(ValidationError) as exc:
        services.contact_mech_add(
            actor=alice,
            party=contact,
            kind=ContactMechKind.POSTAL_ADDRESS,
            purposes=[ContactMechPurpose.GENERAL_LOCATION],
            address1="  ",
            postal_code="SW1Y 4LB",
        )
    assert set(exc.value.message_dict) == {"address1", "city", "country"}
    assert not ContactMech.objects.filter(kind=ContactMechKind.POSTAL_ADDRESS).exists()


def test_postal_address_with_unknown_country_is_refused(alice, contact):
    with pytest.raises(ValidationError) as exc:
        services.contact_mech_add(
            actor=alice,
            party=contact,
            kind=ContactMechKind.POSTAL_ADDRESS,
            purposes=[],
            address1="1 Nowhere Road",
            city="Atlantis",
            country="XX",
        )
    assert "country" in exc.value.message_dict
    assert not ContactMech.objects.filter(kind=ContactMechKind.POSTAL_ADDRESS).exists()


def test_purpose_of_other_kind_is_refused(alice, contact):
    with pytest.raises(ValidationError) as exc:
        add_email(alice, contact, "ada@example.com", purposes=[PRIMARY_PHONE])
    assert exc.value.message_dict["purposes"] == [
        "“Primary phone” does not apply to this kind of contact mechanism."
    ]
    assert not PartyContactMech.objects.filter(party=contact).exists()


# One current primary -----------------------------------------------------------------------


def test_second_primary_email_is_refused_with_clear_message(alice, contact):
    add_email(alice, contact, "ada@example.com")
    with pytest.raises(ValidationError) as exc:
        add_email(alice, contact, "countess@example.com")
    assert exc.value.message_dict["purposes"] == [
        "Ada Lovelace already has a current primary e-mail (ada@example.com). "
        "Remove that purpose from it or end it first."
    ]


def test_second_primary_email_saves_nothing(alice, contact):
    add_email(alice, contact, "ada@example.com")
    with pytest.raises(ValidationError):
        add_email(alice, contact, "countess@example.com")
    assert not ContactMech.objects.filter(value="countess@example.com").exists()
    assert PartyContactMech.objects.filter(party=contact).count() == 1
    assert PartyContactMechPurpose.objects.filter(party=contact).count() == 1


def test_second_email_without_primary_purpose_is_allowed(alice, contact):
    add_email(alice, contact, "ada@example.com")
    add_email(alice, contact, "countess@example.com", purposes=[])
    assert PartyContactMech.objects.filter(party=contact).count() == 2


def test_primary_email_of_another_party_does_not_clash(alice, contact):
    other = make_contact(alice)
    add_email(alice, other, "other@example.com")
    add_email(alice, contact, "ada@example.com")
    assert PartyContactMechPurpose.objects.filter(purpose=PRIMARY_EMAIL).count() == 2


def test_repeated_primary_purpose_in_one_request_is_stored_once(alice, contact):
    pcm = add_email(alice, contact, "ada@example.com", purposes=[PRIMARY_EMAIL, PRIMARY_EMAIL])
    assert [purpose for purpose, _ in purpose_rows(pcm)] == [PRIMARY_EMAIL]


def test_ending_contact_mech_keeps_it_with_thru_date(alice, contact):
    pcm = add_email(alice, contact, "ada@example.com")
    services.contact_mech_end(actor=alice, party_contact_mech=pcm)
    pcm.refresh_from_db()
    assert pcm.thru_date is not None
    assert ContactMech.objects.filter(pk=pcm.contact_mech_id).exists()


def test_ending_contact_mech_ends_its_purposes(alice, contact):
    pcm = add_email(alice, contact, "ada@example.com")
    services.contact_mech_end(actor=alice, party_contact_mech=pcm)
    pcm.refresh_from_db()
    [(purpose, thru_date)] = purpose_rows(pcm)
    assert purpose == PRIMARY_EMAIL
    assert thru_date == pcm.thru_date


def test_ending_contact_mech_frees_primary_purpose(alice, contact):
    old = add_email(alice, contact, "ada@example.com")
    services.contact_mech_end(actor=alice, party_contact_mech=old)
    new = add_email(alice, contact, "countess@example.com")
    current = PartyContactMechPurpose.objects.get(
        party=contact, purpose=PRIMARY_EMAIL, thru_date__isnull=True
    )
    assert current.party_contact_mech == new


def test_ended_contact_mech_cannot_be_edited(alice, contact):
    pcm = add_email(alice, contact, "ada@example.com")
    services.contact_mech_end(actor=alice, party_contact_mech=pcm)
    with pytest.raises(ValidationError):
        services.contact_mech_update(
            actor=alice, party_contact_mech=pcm, value="new@example.com", purposes=[]
        )
    pcm.contact_mech.refresh_from_db()
    assert pcm.contact_mech.value == "ada@example.com"


# Editing -----------------------------------------------------------------------------------


def test_editing_value_normalizes_it(alice, contact):
    pcm = add_email(alice, contact, "ada@example.com")
    services.contact_mech_update(
        actor=alice, party_contact_mech=pcm, value="Countess@Example.com", purposes=[PRIMARY_EMAIL]
    )
    pcm.contact_mech.refresh_from_db()
    assert pcm.contact_mech.value == "countess@example.com"


def test_editing_purposes_ends_old_purpose_row(alice, contact):
    pcm = add_phone(alice, contact, "+44 20 7946 0123")
    services.contact_mech_update(
        actor=alice,
        party_contact_mech=pcm,
        value="+44 20 7946 0123",
        purposes=[ContactMechPurpose.MOBILE_PHONE],
    )
    rows = purpose_rows(pcm)
    assert [purpose for purpose, _ in rows] == [PRIMARY_PHONE, ContactMechPurpose.MOBILE_PHONE]
    assert rows[0][1] is not None
    assert rows[1][1] is None


def test_editing_keeps_unchanged_purpose_row(alice, contact):
    pcm = add_phone(alice, contact, "+44 20 7946 0123")
    before = purpose_rows(pcm)
    services.contact_mech_update(
        actor=alice,
        party_contact_mech=pcm,
        value="+44 20 7946 0999",
        purposes=[PRIMARY_PHONE],
    )
    assert purpose_rows(pcm) == before


def test_editing_purposes_frees_primary_for_another_mech(alice, contact):
    first = add_phone(alice, contact, "+44 20 7946 0123")
    services.contact_mech_update(
        actor=alice,
        party_contact_mech=first,
        value="+44 20 7946 0123",
        purposes=[ContactMechPurpose.WORK_PHONE],
    )
    second = add_phone(alice, contact, "+44 20 7946 0999")
    assert current_purposes(first) == {ContactMechPurpose.WORK_PHONE}
    assert current_purposes(second) == {PRIMARY_PHONE}


def test_editing_to_take_anothers_primary_is_refused(alice, contact):
    add_email(alice, contact, "ada@example.com")
    second = add_email(alice, contact, "countess@example.com", purposes=[])
    with pytest.raises(ValidationError) as exc:
        services.contact_mech_update(
            actor=alice,
            party_contact_mech=second,
            value="countess@example.com",
            purposes=[PRIMARY_EMAIL],
        )
    assert "purposes" in exc.value.message_dict
    assert current_purposes(second) == set()


def test_editing_with_invalid_value_changes_nothing(alice, contact):
    pcm = add_email(alice, contact, "ada@example.com")
    with pytest.raises(ValidationError) as exc:
        services.contact_mech_update(
            actor=alice, party_contact_mech=pcm, value="broken", purposes=[]
        )
    assert "value" in exc.value.message_dict
    pcm.contact_mech.refresh_from_db()
    assert pcm.contact_mech.value == "ada@example.com"
    assert current_purposes(pcm) == {PRIMARY_EMAIL}


def test_editing_postal_address_updates_fields(alice, contact):
    pcm = services.contact_mech_add(
        actor=alice,
        party=contact,
        kind=ContactMechKind.POSTAL_ADDRESS,
        purposes=[ContactMechPurpose.GENERAL_LOCATION],
        address1="1 High Street",
        city="London",
        country="GB",
    )
    services.contact_mech_update(
        actor=alice,
        party_contact_mech=pcm,
        purposes=[ContactMechPurpose.GENERAL_LOCATION],
        address1="5 Rue de Rivoli",
        city="Paris",
        country="FR",
    )
    mech = ContactMech.objects.get(pk=pcm.contact_mech_id)
    assert (mech.address1, mech.city, mech.country.code) == ("5 Rue de Rivoli", "Paris", "FR")
    assert mech.value == "5 Rue de Rivoli, Paris, FR"


# The database constraint -------------------------------------------------------------------


def test_one_current_primary_constraint_is_declared():
    names = {c.name for c in PartyContactMechPurpose._meta.constraints}
    assert "partycmpurpose_one_current_primary" in names


def test_database_refuses_second_current_primary(alice, contact):
    first = add_email(alice, contact, "ada@example.com")
    second = add_email(alice, contact, "countess@example.com", purposes=[])
    with pytest.raises(IntegrityError), transaction.atomic():
        PartyContactMechPurpose.objects.create(
            party_contact_mech=second, party=contact, purpose=PRIMARY_EMAIL
        )
    assert current_purposes(first) == {PRIMARY_EMAIL}
    assert current_purposes(second) == set()


def test_database_allows_repeated_non_primary_purpose(alice, contact):
    home = services.contact_mech_add(
        actor=alice,
        party=contact,
        kind=ContactMechKind.POSTAL_ADDRESS,
        purposes=[ContactMechPurpose.GENERAL_LOCATION],
        address1="1 High Street",
        city="London",
        country="GB",
    )
    office = services.contact_mech_add(
        actor=alice,
        party=contact,
        kind=ContactMechKind.POSTAL_ADDRESS,
        purposes=[ContactMechPurpose.GENERAL_LOCATION],
        address1="2 Low Street",
        city="London",
        country="GB",
    )
    assert current_purposes(home) == current_purposes(office) == {"GENERAL_LOCATION"}


def test_editing_with_repeated_purpose_stores_it_once(alice, contact):
    pcm = add_email(alice, contact, "ada@example.com", purposes=[])
    services.contact_mech_update(
        actor=alice,
        party_contact_mech=pcm,
        value="ada@example.com",
        purposes=[PRIMARY_EMAIL, PRIMARY_EMAIL],
    )
    assert [purpose for purpose, _ in purpose_rows(pcm)] == [PRIMARY_EMAIL]
