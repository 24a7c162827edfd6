"""Lead conversion moves the lead's events along: they are then about the contact (or the
account) and the new opportunity, and show on those pages' timelines."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from events.models import Event, EventParticipant
from leads import services as lead_services
from opportunities.models import OpportunityStage
from tests.factories import make_account, make_event, make_lead, make_opportunity

pytestmark = pytest.mark.django_db

YESTERDAY = datetime.datetime.now(datetime.UTC).replace(microsecond=0) - datetime.timedelta(days=1)


def _with_opportunity(name: str = "Initech - 50 seats") -> dict:
    return {
        "name": name,
        "amount": 12000,
        "expected_close_date": datetime.date(2027, 3, 31),
        "stage": OpportunityStage.objects.get(name="Qualification"),
    }


def _subjects(response) -> list[str]:
    return [e.subject for e in response.context["activities"].rows]


def test_a_call_logged_on_a_lead_shows_on_the_contact_and_the_new_opportunity(client, alice):
    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    call = make_event(
        alice, kind="call", subject="First call", starts_at=YESTERDAY, lead=lead, status="completed"
    )
    conversion = lead_services.lead_convert(actor=alice, lead=lead, opportunity=_with_opportunity())
    call.refresh_from_db()
    assert (call.party_id, call.opportunity_id) == (lead.pk, conversion.opportunity.pk)
    assert conversion.contact.pk == lead.pk
    client.force_login(alice)
    contact_page = client.get(f"/contacts/{conversion.contact.pk}/")
    assert _subjects(contact_page) == ["First call"]
    deal_page = client.get(f"/opportunities/{conversion.opportunity.pk}/")
    assert _subjects(deal_page) == ["First call"]
    assert "First call" in deal_page.content.decode()


def test_without_an_opportunity_events_are_only_about_the_contact(alice):
    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    call = make_event(alice, kind="call", starts_at=YESTERDAY, lead=lead)
    lead_services.lead_convert(actor=alice, lead=lead)
    call.refresh_from_db()
    assert (call.party_id, call.opportunity_id) == (lead.pk, None)


def test_a_company_only_lead_becomes_the_account_its_events_are_about(client, alice):
    lead = make_lead(alice, company_name="Umbrella Corp")
    call = make_event(alice, kind="call", subject="Called Umbrella", lead=lead)
    conversion = lead_services.lead_convert(actor=alice, lead=lead)
    call.refresh_from_db()
    assert conversion.account.pk == lead.pk == call.party_id
    client.force_login(alice)
    assert _subjects(client.get(f"/accounts/{lead.pk}/")) == ["Called Umbrella"]


def test_a_company_only_lead_merged_into_an_account_hands_it_its_events(client, alice, bob):
    existing = make_account(alice, name="Umbrella Corporation")
    lead = make_lead(alice, company_name="Umbrella Corp")
    on_lead = make_event(alice, kind="call", subject="Called Umbrella", lead=lead)
    on_party = make_event(alice, subject="Visit", party=lead.party, starts_at=YESTERDAY)
    taking_part = make_event(bob, subject="Trade show", participant_parties=[lead.party])
    conversion = lead_services.lead_convert(
        actor=alice, lead=lead, account=existing, opportunity=_with_opportunity("Umbrella - 5")
    )
    assert conversion.account == existing
    on_lead.refresh_from_db()
    on_party.refresh_from_db()
    assert on_lead.party_id == existing.pk == on_party.party_id
    assert on_lead.opportunity_id == conversion.opportunity.pk
    assert EventParticipant.objects.get(event=taking_part).party_id == existing.pk
    client.force_login(alice)
    assert _subjects(client.get(f"/accounts/{existing.pk}/")) == ["Called Umbrella", "Visit"]


def test_events_that_already_named_an_opportunity_keep_it(alice):
    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    earlier = make_opportunity(alice, name="Earlier deal")
    kept = make_event(alice, kind="call", lead=lead, opportunity=earlier)
    moved = make_event(alice, kind="call", lead=lead)
    conversion = lead_services.lead_convert(actor=alice, lead=lead, opportunity=_with_opportunity())
    assert Event.objects.get(pk=kept.pk).opportunity == earlier
    assert Event.objects.get(pk=moved.pk).opportunity == conversion.opportunity


def test_a_failed_conversion_moves_no_event(alice):
    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    call = make_event(alice, kind="call", lead=lead)
    bad = _with_opportunity() | {"amount": -5}
    with pytest.raises(ValidationError):
        lead_services.lead_convert(actor=alice, lead=lead, opportunity=bad)
    call.refresh_from_db()
    assert (call.party_id, call.opportunity_id) == (None, None)
