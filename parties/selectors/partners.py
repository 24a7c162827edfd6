"""Every read the partner pages make, and the partner pickers of other apps' forms.

A partner is an organization with the PARTNER role and at least one agreement
(parties.models.Partnership); it is current while one of its agreements has no thru date.
Partners are shared business records: every staff role with `parties.view_partnership` sees
them all. What they brought (leads, deals, customers) follows its own records' visibility."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from crm import access
from crm.access import CHANGE, VIEW
from crm.pagination import Ordering
from parties.models import (
    Partnership,
    Party,
    PartyKind,
    PartyRelationship,
    RelationshipKind,
    RoleType,
)
from parties.selectors.visibility import visible_ids, with_role

VIEW_PERMISSION = "parties.view_partnership"
CONTACTS_SHOWN = 50


def _latest_terms() -> QuerySet[Partnership]:
    """A partner's agreements, the one that describes it first: the current one, else the
    one that ended last."""
    return Partnership.objects.filter(partner=OuterRef("pk")).order_by(
        F("thru_date").desc(nulls_first=True), "-from_date", "-id"
    )


def terms_order(queryset: QuerySet[Partnership]) -> QuerySet[Partnership]:
    return queryset.order_by(F("thru_date").desc(nulls_first=True), "-from_date", "-id")


def current_q(field: str = "pk") -> Q:
    """Parties (at `field`) with a current agreement."""
    return Q(Exists(Partnership.objects.filter(partner=OuterRef(field), thru_date__isnull=True)))


def all_partners() -> QuerySet[Party]:
    """Every partner, current or ended."""
    return with_role(Party.objects.filter(kind=PartyKind.ORGANIZATION), RoleType.PARTNER).filter(
        Exists(Partnership.objects.filter(partner=OuterRef("pk")))
    )


def current_partners() -> QuerySet[Party]:
    return all_partners().filter(current_q())


def partners_for_choice(keep: int | None = None) -> QuerySet[Party]:
    """The partners a lead or a deal may be credited to: the current ones, and `keep` (the
    one already chosen, whose agreement may have ended since), by name."""
    condition = current_q()
    if keep is not None:
        condition |= Q(pk=keep)
    return all_partners().filter(condition).order_by("display_name", "id")


def partners_for_filter() -> QuerySet[Party]:
    """Every partner, current or ended, for the lead and deal lists' partner filter."""
    return all_partners().order_by("display_name", "id")


def is_current_partner(party: Party | None) -> bool:
    return party is not None and current_partners().filter(pk=party.pk).exists()


# The list ----------------------------------------------------------------------------------


def partners_for_list() -> QuerySet[Party]:
    """Every partner, with the columns of its latest terms (current, else the last ended):
    the list filters and shows those (see attach_terms for the rows' terms objects)."""
    latest = _latest_terms()
    return all_partners().annotate(
        terms_id=Subquery(latest.values("pk")[:1]),
        terms_type=Subquery(latest.values("type")[:1]),
        terms_owner_id=Subquery(latest.values("owner_id")[:1]),
        terms_thru=Subquery(latest.values("thru_date")[:1]),
        terms_is_current=current_q(),
    )


def attach_terms(rows: list[Party]) -> list[Party]:
    """Sets `terms` (the latest agreement, with its channel manager) on list rows: one query
    for the page."""
    by_id = Partnership.objects.select_related("owner").in_bulk([p.terms_id for p in rows])
    for party in rows:
        party.terms = by_id.get(party.terms_id)
    return rows


SORTS = {
    "name": Ordering("display_name"),
    "-name": Ordering("display_name", descending=True),
    "-created": Ordering("created_at", descending=True),
    "created": Ordering("created_at"),
}


def scoped(user: User, queryset: QuerySet[Party], scope: str) -> QuerySet[Party]:
    """ "mine": the partners I manage (the channel manager of their latest terms); "team":
    those my home team's members manage; "all": every partner."""
    if scope == "mine":
        return queryset.filter(terms_owner_id=user.pk)
    if scope == "team":
        team = access.home_team(user)
        if team is None:
            return queryset.filter(terms_owner_id=user.pk)
        members = User.objects.filter(profile__home_team=team).values("pk")
        return queryset.filter(terms_owner_id__in=members)
    return queryset


# A partner's page --------------------------------------------------------------------------


def partner_for_page(user: User, pk) -> Party:
    """The partner (404 when the id is no partner's) with its roles and its terms, latest
    first, as `terms`; `current_terms` and `latest_terms` name the two that matter."""
    queryset = (
        all_partners()
        .select_related("owner", "created_by")
        .prefetch_related(
            "roles",
            Prefetch(
                "partnerships",
                queryset=terms_order(Partnership.objects.select_related("owner", "created_by")),
                to_attr="terms",
            ),
        )
    )
    partner = access.get_or_404(queryset, pk)
    partner.latest_terms = partner.terms[0]
    partner.current_terms = partner.latest_terms if partner.latest_terms.is_current else None
    return partner


def partner_actions(user: User, partner: Party) -> set[str]:
    """Every staff role views a partner; Sales Managers and administrators (who hold
    `change_partnership`) and the partner's channel manager change and end its terms."""
    actions = {VIEW}
    latest = getattr(partner, "latest_terms", None)
    if user.has_perm("parties.change_partnership") or (
        latest is not None and latest.owner_id == user.pk
    ):
        actions.add(CHANGE)
    return actions


def can_add_partner(user: User) -> bool:
    return user.has_perm("parties.add_partnership")


def terms_in_force(terms: list[Partnership], day: datetime.date) -> Partnership | None:
    """The agreement in force on `day` (the latest-starting one when two touch)."""
    covering = [t for t in terms if t.in_force_on(day)]
    return max(covering, key=lambda t: (t.from_date, t.pk)) if covering else None


@dataclass
class PartnerContact:
    person: Party
    title: str
    since: datetime.date
    visible: bool


def partner_contacts(user: User, partner: Party) -> list[PartnerContact]:
    """The people currently employed at the partner, named only when the viewer may see
    them (restricted otherwise): two queries whatever their number."""
    rows = list(
        PartyRelationship.objects.filter(
            to_party=partner, kind=RelationshipKind.EMPLOYMENT, thru_date__isnull=True
        )
        .select_related("from_party")
        .order_by("from_party__display_name", "id")[:CONTACTS_SHOWN]
    )
    visible = visible_ids(user, [r.from_party_id for r in rows])
    return [
        PartnerContact(r.from_party, r.title, r.from_date, r.from_party_id in visible) for r in rows
    ]
