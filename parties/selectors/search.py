"""Which parties match a search term: by name, contact mechanism or employer (the global
search's party kinds are in parties/search.py)."""

from __future__ import annotations

from django.contrib.auth.models import User

from parties.models import (
    ContactMechKind,
    Party,
    PartyContactMech,
    PartyKind,
    PartyRelationship,
    RelationshipKind,
)
from parties.normalize import phone_search_digits
from parties.selectors.visibility import visible_ids

# Beyond this many matching records a term is too broad to look at one by one; the database
# then filters and orders in one query instead.
SEARCH_CANDIDATE_CAP = 10_000


def search_candidates(user: User, text: str) -> list[int] | None:
    """Ids of parties whose name contains `text`, or their e-mail, phone or web address
    (when the term has an "@", a "." or digits in it), or whose current employer's name does
    (an employer `user` may see). None when more than SEARCH_CANDIDATE_CAP match.

    Each step is bounded by the cap and served by an index: the names (trigram), the contact
    mechanisms (trigram), which of the matching organizations the user may see (grant
    indexes), their current employees (relationship index)."""
    cap = SEARCH_CANDIDATE_CAP + 1
    named = list(
        Party.objects.filter(display_name__icontains=text)
        .order_by()
        .values_list("pk", "kind")[:cap]
    )
    if len(named) == cap:
        return None
    ids = {pk for pk, _kind in named}
    current_mechs = PartyContactMech.objects.filter(thru_date__isnull=True).order_by()
    parts = []
    if "@" in text or "." in text or any(ch.isdigit() for ch in text):
        parts.append(current_mechs.filter(contact_mech__value__icontains=text))
    digits = phone_search_digits(text)
    if digits and digits != text:
        parts.append(
            current_mechs.filter(
                contact_mech__kind=ContactMechKind.PHONE, contact_mech__value__icontains=digits
            )
        )
    if parts:
        first, *others = (part.values("party_id") for part in parts)
        ids.update(first.union(*others).values_list("party_id", flat=True)[:cap])
    organizations = [pk for pk, kind in named if kind == PartyKind.ORGANIZATION]
    employers = visible_ids(user, organizations) if organizations else set()
    if employers:
        ids.update(
            PartyRelationship.objects.filter(
                kind=RelationshipKind.EMPLOYMENT, thru_date__isnull=True, to_party_id__any=employers
            ).values_list("from_party_id", flat=True)[:cap]
        )
    return None if len(ids) >= cap else sorted(ids)
