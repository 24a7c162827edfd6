"""The 403 page: a page the user's role does not open says which roles open it (read from the
groups holding the permission the page needs); an action refused on a record the user sees
keeps the record's message (ask its owner)."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from crm import access
from crm.exceptions import PageDenied
from parties import services
from parties.models import PartnerType

pytestmark = pytest.mark.django_db

RECORD_MESSAGE = "Ask its owner to share it with change rights."


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_campaigns_for_a_csr_name_the_roles_that_open_them(client_for, erin):
    response = client_for(erin).get(reverse("campaigns:list"))
    assert response.status_code == 403
    text = _text(response)
    assert "Who may open it: Administrator, Marketing, Sales Manager and Sales Rep." in text
    assert "Ask its owner" not in text


def test_team_activity_for_a_rep_names_managers_and_administrators(client_for, alice):
    response = client_for(alice).get(reverse("events:activity"))
    assert response.status_code == 403
    text = _text(response)
    assert "Who may open it: managers of a team and administrators." in text
    assert "Ask its owner" not in text


def test_cases_queue_for_a_rep_names_customer_service_and_team_managers(client_for, alice):
    response = client_for(alice).get(reverse("cases:queue"))
    assert response.status_code == 403
    text = _text(response)
    assert "Who may open it: Administrator, Customer Service and managers of a team." in text
    assert "Ask its owner" not in text


def test_a_partner_edit_refused_on_a_partner_one_sees_keeps_the_record_message(
    client_for, carol, alice, bob
):
    partner = services.partner_create(
        actor=carol,
        name="Channel Co",
        type=PartnerType.RESELLER,
        commission_rate=Decimal(10),
        owner=alice,
    ).partner
    client = client_for(bob)
    assert client.get(reverse("partners:detail", args=[partner.pk])).status_code == 200
    response = client.get(reverse("partners:edit", args=[partner.pk]))
    assert response.status_code == 403
    text = _text(response)
    assert RECORD_MESSAGE in text
    assert "Who may open it" not in text


def test_the_roles_named_follow_the_groups_permissions(client_for, erin, role_groups):
    """No role list is written down: take the permission from Marketing and it is not named."""
    marketing = Group.objects.get(name=access.MARKETING)
    marketing.permissions.remove(Permission.objects.get(codename="view_marketingcampaign"))
    response = client_for(erin).get(reverse("campaigns:list"))
    assert "Who may open it: Administrator, Sales Manager and Sales Rep." in _text(response)


def test_require_perm_carries_the_permission(alice):
    access.require_perm(alice, "leads.view_marketingcampaign")  # a rep holds it
    with pytest.raises(PageDenied) as exc:
        access.require_perm(alice, "leads.change_marketingcampaign")
    assert exc.value.permission == "leads.change_marketingcampaign"


def test_groups_holding_leaves_teams_out_and_reads_once(
    team_east, role_groups, django_assert_num_queries
):
    team_east.group.permissions.add(Permission.objects.get(codename="view_marketingcampaign"))
    with django_assert_num_queries(1):
        names = access.groups_holding("leads.view_marketingcampaign")
    assert names == ["Administrator", "Marketing", "Sales Manager", "Sales Rep"]
