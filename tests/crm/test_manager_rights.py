"""Managers change their team's records (CRM_MANAGERS_CHANGE_TEAM_RECORDS, on by default):
carol edits and converts alice's lead and edits her deals, contacts and accounts; sharing and
disabling stay the owner's; with the setting off, a manager only looks."""

import pytest

from crm import access
from leads.models import Lead
from opportunities import selectors as opportunity_selectors
from opportunities.models import Opportunity
from parties.models import Party
from tests.factories import make_account, make_contact, make_lead, make_opportunity

pytestmark = pytest.mark.django_db


def test_manager_converts_a_lead_of_her_team(client, alice, carol):
    lead = make_lead(alice, first_name="Lisa", last_name="Lead", company_name="Initech").party
    client.force_login(carol)
    assert client.get(f"/leads/{lead.pk}/convert/").status_code == 200
    response = client.post(
        f"/leads/{lead.pk}/convert/", {"account_mode": "new", "account_name": "Initech"}
    )
    assert response.status_code == 302
    assert Lead.objects.get(party=lead).is_converted


def test_manager_edits_a_deal_and_a_contact_of_her_team(client, alice, carol):
    contact = make_contact(alice, first_name="Hank", last_name="Scorpio")
    deal = make_opportunity(alice, account=make_account(alice, name="Globex"))
    client.force_login(carol)
    assert client.get(f"/opportunities/{deal.pk}/edit/").status_code == 200
    assert client.get(f"/contacts/{contact.pk}/edit/").status_code == 200
    response = client.post(f"/opportunities/{deal.pk}/close/", {"outcome": "won", "reason": "Ok"})
    assert response.status_code == 302
    assert Opportunity.objects.get(pk=deal.pk).closed_at is not None


def test_manager_may_not_share_or_disable_a_team_record(client, alice, carol, dan):
    contact = make_contact(alice)
    client.force_login(carol)
    shared = client.post(
        f"/contacts/{contact.pk}/sharing/",
        {"operation": "share", "user": dan.pk, "access": "view"},
    )
    assert shared.status_code == 403
    assert client.post(f"/contacts/{contact.pk}/disable/").status_code == 403
    assert Party.objects.get(pk=contact.pk).is_active


def test_manager_of_another_team_may_not_change(client, alice, dan):
    from tests.conftest import make_manager, make_team

    other_manager = make_manager("walt", make_team("North"))
    contact = make_contact(alice)
    client.force_login(other_manager)
    assert client.get(f"/contacts/{contact.pk}/edit/").status_code == 404


def test_setting_off_keeps_managers_to_looking(client, settings, alice, carol):
    settings.CRM_MANAGERS_CHANGE_TEAM_RECORDS = False
    lead = make_lead(alice).party
    deal = make_opportunity(alice)
    client.force_login(carol)
    assert client.get(f"/leads/{lead.pk}/").status_code == 200
    assert client.get(f"/leads/{lead.pk}/convert/").status_code == 403
    assert client.get(f"/opportunities/{deal.pk}/edit/").status_code == 403


def test_lists_agree_with_pages_on_what_a_manager_changes(alice, bob, carol, dan):
    """The pipeline's "Move to" and the lists ask the access layer in SQL: carol may change
    alice's deal (her team), not dan's; bob (a teammate, no manager) neither."""
    mine = make_opportunity(alice)
    theirs = make_opportunity(dan)
    ids = [mine.pk, theirs.pk]
    assert opportunity_selectors.changeable_ids(carol, ids) == {mine.pk}
    assert opportunity_selectors.changeable_ids(bob, ids) == set()
    assert set(Opportunity.objects.filter(access.changeable_q(carol, Opportunity))) == {mine}


def test_events_stay_their_owners(alice, carol):
    from tests.factories import make_event

    event = make_event(alice)
    assert access.CHANGE not in access.record_actions(carol, event)
    assert access.VIEW in access.record_actions(carol, event)
