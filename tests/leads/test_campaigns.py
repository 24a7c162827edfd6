"""Marketing campaigns as users see them: list, create, edit, the campaign page with its
figures and its web form."""

from decimal import Decimal

import pytest
from django.utils import timezone

from leads import services
from leads.models import CampaignStatus, Lead, MarketingCampaign, MemberStatus
from parties.models import ConsentSource
from parties.services import consent_record
from tests.factories import make_campaign, make_contact, make_contact_list, make_lead

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def _campaign_data(owner, **overrides) -> dict:
    data = {
        "name": "Autumn fair",
        "status": CampaignStatus.PLANNED,
        "start_date": "2025-09-01",
        "end_date": "2025-09-30",
        "currency": "EUR",
        "budgeted_cost": "5000",
        "actual_cost": "4200.50",
        "expected_revenue": "60000",
        "expected_response_percent": "2.5",
        "owner": owner.pk,
        "capture_enabled": "on",
        "description": "Stand B12",
    }
    data.update(overrides)
    return data


# Create and edit ---------------------------------------------------------------------------


def test_marketing_creates_a_campaign(client, mark):
    client.force_login(mark)
    response = client.post("/campaigns/new/", _campaign_data(mark))
    campaign = MarketingCampaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/campaigns/{campaign.pk}/"
    assert campaign.name == "Autumn fair"
    assert campaign.owner == mark
    assert campaign.actual_cost == Decimal("4200.50")
    assert campaign.expected_response_percent == Decimal("2.5")
    assert campaign.capture_enabled is True


def test_new_campaign_form_defaults_the_owner_to_the_user(client, mark):
    client.force_login(mark)
    response = client.get("/campaigns/new/")
    assert response.status_code == 200
    assert response.context["form"]["owner"].value() == mark.pk


def test_marketing_edits_a_campaign(client, mark):
    campaign = make_campaign(mark)
    client.force_login(mark)
    response = client.post(
        f"/campaigns/{campaign.pk}/edit/",
        _campaign_data(mark, name="Spring fair", status=CampaignStatus.IN_PROGRESS),
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "Spring fair"
    assert campaign.status == CampaignStatus.IN_PROGRESS


def test_edit_form_shows_the_saved_values(client, mark):
    campaign = make_campaign(mark, name="Winter fair", actual_cost=Decimal("99.90"))
    client.force_login(mark)
    page = _text(client.get(f"/campaigns/{campaign.pk}/edit/"))
    assert 'value="Winter fair"' in page
    assert 'value="99.90"' in page


def test_sales_rep_may_not_edit_a_campaign(client, mark, alice):
    campaign = make_campaign(mark)
    client.force_login(alice)
    assert client.get(f"/campaigns/{campaign.pk}/edit/").status_code == 403
    response = client.post(f"/campaigns/{campaign.pk}/edit/", _campaign_data(alice, name="X"))
    assert response.status_code == 403
    campaign.refresh_from_db()
    assert campaign.name == "Spring trade show"


def test_sales_rep_may_not_create_a_campaign(client, alice):
    client.force_login(alice)
    assert client.post("/campaigns/new/", _campaign_data(alice)).status_code == 403
    assert not MarketingCampaign.objects.exists()


def test_customer_service_may_not_see_campaigns(client, mark, erin):
    campaign = make_campaign(mark)
    client.force_login(erin)
    assert client.get("/campaigns/").status_code == 403
    assert client.get(f"/campaigns/{campaign.pk}/").status_code == 403


def test_unknown_campaign_is_404(client, mark):
    client.force_login(mark)
    assert client.get("/campaigns/987654/").status_code == 404
    assert client.get("/campaigns/987654/edit/").status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"start_date": "2025-09-10", "end_date": "2025-09-01"}, "end_date"),
        ({"actual_cost": "-1"}, "actual_cost"),
        ({"budgeted_cost": "-0.01"}, "budgeted_cost"),
        ({"expected_response_percent": "101"}, "expected_response_percent"),
        ({"expected_revenue": "lots"}, "expected_revenue"),
        ({"start_date": "someday"}, "start_date"),
        ({"name": ""}, "name"),
        ({"status": "forgotten"}, "status"),
    ],
)
def test_bad_input_shows_a_field_error_and_saves_nothing(client, mark, overrides, field):
    client.force_login(mark)
    response = client.post("/campaigns/new/", _campaign_data(mark, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not MarketingCampaign.objects.exists()


def test_bad_input_keeps_what_was_typed(client, mark):
    client.force_login(mark)
    page = _text(
        client.post("/campaigns/new/", _campaign_data(mark, name="Kept name", actual_cost="-5"))
    )
    assert 'value="Kept name"' in page
    assert 'value="-5"' in page


def test_bad_edit_changes_nothing(client, mark):
    campaign = make_campaign(mark, name="Fair")
    client.force_login(mark)
    response = client.post(
        f"/campaigns/{campaign.pk}/edit/",
        _campaign_data(mark, name="Renamed", start_date="2025-10-01", end_date="2025-09-01"),
    )
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors
    campaign.refresh_from_db()
    assert campaign.name == "Fair"


# List --------------------------------------------------------------------------------------


def test_list_filters_by_status(client, mark, alice):
    make_campaign(mark, name="Planned one")
    make_campaign(mark, name="Running one", status=CampaignStatus.IN_PROGRESS)
    client.force_login(alice)
    page = _text(client.get("/campaigns/", {"status": CampaignStatus.IN_PROGRESS}))
    assert "Running one" in page
    assert "Planned one" not in page


def test_list_sorts_by_name(client, mark):
    make_campaign(mark, name="Bravo")
    make_campaign(mark, name="alpha")
    make_campaign(mark, name="Charlie")
    client.force_login(mark)
    page = _text(client.get("/campaigns/", {"sort": "name"}))
    assert page.index("alpha") < page.index("Bravo") < page.index("Charlie")


def test_list_sorts_by_start_date(client, mark):
    make_campaign(mark, name="Later", start_date="2025-06-01")
    make_campaign(mark, name="Earlier", start_date="2025-01-01")
    client.force_login(mark)
    page = _text(client.get("/campaigns/", {"sort": "start"}))
    assert page.index("Earlier") < page.index("Later")
    page = _text(client.get("/campaigns/", {"sort": "-start"}))
    assert page.index("Later") < page.index("Earlier")


def test_list_paginates_fifty_per_page(client, mark):
    for i in range(51):
        make_campaign(mark, name=f"Campaign {i:02d}")
    client.force_login(mark)
    first = client.get("/campaigns/", {"sort": "name"})
    assert len(first.context["page"].object_list) == 50
    second = _text(client.get("/campaigns/", {"sort": "name", "page": 2}))
    assert "Campaign 50" in second and "Campaign 49" not in second


def test_list_ignores_a_bad_page_number_and_bad_options(client, mark):
    make_campaign(mark, name="Only one")
    client.force_login(mark)
    response = client.get("/campaigns/", {"page": "nope", "sort": "evil", "status": "x"})
    assert response.status_code == 200
    assert "Only one" in _text(response)


def test_list_shows_new_button_only_to_who_may_add(client, mark, alice):
    client.force_login(alice)
    assert "/campaigns/new/" not in _text(client.get("/campaigns/"))
    client.force_login(mark)
    assert "/campaigns/new/" in _text(client.get("/campaigns/"))


# The campaign page -------------------------------------------------------------------------


def _convert(owner, lead: Lead) -> None:
    services.lead_convert(actor=owner, lead=lead)


def test_campaign_page_figures(client, mark, alice):
    campaign = make_campaign(mark, actual_cost=Decimal("300"), expected_response_percent=5)
    converted = make_lead(alice, company_name="Initech", campaign=campaign)
    make_lead(alice, campaign=campaign)
    make_lead(alice, campaign=campaign)
    make_lead(alice)  # another campaign's (none): not counted
    _convert(alice, converted)
    client.force_login(mark)
    response = client.get(f"/campaigns/{campaign.pk}/")
    stats = response.context["stats"]
    assert (stats.leads_generated, stats.leads_converted) == (3, 1)
    assert stats.conversion_rate == Decimal("33.3")
    assert stats.cost_per_lead == Decimal("100.00")
    page = _text(response)
    assert 'data-stat="leads-generated">3<' in page
    assert 'data-stat="leads-converted">1<' in page
    assert 'data-stat="conversion-rate">33.3 %' in page
    assert 'data-stat="cost-per-lead">100.00 EUR' in page
    assert 'data-stat="expected-response">5 %' in page


def test_cost_per_lead_is_a_dash_without_leads(client, mark):
    campaign = make_campaign(mark, actual_cost=Decimal("300"))
    client.force_login(mark)
    page = _text(client.get(f"/campaigns/{campaign.pk}/"))
    assert 'data-stat="cost-per-lead">—' in page
    assert 'data-stat="conversion-rate">—' in page


def test_cost_per_lead_is_a_dash_without_cost(client, mark, alice):
    campaign = make_campaign(mark)
    make_lead(alice, campaign=campaign)
    client.force_login(mark)
    assert 'data-stat="cost-per-lead">—' in _text(client.get(f"/campaigns/{campaign.pk}/"))


def test_actual_response_counts_accepted_members_of_the_campaign_lists(client, mark, alice):
    campaign = make_campaign(mark, expected_response_percent=Decimal("10"))
    contact_list = make_contact_list(mark, campaign=campaign)
    for i in range(4):
        person = make_contact(alice, email=f"p{i}@example.com")
        member = services.contact_list_member_add(
            actor=mark, contact_list=contact_list, party=person
        )
        if i < 2:  # two accepted; the other two stay pending and are not reached yet
            consent_record(
                actor=mark,
                party=person,
                purpose="MARKETING_EMAIL",
                granted=True,
                source=ConsentSource.PAPER,
            )
            services.contact_list_member_set_status(
                actor=mark, member=member, status=MemberStatus.ACCEPTED
            )
    make_lead(alice, campaign=campaign)
    client.force_login(mark)
    stats = client.get(f"/campaigns/{campaign.pk}/").context["stats"]
    assert stats.people_reached == 2
    assert stats.actual_response_percent == Decimal("50.0")


def test_campaign_page_lists_only_leads_the_viewer_may_see(client, mark, alice, dan):
    campaign = make_campaign(mark)
    make_lead(alice, first_name="Ann", last_name="Mine", campaign=campaign)
    make_lead(dan, first_name="Dora", last_name="Hidden", campaign=campaign)
    client.force_login(alice)
    response = client.get(f"/campaigns/{campaign.pk}/")
    page = _text(response)
    assert "Ann Mine" in page
    assert "Dora Hidden" not in page
    assert response.context["stats"].leads_generated == 2


def test_campaign_page_links_leads_to_their_page(client, mark, alice):
    campaign = make_campaign(mark)
    lead = make_lead(alice, campaign=campaign)
    client.force_login(alice)
    assert f'href="/leads/{lead.pk}/"' in _text(client.get(f"/campaigns/{campaign.pk}/"))


def test_campaign_page_shows_the_ten_newest_leads(client, mark, alice):
    campaign = make_campaign(mark)
    leads = [make_lead(alice, first_name=f"N{i:02d}", campaign=campaign) for i in range(12)]
    for i, lead in enumerate(leads):
        Lead.objects.filter(pk=lead.pk).update(
            created_at=timezone.now() - timezone.timedelta(days=30 - i)
        )
    client.force_login(alice)
    shown = client.get(f"/campaigns/{campaign.pk}/").context["recent_leads"]
    assert [lead.party.first_name for lead in shown] == [f"N{i:02d}" for i in range(11, 1, -1)]


def test_marketing_sees_none_of_the_reps_leads_but_the_figures(client, mark, alice):
    campaign = make_campaign(mark)
    make_lead(alice, first_name="Ann", last_name="Private", campaign=campaign)
    client.force_login(mark)
    response = client.get(f"/campaigns/{campaign.pk}/")
    assert "Ann Private" not in _text(response)
    assert response.context["stats"].leads_generated == 1


def test_administrator_sees_every_lead_of_the_campaign(client, mark, alice, dan, admin_user):
    campaign = make_campaign(mark)
    make_lead(alice, first_name="Ann", last_name="One", campaign=campaign)
    make_lead(dan, first_name="Dora", last_name="Two", campaign=campaign)
    client.force_login(admin_user)
    page = _text(client.get(f"/campaigns/{campaign.pk}/"))
    assert "Ann One" in page and "Dora Two" in page


# The web form on the campaign page ---------------------------------------------------------


def test_campaign_page_shows_the_web_form_address_and_snippet(client, mark):
    campaign = make_campaign(mark, capture_enabled=True)
    client.force_login(mark)
    page = _text(client.get(f"/campaigns/{campaign.pk}/"))
    url = f"http://testserver/capture/{campaign.capture_token}/"
    assert f'value="{url}"' in page
    assert f'&lt;iframe src="{url}"' in page
    assert "Generate a new form address" in page


def test_web_form_panel_is_hidden_from_who_may_not_change(client, mark, alice):
    campaign = make_campaign(mark, capture_enabled=True)
    client.force_login(alice)
    page = _text(client.get(f"/campaigns/{campaign.pk}/"))
    assert campaign.capture_token not in page
    assert "Generate a new form address" not in page


def test_new_form_address_makes_the_old_one_404(client, mark):
    campaign = make_campaign(mark, capture_enabled=True)
    old_url = f"/capture/{campaign.capture_token}/"
    client.force_login(mark)
    response = client.post(f"/campaigns/{campaign.pk}/capture-token/")
    assert response.status_code == 302
    campaign.refresh_from_db()
    client.logout()
    assert client.get(old_url).status_code == 404
    assert client.get(f"/capture/{campaign.capture_token}/").status_code == 200


def test_sales_rep_may_not_regenerate_the_form_address(client, mark, alice):
    campaign = make_campaign(mark, capture_enabled=True)
    token = campaign.capture_token
    client.force_login(alice)
    assert client.post(f"/campaigns/{campaign.pk}/capture-token/").status_code == 403
    campaign.refresh_from_db()
    assert campaign.capture_token == token


def test_regenerating_needs_a_post(client, mark):
    campaign = make_campaign(mark, capture_enabled=True)
    client.force_login(mark)
    assert client.get(f"/campaigns/{campaign.pk}/capture-token/").status_code == 405


# Query counts ------------------------------------------------------------------------------

# Both: session, user, the user's model permissions (2). List: COUNT and the page (lead counts
# included). Detail: the campaign with its figures, the viewer's groups and managed teams (for
# lead visibility), the visible leads, and the opportunities app's revenue panel (one sum).
LIST_QUERIES = 6
DETAIL_QUERIES = 9


def test_campaign_list_queries_do_not_grow_with_rows(client, mark, django_assert_num_queries):
    client.force_login(mark)
    make_campaign(mark, name="First")
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get("/campaigns/").status_code == 200
    for i in range(19):
        campaign = make_campaign(mark, name=f"Campaign {i}")
        make_lead(mark, campaign=campaign)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/campaigns/")
    assert len(response.context["page"].object_list) == 20


def test_campaign_page_queries_do_not_grow_with_leads(
    client, mark, alice, django_assert_num_queries
):
    campaign = make_campaign(mark, capture_enabled=True, actual_cost=Decimal("10"))
    make_lead(alice, campaign=campaign)
    client.force_login(alice)
    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(f"/campaigns/{campaign.pk}/").status_code == 200
    for _ in range(19):
        lead = make_lead(alice, company_name="Acme", campaign=campaign)
        _convert(alice, lead)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(f"/campaigns/{campaign.pk}/")
    assert len(response.context["recent_leads"]) == 10
    assert response.context["stats"].leads_converted == 19


def test_campaign_page_queries_for_a_user_who_may_change(
    client, mark, alice, django_assert_num_queries
):
    campaign = make_campaign(mark, capture_enabled=True)
    make_lead(alice, campaign=campaign)
    client.force_login(mark)
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(f"/campaigns/{campaign.pk}/")
    for _ in range(19):
        make_lead(alice, campaign=campaign)
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(f"/campaigns/{campaign.pk}/")
