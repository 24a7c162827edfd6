"""The timeline registry: how a higher app adds entries to a lower app's record timeline (the
notes and files on a party's, a deal's or an order's page) without the lower app knowing it.

An app registers its sources in `AppConfig.ready()`, for the record types whose pages show
them. A source's `entries(user, record, limit)` returns up to `limit` of its entries about the
record, newest first, that the user may see: the record page has loaded the record for the
user already (crm.records), so a source filters only what is finer than the record's own
visibility. It reads in a fixed number of queries whatever the record holds.

A record page merges the sources' entries with its own history (`merged`), newest first (or
oldest first, for a page whose history reads that way) and limited. An entry shows when, who
and a short plain text, with an optional second line and link; a source that needs more
gives a small template instead (`template_name`, rendered with `entry` in its context). In a
page's template an entry is told from the page's own rows by its `timeline_source`."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from crm.records import RecordType

# As many entries as a record page's timeline shows.
LIMIT = 30


@dataclass(frozen=True)
class Entry:
    when: datetime.datetime
    who: User | None
    text: str
    timeline_source: str  # the source's name: tells an entry from a page's own history rows
    detail: str = ""  # a second line, plain text
    url: str = ""  # where the text links to: a page, or an anchor on this one
    template_name: str = ""  # instead of text, detail and url: rendered with `entry`
    context: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Source:
    name: str
    entries: Callable[[User, models.Model, int], list[Entry]] = field(repr=False)


_registry: dict[RecordType, list[Source]] = defaultdict(list)


def register(*record_types: RecordType, source: Source) -> None:
    """Show `source`'s entries on the timelines of these record types (again: no change)."""
    for record_type in record_types:
        sources = _registry[record_type]
        same = [s for s in sources if s.name == source.name]
        if same and same[0] != source:
            raise ImproperlyConfigured(
                f"two timeline sources named {source.name} on {record_type.name}"
            )
        if not same:
            sources.append(source)


def registered(record_type: RecordType) -> list[Source]:
    return list(_registry.get(record_type, ()))


def entries_for(
    record_type: RecordType, user: User, record: models.Model, limit: int = LIMIT
) -> list[Entry]:
    """The registered sources' entries about this record, newest first, at most `limit`."""
    entries: list[Entry] = []
    for source in _registry.get(record_type, ()):
        entries += source.entries(user, record, limit)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


def _when(item: Any) -> datetime.datetime:
    return item["when"] if isinstance(item, dict) else item.when


def merged(
    record_type: RecordType,
    user: User,
    record: models.Model,
    own: Iterable[Any] = (),
    *,
    when: Callable[[Any], datetime.datetime] = _when,
    limit: int | None = LIMIT,
    newest_first: bool = True,
) -> list[Any]:
    """The page's own history rows (`when(row)` is each one's time) and the registered
    sources' entries, newest first (or oldest first), the `limit` newest of them (None: all
    the page's own rows and up to LIMIT entries). Rows of the same moment keep the page's
    own first."""
    entries = entries_for(record_type, user, record, limit or LIMIT)
    rows: list[tuple[datetime.datetime, int, Any]] = [(when(row), 1, row) for row in own]
    rows += [(entry.when, 0, entry) for entry in entries]
    rows.sort(key=lambda r: (r[0], r[1]), reverse=True)
    newest = [row for _when_, _own, row in rows]
    if limit is not None:
        newest = newest[:limit]
    return newest if newest_first else newest[::-1]
