"""Who may be picked as an event's participant: colleagues (active users) by name, username
or e-mail (suggested by the people lookup, crm.people_pages), and parties the user may see
(contacts, accounts, customers, leads) by name, number or e-mail — for the suggestions of the
form's pickers and for what is typed without them."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from crm.people import people, people_named
from parties.models import ContactMechKind, Party, PartyContactMech
from parties.normalize import normalize_email


def colleagues() -> QuerySet[User]:
    """The users who may take part: active ones, by name (with their home team)."""
    return people()


def users_named(text: str) -> list[User]:
    """The active users a typed entry names (crm.people.people_named): one is a match,
    several say the name is ambiguous, none that no active colleague has it."""
    return [user for user in people_named(text) if user.is_active]


def parties_with_email(parties: QuerySet[Party], email: str) -> list[Party]:
    """The parties of `parties` (a permission-filtered queryset) with this current e-mail
    address, at most two."""
    try:
        value = normalize_email(email)
    except ValidationError:  # not an address: nobody has it
        return []
    holders = PartyContactMech.objects.filter(
        contact_mech__kind=ContactMechKind.EMAIL,
        contact_mech__value=value,
        thru_date__isnull=True,
    ).values("party_id")
    return list(parties.filter(pk__in=holders)[:2])
