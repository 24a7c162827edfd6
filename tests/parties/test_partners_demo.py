"""The demo's partners (demo/builders/partners.py): three of them, one with an ended earlier
agreement; leads and deals of alice, bob and dan they brought; alice sees the partner "who
brought" her won deal and its commission, and only the deals she may see."""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from leads.models import Lead
from opportunities.models import Opportunity
from parties.models import Partnership, PartnerType
from tests.conftest import FAST_PASSWORD_HASHERS


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
            call_command("load_demo", "--not-production", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def users(demo_loaded, db):
    return {user.username: user for user in User.objects.all()}


def test_three_partners_one_with_an_ended_earlier_agreement(users):
    current = Partnership.objects.filter(thru_date__isnull=True)
    assert set(current.values_list("type", flat=True)) == {
        PartnerType.RESELLER,
        PartnerType.REFERRAL,
        PartnerType.DISTRIBUTOR,
    }
    assert Partnership.objects.filter(thru_date__isnull=False).count() == 1
    assert {t.owner.username for t in current} <= {"alice", "bob", "carol", "dan"}


def test_the_partners_brought_leads_and_deals_of_alice_bob_and_dan(users):
    sellers = {"alice", "bob", "dan"}
    assert (
        set(
            Lead.objects.filter(partner__isnull=False).values_list(
                "party__owner__username", flat=True
            )
        )
        == sellers
    )
    assert (
        set(
            Opportunity.objects.filter(partner__isnull=False).values_list(
                "owner__username", flat=True
            )
        )
        == sellers
    )


def test_alice_sees_who_brought_her_won_deal_and_its_commission(client, users):
    alice = users["alice"]
    deal = (
        Opportunity.objects.filter(owner=alice, partner__isnull=False, stage__kind="won")
        .select_related("partner")
        .first()
    )
    client.force_login(alice)
    page = client.get(reverse("opportunities:detail", args=[deal.pk])).content.decode()
    assert deal.partner.display_name in page
    response = client.get(reverse("partners:detail", args=[deal.partner_id]))
    assert response.status_code == 200
    figures = response.context["panels"].header[0].context["partner_figures"]
    rate = deal.partner.partnerships.get(thru_date__isnull=True).commission_rate
    # One won deal this quarter (in the account's currency, converted to the reporting one).
    assert figures.quarter.count == 1 and figures.quarter.revenue > 0
    expected = (figures.quarter.revenue * rate / 100).quantize(Decimal("0.01"))
    assert figures.quarter.commission == expected
    assert "Commission due" in response.content.decode()
    # Only what alice may see: dan's deals with the distributor are not in her figures.
    shown = {o.pk for o in response.context["panels"][1].context["partner_deals"].rows}
    assert (
        not Opportunity.objects.filter(pk__in=shown)
        .exclude(owner__username__in=["alice", "bob", "carol"])
        .exists()
    )
