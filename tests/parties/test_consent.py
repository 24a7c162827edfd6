"""Consent: an append-only log whose latest row per purpose is the current state."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parties import selectors, services
from parties.models import (
    Consent,
    ConsentPurpose,
    ConsentSource,
    ContactMechKind,
    ContactMechPurpose,
)
from tests.factories import make_contact, make_customer, make_lead

pytestmark = pytest.mark.django_db

NOT_RECORDED = "Consent was not recorded: choose a purpose, a decision and a source."


@pytest.fixture
def contact(alice):
    return make_contact(alice, first_name="Ada", last_name="Lovelace")


def record(actor, party, purpose, granted, source=ConsentSource.WEB_FORM, **extra):
    return services.consent_record(
        actor=actor, party=party, purpose=purpose, granted=granted, source=source, **extra
    )


def state_of(party, purpose):
    states, _ = selectors.consents_for(party)
    return next(s for s in states if s.purpose == purpose)


def consent_url(party) -> str:
    return f"/contacts/{party.pk}/consent/"


# The service -------------------------------------------------------------------------------


def test_consent_record_stores_who_how_and_note(alice, contact):
    consent = record(
        alice, contact, ConsentPurpose.MARKETING_EMAIL, True, ConsentSource.PHONE, note=" ok "
    )
    consent.refresh_from_db()
    assert consent.party == contact
    assert consent.granted is True
    assert consent.source == ConsentSource.PHONE
    assert consent.captured_by == alice
    assert consent.note == "ok"


def test_consent_record_appends_instead_of_overwriting(alice, contact):
    first = record(alice, contact, ConsentPurpose.MARKETING_EMAIL, True)
    second = record(alice, contact, ConsentPurpose.MARKETING_EMAIL, False)
    rows = Consent.objects.filter(party=contact, purpose=ConsentPurpose.MARKETING_EMAIL)
    assert set(rows.values_list("pk", "granted")) == {(first.pk, True), (second.pk, False)}


def test_consent_record_can_name_contact_mech(alice, contact):
    pcm = services.contact_mech_add(
        actor=alice,
        party=contact,
        kind=ContactMechKind.EMAIL,
        value="ada@example.com",
        purposes=[ContactMechPurpose.PRIMARY_EMAIL],
    )
    consent = record(
        alice, contact, ConsentPurpose.MARKETING_EMAIL, True, contact_mech=pcm.contact_mech
    )
    consent.refresh_from_db()
    assert consent.contact_mech.value == "ada@example.com"


def test_consent_record_rejects_unknown_purpose(alice, contact):
    with pytest.raises(ValidationError) as exc:
        record(alice, contact, "TELEPATHY", True)
    assert "purpose" in exc.value.message_dict
    assert not Consent.objects.exists()


def test_consent_record_rejects_unknown_source(alice, contact):
    with pytest.raises(ValidationError) as exc:
        record(alice, contact, ConsentPurpose.SMS, True, source="RUMOUR")
    assert "source" in exc.value.message_dict
    assert not Consent.objects.exists()


# The selector ------------------------------------------------------------------------------


def test_consents_for_lists_every_purpose_not_asked_at_first(contact):
    states, history = selectors.consents_for(contact)
    assert [s.purpose for s in states] == list(ConsentPurpose.values)
    assert all(s.latest is None and not s.granted for s in states)
    assert history == []


def test_consents_for_current_state_is_latest_row(alice, contact):
    record(alice, contact, ConsentPurpose.MARKETING_EMAIL, True)
    withdrawn = record(alice, contact, ConsentPurpose.MARKETING_EMAIL, False)
    state = state_of(contact, ConsentPurpose.MARKETING_EMAIL)
    assert state.latest == withdrawn
    assert state.granted is False


def test_consents_for_latest_follows_captured_at_not_insert_order(alice, contact):
    record(alice, contact, ConsentPurpose.SMS, True)
    # A paper form signed a month ago, typed in after the web-form grant.
    paper = record(alice, contact, ConsentPurpose.SMS, False, ConsentSource.PAPER)
    Consent.objects.filter(pk=paper.pk).update(
        captured_at=timezone.now() - datetime.timedelta(days=30)
    )
    assert state_of(contact, ConsentPurpose.SMS).granted is True


def test_consents_for_keeps_purposes_apart(alice, contact):
    record(alice, contact, ConsentPurpose.MARKETING_EMAIL, True)
    record(alice, contact, ConsentPurpose.SMS, False)
    assert state_of(contact, ConsentPurpose.MARKETING_EMAIL).granted is True
    assert state_of(contact, ConsentPurpose.SMS).granted is False
    assert state_of(contact, ConsentPurpose.POST).latest is None


def test_consents_for_history_has_every_row_newest_first(alice, contact):
    first = record(alice, contact, ConsentPurpose.MARKETING_EMAIL, True)
    second = record(alice, contact, ConsentPurpose.SMS, True)
    third = record(alice, contact, ConsentPurpose.MARKETING_EMAIL, False)
    _, history = selectors.consents_for(contact)
    assert history == [third, second, first]


def test_consents_for_ignores_other_parties(alice, contact):
    other = make_contact(alice)
    record(alice, other, ConsentPurpose.MARKETING_EMAIL, True)
    states, history = selectors.consents_for(contact)
    assert history == []
    assert state_of(contact, ConsentPurpose.MARKETING_EMAIL).latest is None


# The page ----------------------------------------------------------------------------------


def test_detail_page_offers_grant_button_when_not_asked(client_for, alice, contact):
    response = client_for(alice).get(f"/contacts/{contact.pk}/")
    content = response.content.decode()
    assert "Not asked" in content
    assert "Grant consent" in content
    assert "Withdraw consent" not in content


def test_consent_post_grants_in_one_click(client_for, alice, contact):
    response = client_for(alice).post(
        consent_url(contact),
        {"purpose": "MARKETING_EMAIL", "granted": "1", "source": "WEB_FORM", "note": ""},
        follow=True,
    )
    assert response.redirect_chain == [(f"/contacts/{contact.pk}/", 302)]
    assert "Consent granted." in response.content.decode()
    consent = Consent.objects.get(party=contact)
    assert (consent.purpose, consent.granted, consent.captured_by) == (
        "MARKETING_EMAIL",
        True,
        alice,
    )


def test_consent_post_withdraws_in_one_click(client_for, alice, contact):
    record(alice, contact, ConsentPurpose.MARKETING_EMAIL, True)
    response = client_for(alice).post(
        consent_url(contact),
        {"purpose": "MARKETING_EMAIL", "granted": "0", "source": "PHONE"},
        follow=True,
    )
    assert "Consent withdrawn." in response.content.decode()
    assert state_of(contact, ConsentPurpose.MARKETING_EMAIL).granted is False
    assert Consent.objects.filter(party=contact).count() == 2


def test_detail_page_offers_withdraw_button_once_granted(client_for, alice, contact):
    record(alice, contact, ConsentPurpose.MARKETING_EMAIL, True)
    content = client_for(alice).get(f"/contacts/{contact.pk}/").content.decode()
    assert "Withdraw consent" in content
    assert 'name="granted" value="0"' in content


def test_consent_post_with_tampered_purpose_saves_nothing(client_for, alice, contact):
    response = client_for(alice).post(
        consent_url(contact),
        {"purpose": "TELEPATHY", "granted": "1", "source": "WEB_FORM"},
        follow=True,
    )
    assert response.status_code == 200
    assert NOT_RECORDED in response.content.decode()
    assert not Consent.objects.exists()


def test_consent_post_with_tampered_source_saves_nothing(client_for, alice, contact):
    response = client_for(alice).post(
        consent_url(contact),
        {"purpose": "SMS", "granted": "1", "source": "RUMOUR"},
        follow=True,
    )
    assert NOT_RECORDED in response.content.decode()
    assert not Consent.objects.exists()


def test_consent_post_without_decision_saves_nothing(client_for, alice, contact):
    response = client_for(alice).post(
        consent_url(contact), {"purpose": "SMS", "source": "WEB_FORM"}, follow=True
    )
    assert NOT_RECORDED in response.content.decode()
    assert not Consent.objects.exists()


def test_consent_post_by_read_only_team_mate_is_forbidden(client_for, alice, bob, contact):
    response = client_for(bob).post(
        consent_url(contact), {"purpose": "SMS", "granted": "1", "source": "WEB_FORM"}
    )
    assert response.status_code == 403
    assert not Consent.objects.exists()


def test_consent_post_by_other_team_is_not_found(client_for, alice, dan, contact):
    response = client_for(dan).post(
        consent_url(contact), {"purpose": "SMS", "granted": "1", "source": "WEB_FORM"}
    )
    assert response.status_code == 404
    assert not Consent.objects.exists()


def test_consent_post_by_customer_service_on_customer_is_recorded(client_for, alice, erin):
    """Customer Service records a customer's consent (parties.change_customer_contact)."""
    customer = make_customer(alice)
    response = client_for(erin).post(
        f"/customers/{customer.pk}/consent/",
        {"purpose": "SMS", "granted": "1", "source": "WEB_FORM"},
    )
    assert response.status_code == 302
    assert Consent.objects.get().captured_by == erin


def test_consent_get_is_not_allowed(client_for, alice, contact):
    response = client_for(alice).get(consent_url(contact))
    assert response.status_code == 405


# The source is chosen, never assumed (issue 17) ------------------------------------------------


def test_the_source_starts_unchosen_on_the_detail_page(client_for, alice, contact):
    content = client_for(alice).get(f"/contacts/{contact.pk}/").content.decode()
    select = re.search(r'<select[^>]*id="source-SMS".*?</select>', content, re.S)[0]
    assert "required" in select.split(">", 1)[0]
    first = re.search(r"<option([^>]*)>([^<]*)</option>", select)
    assert first[1].startswith(' value=""') and "selected" not in first[1]


def test_a_decision_without_source_is_refused_next_to_the_field_keeping_the_note(
    client_for, alice, contact
):
    record(alice, contact, ConsentPurpose.MARKETING_PHONE, True)
    response = client_for(alice).post(
        consent_url(contact),
        {"purpose": "MARKETING_PHONE", "granted": "0", "source": "", "note": "Called, said stop"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    error = re.search(r'id="source-MARKETING_PHONE-error"[^>]*>(.*?)</div>', content, re.S)
    assert error and error[1].strip() == "Choose where the decision came from."
    assert 'value="Called, said stop"' in content
    assert 'aria-describedby="source-MARKETING_PHONE-error"' in content
    assert not re.search(r'id="source-SMS-error"', content)  # only the refused row
    assert Consent.objects.filter(party=contact).count() == 1
    assert state_of(contact, ConsentPurpose.MARKETING_PHONE).granted is True


def test_a_refused_decision_keeps_the_source_chosen(client_for, alice, contact):
    response = client_for(alice).post(
        consent_url(contact),
        {"purpose": "SMS", "granted": "1", "source": "PHONE", "note": "x" * 501},
    )
    content = response.content.decode()
    select = re.search(r'<select[^>]*id="source-SMS".*?</select>', content, re.S)[0]
    assert re.search(r'<option value="PHONE" selected>', select)
    assert re.search(r'id="note-SMS-error"', content)
    assert not Consent.objects.exists()


def test_a_decision_without_source_on_a_lead_shows_the_lead_page_again(client_for, alice):
    lead = make_lead(alice, first_name="Lee", last_name="Wu")
    response = client_for(alice).post(
        f"/leads/{lead.pk}/consent/", {"purpose": "SMS", "granted": "1", "note": "by phone"}
    )
    assert response.status_code == 200
    assert "leads/detail.html" in [t.name for t in response.templates]
    content = response.content.decode()
    assert re.search(r'id="source-SMS-error"', content)
    assert 'value="by phone"' in content
    assert not Consent.objects.exists()
