"""Leftovers of the Sharing page, search and 403 pages: a team that already holds the grant
is not offered again (nor shared with again), team rows name who granted them, a lead found
by its company says the company, and a 403 of a role's action names the role."""

import re

import pytest

from crm import access
from crm.models import GroupGrant  # noqa: F401 (the grant tables' base)
from forecasts.models import SalesForecast
from tests.factories import make_contact, make_lead, make_opportunity

pytestmark = pytest.mark.django_db


def _team_options(page: str) -> list[str]:
    select = re.search(r'<select name="team".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)


def test_a_team_holding_change_is_not_offered(client, alice, team_east, team_west):
    contact = make_contact(alice)
    access.share(obj=contact, action="change", actor=alice, group=team_west.group)
    client.force_login(alice)
    page = client.get(f"/contacts/{contact.pk}/sharing/").content.decode()
    options = _team_options(page)
    assert "Team West" not in options
    # East holds only view (the team's default): it may still be given change.
    assert "Team East" in options


def test_sharing_with_a_team_what_it_holds_is_refused_next_to_the_field(client, alice, team_east):
    contact = make_contact(alice)
    client.force_login(alice)
    response = client.post(
        f"/contacts/{contact.pk}/sharing/",
        {"operation": "share", "team": team_east.pk, "access": "view"},
    )
    assert response.status_code == 200
    assert "Team East already has this access." in response.content.decode()
    assert "Access granted" not in response.content.decode()


def test_team_rows_name_the_granting_user(client, alice, team_west):
    alice.first_name, alice.last_name = "Alice", "Archer"
    alice.save()
    contact = make_contact(alice)
    access.share(obj=contact, action="view", actor=alice, group=team_west.group)
    client.force_login(alice)
    page = client.get(f"/contacts/{contact.pk}/sharing/").content.decode()
    west_row = re.search(r"<tr><td>Team West</td>.*?</tr>", page, re.S).group(0)
    assert "Alice Archer" in west_row


def test_a_lead_found_by_its_company_shows_the_company(client, alice):
    make_lead(alice, first_name="Lisa", last_name="Lead", company_name="Initech")
    client.force_login(alice)
    page = client.get("/search/?q=Initech").content.decode()
    assert "Lisa Lead" in page
    line = page.split("Lisa Lead", 1)[1][:400]
    assert "Initech" in line


def test_lead_source_create_403_names_administrators(client, alice):
    client.force_login(alice)
    response = client.get("/lead-sources/new/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Who may open it: administrators." in page
    assert "share it" not in page


def test_a_rep_may_not_assign_leads_from_the_bulk_bar(client, alice, bob, carol):
    """Assigning leads is the list's bulk "Change owner" (the old /leads/assign/ is gone): a
    manager is offered it, a rep is not, and a rep's forged post is refused with the owner
    unchanged. The bulk bar's refusal is its generic 403 (crm.bulk): it names no role."""
    lead = make_lead(alice).party
    client.force_login(carol)
    assert ">Change owner</option>" in client.get("/leads/").text
    client.force_login(bob)
    assert ">Change owner</option>" not in client.get("/leads/").text
    response = client.post(
        "/leads/bulk/", {"action": "owner", "ids": [lead.pk], "owner": bob.pk, "confirm": "1"}
    )
    assert response.status_code == 403
    lead.refresh_from_db()
    assert lead.owner == alice


def test_forecast_commit_403_names_the_owner(client, alice, carol):
    deal = make_opportunity(alice)
    forecast = SalesForecast.objects.filter(owner=alice, period__kind="month").first()
    assert forecast is not None and deal
    client.force_login(carol)
    response = client.post(f"/forecasts/{forecast.pk}/", {"committed": "100"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Only the forecast&#x27;s owner and administrators may commit a forecast." in page
    assert "share it" not in page
