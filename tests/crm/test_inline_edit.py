"""Inline edit of the opportunities list's stage, close date and owner (crm/inline.py):
the same service, access and version rules as the edit page."""

import datetime

import pytest

from opportunities.models import Opportunity, OpportunityHistory, OpportunityStage
from tests.factories import make_lead, make_opportunity

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _url(deal, field):
    return f"/opportunities/{deal.pk}/inline/{field}/"


def test_the_list_cell_links_to_the_edit_page_and_loads_the_form(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    page = client.get("/opportunities/").text
    assert f'href="/opportunities/{deal.pk}/edit/" hx-get="{_url(deal, "stage")}"' in page
    form = client.get(_url(deal, "stage"), **HX)
    assert form.status_code == 200
    assert 'name="stage"' in form.text and f'name="version" value="{deal.version}"' in form.text


def test_without_htmx_the_inline_url_sends_to_the_edit_page(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    response = client.get(_url(deal, "stage"))
    assert response.status_code == 302 and response["Location"] == f"/opportunities/{deal.pk}/edit/"


def test_saving_the_stage_goes_through_the_service(client, alice):
    deal = make_opportunity(alice)
    proposal = OpportunityStage.objects.get(name="Proposal")
    client.force_login(alice)
    response = client.post(
        _url(deal, "stage"), {"stage": proposal.pk, "version": deal.version}, **HX
    )
    assert response.status_code == 200 and "Proposal" in response.text
    assert 'name="stage"' not in response.text  # the cell is back
    assert response["HX-Refresh"] == "true"  # and the list reloads: the probability moved
    deal.refresh_from_db()
    assert deal.stage == proposal and deal.probability == proposal.probability
    assert OpportunityHistory.objects.filter(opportunity=deal, field="stage").exists()


def test_saving_the_close_date(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    response = client.post(
        _url(deal, "close_date"),
        {"expected_close_date": "2031-05-17", "version": deal.version},
        **HX,
    )
    assert response.status_code == 200
    assert Opportunity.objects.get(pk=deal.pk).expected_close_date == datetime.date(2031, 5, 17)


def test_saving_the_owner_follows_the_reassign_rule(client, alice, bob):
    deal = make_opportunity(alice)
    client.force_login(alice)
    response = client.post(_url(deal, "owner"), {"owner": bob.pk, "version": deal.version}, **HX)
    assert response.status_code == 200 and "bob" in response.text
    assert Opportunity.objects.get(pk=deal.pk).owner == bob


def test_a_stale_version_saves_nothing(client, alice):
    deal = make_opportunity(alice)
    proposal = OpportunityStage.objects.get(name="Proposal")
    client.force_login(alice)
    stale = deal.version
    client.post(
        _url(deal, "close_date"), {"expected_close_date": "2031-01-01", "version": stale}, **HX
    )
    response = client.post(_url(deal, "stage"), {"stage": proposal.pk, "version": stale}, **HX)
    assert response.status_code == 409
    assert "changed by someone else" in response.text
    assert f'name="version" value="{stale + 1}"' in response.text
    assert Opportunity.objects.get(pk=deal.pk).stage.name == "Prospecting"


def test_a_teammates_deal_the_user_may_only_view_is_403(client, alice, bob):
    deal = make_opportunity(bob)
    proposal = OpportunityStage.objects.get(name="Proposal")
    client.force_login(alice)
    assert client.get(_url(deal, "stage"), **HX).status_code == 403
    response = client.post(_url(deal, "stage"), {"stage": proposal.pk, "version": deal.version})
    assert response.status_code == 403
    assert client.post(_url(deal, "owner"), {"owner": alice.pk, "version": 1}).status_code == 403
    assert Opportunity.objects.get(pk=deal.pk).stage.name == "Prospecting"


def test_a_deal_the_user_may_not_see_is_404(client, alice, dan):
    deal = make_opportunity(dan)
    client.force_login(alice)
    assert client.get(_url(deal, "stage"), **HX).status_code == 404
    assert client.post(_url(deal, "stage"), {"stage": 1, "version": 1}, **HX).status_code == 404
    assert client.get(f"/opportunities/{deal.pk}/inline/name/", **HX).status_code == 404


def test_bad_input_shows_next_to_the_field(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    response = client.post(
        _url(deal, "close_date"), {"expected_close_date": "soon", "version": deal.version}, **HX
    )
    assert response.status_code == 422 and "Enter a valid date." in response.text
    assert 'value="soon"' in response.text


# Leads' status -----------------------------------------------------------------------------


def _lead_url(lead):
    return f"/leads/{lead.party.pk}/inline/status/"


def test_a_leads_status_changes_through_lead_set_status(client, alice):
    from leads.models import LeadStatusChange

    lead = make_lead(alice)
    client.force_login(alice)
    assert f'hx-get="{_lead_url(lead)}"' in client.get("/leads/").text
    form = client.get(_lead_url(lead), **HX)
    assert 'value="QUALIFIED"' in form.text
    response = client.post(
        _lead_url(lead),
        {"status": "QUALIFIED", "was": lead.status, "version": lead.party.version},
        **HX,
    )
    assert response.status_code == 200 and "Qualified" in response.text
    lead.refresh_from_db()
    assert lead.status == "QUALIFIED"
    assert LeadStatusChange.objects.filter(lead=lead, to_status="QUALIFIED").exists()


def test_disqualifying_inline_needs_a_reason(client, alice):
    lead = make_lead(alice)
    client.force_login(alice)
    response = client.post(
        _lead_url(lead),
        {"status": "DISQUALIFIED", "was": lead.status, "version": lead.party.version},
        **HX,
    )
    assert response.status_code == 422 and "Say why the lead is disqualified." in response.text
    lead.refresh_from_db()
    assert lead.status == "NEW"


def test_a_lead_moved_meanwhile_is_a_conflict(client, alice):
    from leads import services

    lead = make_lead(alice)
    was = lead.status
    services.lead_set_status(actor=alice, lead=lead, status="QUALIFIED")
    client.force_login(alice)
    response = client.post(
        _lead_url(lead),
        {"status": "ASSIGNED", "was": was, "version": lead.party.version},
        **HX,
    )
    assert response.status_code == 409 and "changed by someone else" in response.text
    lead.refresh_from_db()
    assert lead.status == "QUALIFIED"


def test_a_teammates_lead_is_403_and_an_unseen_one_404(client, alice, bob, dan):
    client.force_login(alice)
    assert client.get(_lead_url(make_lead(bob)), **HX).status_code == 403
    assert client.get(_lead_url(make_lead(dan)), **HX).status_code == 404
