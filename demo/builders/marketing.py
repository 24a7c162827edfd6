"""The demo's campaigns, leads in every status and a newsletter list: marketing's side."""

from __future__ import annotations

import datetime
from decimal import Decimal

from demo import data as demo_data
from demo.builders.common import Demo, company_domain, email_local_part
from demo.builders.parties import consent
from demo.data import CITIES
from leads import services as lead_services
from leads.models import (
    CampaignStatus,
    ContactListChannel,
    ContactListType,
    Lead,
    LeadStatus,
    MarketingCampaign,
    MemberStatus,
)
from parties.models import ConsentPurpose, ConsentSource, LeadSource

LEAD_OWNERS = {"alice": 12, "bob": 10, "dan": 10, "carol": 3, "mark": 5}


def build(demo: Demo) -> None:
    """Two campaigns of mark's (one with a published web form), leads of every sales user in
    every status (a few converted), and a newsletter list with consented members."""
    fair, webinar = create_campaigns(demo)
    leads = create_leads(demo, fair)
    create_newsletter(demo, webinar, leads)


def create_campaigns(demo: Demo) -> tuple[MarketingCampaign, MarketingCampaign]:
    mark = demo.users["mark"]
    today = datetime.date.today()
    fair = lead_services.campaign_create(
        actor=mark,
        name="Spring trade show",
        status=CampaignStatus.IN_PROGRESS,
        start_date=today - datetime.timedelta(days=20),
        end_date=today + datetime.timedelta(days=40),
        currency="EUR",
        budgeted_cost=Decimal("12000"),
        actual_cost=Decimal("9800"),
        expected_revenue=Decimal("150000"),
        expected_response_percent=Decimal("4"),
        capture_enabled=True,
        description="Booth B12; leads scanned at the stand and from the show's web page.",
    )
    webinar = lead_services.campaign_create(
        actor=mark,
        name="Autumn webinar series",
        status=CampaignStatus.PLANNED,
        start_date=today + datetime.timedelta(days=60),
        currency="EUR",
        budgeted_cost=Decimal("3000"),
        expected_response_percent=Decimal("2.5"),
    )
    demo.summary.campaigns = 2
    return fair, webinar


def create_leads(demo: Demo, fair: MarketingCampaign) -> list[Lead]:
    rng = demo.rng
    mark = demo.users["mark"]
    sources = list(LeadSource.objects.all())
    owners = demo.owners(LEAD_OWNERS)
    statuses = [LeadStatus.NEW] * 4 + [LeadStatus.ASSIGNED] * 2 + [LeadStatus.QUALIFIED] * 3
    leads = []
    companies = list(demo_data.LEAD_COMPANIES)
    rng.shuffle(companies)
    for index, owner in enumerate(owners):
        # Most leads come with a company; every sixth is a private person.
        company, city_name = companies[index % len(companies)]
        if index % 6 == 0:
            company = ""
        city = CITIES[city_name]
        first_name, last_name = demo.person_name(city.country)
        domain = (
            company_domain(company) if company else rng.choice(demo_data.PERSONAL_EMAIL_DOMAINS)
        )
        campaign = fair if owner == mark or rng.random() < 0.3 else None
        lead = lead_services.lead_create(
            actor=owner,
            first_name=first_name,
            last_name=last_name,
            company_name=company,
            job_title=rng.choice(demo_data.JOB_TITLES) if company else "",
            email=demo.email(email_local_part(first_name, last_name), domain),
            phone=demo.phone(city) if rng.random() < 0.7 else "",
            source=rng.choice(sources),
            campaign=campaign,
        )
        leads.append(lead)
        status = rng.choice(statuses)
        if status != LeadStatus.NEW:
            lead_services.lead_set_status(actor=owner, lead=lead, status=status)
    one_per_company = {x.company_name: x for x in leads if x.company_name}
    for lead in rng.sample(sorted(one_per_company.values(), key=lambda x: x.pk), 4):
        lead_services.lead_convert(actor=lead.party.owner, lead=lead)
        demo.summary.converted_leads += 1
    for lead in rng.sample([x for x in leads if x.status == LeadStatus.NEW], 2):
        lead_services.lead_set_status(
            actor=lead.party.owner,
            lead=lead,
            status=LeadStatus.DISQUALIFIED,
            reason="Student project, no purchase intent.",
        )
    demo.summary.leads = len(leads)
    return leads


def create_newsletter(demo: Demo, webinar: MarketingCampaign, leads: list[Lead]) -> None:
    """mark's own leads join the list; those who consented are accepted."""
    mark = demo.users["mark"]
    newsletter = lead_services.contact_list_create(
        actor=mark,
        name="Customer newsletter",
        list_type=ContactListType.NEWSLETTER,
        channel=ContactListChannel.EMAIL,
        campaign=webinar,
    )
    demo.summary.contact_lists = 1
    for lead in leads:
        if lead.party.owner_id != mark.pk:
            continue
        member = lead_services.contact_list_member_add(
            actor=mark, contact_list=newsletter, party=lead.party
        )
        if demo.rng.random() < 0.6:
            consent(
                demo,
                lead.party,
                ConsentPurpose.MARKETING_EMAIL,
                True,
                ConsentSource.WEB_FORM,
                note="Ticked the box on the trade show's web form.",
            )
            lead_services.contact_list_member_set_status(
                actor=mark, member=member, status=MemberStatus.ACCEPTED
            )
