"""What a list of parties shows: its columns, sorts and scopes."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import OuterRef, QuerySet, Subquery

from crm import access
from crm.pagination import Ordering
from parties.models import (
    ContactMechPurpose,
    Party,
    PartyContactMechPurpose,
    PartyRelationship,
    RelationshipKind,
)
from parties.selectors.visibility import visible_ids


def _current_value(purpose: str) -> Subquery:
    return Subquery(
        PartyContactMechPurpose.objects.filter(
            party=OuterRef("pk"), purpose=purpose, thru_date__isnull=True
        ).values("party_contact_mech__contact_mech__value")[:1]
    )


def _current_employment():
    return PartyRelationship.objects.filter(
        from_party=OuterRef("pk"), kind=RelationshipKind.EMPLOYMENT, thru_date__isnull=True
    ).order_by("-from_date", "-id")


def with_list_columns(queryset: QuerySet[Party]) -> QuerySet[Party]:
    """What a list row shows: owner, primary e-mail and phone, and for people their current
    employer (see mark_visible_employers)."""
    employment = _current_employment()
    return queryset.select_related("owner").annotate(
        primary_email=_current_value(ContactMechPurpose.PRIMARY_EMAIL),
        primary_phone=_current_value(ContactMechPurpose.PRIMARY_PHONE),
        employer_id=Subquery(employment.values("to_party_id")[:1]),
        employer_name=Subquery(employment.values("to_party__display_name")[:1]),
    )


def mark_visible_employers(user: User, parties: list[Party]) -> list[Party]:
    """Sets `employer_visible` on list rows: an employer the viewer may not see is shown as
    restricted, never by name."""
    visible = visible_ids(user, (p.employer_id for p in parties))
    for party in parties:
        party.employer_visible = party.employer_id in visible
    return parties


SORTS = {
    "name": Ordering("display_name"),
    "-name": Ordering("display_name", descending=True),
    "created": Ordering("created_at"),
    "-created": Ordering("created_at", descending=True),
    "updated": Ordering("updated_at"),
    "-updated": Ordering("updated_at", descending=True),
}


def scoped(user: User, queryset: QuerySet[Party], scope: str) -> QuerySet[Party]:
    """ "mine", "team" (owned by my home team's members) or "all" I may see."""
    if scope == "mine":
        return queryset.filter(owner=user)
    if scope == "team":
        team = access.home_team(user)
        if team is None:
            return queryset.filter(owner=user)
        return queryset.filter(owner__profile__home_team=team)
    return queryset
