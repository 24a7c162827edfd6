"""The search registry: every app adds its searchable kinds of record (contacts, leads,
deals, events, campaigns, ...) in its `AppConfig.ready()`; the workspace's one search asks
each of them and shows the groups in order, each with a count and "show all" (the same
search for that kind alone, with more hits).

A kind's `search(user, query, limit)` returns a `Found`: up to `limit` hits the user may see,
best first, and how many matched in all (counted up to `COUNT_CAP`, beyond which the page says
"N+"). It must answer from indexes, for a user who may see a million records.

A term of two characters ("Wu", "Li") matches names that are it or start with it
(`name_match`): as a substring it would match much of every table, and no trigram index
serves it; an index on UPPER(name) with text_pattern_ops serves the prefix."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet
from django.utils.functional import Promise

from crm.ids import parse_text

MIN_LENGTH = 2
# From this length a term matches anywhere in a name (trigram indexes serve it on PostgreSQL);
# a shorter one only from the start of the name.
CONTAINS_MIN_LENGTH = 3
COUNT_CAP = 100
# Up to this many records matching a term are narrowed to the user's by their ids (found
# through the search indexes); a broader term lets the database combine both in one query.
CANDIDATE_CAP = 10_000


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    detail: str = ""  # a second line: company, e-mail, date, stage, ...


@dataclass(frozen=True)
class Found:
    hits: list[Hit]
    count: int  # capped at COUNT_CAP + 1: more than the cap reads "COUNT_CAP+"


@dataclass(frozen=True)
class SearchKind:
    name: str  # also the ?kind= of "show all"
    label: Promise
    search: Callable[[User, str, int], Found] = field(repr=False)
    # Whether the user may search this kind at all (a role may not have its pages).
    allowed: Callable[[User], bool] = field(repr=False, default=lambda user: True)
    order: int = 100


@dataclass(frozen=True)
class Group:
    kind: SearchKind
    hits: list[Hit]
    count: int

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def shown_count(self) -> str:
        return f"{COUNT_CAP}+" if self.capped else str(self.count)

    @property
    def more(self) -> bool:
        return self.capped or self.count > len(self.hits)


def is_short(text: str) -> bool:
    """Whether `text` is too short to match inside names (it matches from their start)."""
    return len(text) < CONTAINS_MIN_LENGTH


def name_match(field: str, text: str) -> Q:
    """`field` contains `text`; for a short term, `field` starts with it (case-insensitive both,
    as the UPPER(field) indexes are: trigram for the one, text_pattern_ops for the other)."""
    lookup = "istartswith" if is_short(text) else "icontains"
    return Q(**{f"{field}__{lookup}": text})


def visible_matches(model, condition: Q, visible: Callable[[], QuerySet]) -> QuerySet:
    """The records of `model` that meet `condition` and that the user may see (`visible()`,
    only built when something matches: most kinds match nothing, and working out what a
    user may see can itself cost a query)."""
    ids = list(
        model.objects.filter(condition).order_by().values_list("pk", flat=True)[: CANDIDATE_CAP + 1]
    )
    if not ids:
        return model.objects.none()
    if len(ids) <= CANDIDATE_CAP:
        return visible().filter(pk__any=ids)
    return visible().filter(condition)


def found(queryset: QuerySet, *, order: tuple, limit: int, hit: Callable) -> Found:
    """The first `limit` of `queryset` in `order` as hits, and how many (up to the cap)."""
    count = len(queryset.order_by().values_list("pk", flat=True)[: COUNT_CAP + 1])
    rows = list(queryset.order_by(*order)[:limit]) if count else []
    return Found([hit(row) for row in rows], count)


_kinds: dict[str, SearchKind] = {}


def register(kind: SearchKind) -> None:
    known = _kinds.get(kind.name)
    if known is not None and known != kind:
        raise ImproperlyConfigured(f"two searchable kinds named {kind.name}")
    _kinds[kind.name] = kind


def kinds(user: User) -> list[SearchKind]:
    return sorted(
        (kind for kind in _kinds.values() if kind.allowed(user)), key=lambda k: (k.order, k.name)
    )


def search(user: User, query: str, *, per_kind: int = 5, only: str = "") -> list[Group]:
    """Every kind's matches for `query` (or only the kind named `only`, with more hits). The
    query is read as crm.ids.parse_text reads any typed text (no NUL, bounded)."""
    query = parse_text(query)
    if len(query) < MIN_LENGTH:
        return []
    groups = []
    for kind in kinds(user):
        if only and kind.name != only:
            continue
        found = kind.search(user, query, per_kind)
        if found.count:
            groups.append(Group(kind, found.hits, found.count))
    return groups
