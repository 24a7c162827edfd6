"""The demo's partners: a reseller (with an earlier, ended agreement), a referral partner and
a distributor, their contacts, and leads and deals of alice, bob and dan they brought — one
of alice's deals won this quarter, so that she sees who brought it and its commission.

Draws nothing from the run's random generator: the data of the builders after it stays what
it was without partners."""

from __future__ import annotations

import datetime
from decimal import Decimal

from demo.builders.common import Demo
from leads import services as lead_services
from opportunities import services as opportunity_services
from opportunities.models import OpportunityStage, StageKind
from parties import services as party_services
from parties.models import PartnerType

# name, type, channel manager, commission %, (the earlier agreement's %, or None), the
# partner's contact (first name, last name, job title)
PARTNERS = [
    (
        "Northwind Resellers",
        PartnerType.RESELLER,
        "carol",
        "12.50",
        "10.00",
        ("Nora", "Lindqvist", "Channel Sales Lead"),
    ),
    (
        "Referral Circle",
        PartnerType.REFERRAL,
        "alice",
        "8.00",
        None,
        ("Reza", "Karimi", "Founder"),
    ),
    (
        "Continental Distribution",
        PartnerType.DISTRIBUTOR,
        "carol",
        "5.00",
        None,
        ("Dora", "Schreiber", "Head of Partnerships"),
    ),
]
# seller, partner, lead names (first, last, company)
LEADS = [
    ("alice", "Northwind Resellers", ("Jonas", "Berg", "Fjord Logistics")),
    ("alice", "Referral Circle", ("Maya", "Osei", "Osei Architects")),
    ("bob", "Referral Circle", ("Liam", "Doyle", "Doyle Bakeries")),
    ("bob", "Northwind Resellers", ("Sofia", "Marin", "Marin Shipping")),
    ("dan", "Continental Distribution", ("Pierre", "Lambert", "Lambert Vins")),
    ("dan", "Continental Distribution", ("Eva", "Novak", "Novak Stavby")),
]
# seller, partner, what is sold, amount, won (True), lost (False) or open (None)
DEALS = [
    ("alice", "Northwind Resellers", "120 licences", "28800", True),
    ("alice", "Northwind Resellers", "support renewal", "4800", None),
    ("alice", "Referral Circle", "onboarding package", "3600", None),
    ("bob", "Referral Circle", "analytics add-on", "9000", True),
    ("bob", "Northwind Resellers", "hardware refresh", "14400", False),
    ("dan", "Continental Distribution", "60 licences", "14400", True),
    ("dan", "Continental Distribution", "support renewal", "2400", None),
]


def build(demo: Demo) -> None:
    today = datetime.date.today()
    carol = demo.users["carol"]
    partners = {}
    for name, kind, manager, rate, earlier_rate, (first, last, title) in PARTNERS:
        owner = demo.users[manager]
        if earlier_rate is not None:
            # The earlier agreement: three years, ended a year ago; the current one since.
            earlier = party_services.partner_create(
                actor=carol,
                name=name,
                type=kind,
                owner=owner,
                commission_rate=Decimal(earlier_rate),
                from_date=today - datetime.timedelta(days=4 * 365),
                thru_date=today - datetime.timedelta(days=366),
            )
            terms = party_services.partner_create(
                actor=carol,
                organization=earlier.partner,
                type=kind,
                owner=owner,
                commission_rate=Decimal(rate),
                from_date=today - datetime.timedelta(days=365),
            )
        else:
            terms = party_services.partner_create(
                actor=carol,
                name=name,
                type=kind,
                owner=owner,
                commission_rate=Decimal(rate),
                from_date=today - datetime.timedelta(days=2 * 365),
            )
        partner = terms.partner
        partners[name] = partner
        party_services.contact_create(
            actor=owner,
            first_name=first,
            last_name=last,
            job_title=title,
            account=partner,
        )
    for seller, partner_name, (first, last, company) in LEADS:
        lead_services.lead_create(
            actor=demo.users[seller],
            first_name=first,
            last_name=last,
            company_name=company,
            partner=partners[partner_name],
        )
    stage = OpportunityStage.objects.filter(kind=StageKind.OPEN).order_by("position")[1]
    accounts = {}
    for demo_account in demo.accounts:
        accounts.setdefault(demo_account.party.owner.username, []).append(demo_account.party)
    for n, (seller, partner_name, what, amount, outcome) in enumerate(DEALS):
        user = demo.users[seller]
        mine = accounts[seller]
        account = mine[n % len(mine)]
        deal = opportunity_services.opportunity_create(
            actor=user,
            account=account,
            name=f"{account.display_name} - {what}",
            stage=stage,
            amount=Decimal(amount),
            expected_close_date=today + datetime.timedelta(days=20 + 7 * n),
            partner=partners[partner_name],
        )
        if outcome is not None:
            opportunity_services.opportunity_close(
                actor=user,
                opportunity=deal,
                won=outcome,
                reason=f"Through {partner_name}" if outcome else "Chose a competitor",
            )
