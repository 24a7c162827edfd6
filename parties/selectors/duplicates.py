"""Records that look like the one being created."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Lower

from parties.models import (
    ContactMechKind,
    Party,
    PartyContactMech,
    PartyKind,
    PartyRelationship,
    PartyStatus,
    RelationshipKind,
)
from parties.normalize import normalize_email, normalize_phone
from parties.selectors.lists import with_list_columns
from parties.selectors.search import SEARCH_CANDIDATE_CAP
from parties.selectors.visibility import visible_ids

DUPLICATE_LIMIT = 10


def possible_duplicates(
    user: User,
    *,
    email: str = "",
    phone: str = "",
    first_name: str = "",
    last_name: str = "",
    company_name: str = "",
) -> list[Party]:
    """Active parties `user` may see that share the e-mail or phone, or the person's name at
    the same company (their lead company or current employer), or the company's name."""
    current = PartyContactMech.objects.filter(thru_date__isnull=True).order_by()
    parts = []
    for kind, value, normalize in (
        (ContactMechKind.EMAIL, email, normalize_email),
        (ContactMechKind.PHONE, phone, normalize_phone),
    ):
        if not value:
            continue
        try:
            normalized = normalize(value)
        except ValidationError:  # the form reports a malformed value itself
            continue
        parts.append(
            current.filter(contact_mech__kind=kind, contact_mech__value=normalized).values_list(
                "party_id", flat=True
            )
        )
    first_name, last_name, company = first_name.strip(), last_name.strip(), company_name.strip()
    if first_name and last_name and company:
        works_there = PartyRelationship.objects.filter(
            kind=RelationshipKind.EMPLOYMENT,
            thru_date__isnull=True,
            to_party__display_name__iexact=company,
        ).values("from_party_id")
        parts.append(
            Party.objects.filter(
                kind=PartyKind.PERSON,
                first_name__iexact=first_name,
                last_name__iexact=last_name,
            )
            .filter(Q(lead__company_name__iexact=company) | Q(pk__in=works_there))
            .order_by()
            .values_list("pk", flat=True)
        )
    elif company and not (first_name or last_name):
        parts.append(
            Party.objects.filter(kind=PartyKind.ORGANIZATION, display_name__iexact=company)
            .order_by()
            .values_list("pk", flat=True)
        )
    if not parts:
        return []
    ids = list(parts[0].union(*parts[1:])[:SEARCH_CANDIDATE_CAP])
    visible = visible_ids(user, ids)
    return list(
        with_list_columns(Party.objects.filter(pk__any=visible, status=PartyStatus.ACTIVE))
        .prefetch_related("roles")
        .order_by(Lower("display_name"), "id")[:DUPLICATE_LIMIT]
    )
