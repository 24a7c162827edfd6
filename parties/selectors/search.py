"""The global search over parties: names, contact mechanisms and employers."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q
from django.db.models.functions import Lower

from parties.models import (
    ContactMechKind,
    Party,
    PartyContactMech,
    PartyKind,
    PartyRelationship,
    RelationshipKind,
)
from parties.normalize import phone_search_digits
from parties.selectors.lists import with_list_columns
from parties.selectors.visibility import parties_visible_to, visible_ids

SEARCH_MIN_LENGTH = 3
# Beyond this many matching records a term is too broad to look at one by one; the database
# then filters and orders in one query instead.
SEARCH_CANDIDATE_CAP = 10_000


def _search_candidates(user: User, text: str) -> list[int] | None:
    """Ids of parties whose name contains `text`, or their e-mail, phone or web address
    (when the term has an "@", a "." or digits in it), or whose current employer's name does
    (an employer `user` may see). None when more than SEARCH_CANDIDATE_CAP match."""
    cap = SEARCH_CANDIDATE_CAP + 1
    by_name = Party.objects.filter(display_name__icontains=text).order_by().values("pk")
    parts = []
    current_mechs = PartyContactMech.objects.filter(thru_date__isnull=True).order_by()
    if "@" in text or "." in text or any(ch.isdigit() for ch in text):
        parts.append(current_mechs.filter(contact_mech__value__icontains=text).values("party_id"))
    digits = phone_search_digits(text)
    if digits and digits != text:
        parts.append(
            current_mechs.filter(
                contact_mech__kind=ContactMechKind.PHONE, contact_mech__value__icontains=digits
            ).values("party_id")
        )
    ids = list(by_name.union(*parts).values_list("pk", flat=True)[:cap])
    if len(ids) == cap:
        return None
    organizations = list(
        Party.objects.filter(display_name__icontains=text, kind=PartyKind.ORGANIZATION).values_list(
            "pk", flat=True
        )[:cap]
    )
    employers = (
        visible_ids(
            user,
            PartyRelationship.objects.filter(
                kind=RelationshipKind.EMPLOYMENT,
                thru_date__isnull=True,
                to_party_id__in=organizations,
            ).values_list("to_party_id", flat=True),
        )
        if organizations
        else set()
    )
    employees = PartyRelationship.objects.filter(
        kind=RelationshipKind.EMPLOYMENT, thru_date__isnull=True, to_party_id__any=employers
    ).values_list("from_party_id", flat=True)[:cap]
    ids = set(ids).union(employees)
    return None if len(ids) >= cap else sorted(ids)


def search_parties(user: User, query: str, limit: int = 50) -> list[Party]:
    """Parties the user may see whose name, e-mail, phone, web address or current employer's
    name contains the query (case-insensitive), in name order.

    Steps: the matching ids (bounded), which of them the user may see (grant indexes only),
    then those rows. Each step is an index lookup per id; the database never has to guess how
    many of the user's records match. A term matching more than SEARCH_CANDIDATE_CAP records
    is answered by one query that lets the database walk the name order instead."""
    text = (query or "").strip()
    if len(text) < SEARCH_MIN_LENGTH:
        return []
    candidates = _search_candidates(user, text)
    if candidates is None:
        queryset = parties_visible_to(user).filter(
            Q(display_name__icontains=text)
            | Q(
                pk__in=PartyContactMech.objects.filter(
                    thru_date__isnull=True, contact_mech__value__icontains=text
                ).values("party_id")
            )
        )
    else:
        queryset = Party.objects.filter(pk__any=visible_ids(user, candidates))
    queryset = with_list_columns(queryset.prefetch_related("roles"))
    return list(queryset.order_by(Lower("display_name"), "id")[:limit])
