"""The lead pages as users see them: list, create (with duplicate warning), detail, edit,
status, assignment and conversion."""

import pytest
from django.urls import reverse

from crm.people import person_pick_label
from leads import services
from leads.models import Lead, LeadStatus
from parties.models import LeadSource, Party, PartyKind, RoleType
from tests.factories import make_account, make_campaign, make_contact, make_lead
from tests.helpers import field_error

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


# List --------------------------------------------------------------------------------------


def test_list_shows_visible_leads_only(client, alice, dan):
    make_lead(alice, first_name="Ann", last_name="Visible", company_name="Initech")
    make_lead(dan, first_name="Dora", last_name="Hidden")
    client.force_login(alice)
    page = _text(client.get("/leads/"))
    assert "Ann Visible" in page and "Initech" in page
    assert "Dora Hidden" not in page


def test_list_filters_by_status_source_and_campaign(client, alice, mark):
    web = LeadSource.objects.get(code="web-site")
    campaign = make_campaign(mark, name="Autumn fair")
    make_lead(alice, first_name="Web", last_name="Lead", source=web, campaign=campaign)
    qualified = make_lead(alice, first_name="Qual", last_name="Lead")
    services.lead_set_status(actor=alice, lead=qualified, status=LeadStatus.QUALIFIED)
    client.force_login(alice)
    by_status = _text(client.get("/leads/", {"status": "QUALIFIED"}))
    assert "Qual Lead" in by_status and "Web Lead" not in by_status
    by_source = _text(client.get("/leads/", {"source": web.pk}))
    assert "Web Lead" in by_source and "Qual Lead" not in by_source
    by_campaign = _text(client.get("/leads/", {"campaign": campaign.pk}))
    assert "Web Lead" in by_campaign and "Qual Lead" not in by_campaign


def test_list_filters_by_created_date(client, alice):
    lead = make_lead(alice, first_name="Old", last_name="Lead")
    Party.objects.filter(pk=lead.pk).update(created_at="2020-01-15T10:00:00Z")
    make_lead(alice, first_name="New", last_name="Lead")
    client.force_login(alice)
    page = _text(client.get("/leads/", {"created_before": "2020-01-15"}))
    assert "Old Lead" in page and "New Lead" not in page
    page = _text(client.get("/leads/", {"created_after": "2020-01-16"}))
    assert "New Lead" in page and "Old Lead" not in page


def test_mine_and_team_scopes(client, alice, bob):
    make_lead(alice, first_name="Alices", last_name="Lead")
    make_lead(bob, first_name="Bobs", last_name="Lead")
    client.force_login(alice)
    mine = _text(client.get("/leads/", {"scope": "mine"}))
    assert "Alices Lead" in mine and "Bobs Lead" not in mine
    team = _text(client.get("/leads/", {"scope": "team"}))
    assert "Alices Lead" in team and "Bobs Lead" in team


def test_a_bad_filter_value_is_not_an_error(client, alice):
    client.force_login(alice)
    response = client.get("/leads/", {"status": "NOPE", "campaign": "x", "created_after": "soon"})
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_list_query_count_does_not_grow_with_rows(
    client, alice, mark, rows, django_assert_num_queries
):
    campaign = make_campaign(mark)
    source = LeadSource.objects.first()
    for i in range(rows):
        make_lead(
            alice,
            first_name=f"Lead{i}",
            last_name="X",
            email=f"l{i}@example.com",
            source=source,
            campaign=campaign,
        )
    client.force_login(alice)
    client.get("/leads/")  # warm up the session
    # +1: the partner filter's choices; +3: the tag filter's choices, the rows' tag chips, the
    # saved-views bar
    with django_assert_num_queries(14):
        response = client.get("/leads/")
    assert response.status_code == 200


def test_managers_see_assignment_controls_and_reps_do_not(client, alice, carol):
    make_lead(alice)
    client.force_login(carol)
    assert '<option value="owner">Change owner</option>' in client.get("/leads/").text
    client.force_login(alice)
    assert '<option value="owner">' not in client.get("/leads/").text


# Create ------------------------------------------------------------------------------------


def test_create_lead(client, alice):
    client.force_login(alice)
    trade_show = LeadSource.objects.get(code="trade-show")
    response = client.post(
        "/leads/new/",
        {
            "first_name": "Trade",
            "last_name": "Show",
            "company_name": "Expo GmbH",
            "email": "trade@expo.example",
            "phone": "+49 30 901820",
            "source": trade_show.pk,
            "owner": alice.pk,
            "address-city": "",
        },
    )
    lead = Lead.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/leads/{lead.pk}/"
    assert lead.party.source == trade_show
    page = _text(client.get(response["Location"]))
    assert "Trade Show" in page and "Expo GmbH" in page and "New" in page


def test_create_without_names_or_company_keeps_what_was_typed(client, alice):
    client.force_login(alice)
    response = client.post(
        "/leads/new/", {"email": "kept@example.com", "job_title": "Buyer", "owner": alice.pk}
    )
    assert response.status_code == 200
    page = _text(response)
    assert "first and last name, or a company" in page
    assert 'value="kept@example.com"' in page and 'value="Buyer"' in page
    assert not Lead.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"), [("email", "nope@"), ("phone", "12"), ("address-country", "XX")]
)
def test_create_with_malformed_values_shows_an_error(client, alice, field, value):
    client.force_login(alice)
    data = {"first_name": "A", "last_name": "B", "owner": alice.pk, field: value}
    response = client.post("/leads/new/", data)
    assert response.status_code == 200
    assert "is-invalid" in _text(response)
    assert not Lead.objects.exists()


def test_create_with_a_tampered_owner_is_refused(client, alice, dan):
    client.force_login(alice)
    response = client.post("/leads/new/", {"first_name": "A", "last_name": "B", "owner": dan.pk})
    assert response.status_code == 200
    assert field_error(response, "owner") == f"{person_pick_label(dan)} cannot be chosen here."
    assert not Lead.objects.exists()


def test_manager_may_create_a_lead_for_a_rep(client, carol, bob):
    client.force_login(carol)
    client.post("/leads/new/", {"first_name": "For", "last_name": "Bob", "owner": bob.pk})
    assert Lead.objects.get().party.owner == bob


def test_duplicate_warning_then_save_anyway(client, alice):
    existing = make_contact(
        alice, first_name="Hank", last_name="Scorpio", email="hank@globex.example"
    )
    client.force_login(alice)
    data = {"first_name": "H", "last_name": "S", "email": "HANK@globex.example", "owner": alice.pk}
    response = client.post("/leads/new/", data)
    page = _text(response)
    assert response.status_code == 200
    assert "This may already be in the CRM" in page
    assert f'href="/contacts/{existing.pk}/"' in page
    assert "Save anyway" in page
    assert not Lead.objects.exists()
    response = client.post("/leads/new/", data | {"confirm_duplicates": "1"})
    assert response.status_code == 302
    assert Lead.objects.count() == 1


def test_duplicate_by_name_at_the_same_company(client, alice):
    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    client.force_login(alice)
    response = client.post(
        "/leads/new/",
        {"first_name": "ann", "last_name": "LEE", "company_name": "initech", "owner": alice.pk},
    )
    assert f'href="/leads/{lead.pk}/"' in _text(response)


def test_duplicates_the_user_may_not_see_are_not_revealed(client, alice, dan):
    make_contact(dan, first_name="Secret", last_name="Person", email="secret@example.com")
    client.force_login(alice)
    response = client.post(
        "/leads/new/",
        {"first_name": "S", "last_name": "P", "email": "secret@example.com", "owner": alice.pk},
    )
    assert response.status_code == 302
    assert "Secret Person" not in _text(client.get(response["Location"]))


def test_contact_creation_warns_about_duplicates_too(client, alice):
    lead = make_lead(alice, first_name="Ann", last_name="Lee", phone="+44 20 7946 0958")
    client.force_login(alice)
    response = client.post(
        "/contacts/new/", {"first_name": "Annie", "last_name": "Lee", "phone": "+44 20 7946 0958"}
    )
    page = _text(response)
    assert "This may already be in the CRM" in page
    assert f'href="/leads/{lead.pk}/"' in page


# Detail, edit and status --------------------------------------------------------------------


def test_detail_shows_the_lead_and_its_actions(client, alice, mark):
    campaign = make_campaign(mark, name="Autumn fair")
    lead = make_lead(
        alice, first_name="Ann", last_name="Lee", company_name="Initech", campaign=campaign
    )
    client.force_login(alice)
    page = _text(client.get(f"/leads/{lead.pk}/"))
    assert "Initech" in page and "Autumn fair" in page
    assert "Convert lead" in page and "Mark qualified" in page and "Disqualify" in page


def test_teammate_sees_the_lead_read_only(client, alice, bob):
    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    client.force_login(bob)
    page = _text(client.get(f"/leads/{lead.pk}/"))
    assert "Ann Lee" in page
    assert "Convert lead" not in page and "Mark qualified" not in page


def test_status_change_from_the_page(client, alice):
    lead = make_lead(alice)
    client.force_login(alice)
    response = client.post(f"/leads/{lead.pk}/status/", {"status": "QUALIFIED"})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.status == LeadStatus.QUALIFIED
    page = _text(client.get(f"/leads/{lead.pk}/"))
    assert "Status history" in page and "Qualified" in page


def test_disqualify_without_reason_says_why(client, alice):
    lead = make_lead(alice)
    client.force_login(alice)
    response = client.post(f"/leads/{lead.pk}/status/", {"status": "DISQUALIFIED"}, follow=True)
    assert "Say why the lead is disqualified" in _text(response)
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


def test_tampered_status_is_refused(client, alice):
    lead = make_lead(alice)
    client.force_login(alice)
    response = client.post(f"/leads/{lead.pk}/status/", {"status": "CONVERTED"}, follow=True)
    assert "cannot become converted" in _text(response)
    response = client.post(f"/leads/{lead.pk}/status/", {"status": "<script>"}, follow=True)
    assert "choose a valid status" in _text(response)
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


def test_edit_lead(client, alice):
    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    client.force_login(alice)
    response = client.post(
        f"/leads/{lead.pk}/edit/",
        {
            "first_name": "Anne",
            "last_name": "Lee",
            "company_name": "Initech Ltd",
            "version": lead.party.version,
        },
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.party.first_name == "Anne" and lead.company_name == "Initech Ltd"


def test_edit_conflict_says_changed_by_someone_else(client, alice):
    lead = make_lead(alice, first_name="Ann", last_name="Lee")
    client.force_login(alice)
    data = {"first_name": "Anne", "last_name": "Lee", "version": lead.party.version}
    client.post(f"/leads/{lead.pk}/edit/", data)
    response = client.post(f"/leads/{lead.pk}/edit/", data | {"first_name": "Annie"})
    assert response.status_code == 200
    assert "changed by someone else" in _text(response)
    assert Party.objects.get(pk=lead.pk).first_name == "Anne"


def test_company_only_lead_edit_needs_the_company(client, alice):
    lead = make_lead(alice, company_name="Umbrella")
    client.force_login(alice)
    response = client.post(
        f"/leads/{lead.pk}/edit/", {"company_name": "", "version": lead.party.version}
    )
    assert response.status_code == 200 and "is-invalid" in _text(response)
    assert Party.objects.get(pk=lead.pk).name == "Umbrella"


# Conversion --------------------------------------------------------------------------------


def test_convert_page_creates_account_and_lands_on_the_contact(client, alice):
    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    client.force_login(alice)
    page = _text(client.get(f"/leads/{lead.pk}/convert/"))
    assert 'value="Initech"' in page
    response = client.post(
        f"/leads/{lead.pk}/convert/", {"account_mode": "new", "account_name": "Initech Inc"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:detail", args=[lead.pk])
    page = _text(client.get(response["Location"]))
    assert "Ann Lee" in page and "Initech Inc" in page
    lead_page = _text(client.get(f"/leads/{lead.pk}/"))
    account = Party.objects.get(kind=PartyKind.ORGANIZATION)
    assert "Converted" in lead_page
    assert f'href="/accounts/{account.pk}/"' in lead_page
    assert f'href="/contacts/{lead.pk}/"' in lead_page


def test_convert_into_an_existing_account_picked_by_number(client, alice):
    account = make_account(alice, name="Globex")
    lead = make_lead(alice, first_name="Hank", last_name="Scorpio")
    client.force_login(alice)
    response = client.post(
        f"/leads/{lead.pk}/convert/", {"account_mode": "existing", "account": f"#{account.pk}"}
    )
    assert response.status_code == 302
    assert Lead.objects.get(pk=lead.pk).converted_account == account


def test_convert_with_a_tampered_account_id_is_refused(client, alice, dan):
    hidden = make_account(dan, name="Hidden Corp")
    lead = make_lead(alice, first_name="Hank", last_name="Scorpio")
    client.force_login(alice)
    response = client.post(
        f"/leads/{lead.pk}/convert/", {"account_mode": "existing", "account": f"#{hidden.pk}"}
    )
    assert response.status_code == 200
    assert "No account you may see has that number" in _text(response)
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.NEW


def test_convert_without_account_name_keeps_the_form(client, alice):
    lead = make_lead(alice, first_name="Solo", last_name="Person")
    client.force_login(alice)
    response = client.post(
        f"/leads/{lead.pk}/convert/", {"account_mode": "new", "account_name": ""}
    )
    assert response.status_code == 200
    assert "name the new one" in _text(response)
    assert RoleType.CONTACT not in set(lead.party.roles.values_list("role", flat=True))


def test_converting_a_converted_lead_is_refused(client, alice):
    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    services.lead_convert(actor=alice, lead=lead)
    client.force_login(alice)
    response = client.post(
        f"/leads/{lead.pk}/convert/", {"account_mode": "new", "account_name": "Again"}, follow=True
    )
    assert "already converted" in _text(response)
    assert Party.objects.filter(kind=PartyKind.ORGANIZATION).count() == 1


def test_converted_lead_cannot_be_edited(client, alice):
    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    services.lead_convert(actor=alice, lead=lead)
    client.force_login(alice)
    response = client.get(f"/leads/{lead.pk}/edit/", follow=True)
    assert "edit the contact or account instead" in _text(response)


def test_converted_records_are_read_only_for_the_teammate(client, alice, bob):
    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    conversion = services.lead_convert(actor=alice, lead=lead)
    client.force_login(bob)
    assert client.get(f"/contacts/{lead.pk}/").status_code == 200
    assert client.get(f"/accounts/{conversion.account.pk}/").status_code == 200
    assert client.get(f"/contacts/{lead.pk}/edit/").status_code == 403
    assert client.get(f"/accounts/{conversion.account.pk}/edit/").status_code == 403


def test_lead_vcard_download(client, alice):
    lead = make_lead(alice, first_name="Zoë", last_name="Müller", company_name="Initech")
    client.force_login(alice)
    response = client.get(f"/leads/{lead.pk}/vcard/")
    assert response["Content-Type"].startswith("text/vcard")
    text = response.content.decode()
    assert "FN:Zoë Müller" in text and "ORG:Initech" in text


@pytest.mark.parametrize("rows", [1, 10])
def test_detail_query_count_is_constant(client, alice, rows, django_assert_num_queries):
    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    for _i in range(rows):
        services.lead_set_status(actor=alice, lead=lead, status="QUALIFIED")
        services.lead_set_status(actor=alice, lead=lead, status="ASSIGNED")
    client.force_login(alice)
    client.get(f"/leads/{lead.pk}/")
    # 16 + the activities panel: how many events the viewer was granted, then the events (the
    # deals panel asks nothing of a lead not converted yet), +1 the contact details' history
    # in the timeline, +3 the tags panel and others of issue 17, +2 the notes and files on the
    # timeline (measured: 24)
    with django_assert_num_queries(24):
        assert client.get(f"/leads/{lead.pk}/").status_code == 200


def test_convert_page_with_an_opportunity(client, alice):
    from opportunities.models import Opportunity, OpportunityStage

    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    client.force_login(alice)
    page = _text(client.get(f"/leads/{lead.pk}/convert/"))
    assert 'value="Initech - "' in page
    stage = OpportunityStage.objects.get(name="Proposal")
    response = client.post(
        f"/leads/{lead.pk}/convert/",
        {
            "account_mode": "new",
            "account_name": "Initech",
            "create_opportunity": "on",
            "opportunity_name": "Initech - 50 seats",
            "amount": "12000",
            "expected_close_date": "2027-03-31",
            "stage": stage.pk,
        },
        follow=True,
    )
    deal = Opportunity.objects.get()
    assert "and the opportunity Initech - 50 seats" in _text(response)
    assert (deal.stage, deal.probability) == (stage, 60)
    assert f'href="/opportunities/{deal.pk}/"' in _text(client.get(f"/leads/{lead.pk}/"))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("amount", "-1", "greater than or equal to 0"),
        ("expected_close_date", "next week", "Enter a valid date"),
        ("stage", "999999", "Select a valid choice"),
        ("opportunity_name", "", "Name the opportunity"),
    ],
)
def test_convert_with_a_bad_opportunity_keeps_the_form(client, alice, field, value, message):
    from opportunities.models import Opportunity, OpportunityStage

    lead = make_lead(alice, first_name="Ann", last_name="Lee", company_name="Initech")
    client.force_login(alice)
    data = {
        "account_mode": "new",
        "account_name": "Initech",
        "create_opportunity": "on",
        "opportunity_name": "Initech - 50 seats",
        "amount": "12000",
        "expected_close_date": "2027-03-31",
        "stage": OpportunityStage.objects.get(name="Proposal").pk,
    }
    response = client.post(f"/leads/{lead.pk}/convert/", data | {field: value})
    assert response.status_code == 200
    assert message in _text(response)
    assert not Opportunity.objects.exists()
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.NEW
