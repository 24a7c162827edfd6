"""An opportunity's partner: who brought the deal (a current partner), the source it
brings, the form, the list filter and the page."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from opportunities import services
from parties import services as party_services
from parties.models import LeadSource, PartnerType
from tests.factories import make_account, make_opportunity
from tests.helpers import field_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(carol):
    return party_services.partner_create(
        actor=carol, name="Channel Co", type=PartnerType.RESELLER, commission_rate=Decimal(10)
    ).partner


def _end(carol, partner):
    party_services.partnership_end(actor=carol, partnership=partner.partnerships.get())


def test_a_deal_from_a_partner_gets_the_source_partner(alice, partner):
    deal = make_opportunity(alice, partner=partner)
    assert deal.partner == partner and deal.lead_source.code == "partner"
    web = LeadSource.objects.get(code="web-site")
    assert make_opportunity(alice, partner=partner, lead_source=web).lead_source == web


def test_an_ended_partner_cannot_be_credited_with_a_new_deal(alice, carol, partner):
    _end(carol, partner)
    with pytest.raises(ValidationError) as exc:
        make_opportunity(alice, partner=partner)
    assert "partner" in exc.value.error_dict


def test_an_update_keeps_a_partner_that_ended_since(alice, carol, partner):
    deal = make_opportunity(alice, partner=partner)
    _end(carol, partner)
    deal = services.opportunity_update(
        actor=alice, opportunity=deal, expected_version=deal.version, partner=partner, name="X"
    )
    assert deal.partner == partner


def _form_data(account, **extra):
    data = {
        "name": "Acme - licences",
        "account": str(account.pk),
        "amount": "1000",
        "currency": "EUR",
        "expected_close_date": "2030-01-31",
        "stage": "1",
        "type": "new_business",
    }
    data.update(extra)
    return data


def test_the_form_saves_the_partner_and_the_page_shows_it(client_for, alice, partner):
    from opportunities.models import OpportunityStage

    account = make_account(alice, name="Acme")
    client = client_for(alice)
    stage = OpportunityStage.objects.get(name="Prospecting")
    response = client.post(
        reverse("opportunities:new"),
        _form_data(account, stage=str(stage.pk), partner=str(partner.pk)),
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="opportunity-partner"' in page and "Channel Co" in page


def test_the_form_refuses_an_ended_partner_next_to_the_field(client_for, alice, carol, partner):
    from opportunities.models import Opportunity, OpportunityStage

    _end(carol, partner)
    account = make_account(alice, name="Acme")
    stage = OpportunityStage.objects.get(name="Prospecting")
    response = client_for(alice).post(
        reverse("opportunities:new"),
        _form_data(account, stage=str(stage.pk), partner=str(partner.pk)),
    )
    assert field_error(response, "partner")
    assert not Opportunity.objects.exists()


def test_the_list_filters_by_partner(client_for, alice, partner):
    make_opportunity(alice, name="Brought", partner=partner)
    make_opportunity(alice, name="Direct")
    response = client_for(alice).get(reverse("opportunities:list"), {"partner": partner.pk})
    assert [o.name for o in response.context["page"].items] == ["Brought"]
    assert (
        client_for(alice).get(reverse("opportunities:list"), {"partner": "-1"}).status_code == 200
    )
