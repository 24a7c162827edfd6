"""Every read the opportunity pages make, permission-filtered in SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import User
from django.db.models import Count, DecimalField, ExpressionWrapper, F, QuerySet, Sum
from django.utils import timezone

from crm import access
from crm.access import CHANGE
from crm.pagination import Ordering
from opportunities.models import (
    Opportunity,
    OpportunityCompetitor,
    OpportunityContactRole,
    OpportunityHistory,
    OpportunityStage,
    StageKind,
)
from parties import selectors as party_selectors

CENT = Decimal("0.01")


def opportunities_visible_to(user: User) -> QuerySet[Opportunity]:
    q = access.visible_q(user, Opportunity)
    return Opportunity.objects.all() if q is None else Opportunity.objects.filter(q)


def opportunity_actions(user: User, opportunity: Opportunity) -> set[str]:
    return access.record_actions(user, opportunity)


def changeable_ids(user: User, ids: list[int]) -> set[int]:
    """Which of these opportunities `user` may change: one query over the grant tables."""
    if access.is_administrator(user):
        return set(ids)
    if not ids:
        return set()
    return {row["content_object_id"] for row in access.granted_ids(user, Opportunity, ids, CHANGE)}


def with_columns(queryset: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    return queryset.select_related("account", "primary_contact", "owner", "stage")


def opportunity_for_page(user: User, pk) -> Opportunity:
    queryset = with_columns(opportunities_visible_to(user)).select_related(
        "lead__party",
        "lead_source",
        "partner",
        "campaign",
        "created_by",
        "updated_by",
        "owner__profile__home_team__group",
    )
    return access.get_or_404(queryset, pk)


def mark_visible_parties(user: User, opportunities: list[Opportunity]) -> list[Opportunity]:
    """Sets `account_visible` and `contact_visible`: a related party the viewer may not see
    is shown as "restricted", never by name (one query for the whole page)."""
    ids = [o.account_id for o in opportunities] + [o.primary_contact_id for o in opportunities]
    visible = party_selectors.visible_ids(user, ids)
    for opportunity in opportunities:
        opportunity.account_visible = opportunity.account_id in visible
        opportunity.contact_visible = opportunity.primary_contact_id in visible
    return opportunities


SORTS = {
    "close": Ordering("expected_close_date"),
    "-close": Ordering("expected_close_date", descending=True),
    "-amount": Ordering("amount", descending=True),
    "amount": Ordering("amount"),
    "name": Ordering("name"),
    "-updated": Ordering("updated_at", descending=True),
}


# Totals ------------------------------------------------------------------------------------


@dataclass
class CurrencyTotal:
    currency: str
    count: int
    amount: Decimal
    weighted: Decimal


def _weighted_expression():
    return ExpressionWrapper(
        F("amount") * F("probability") / 100,
        output_field=DecimalField(max_digits=20, decimal_places=4),
    )


def totals_by_currency(queryset: QuerySet[Opportunity]) -> list[CurrencyTotal]:
    """Count, amount and weighted amount (amount × probability) of a filtered set, per
    currency: one grouped query."""
    rows = (
        queryset.order_by()
        .values("currency")
        .annotate(
            n=Count("pk"), total_amount=Sum("amount"), total_weighted=Sum(_weighted_expression())
        )
        .order_by("currency")
    )
    return [
        CurrencyTotal(
            row["currency"],
            row["n"],
            (row["total_amount"] or Decimal(0)).quantize(CENT, ROUND_HALF_UP),
            Decimal(row["total_weighted"] or 0).quantize(CENT, ROUND_HALF_UP),
        )
        for row in rows
    ]


# The board ---------------------------------------------------------------------------------


@dataclass
class BoardColumn:
    stage: OpportunityStage
    cards: list[Opportunity] = field(default_factory=list)
    totals: dict[str, list[Decimal]] = field(default_factory=dict)  # currency -> [amount, weighted]

    @property
    def count(self) -> int:
        return len(self.cards)

    def currency_totals(self) -> list[CurrencyTotal]:
        return [
            CurrencyTotal(c, 0, a.quantize(CENT, ROUND_HALF_UP), w.quantize(CENT, ROUND_HALF_UP))
            for c, (a, w) in sorted(self.totals.items())
        ]


def open_stages() -> list[OpportunityStage]:
    return list(OpportunityStage.objects.filter(kind=StageKind.OPEN, active=True))


def pipeline_board(user: User, queryset: QuerySet[Opportunity]) -> list[BoardColumn]:
    """A column per open stage with its cards (soonest close first) and totals per currency.
    One query for the cards whatever their number, one for the stages, one for visibility."""
    columns = {stage.pk: BoardColumn(stage) for stage in open_stages()}
    cards = list(
        with_columns(queryset.filter(closed_at__isnull=True, stage_id__in=list(columns))).order_by(
            "expected_close_date", "id"
        )
    )
    mark_visible_parties(user, cards)
    today = timezone.localdate()
    for card in cards:
        column = columns[card.stage_id]
        card.next_step_overdue = bool(card.next_step_date and card.next_step_date < today)
        column.cards.append(card)
        amount, weighted = column.totals.setdefault(card.currency, [Decimal(0), Decimal(0)])
        column.totals[card.currency] = [
            amount + card.amount,
            weighted + card.amount * card.probability / 100,
        ]
    return list(columns.values())


# Detail page -------------------------------------------------------------------------------


def history_for(opportunity: Opportunity) -> list[OpportunityHistory]:
    return list(opportunity.history.select_related("changed_by").order_by("-changed_at", "-id"))


def competitors_for(user: User, opportunity: Opportunity) -> list[OpportunityCompetitor]:
    rows = list(opportunity.competitors.select_related("competitor"))
    visible = party_selectors.visible_ids(user, [r.competitor_id for r in rows])
    for row in rows:
        row.visible = row.competitor_id in visible
    return rows


def contact_roles_for(user: User, opportunity: Opportunity) -> list[OpportunityContactRole]:
    rows = list(opportunity.contact_roles.select_related("contact").order_by("role", "id"))
    visible = party_selectors.visible_ids(user, [r.contact_id for r in rows])
    for row in rows:
        row.visible = row.contact_id in visible
    return rows
