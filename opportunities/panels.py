"""Reads for the opportunity panels shown on other pages (account, contact, lead and campaign
pages, the dashboard) and for the opportunity page's competitor picker. Each panel is one query,
permission-filtered in SQL, whatever the number of opportunities."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from crm.pagination import Ordering
from crm.panels import Panel
from opportunities.models import Opportunity, OpportunityContactRole, StageKind
from opportunities.selectors import opportunities_visible_to
from parties.models import Party, PartyKind
from parties.selectors import parties_visible_to, visible_ids
from parties.selectors.rollup import account_contacts_q, rollup_panel

PANEL_SIZE = 10


def competitor_choices(user: User) -> QuerySet[Party]:
    """Organizations `user` may see, whatever their roles: picking one as a competitor gives
    it the COMPETITOR role."""
    return parties_visible_to(user).filter(kind=PartyKind.ORGANIZATION)


# Account and contact pages -----------------------------------------------------------------


@dataclass
class PartyOpportunities:
    rows: list[Opportunity] = field(default_factory=list)
    has_more: bool = False  # more than PANEL_SIZE opportunities to list
    can_add: bool = False
    new_url: str = ""
    all_url: str = ""  # the list filtered on the account's name (account pages only)


def _for_party(party: Party, *, as_contact: bool) -> Q:
    if not as_contact:
        return Q(account=party)
    # The ids as a union of two index lookups: "primary contact OR a contact role" as one
    # condition made PostgreSQL walk every visible deal by close date (330 ms at 200k deals).
    as_primary = Opportunity.objects.filter(primary_contact=party).values("pk")
    in_a_role = OpportunityContactRole.objects.filter(contact=party).values("opportunity_id")
    return Q(pk__in=as_primary.union(in_a_role))


def party_opportunities(user: User, party: Party, *, as_contact: bool) -> PartyOpportunities:
    """The opportunities of an account (its `account`), or of a contact (primary contact or a
    contact role) that `user` may see, latest close date first."""
    queryset = (
        opportunities_visible_to(user)
        .filter(_for_party(party, as_contact=as_contact))
        .select_related("stage")
        .order_by("-expected_close_date", "-id")
    )
    rows = list(queryset[: PANEL_SIZE + 1])
    param = "contact" if as_contact else "account"
    panel = PartyOpportunities(
        rows=rows[:PANEL_SIZE],
        has_more=len(rows) > PANEL_SIZE,
        can_add=user.has_perm("opportunities.add_opportunity"),
        new_url=f"{reverse('opportunities:new')}?{urlencode({param: party.pk})}",
    )
    if not as_contact:
        panel.all_url = (
            f"{reverse('opportunities:list')}?{urlencode({'account': party.display_name})}"
        )
    return panel


# Dashboard ---------------------------------------------------------------------------------


def _my_open(user: User) -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(owner=user, closed_at__isnull=True).select_related("stage")


def my_opportunities_closing_this_month(
    user: User, today: datetime.date | None = None, limit: int = PANEL_SIZE
) -> list[Opportunity]:
    """My open opportunities expected to close in the current month, soonest first."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    return list(
        _my_open(user)
        .filter(expected_close_date__range=(first, last))
        .order_by("expected_close_date", "id")[:limit]
    )


def my_overdue_next_steps(
    user: User, today: datetime.date | None = None, limit: int = PANEL_SIZE
) -> list[Opportunity]:
    """My open opportunities whose next step date has passed, most overdue first."""
    today = today or timezone.localdate()
    return list(
        _my_open(user).filter(next_step_date__lt=today).order_by("next_step_date", "id")[:limit]
    )


# Campaign page: what the campaign won ------------------------------------------------------


@dataclass(frozen=True)
class MoneyAmount:
    currency: str
    amount: Decimal


@dataclass(frozen=True)
class CampaignRevenue:
    """The amounts of the campaign's opportunities closed as won, per currency (the
    campaign's currency first), and the return: won revenue - actual cost, only when every
    won amount is in the campaign's currency and the actual cost is known."""

    won: tuple[MoneyAmount, ...]
    won_return: Decimal | None


def campaign_revenue(campaign) -> CampaignRevenue:
    """One query (a sum per currency), whatever the number of deals."""
    cent = Decimal("0.01")
    rows = (
        Opportunity.objects.filter(
            campaign=campaign, closed_at__isnull=False, stage__kind=StageKind.WON
        )
        .order_by()
        .values("currency")
        .annotate(total=Sum("amount"))
    )
    totals = {r["currency"]: Decimal(r["total"]).quantize(cent) for r in rows}
    totals.setdefault(campaign.currency, Decimal("0.00"))
    won = tuple(
        MoneyAmount(currency, totals[currency])
        for currency in sorted(totals, key=lambda c: (c != campaign.currency, c))
    )
    won_return = None
    if len(won) == 1 and campaign.actual_cost is not None:
        won_return = won[0].amount - campaign.actual_cost
    return CampaignRevenue(won=won, won_return=won_return)


# Partner page: the deals the partner brought and the customers they became ---------------


@dataclass
class BroughtCustomer:
    pk: int
    name: str
    visible: bool


@dataclass
class PartnerDeals:
    rows: list[Opportunity] = field(default_factory=list)
    open_count: int = 0
    won_count: int = 0
    lost_count: int = 0
    customers: list[BroughtCustomer] = field(default_factory=list)
    more_customers: bool = False
    all_url: str = ""

    @property
    def count(self) -> int:
        return self.open_count + self.won_count + self.lost_count


CUSTOMERS_SHOWN = 20


def partner_deals(user: User, partner: Party) -> PartnerDeals:
    """The deals `partner` brought that `user` may see (latest close date first), their
    counts by state, and the accounts of the won ones: the customers the partner brought,
    named only when the viewer may see the account. Four queries whatever their number."""
    visible = opportunities_visible_to(user).filter(partner=partner)
    counts = visible.order_by().aggregate(
        open=Count("pk", filter=Q(closed_at__isnull=True)),
        won=Count("pk", filter=Q(closed_at__isnull=False, stage__kind=StageKind.WON)),
        lost=Count("pk", filter=Q(closed_at__isnull=False, stage__kind=StageKind.LOST)),
    )
    rows = list(
        visible.select_related("stage", "account", "owner").order_by("-expected_close_date", "-id")[
            :PANEL_SIZE
        ]
    )
    won_accounts = list(
        visible.filter(closed_at__isnull=False, stage__kind=StageKind.WON)
        .order_by("account__display_name", "account_id")
        .values_list("account_id", "account__display_name")
        .distinct()[: CUSTOMERS_SHOWN + 1]
    )
    seen = visible_ids(user, [pk for pk, _name in won_accounts] + [o.account_id for o in rows])
    for opportunity in rows:
        opportunity.account_visible = opportunity.account_id in seen
    return PartnerDeals(
        rows=rows,
        open_count=counts["open"],
        won_count=counts["won"],
        lost_count=counts["lost"],
        customers=[
            BroughtCustomer(pk, name, pk in seen) for pk, name in won_accounts[:CUSTOMERS_SHOWN]
        ],
        more_customers=len(won_accounts) > CUSTOMERS_SHOWN,
        all_url=f"{reverse('opportunities:list')}?{urlencode({'partner': partner.pk})}",
    )


# The panels on other apps' pages (crm.panels; registered in apps.py) -----------------------


def _account_opportunities(request, account, **page) -> dict:
    return {"opportunities_panel": party_opportunities(request.user, account, as_contact=False)}


def _contact_opportunities(request, contact, **page) -> dict:
    return {"opportunities_panel": party_opportunities(request.user, contact, as_contact=True)}


def _lead_opportunities(request, lead_party, **page) -> dict | None:
    """The deals a converted lead opened, that the viewer may see."""
    if not lead_party.lead.is_converted:
        return None
    rows = list(
        opportunities_visible_to(request.user)
        .filter(lead=lead_party.lead)
        .select_related("stage")
        .order_by("-expected_close_date", "-id")
    )
    return {"lead_opportunities": rows} if rows else None


def _campaign_revenue(request, campaign, **page) -> dict:
    return {"revenue": campaign_revenue(campaign)}


def _partner_deals(request, partner, **page) -> dict:
    return {"partner_deals": partner_deals(request.user, partner)}


PARTY_TEMPLATE = "opportunities/_party_opportunities.html"
ACCOUNT_OPPORTUNITIES = Panel("opportunities", PARTY_TEMPLATE, _account_opportunities, order=10)
CONTACT_OPPORTUNITIES = Panel("opportunities", PARTY_TEMPLATE, _contact_opportunities, order=10)
LEAD_OPPORTUNITIES = Panel(
    "opportunities", "opportunities/_lead_opportunities.html", _lead_opportunities, order=10
)
CAMPAIGN_REVENUE = Panel(
    "revenue", "opportunities/_campaign_revenue.html", _campaign_revenue, order=10
)
PARTNER_DEALS = Panel(
    "opportunities", "opportunities/_partner_deals.html", _partner_deals, order=30
)


# An account's roll-up: its contacts' deals, "from <contact>" (parties.selectors.rollup) ------


def _account_contact_opportunities(request, account, **page) -> dict | None:
    """The deals whose primary contact is one of the account's current contacts, whatever
    their account, that the viewer may see."""
    queryset = (
        opportunities_visible_to(request.user)
        .filter(account_contacts_q(account, "primary_contact"))
        .select_related("stage")
    )
    return rollup_panel(
        "contact_deals",
        request,
        queryset,
        Ordering("expected_close_date", descending=True),
        anchor="contact-deals-h",
        contact_field="primary_contact",
    )


ACCOUNT_CONTACT_OPPORTUNITIES = Panel(
    "contact_opportunities",
    "opportunities/_account_contact_opportunities.html",
    _account_contact_opportunities,
    order=15,
)
