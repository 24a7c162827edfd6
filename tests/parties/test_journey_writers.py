"""The customer journey's rows written by the lower apps' services: leads captured (by a rep,
the web form, a vCard import) and converted, activities done, deals opened, moved, won, lost
and reopened; and how the registered record types link and filter those rows."""

import datetime

import pytest
from django.core.cache import cache

from events import services as event_services
from events.models import EventStatus
from leads import services as lead_services
from leads.vcard_import import leads_import_vcards
from opportunities import services as opportunity_services
from opportunities.models import OpportunityStage
from parties import journey
from parties.models import JourneyEntry, LeadSource
from parties.vcards import parse_vcards
from tests.factories import (
    make_account,
    make_campaign,
    make_contact,
    make_event,
    make_lead,
    make_opportunity,
)

pytestmark = pytest.mark.django_db

YESTERDAY_10 = datetime.datetime.combine(
    datetime.date.today() - datetime.timedelta(days=1), datetime.time(10), tzinfo=datetime.UTC
)


def rows(kind: str, **filters) -> list[JourneyEntry]:
    return list(JourneyEntry.objects.filter(kind=kind, **filters).order_by("id"))


def stage(name: str) -> OpportunityStage:
    return OpportunityStage.objects.get(name=name)


# Leads -------------------------------------------------------------------------------------


def test_lead_created_by_a_rep_is_captured_in_its_journey(alice):
    source = LeadSource.objects.get(code="cold-call")
    lead = make_lead(alice, first_name="Lena", last_name="Lead", source=source)

    [row] = rows("lead_captured")
    assert (row.party_id, row.record_type, row.record_id) == (lead.pk, "lead", lead.pk)
    assert row.summary == f"Lead created by alice (source: {source.name})"
    assert row.actor == alice


def test_lead_without_source_says_only_who_created_it(alice):
    make_lead(alice)
    [row] = rows("lead_captured")
    assert row.summary == "Lead created by alice"


def test_web_form_lead_is_captured_without_staff_actor(client, mark):
    cache.clear()
    campaign = make_campaign(mark, name="Spring fair", capture_enabled=True)
    response = client.post(
        f"/capture/{campaign.capture_token}/",
        {
            "first_name": "Vera",
            "last_name": "Visitor",
            "company_name": "Initech",
            "email": "vera@initech.example",
            "phone": "",
            "message": "",
            "marketing_consent": "on",
            "website": "",
        },
    )
    cache.clear()
    assert response.status_code == 200

    [row] = rows("lead_captured")
    lead_pk = campaign.leads.get().pk
    assert (row.party_id, row.record_type, row.record_id) == (lead_pk, "lead", lead_pk)
    web_site = LeadSource.objects.get(code="web-site").name
    assert row.summary == (
        f"Lead captured from the web form of campaign “Spring fair” (source: {web_site})"
    )
    assert row.actor is None


def test_vcard_imported_leads_are_captured_one_row_each(alice):
    cards, _errors = parse_vcards(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lovelace;Ada;;;\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Hopper;Grace;;;\r\nFN:Grace Hopper\r\nEND:VCARD\r\n"
    )
    leads = leads_import_vcards(actor=alice, cards=cards)

    found = rows("lead_captured")
    assert [(r.party_id, r.record_id) for r in found] == [(lead.pk, lead.pk) for lead in leads]
    assert {r.summary for r in found} == {"Lead imported from a vCard file"}
    assert {r.actor_id for r in found} == {alice.pk}


def test_conversion_is_in_the_journey_of_the_lead_and_its_account(alice):
    lead = make_lead(alice, first_name="Carl", last_name="Convert", company_name="Initech")
    conversion = lead_services.lead_convert(
        actor=alice,
        lead=lead,
        opportunity={
            "name": "Initech - 50 seats",
            "amount": 12000,
            "expected_close_date": datetime.date.today() + datetime.timedelta(days=60),
            "stage": stage("Qualification"),
        },
    )

    found = rows("lead_converted")
    assert {r.party_id for r in found} == {lead.pk, conversion.account.pk}
    assert {(r.record_type, r.record_id, r.actor_id) for r in found} == {
        ("lead", lead.pk, alice.pk)
    }
    assert {r.summary for r in found} == {
        "Lead converted into account “Initech” with deal “Initech - 50 seats”"
    }
    # The deal it opened is a touch point of the new account and contact too.
    assert {r.party_id for r in rows("deal")} == {conversion.account.pk, lead.pk}


def test_conversion_without_deal_names_the_account_only(alice):
    account = make_account(alice, name="Globex")
    lead = make_lead(alice)
    lead_services.lead_convert(actor=alice, lead=lead, account=account)
    assert {r.summary for r in rows("lead_converted")} == {"Lead converted into account “Globex”"}


# Events ------------------------------------------------------------------------------------


def test_logged_call_is_in_the_journey_of_its_party_and_lead(alice):
    contact = make_contact(alice)
    lead = make_lead(alice)
    call = make_event(
        alice,
        kind="call",
        subject="Quarterly check-in",
        starts_at=YESTERDAY_10,
        status=EventStatus.COMPLETED,
        party=contact,
        lead=lead,
    )

    found = rows("event")
    assert {r.party_id for r in found} == {contact.pk, lead.pk}
    for row in found:
        assert (row.record_type, row.record_id, row.actor_id) == ("event", call.pk, alice.pk)
        assert row.summary == "Call completed: “Quarterly check-in”"
        assert row.occurred_at == YESTERDAY_10


def test_logged_note_is_in_the_journey(alice):
    contact = make_contact(alice)
    note = make_event(
        alice,
        kind="note",
        subject="Prefers e-mail",
        starts_at=YESTERDAY_10,
        status=EventStatus.COMPLETED,
        party=contact,
    )
    [row] = rows("event")
    assert (row.party_id, row.record_id) == (contact.pk, note.pk)
    assert row.summary == "Note completed: “Prefers e-mail”"


def test_scheduled_meeting_leaves_no_row_until_it_is_completed(alice, bob):
    contact = make_contact(alice)
    meeting = make_event(alice, kind="meeting", subject="Demo", party=contact)
    assert rows("event") == []

    event_services.event_complete(actor=alice, event=meeting)

    [row] = rows("event")
    assert (row.party_id, row.record_id, row.actor_id) == (contact.pk, meeting.pk, alice.pk)
    assert row.summary == "Meeting completed: “Demo”"
    assert row.occurred_at == meeting.starts_at


def test_cancelled_event_leaves_no_row(alice):
    meeting = make_event(alice, party=make_contact(alice))
    event_services.event_cancel(actor=alice, event=meeting)
    assert rows("event") == []


def test_edit_that_completes_an_event_writes_one_row_and_later_edits_none(alice):
    contact = make_contact(alice)
    meeting = make_event(alice, subject="Demo", party=contact)
    meeting = event_services.event_update(
        actor=alice,
        event=meeting,
        expected_version=meeting.version,
        status=EventStatus.COMPLETED,
    )
    event_services.event_update(
        actor=alice, event=meeting, expected_version=meeting.version, subject="Demo, done"
    )
    assert [r.record_id for r in rows("event")] == [meeting.pk]


# Deals -------------------------------------------------------------------------------------


def test_opened_deal_is_in_the_journey_of_its_account_and_contact(alice):
    account = make_account(alice, name="Acme")
    contact = make_contact(alice)
    deal = make_opportunity(
        alice, account=account, primary_contact=contact, name="Acme - 20 chairs", amount=12000
    )

    found = rows("deal")
    assert {r.party_id for r in found} == {account.pk, contact.pk}
    for row in found:
        assert (row.record_type, row.record_id, row.actor_id) == ("opportunity", deal.pk, alice.pk)
        assert row.summary == f"Deal “Acme - 20 chairs” opened: 12,000 {deal.currency}, Prospecting"


def test_pipeline_board_move_is_in_the_journey(client, alice):
    account = make_account(alice, name="Acme")
    deal = make_opportunity(alice, account=account, name="Acme - 20 chairs")
    client.force_login(alice)

    client.post(f"/opportunities/{deal.pk}/move/", {"stage": stage("Proposal").pk})

    [row] = rows("deal", summary__contains="moved")
    assert (row.party_id, row.record_id, row.actor_id) == (account.pk, deal.pk, alice.pk)
    assert row.summary == "Deal “Acme - 20 chairs” moved to Proposal"


def test_edit_that_changes_the_stage_is_in_the_journey_and_one_that_does_not_is_not(alice):
    deal = make_opportunity(alice, name="Acme - 20 chairs")
    deal = opportunity_services.opportunity_update(
        actor=alice, opportunity=deal, expected_version=deal.version, next_step="Call back"
    )
    opportunity_services.opportunity_update(
        actor=alice, opportunity=deal, expected_version=deal.version, stage=stage("Negotiation")
    )
    assert [r.summary for r in rows("deal")][1:] == ["Deal “Acme - 20 chairs” moved to Negotiation"]


def test_won_lost_and_reopened_deals_are_in_the_journey(client, alice):
    won = make_opportunity(alice, name="Acme - won")
    lost = make_opportunity(alice, name="Acme - lost")
    client.force_login(alice)

    client.post(f"/opportunities/{won.pk}/close/", {"outcome": "won", "reason": "Best fit"})
    opportunity_services.opportunity_close(
        actor=alice, opportunity=lost, won=False, reason="Budget"
    )
    opportunity_services.opportunity_reopen(
        actor=alice, opportunity=lost, stage=stage("Qualification")
    )

    summaries = [r.summary for r in rows("deal", actor=alice)]
    assert summaries[2:] == [
        "Deal “Acme - won” won",
        "Deal “Acme - lost” lost: Budget",
        "Deal “Acme - lost” reopened in Qualification",
    ]


# The record types --------------------------------------------------------------------------


def test_record_types_are_registered_with_their_pages():
    assert journey.record_type("lead").url(7) == "/leads/7/"
    assert journey.record_type("event").url(7) == "/events/7/"
    assert journey.record_type("opportunity").url(7) == "/opportunities/7/"


def test_lead_record_type_shows_alice_her_leads_and_dan_none(alice, dan):
    mine = make_lead(alice)
    dans = make_lead(dan)
    lead_type = journey.record_type("lead")
    assert set(lead_type.visible_ids(alice, [mine.pk, dans.pk])) == {mine.pk}
    assert set(lead_type.visible_ids(dan, [mine.pk, dans.pk])) == {dans.pk}


def test_event_record_type_shows_each_rep_their_own_events(alice, dan):
    mine = make_event(alice)
    dans = make_event(dan)
    event_type = journey.record_type("event")
    assert set(event_type.visible_ids(alice, [mine.pk, dans.pk])) == {mine.pk}
    assert set(event_type.visible_ids(dan, [mine.pk, dans.pk])) == {dans.pk}


def test_opportunity_record_type_shows_each_rep_their_own_deals(alice, dan):
    mine = make_opportunity(alice)
    dans = make_opportunity(dan)
    deal_type = journey.record_type("opportunity")
    assert set(deal_type.visible_ids(alice, [mine.pk, dans.pk])) == {mine.pk}
    assert set(deal_type.visible_ids(dan, [mine.pk, dans.pk])) == {dans.pk}


@pytest.mark.parametrize("name", ["lead", "event", "opportunity"])
def test_record_types_answer_in_one_query(name, alice, django_assert_max_num_queries):
    ids = list(range(1, 51))
    record_type = journey.record_type(name)
    record_type.visible_ids(alice, ids)  # warms the per-request caches (groups, teams)
    with django_assert_max_num_queries(1):
        record_type.visible_ids(alice, ids)
