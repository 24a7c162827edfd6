"""Reads for the opportunity panels shown on other pages (account and contact pages, the
dashboard) and for the opportunity page's competitor picker. Each panel is one query,
permission-filtered in SQL, whatever the number of opportunities."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from opportunities.models import Opportunity, OpportunityContactRole
from opportunities.selectors import opportunities_visible_to
from parties.models import Party, PartyKind
from parties.selectors import parties_visible_to

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
    roles = OpportunityContactRole.objects.filter(opportunity=OuterRef("pk"), contact=party)
    return Q(primary_contact=party) | Q(Exists(roles))


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
