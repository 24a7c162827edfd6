"""Who may be picked as an event's participant: colleagues (active users) by name, username
or e-mail, and parties the user may see (contacts, accounts, customers, leads) by name, number
or e-mail — for the suggestions of the form's pickers and for what is typed without them."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat

from crm.forms import people
from crm.ids import parse_text
from parties import selectors as party_selectors
from parties.models import ContactMechKind, Party, PartyContactMech
from parties.normalize import normalize_email

USER_SUGGESTIONS = 20


def colleagues() -> QuerySet[User]:
    """The users who may take part: active ones, by name (with their home team)."""
    return people()


def lookup_users(query: str, *, exclude: User | None = None) -> list[User]:
    """Suggestions: up to USER_SUGGESTIONS active users whose first name, last name, full
    name or username starts with the typed text (or whose e-mail does)."""
    text = parse_text(query)
    if len(text) < party_selectors.LOOKUP_MIN_LENGTH:
        return []
    users = colleagues().annotate(full_name=Concat("first_name", Value(" "), "last_name"))
    users = users.filter(
        Q(first_name__istartswith=text)
        | Q(last_name__istartswith=text)
        | Q(full_name__istartswith=text)
        | Q(username__istartswith=text)
        | Q(email__istartswith=text)
    )
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return list(users[:USER_SUGGESTIONS])


def users_named(text: str) -> list[User]:
    """Active users whose username, e-mail or full name is `text` (any case), at most two:
    one is a match, two say the name is ambiguous."""
    text = parse_text(text)
    if not text:
        return []
    users = colleagues().annotate(full_name=Concat("first_name", Value(" "), "last_name"))
    exact = Q(username__iexact=text) | Q(full_name__iexact=text)
    if "@" in text:
        exact |= Q(email__iexact=text)
    by_username = list(users.filter(username__iexact=text)[:1])
    return by_username or list(users.filter(exact)[:2])


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
