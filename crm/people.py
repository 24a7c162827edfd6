"""Colleagues, as every picker of a person finds them: the active users by name, how they
are written in a picker ("Bob Brown (bob)") and in a list ("Bob Brown · Team East"), the
suggestions for what was typed, and who exactly a typed entry names.

Names of colleagues are visible to every signed-in user (the Sharing page, the event form's
participants), so nothing here is permission-filtered: a picker's own queryset limits whom it
may take."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat, Trim

from crm.access import home_team
from crm.ids import parse_id, parse_text

# Suggestions shown for what was typed: enough to pick from, few enough to read.
PEOPLE_SUGGESTIONS = 10
# Fewer characters than this suggest nobody (every user starts with some letter).
PEOPLE_LOOKUP_MIN_LENGTH = 2
# A colleague as the suggestions write them: "Bob Brown (bob)".
PERSON_PICK = re.compile(r"^.*\((?P<username>[^()\s]+)\)\s*$")
# At most this many users read for one typed entry: one is a match, more say it is ambiguous.
_NAMED_CAP = 5


def people() -> QuerySet[User]:
    """The active users, by name, with what `person_label` reads."""
    return (
        User.objects.filter(is_active=True)
        .select_related("profile__home_team__group")
        .order_by("first_name", "last_name", "username")
    )


def person_label(user: User) -> str:
    """A user as colleagues know them: "Bob Brown · Team East" (the username when there is no
    full name, no team when they have none)."""
    name = user.get_full_name() or user.get_username()
    team = home_team(user)
    return f"{name} · {team.group.name}" if team else name


def person_pick_label(user: User) -> str:
    """A user as a picker shows and takes them: the name and, in brackets, the username,
    which tells two colleagues of the same name apart."""
    name = user.get_full_name() or user.get_username()
    return f"{name} ({user.get_username()})"


def _with_full_name(users: QuerySet[User]) -> QuerySet[User]:
    # As get_full_name() writes it: someone with a first name only is "Bob", not "Bob ".
    return users.annotate(full_name=Trim(Concat("first_name", Value(" "), "last_name")))


# At most this many ids in a picker's `?exclude=` (more are still refused when sent).
EXCLUDE_MAX = 200


def people_matching(query: str, *, exclude: Iterable[int] = ()) -> list[User]:
    """Suggestions: up to PEOPLE_SUGGESTIONS active users whose first name, last name, full
    name, username or e-mail starts with the typed text, but those with the ids `exclude`.
    One query, whatever is typed."""
    text = parse_text(query)
    if len(text) < PEOPLE_LOOKUP_MIN_LENGTH:
        return []
    users = _with_full_name(people()).filter(
        Q(first_name__istartswith=text)
        | Q(last_name__istartswith=text)
        | Q(full_name__istartswith=text)
        | Q(username__istartswith=text)
        | Q(email__istartswith=text)
    )
    exclude = list(exclude)
    if exclude:
        users = users.exclude(pk__in=exclude)
    return list(users[:PEOPLE_SUGGESTIONS])


def people_named(entry: str) -> list[User]:
    """The users, active or not, that a typed entry names exactly: a suggestion's
    "Name (username)" names its username only; otherwise a number names that id, and the
    text a username, an e-mail or a full name (any case). An id or a username names one user
    even when someone else's full name is the same; a list of more than one is ambiguous."""
    text = parse_text(entry)
    if not text:
        return []
    match = PERSON_PICK.match(text)
    if match:
        users = User.objects.select_related("profile__home_team__group")
        return list(users.filter(username__iexact=match.group("username"))[:1])
    pk = parse_id(text)
    exact = Q(username__iexact=text) | Q(full_name__iexact=text)
    if "@" in text:
        exact |= Q(email__iexact=text)
    if pk is not None:
        exact |= Q(pk=pk)
    users = _with_full_name(User.objects.select_related("profile__home_team__group"))
    found = list(users.filter(exact).order_by("pk")[:_NAMED_CAP])
    for unique in (
        [u for u in found if u.pk == pk],
        [u for u in found if u.username.lower() == text.lower()],
    ):
        if unique:
            return unique[:1]
    return found
