"""A lead's partner: who brought it (a current partner), the source "partner" it brings,
the form, the list filter and the page, and the conversion that carries it to the deal."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from leads import services
from opportunities.models import Opportunity, OpportunityStage
from parties import services as party_services
from parties.models import LeadSource, PartnerType
from tests.factories import make_lead
from tests.helpers import field_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(carol):
    return party_services.partner_create(
        actor=carol, name="Channel Co", type=PartnerType.REFERRAL, commission_rate=Decimal(10)
    ).partner


@pytest.fixture
def ended_partner(carol):
    terms = party_services.partner_create(
        actor=carol, name="Old Partner", type=PartnerType.RESELLER, commission_rate=Decimal(5)
    )
    party_services.partnership_end(actor=carol, partnership=terms)
    return terms.partner


def test_a_lead_from_a_partner_without_a_source_gets_the_source_partner(alice, partner):
    lead = make_lead(alice, partner=partner)
    assert lead.partner == partner
    assert lead.party.source.code == "partner"


def test_a_lead_from_a_partner_keeps_the_source_given(alice, partner):
    trade_show = LeadSource.objects.get(code="trade-show")
    lead = make_lead(alice, partner=partner, source=trade_show)
    assert lead.party.source == trade_show


def test_a_partner_whose_agreement_ended_cannot_bring_a_new_lead(alice, ended_partner):
    with pytest.raises(ValidationError) as exc:
        make_lead(alice, first_name="No", last_name="Body", partner=ended_partner)
    assert "partner" in exc.value.error_dict
    assert not _leads_named("Body")


def _leads_named(last_name):
    from leads.models import Lead

    return Lead.objects.filter(party__last_name=last_name).exists()


def test_the_lead_form_offers_current_partners_only(client_for, alice, partner, ended_partner):
    form = client_for(alice).get(reverse("leads:new")).context["form"]
    assert list(form.fields["partner"].queryset) == [partner]


def test_the_lead_form_saves_the_partner_and_the_page_shows_it(client_for, alice, partner):
    client = client_for(alice)
    response = client.post(
        reverse("leads:new"),
        {"first_name": "Lena", "last_name": "Lead", "owner": alice.pk, "partner": partner.pk},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert f'href="/partners/{partner.pk}/"' in page and "Channel Co" in page


def test_choosing_an_ended_partner_on_the_form_is_an_error_next_to_it(
    client_for, alice, ended_partner
):
    response = client_for(alice).post(
        reverse("leads:new"),
        {"first_name": "Lena", "last_name": "Lead", "owner": alice.pk, "partner": ended_partner.pk},
    )
    assert field_error(response, "partner")
    assert not _leads_named("Lead")


def test_editing_keeps_a_partner_whose_agreement_ended_since(client_for, alice, carol, partner):
    lead = make_lead(alice, first_name="Lena", last_name="Lead", partner=partner)
    party_services.partnership_end(actor=carol, partnership=partner.partnerships.get())
    client = client_for(alice)
    form = client.get(reverse("leads:edit", args=[lead.pk])).context["form"]
    assert partner in form.fields["partner"].queryset
    data = {
        "version": lead.party.version,
        "first_name": "Lena",
        "last_name": "Leader",
        "partner": partner.pk,
        "source": lead.party.source_id,
    }
    response = client.post(reverse("leads:edit", args=[lead.pk]), data)
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.partner == partner and lead.party.last_name == "Leader"


def test_the_lead_list_filters_by_partner(client_for, alice, partner):
    make_lead(alice, first_name="From", last_name="Partner", partner=partner)
    make_lead(alice, first_name="Not", last_name="Partnered")
    response = client_for(alice).get(reverse("leads:list"), {"partner": partner.pk})
    assert [p.display_name for p in response.context["page"].items] == ["From Partner"]
    response = client_for(alice).get(reverse("leads:list"), {"partner": "x"})
    assert response.status_code == 200


def test_conversion_carries_the_partner_to_the_opportunity(alice, carol, partner):
    lead = make_lead(
        alice, first_name="Ann", last_name="Lee", company_name="Initech", partner=partner
    )
    # The agreement ended between the lead and its conversion: the deal is still theirs.
    party_services.partnership_end(actor=carol, partnership=partner.partnerships.get())
    conversion = services.lead_convert(
        actor=alice,
        lead=lead,
        opportunity={
            "name": "Initech - 50 seats",
            "amount": 12000,
            "expected_close_date": datetime.date(2027, 3, 31),
            "stage": OpportunityStage.objects.get(name="Qualification"),
        },
    )
    deal = Opportunity.objects.get()
    assert conversion.opportunity == deal
    assert deal.partner == partner
    assert deal.lead_source.code == "partner"
