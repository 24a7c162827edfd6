"""Competitors and contact roles on an opportunity, as users add, remove and see them."""

import pytest

from opportunities import services
from opportunities.models import ContactRoleKind, OpportunityCompetitor, OpportunityContactRole
from parties.models import PartyRole, RoleType
from tests.factories import make_account, make_contact, make_opportunity

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def _competitors_url(opportunity) -> str:
    return f"/opportunities/{opportunity.pk}/competitors/"


def _contact_roles_url(opportunity) -> str:
    return f"/opportunities/{opportunity.pk}/contact-roles/"


def _remove_url(opportunity, kind: str, row) -> str:
    return f"/opportunities/{opportunity.pk}/{kind}/{row.pk}/remove/"


@pytest.fixture
def deal(alice):
    return make_opportunity(alice, account=make_account(alice, name="Globex"), name="Globex - CRM")


@pytest.fixture
def rival(alice):
    return make_account(alice, name="Rival Corp")


@pytest.fixture
def hank(alice):
    return make_contact(alice, first_name="Hank", last_name="Scorpio")


def _add_rival(deal, alice, rival) -> OpportunityCompetitor:
    return services.competitor_add(
        actor=alice, opportunity=deal, competitor=rival, strengths="Cheap", weaknesses="Slow"
    )


def _add_role(deal, alice, contact, role="decision_maker") -> OpportunityContactRole:
    return services.contact_role_add(actor=alice, opportunity=deal, contact=contact, role=role)


# Competitors -------------------------------------------------------------------------------


def test_owner_adds_a_competitor_with_strengths_and_weaknesses(client, alice, deal, rival):
    client.force_login(alice)
    response = client.post(
        _competitors_url(deal),
        {"competitor": f"Rival Corp (#{rival.pk})", "strengths": "Cheap", "weaknesses": "Slow"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/opportunities/{deal.pk}/"
    row = deal.competitors.get()
    assert (row.competitor, row.strengths, row.weaknesses) == (rival, "Cheap", "Slow")


def test_competitor_may_be_picked_by_its_exact_name(client, alice, deal, rival):
    client.force_login(alice)
    client.post(_competitors_url(deal), {"competitor": "rival corp"})
    assert deal.competitors.get().competitor == rival


def test_added_competitor_gets_the_competitor_role(client, alice, deal, rival):
    client.force_login(alice)
    client.post(_competitors_url(deal), {"competitor": f"#{rival.pk}"})
    assert PartyRole.objects.filter(party=rival, role=RoleType.COMPETITOR).exists()


def test_competitor_is_listed_on_the_opportunity_page(client, alice, deal, rival):
    _add_rival(deal, alice, rival)
    client.force_login(alice)
    page = _text(client.get(f"/opportunities/{deal.pk}/"))
    assert "Rival Corp" in page and "Cheap" in page and "Slow" in page


def test_adding_a_competitor_says_so(client, alice, deal, rival):
    client.force_login(alice)
    response = client.post(_competitors_url(deal), {"competitor": f"#{rival.pk}"}, follow=True)
    assert "Rival Corp was added as a competitor." in _text(response)


def test_duplicate_competitor_is_refused(client, alice, deal, rival):
    _add_rival(deal, alice, rival)
    client.force_login(alice)
    response = client.post(_competitors_url(deal), {"competitor": f"#{rival.pk}"}, follow=True)
    assert "This competitor is already listed." in _text(response)
    assert deal.competitors.count() == 1


def test_account_cannot_be_its_own_competitor(client, alice, deal):
    client.force_login(alice)
    response = client.post(
        _competitors_url(deal), {"competitor": f"#{deal.account_id}"}, follow=True
    )
    assert "The account cannot be its own competitor." in _text(response)
    assert not deal.competitors.exists()


def test_competitor_the_user_may_not_see_is_refused(client, alice, dan, deal):
    hidden = make_account(dan, name="Hidden Rival")
    client.force_login(alice)
    response = client.post(_competitors_url(deal), {"competitor": f"#{hidden.pk}"}, follow=True)
    page = _text(response)
    assert "No organization you may see has that number." in page
    assert "Hidden Rival" not in page
    assert not deal.competitors.exists()
    assert not PartyRole.objects.filter(party=hidden, role=RoleType.COMPETITOR).exists()


@pytest.mark.parametrize("value", ["#999999999", "#99999999999999999999999", "Nobody Inc"])
def test_unknown_competitor_is_refused(client, alice, deal, value):
    client.force_login(alice)
    response = client.post(
        _competitors_url(deal), {"competitor": value, "strengths": "Kept as typed"}
    )
    assert response.status_code == 200
    page = _text(response)
    assert "is-invalid" in page and "you may see" in page
    assert "Kept as typed" in page
    assert not deal.competitors.exists()


def test_missing_competitor_is_refused(client, alice, deal):
    client.force_login(alice)
    response = client.post(_competitors_url(deal), {"competitor": ""})
    assert "This field is required." in _text(response)
    assert not deal.competitors.exists()


def test_a_person_cannot_be_a_competitor(client, alice, deal, hank):
    client.force_login(alice)
    client.post(_competitors_url(deal), {"competitor": f"#{hank.pk}"})
    assert not deal.competitors.exists()


def test_owner_removes_a_competitor(client, alice, deal, rival):
    row = _add_rival(deal, alice, rival)
    client.force_login(alice)
    response = client.post(_remove_url(deal, "competitors", row), follow=True)
    assert "The competitor was removed." in _text(response)
    assert not deal.competitors.exists()


def test_restricted_competitor_is_shown_without_its_name(client, alice, dan, deal):
    services.competitor_add(
        actor=alice, opportunity=deal, competitor=make_account(dan, name="Secret Rival")
    )
    client.force_login(alice)
    page = _text(client.get(f"/opportunities/{deal.pk}/"))
    assert "Secret Rival" not in page
    assert '<span class="restricted">restricted</span>' in page


# Contact roles -----------------------------------------------------------------------------


def test_owner_adds_a_contact_role(client, alice, deal, hank):
    client.force_login(alice)
    response = client.post(
        _contact_roles_url(deal), {"contact": f"#{hank.pk}", "role": "influencer"}, follow=True
    )
    assert "Hank Scorpio was added as influencer." in _text(response)
    row = deal.contact_roles.get()
    assert (row.contact, row.role) == (hank, ContactRoleKind.INFLUENCER)


def test_contact_role_is_listed_on_the_opportunity_page(client, alice, deal, hank):
    _add_role(deal, alice, hank)
    client.force_login(alice)
    page = _text(client.get(f"/opportunities/{deal.pk}/"))
    assert f'href="/contacts/{hank.pk}/">Hank Scorpio</a>' in page
    assert "Decision maker" in page


def test_duplicate_contact_role_is_refused(client, alice, deal, hank):
    _add_role(deal, alice, hank)
    client.force_login(alice)
    response = client.post(
        _contact_roles_url(deal), {"contact": f"#{hank.pk}", "role": "decision_maker"}, follow=True
    )
    assert "This contact already has this role here." in _text(response)
    assert deal.contact_roles.count() == 1


def test_a_contact_may_hold_two_roles(client, alice, deal, hank):
    _add_role(deal, alice, hank)
    client.force_login(alice)
    client.post(_contact_roles_url(deal), {"contact": f"#{hank.pk}", "role": "user"})
    assert set(deal.contact_roles.values_list("role", flat=True)) == {"decision_maker", "user"}


def test_contact_the_user_may_not_see_is_refused(client, alice, dan, deal):
    hidden = make_contact(dan, first_name="Secret", last_name="Person")
    client.force_login(alice)
    response = client.post(
        _contact_roles_url(deal), {"contact": f"#{hidden.pk}", "role": "user"}, follow=True
    )
    page = _text(response)
    assert "No contact you may see has that number." in page
    assert "Secret Person" not in page
    assert not deal.contact_roles.exists()


def test_unknown_role_is_refused(client, alice, deal, hank):
    client.force_login(alice)
    response = client.post(_contact_roles_url(deal), {"contact": f"#{hank.pk}", "role": "boss"})
    assert "Select a valid choice" in _text(response)
    assert not deal.contact_roles.exists()


def test_role_choice_offers_every_role(client, alice, deal):
    client.force_login(alice)
    page = _text(client.get(f"/opportunities/{deal.pk}/"))
    for value, label in ContactRoleKind.choices:
        assert f'<option value="{value}">{label}</option>' in page


def test_owner_removes_a_contact_role(client, alice, deal, hank):
    row = _add_role(deal, alice, hank)
    client.force_login(alice)
    response = client.post(_remove_url(deal, "contact-roles", row), follow=True)
    assert "The contact role was removed." in _text(response)
    assert not deal.contact_roles.exists()


def test_restricted_contact_is_shown_without_its_name(client, alice, dan, deal):
    _add_role(deal, alice, make_contact(dan, first_name="Secret", last_name="Person"))
    client.force_login(alice)
    page = _text(client.get(f"/opportunities/{deal.pk}/"))
    assert "Secret Person" not in page
    assert '<span class="restricted">restricted</span>' in page


# Access ------------------------------------------------------------------------------------


@pytest.fixture
def rows(alice, deal, rival, hank):
    return {
        "competitors": _add_rival(deal, alice, rival),
        "contact-roles": _add_role(deal, alice, hank),
    }


def _posts(deal, rows, rival, hank):
    """Every action of this feature: (url, data)."""
    return [
        (_competitors_url(deal), {"competitor": f"#{make_account(deal.owner).pk}"}),
        (_remove_url(deal, "competitors", rows["competitors"]), {}),
        (_contact_roles_url(deal), {"contact": f"#{hank.pk}", "role": "user"}),
        (_remove_url(deal, "contact-roles", rows["contact-roles"]), {}),
    ]


@pytest.mark.parametrize("action", range(4))
def test_viewer_may_not_change_competitors_or_roles(
    client, bob, alice, deal, rows, rival, hank, action
):
    url, data = _posts(deal, rows, rival, hank)[action]
    client.force_login(bob)
    assert client.post(url, data).status_code == 403
    assert (deal.competitors.count(), deal.contact_roles.count()) == (1, 1)


@pytest.mark.parametrize("action", range(4))
def test_outsider_gets_404(client, dan, deal, rows, rival, hank, action):
    url, data = _posts(deal, rows, rival, hank)[action]
    client.force_login(dan)
    assert client.post(url, data).status_code == 404
    assert (deal.competitors.count(), deal.contact_roles.count()) == (1, 1)


@pytest.mark.parametrize("action", range(4))
def test_closed_opportunity_is_refused(client, alice, deal, rows, rival, hank, action):
    services.opportunity_close(actor=alice, opportunity=deal, won=False, reason="Too dear")
    url, data = _posts(deal, rows, rival, hank)[action]
    client.force_login(alice)
    response = client.post(url, data, follow=True)
    assert "This opportunity is closed; reopen it to change it." in _text(response)
    assert (deal.competitors.count(), deal.contact_roles.count()) == (1, 1)


@pytest.mark.parametrize("action", range(4))
def test_get_is_not_allowed(client, alice, deal, rows, rival, hank, action):
    url, _data = _posts(deal, rows, rival, hank)[action]
    client.force_login(alice)
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("kind", ["competitors", "contact-roles"])
def test_row_of_another_opportunity_is_404(client, alice, deal, rows, kind):
    other = make_opportunity(alice)
    client.force_login(alice)
    assert client.post(_remove_url(other, kind, rows[kind])).status_code == 404
    assert (deal.competitors.count(), deal.contact_roles.count()) == (1, 1)


def test_viewer_sees_the_panels_without_forms_or_remove_buttons(client, alice, bob, deal, rows):
    client.force_login(bob)
    page = _text(client.get(f"/opportunities/{deal.pk}/"))
    assert "Rival Corp" in page and "Hank Scorpio" in page
    assert "Add competitor" not in page and "Add contact role" not in page
    assert "/remove/" not in page


def test_closed_opportunity_shows_no_forms(client, alice, deal, rows):
    services.opportunity_close(actor=alice, opportunity=deal, won=True, reason="Best fit")
    client.force_login(alice)
    page = _text(client.get(f"/opportunities/{deal.pk}/"))
    assert "Rival Corp" in page
    assert "Add competitor" not in page and "/remove/" not in page
