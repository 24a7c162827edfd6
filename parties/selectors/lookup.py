"""Suggestions for lookup fields and the account-name filter."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.db.models.functions import Lower

from crm.ids import parse_text
from parties.kinds import PageKind
from parties.models import (
    Party,
    PartyKind,
    PartyRelationship,
    PartyStatus,
    RelationshipKind,
    RoleType,
)
from parties.selectors.search import SEARCH_CANDIDATE_CAP
from parties.selectors.visibility import visible_ids, with_role

LOOKUP_MIN_LENGTH = 2


def visible_accounts_named(user: User, name: str) -> set[int]:
    """Ids of the accounts the user may see whose name contains `name`: the matching
    accounts (bounded), then which of them the user may see."""
    accounts = with_role(
        Party.objects.filter(kind=PartyKind.ORGANIZATION, display_name__icontains=parse_text(name)),
        RoleType.ACCOUNT,
    )
    return visible_ids(user, list(accounts.values_list("pk", flat=True)[:SEARCH_CANDIDATE_CAP]))


def employees_of_visible_accounts(user: User, name: str) -> QuerySet:
    """Ids of people currently employed at accounts the user may see whose name contains
    `name`."""
    return PartyRelationship.objects.filter(
        kind=RelationshipKind.EMPLOYMENT,
        thru_date__isnull=True,
        to_party_id__any=visible_accounts_named(user, name),
    ).values("from_party_id")


def lookup_parties(user: User, kind: PageKind, query: str, limit: int = 20) -> list[Party]:
    """Records of a page kind the user may see whose name contains `query`, for suggestions:
    the matching ids (bounded), then which of them the user may see."""
    text = parse_text(query)
    if len(text) < LOOKUP_MIN_LENGTH:
        return []
    matches = Party.objects.filter(display_name__icontains=text, status=PartyStatus.ACTIVE)
    if kind.party_kind:
        matches = matches.filter(kind=kind.party_kind)
    ids = list(with_role(matches, kind.role).values_list("pk", flat=True)[:SEARCH_CANDIDATE_CAP])
    return list(
        Party.objects.filter(pk__any=visible_ids(user, ids)).order_by(Lower("display_name"), "id")[
            :limit
        ]
    )
