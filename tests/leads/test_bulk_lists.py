"""Bulk actions on the campaigns, contact lists and partners lists (leads/bulk.py,
parties/bulk.py): export of the rows the list shows, change of owner (a campaign's owner,
a partner's channel manager) through the edit pages' services, rows the user may not change
skipped and counted, and a large selection as one job. Contact lists have no owner change
(their edit page has none) and nothing here has a disabled state: those are not offered."""

import csv
import datetime
import io

import pytest
from django.test import override_settings

from crm.models import Job
from leads.models import ContactListMember, MarketingCampaign
from parties.models import Partnership
from parties.services import partner_create, partnership_end
from tests.factories import make_campaign, make_contact, make_contact_list

pytestmark = pytest.mark.django_db


def _post(client, url, **data):
    return client.post(url, {"confirm": "1", **data}, follow=True)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


# Campaigns --------------------------------------------------------------------------------


def test_the_campaigns_list_has_the_bar_and_checkboxes(client, mark, alice):
    campaign = make_campaign(mark)
    client.force_login(mark)
    page = client.get("/campaigns/").text
    assert f'name="ids" value="{campaign.pk}" form="bulk-campaigns"' in page
    assert 'action="/campaigns/bulk/"' in page and '<option value="owner">' in page
    client.force_login(alice)  # a rep reads campaigns, does not change them
    page = client.get("/campaigns/").text
    assert '<option value="export">Export CSV</option>' in page
    assert '<option value="owner">' not in page


def test_marketing_changes_the_owner_of_the_ticked_campaigns(client, mark, alice):
    ticked = [make_campaign(mark, name=f"Fair {n}") for n in range(2)]
    other = make_campaign(mark, name="Other")
    already = make_campaign(alice, name="Alice's")
    client.force_login(mark)
    response = _post(
        client,
        "/campaigns/bulk/",
        action="owner",
        ids=[*[c.pk for c in ticked], already.pk],
        owner=alice.pk,
    )
    assert _messages(response) == ["Changed 2 campaigns; 1 had that owner already."]
    owners = dict(MarketingCampaign.objects.values_list("pk", "owner__username"))
    assert [owners[c.pk] for c in ticked] == ["alice", "alice"]
    assert owners[other.pk] == "mark"


def test_a_rep_may_not_change_campaign_owners(client, mark, alice):
    campaign = make_campaign(mark)
    client.force_login(alice)
    response = client.post(
        "/campaigns/bulk/", {"action": "owner", "ids": [campaign.pk], "owner": alice.pk}
    )
    assert response.status_code == 403
    assert MarketingCampaign.objects.get(pk=campaign.pk).owner == mark


def test_customer_service_has_no_campaign_bulk_actions(client, mark, erin):
    campaign = make_campaign(mark)
    client.force_login(erin)
    response = client.post("/campaigns/bulk/", {"action": "export", "ids": [campaign.pk]})
    assert response.status_code == 403


@override_settings(CRM_BULK_SYNC_LIMIT=2)
def test_a_large_campaign_selection_runs_as_one_job(client, mark, alice):
    campaigns = [make_campaign(mark, name=f"Fair {n}") for n in range(3)]
    client.force_login(mark)
    response = client.post(
        "/campaigns/bulk/",
        {"action": "owner", "all": "1", "query": "", "owner": alice.pk, "confirm": "1"},
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.state == Job.State.DONE and job.result["summary"] == "Changed 3 campaigns."
    assert MarketingCampaign.objects.filter(owner=alice).count() == len(campaigns)


def test_campaign_export_follows_the_lists_filter_and_escapes_formulas(client, mark, alice):
    make_campaign(mark, name="=SUM(A1)", status="in_progress", budgeted_cost=1500)
    make_campaign(mark, name="Planned one")
    client.force_login(alice)
    response = client.post(
        "/campaigns/bulk/", {"action": "export", "all": "1", "query": "status=in_progress"}
    )
    rows = _csv(response)
    assert rows[0][:2] == ["Name", "Status"] and rows[0][-1] == "Owner"
    assert [row[0] for row in rows[1:]] == ["'=SUM(A1)"]
    assert rows[1][1] == "In progress" and rows[1][4] == "1500.00" and rows[1][-1] == "mark"


# Contact lists ----------------------------------------------------------------------------


def test_contact_list_export_holds_the_ticked_lists_with_their_counts(client, mark, alice):
    newsletter = make_contact_list(mark, name="Newsletter")
    make_contact_list(mark, name="Not ticked")
    member = make_contact(alice)
    ContactListMember.objects.create(contact_list=newsletter, party=member, added_by=mark)
    client.force_login(alice)
    page = client.get("/contact-lists/").text
    assert f'name="ids" value="{newsletter.pk}" form="bulk-contact_lists"' in page
    assert '<option value="owner">' not in page and '<option value="disable">' not in page
    response = client.post("/contact-lists/bulk/", {"action": "export", "ids": [newsletter.pk]})
    rows = _csv(response)
    assert rows[0] == ["Name", "Type", "Channel", "Campaign", "Owner", "Members", "Accepted"]
    assert len(rows) == 2 and rows[1][0] == "Newsletter" and rows[1][5:] == ["1", "0"]


def test_customer_service_may_not_export_contact_lists(client, mark, erin):
    contact_list = make_contact_list(mark)
    client.force_login(erin)
    response = client.post("/contact-lists/bulk/", {"action": "export", "ids": [contact_list.pk]})
    assert response.status_code == 403


# Partners ---------------------------------------------------------------------------------


def _partner(actor, owner, name):
    return partner_create(
        actor=actor, type="reseller", commission_rate=10, name=name, owner=owner
    ).partner


def test_a_channel_manager_changes_only_their_partners(client, alice, bob, carol, dan):
    mine = _partner(carol, alice, "Mine Co")
    theirs = _partner(carol, dan, "Theirs Co")
    client.force_login(alice)
    page = client.get("/partners/").text
    assert f'name="ids" value="{mine.pk}" form="bulk-partners"' in page
    response = _post(
        client, "/partners/bulk/", action="owner", ids=[mine.pk, theirs.pk], owner=bob.pk
    )
    assert _messages(response) == ["Changed 1 partner; 1 skipped: you may not change them."]
    managers = dict(Partnership.objects.values_list("partner_id", "owner__username"))
    assert managers == {mine.pk: "bob", theirs.pk: "dan"}


def test_an_ended_agreement_is_not_changed_and_says_why(client, alice, bob, carol):
    current = _partner(carol, alice, "Current Co")
    ended = _partner(carol, alice, "Ended Co")
    terms = Partnership.objects.get(partner=ended)
    partnership_end(actor=carol, partnership=terms, thru_date=terms.from_date)
    client.force_login(carol)  # a sales manager changes every partner
    response = _post(
        client, "/partners/bulk/", action="owner", ids=[current.pk, ended.pk], owner=bob.pk
    )
    [summary] = _messages(response)
    assert summary.startswith("Changed 1 partner; 1 not changed:") and "has ended" in summary
    assert Partnership.objects.get(partner=ended).owner == alice
    assert Partnership.objects.get(partner=current).owner == bob


def test_partner_export_shows_the_lists_columns(client, alice, carol, erin):
    _partner(carol, alice, "Channel Co")
    client.force_login(erin)  # every staff role reads partners
    rows = _csv(client.post("/partners/bulk/", {"action": "export", "all": "1", "query": ""}))
    today = datetime.date.today()
    assert rows[0] == ["Partner", "Type", "Channel manager", "Commission", "Agreement"]
    assert rows[1][:4] == ["Channel Co", "Reseller", alice.get_full_name(), "10.00"]
    assert rows[1][4].startswith("Current since") and str(today.year)[2:] in rows[1][4]
