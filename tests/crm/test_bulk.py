"""Bulk actions on the lists (crm/bulk.py and the apps' bulk.py): each action changes exactly
what it should, rows the user may not change are skipped and counted, "all matching"
re-evaluates the filter, large selections run as a job, the CSV export escapes formulas."""

import csv
import io

import pytest
from django.test import override_settings

from crm import bulk
from crm.models import Job
from leads.models import ContactListMember
from opportunities.models import Opportunity, OpportunityHistory
from parties.models import Party, PartyStatus
from tests.factories import (
    make_contact,
    make_contact_list,
    make_customer,
    make_lead,
    make_opportunity,
)

pytestmark = pytest.mark.django_db


def _post(client, url, **data):
    return client.post(url, {"confirm": "1", **data}, follow=True)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_list_rows_have_checkboxes_and_the_bar(client, alice):
    contact = make_contact(alice, first_name="Ada", last_name="Lovelace")
    client.force_login(alice)
    page = client.get("/contacts/").text
    assert f'name="ids" value="{contact.pk}" form="bulk-contacts"' in page
    assert 'action="/contacts/bulk/"' in page and 'name="all" value="1"' in page
    assert '<option value="owner">Change owner</option>' in page


def test_change_owner_changes_only_the_ticked_rows(client, alice, bob):
    ticked = [make_contact(alice) for _ in range(3)]
    other = make_contact(alice)
    client.force_login(alice)
    response = _post(
        client,
        "/contacts/bulk/",
        action="owner",
        ids=[p.pk for p in ticked],
        owner=bob.pk,
    )
    assert _messages(response) == ["Changed 3 contacts."]
    assert set(Party.objects.filter(owner=bob).values_list("pk", flat=True)) == {
        p.pk for p in ticked
    }
    assert Party.objects.get(pk=other.pk).owner == alice


def test_rows_the_user_may_only_view_are_skipped_and_counted(client, alice, bob, dan):
    mine = make_contact(alice)
    teammates = make_contact(bob)  # alice sees it (team read) but may not reassign it
    client.force_login(alice)
    response = _post(
        client, "/contacts/bulk/", action="owner", ids=[mine.pk, teammates.pk], owner=dan.pk
    )
    assert _messages(response) == ["Changed 1 contact; 1 skipped: you may not change them."]
    assert Party.objects.get(pk=teammates.pk).owner == bob
    assert Party.objects.get(pk=mine.pk).owner == dan


def test_rows_the_user_may_not_see_are_not_selected_at_all(client, alice, dan):
    hidden = make_contact(dan)
    client.force_login(alice)
    response = _post(client, "/contacts/bulk/", action="disable", ids=[hidden.pk])
    assert _messages(response) == ["Changed 0 contacts."]
    assert Party.objects.get(pk=hidden.pk).status == PartyStatus.ACTIVE


def test_the_confirmation_names_the_count_and_asks_the_owner(client, alice):
    contacts = [make_contact(alice) for _ in range(2)]
    client.force_login(alice)
    response = client.post("/contacts/bulk/", {"action": "owner", "ids": [p.pk for p in contacts]})
    assert response.status_code == 200
    assert "2 contacts selected." in response.text
    assert 'name="owner"' in response.text and 'name="confirm" value="1"' in response.text
    assert Party.objects.filter(owner=alice).count() == 2


def test_a_missing_owner_is_an_error_next_to_the_field_and_nothing_changes(client, alice):
    contact = make_contact(alice)
    client.force_login(alice)
    response = client.post(
        "/contacts/bulk/", {"action": "owner", "ids": [contact.pk], "confirm": "1"}
    )
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert Party.objects.get(pk=contact.pk).owner == alice


def test_nothing_ticked_goes_back_with_a_message(client, alice):
    client.force_login(alice)
    response = client.post(
        "/contacts/bulk/", {"action": "owner", "query": "status=active"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/contacts/?status=active"
    assert "Tick the rows to act on" in _messages(response)[0]


def test_an_unknown_action_or_bad_ids_never_500(client, alice):
    client.force_login(alice)
    assert client.post("/contacts/bulk/", {"action": "drop", "ids": ["1"]}).status_code == 302
    assert client.post("/contacts/bulk/", {"action": "owner", "ids": ["x", ""]}).status_code == 302
    assert client.get("/contacts/bulk/").status_code == 405


def test_all_matching_reevaluates_the_filter(client, alice, bob):
    make_contact(alice, first_name="Zed", last_name="Alpha")
    make_contact(alice, first_name="Zoe", last_name="Beta")
    make_contact(alice, first_name="Amy", last_name="Gamma")
    client.force_login(alice)
    confirm = client.post(
        "/contacts/bulk/", {"action": "owner", "all": "1", "query": "name=Z&after=abc"}
    )
    assert "2 contacts match this filter." in confirm.text
    make_contact(alice, first_name="Zack", last_name="Delta")  # matches by the time it runs
    response = _post(
        client, "/contacts/bulk/", action="owner", all="1", query="name=Z", owner=bob.pk
    )
    assert _messages(response) == ["Changed 3 contacts."]
    assert sorted(Party.objects.filter(owner=bob).values_list("first_name", flat=True)) == [
        "Zack",
        "Zed",
        "Zoe",
    ]


def test_disable_uses_the_disable_right(client, alice, bob):
    mine = make_contact(alice)
    teammates = make_contact(bob)
    client.force_login(alice)
    response = _post(client, "/contacts/bulk/", action="disable", ids=[mine.pk, teammates.pk])
    assert _messages(response) == ["Changed 1 contact; 1 skipped: you may not change them."]
    assert Party.objects.get(pk=mine.pk).status == PartyStatus.DISABLED
    assert Party.objects.get(pk=teammates.pk).status == PartyStatus.ACTIVE
    again = _post(client, "/contacts/bulk/", action="disable", ids=[mine.pk])
    assert _messages(again) == ["Changed 0 contacts; 1 were disabled already."]


def test_add_to_a_contact_list(client, carol, mark, admin_user):
    newsletter = make_contact_list(mark)
    contacts = [make_contact(carol) for _ in range(2)]
    ContactListMember.objects.create(contact_list=newsletter, party=contacts[0], added_by=mark)
    client.force_login(admin_user)
    response = _post(
        client,
        "/contacts/bulk/",
        action="contact_list",
        ids=[p.pk for p in contacts],
        contact_list=newsletter.pk,
    )
    assert _messages(response) == ["Changed 1 contact; 1 were on the list already."]
    assert newsletter.members.filter(thru_date__isnull=True).count() == 2


def test_add_to_a_contact_list_is_not_offered_without_the_permission(client, alice):
    contact = make_contact(alice)
    client.force_login(alice)
    assert 'value="contact_list"' not in client.get("/contacts/").text
    response = client.post("/contacts/bulk/", {"action": "contact_list", "ids": [contact.pk]})
    assert response.status_code == 403


def test_leads_change_owner_goes_through_lead_assign(client, alice, bob, carol):
    leads = [make_lead(alice) for _ in range(2)]
    client.force_login(carol)
    response = _post(
        client, "/leads/bulk/", action="owner", ids=[p.party.pk for p in leads], owner=bob.pk
    )
    assert _messages(response) == ["Changed 2 leads."]
    for lead in leads:
        lead.refresh_from_db()
        assert lead.party.owner == bob and lead.status == "ASSIGNED"


def test_opportunities_change_owner_writes_history(client, alice, bob):
    deal = make_opportunity(alice)
    client.force_login(alice)
    response = _post(client, "/opportunities/bulk/", action="owner", ids=[deal.pk], owner=bob.pk)
    assert _messages(response) == ["Changed 1 opportunity."]
    assert Opportunity.objects.get(pk=deal.pk).owner == bob
    assert OpportunityHistory.objects.filter(opportunity=deal, new_value="bob").exists()


def test_add_a_tag_to_what_the_user_may_change(client, alice, bob):
    from parties.models import PartyTag

    mine = make_contact(alice)
    teammates = make_contact(bob)
    client.force_login(alice)
    response = _post(
        client, "/contacts/bulk/", action="tag", ids=[mine.pk, teammates.pk], tag="VIP"
    )
    assert _messages(response) == ["Changed 1 contact; 1 skipped: you may not change them."]
    assert list(PartyTag.objects.values_list("party_id", flat=True)) == [mine.pk]


@override_settings(CRM_BULK_SYNC_LIMIT=2)
def test_a_large_selection_runs_as_a_job_with_the_summary(client, alice, bob):
    contacts = [make_contact(alice) for _ in range(3)]
    teammates = make_contact(bob)
    client.force_login(alice)
    confirm = client.post(
        "/contacts/bulk/", {"action": "owner", "ids": [p.pk for p in [*contacts, teammates]]}
    )
    assert "in the background" in confirm.text
    response = client.post(
        "/contacts/bulk/",
        {
            "action": "owner",
            "ids": [p.pk for p in [*contacts, teammates]],
            "owner": bob.pk,
            "confirm": "1",
        },
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.state == Job.State.DONE and job.created_by == alice
    assert job.result["summary"] == "Changed 3 contacts; 1 skipped: you may not change them."
    assert Party.objects.filter(owner=bob).count() == 4
    assert "Changed 3 contacts" in client.get(f"/jobs/{job.pk}/").text


def test_export_escapes_formulas_and_shows_only_what_the_user_sees(client, alice, dan):
    make_contact(alice, first_name="=cmd", last_name="Evil", job_title="+1 boss")
    make_contact(alice, first_name="Plain", last_name="Person", job_title="@home")
    hidden = make_contact(dan)
    client.force_login(alice)
    response = client.post("/contacts/bulk/", {"action": "export", "all": "1", "query": ""})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Name", "Account", "Job title", "E-mail", "Phone", "Owner", "Updated"]
    names = {row[0]: row for row in rows[1:]}
    assert set(names) == {"'=cmd Evil", "Plain Person"}
    assert names["'=cmd Evil"][2] == "'+1 boss" and names["Plain Person"][2] == "'@home"
    assert hidden.display_name not in names


def test_csv_cell_escapes_every_formula_start():
    assert [bulk.csv_cell(v) for v in ("=1", "+1", "-1", "@a", "a=b", None, 3)] == [
        "'=1",
        "'+1",
        "'-1",
        "'@a",
        "a=b",
        "",
        "3",
    ]


def test_customer_service_exports_customers(client, erin, alice):
    make_customer(alice)
    client.force_login(erin)
    response = client.post("/customers/bulk/", {"action": "export", "all": "1"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 2 and rows[1][0] == "Cathy Customer"
