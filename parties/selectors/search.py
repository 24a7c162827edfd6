"""Which parties match a search term: by name, contact mechanism or employer (the global
search's party kinds are in parties/search.py)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q

from crm.search import is_short, name_match
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


def name_condition(text: str) -> Q:
    """Parties whose name contains `text`; for a two-character term (crm.search.is_short),
    whose name, or a person's last name, is it or starts with it: "Wu" finds Ann Wu, Wu Fang
    and Wurst GmbH (the UPPER(display_name) and UPPER(last_name) text_pattern_ops indexes,
    parties.0014)."""
    condition = name_match("display_name", text)
    if is_short(text):
        condition |= name_match("last_name", text)
    return condition


def search_candidates(user: User, text: str) -> list[int] | None:
    """Ids of parties whose name matches `text` (name_condition), or their e-mail, phone or
    web address contains it (when the term, of three characters or more, has an "@", a "."
    or digits in it), or whose current employer's name matches (an employer `user` may see).
    None when more than SEARCH_CANDIDATE_CAP match.

    Each step is bounded by the cap and served by an index: the names (trigram, or the
    prefix indexes for a short term), the contact mechanisms (trigram), which of the
    matching organizations the user may see (grant indexes), their current employees
    (relationship index)."""
    cap = SEARCH_CANDIDATE_CAP + 1
    named = list(
        Party.objects.filter(name_condition(text)).order_by().values_list("pk", "kind")[:cap]
    )
    if len(named) == cap:
        return None
    ids = {pk for pk, _kind in named}
    current_mechs = PartyContactMech.objects.filter(thru_date__isnull=True).order_by()
    parts = []
    # Two characters of an address or a number would match nearly every one: names only.
    if not is_short(text):
        if "@" in text or "." in text or any(ch.isdigit() for ch in text):
            parts.append(current_mechs.filter(contact_mech__value__icontains=text))
        digits = phone_search_digits(text)
        if digits and digits != text:
            parts.append(
                current_mechs.filter(
                    contact_mech__kind=ContactMechKind.PHONE,
                    contact_mech__value__icontains=digits,
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
