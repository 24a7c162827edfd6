"""The customer journey as the panel and the page read it: one index range of the party's
journey (newest first, keyset on occurred_at and id), then, per record type on the page,
one call of its `visible_ids` for the page's ids. An entry about a record the viewer may not
see is "restricted" (its kind and time only); an entry whose record type nobody registered
shows its summary without a link."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import User

from crm.pagination import Ordering, Window, keyset_page
from parties import journey
from parties.models import JourneyEntry, Party

JOURNEY_ORDER = Ordering("occurred_at", descending=True)
PAGE_SIZE = 50
PANEL_SIZE = 10


@dataclass
class JourneyRow:
    entry: JourneyEntry
    label: str  # the kind, as people read it
    restricted: bool = False
    url: str = ""  # the record's page ("" : no page, or not registered)

    @property
    def summary(self) -> str:
        """Never the summary of a restricted entry."""
        return "" if self.restricted else self.entry.summary


def mark_visible(user: User, entries: list[JourneyEntry]) -> list[JourneyRow]:
    """Each entry as the viewer may see it: one `visible_ids` call per record type."""
    ids_by_type: dict[str, list[int]] = defaultdict(list)
    for entry in entries:
        if entry.record_type and entry.record_id is not None:
            ids_by_type[entry.record_type].append(entry.record_id)
    visible: dict[str, set[int]] = {}
    for name, ids in ids_by_type.items():
        record_type = journey.record_type(name)
        if record_type is not None:
            visible[name] = set(record_type.visible_ids(user, sorted(set(ids))))
    rows = []
    for entry in entries:
        row = JourneyRow(entry, str(journey.KINDS.get(entry.kind, entry.kind)))
        if entry.record_type in visible and entry.record_id is not None:
            if entry.record_id in visible[entry.record_type]:
                row.url = journey.record_type(entry.record_type).url(entry.record_id)
            else:
                row.restricted = True
        rows.append(row)
    return rows


def journey_page(
    user: User,
    party: Party,
    *,
    kinds: list[str] | None = None,
    after: str = "",
    before: str = "",
    size: int = PAGE_SIZE,
) -> Window:
    """One page of the party's journey, newest first; `items` are JourneyRows. The party
    is one the viewer may see (the page loaded it)."""
    queryset = JourneyEntry.objects.filter(party=party).select_related("actor")
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    window = keyset_page(
        queryset, JOURNEY_ORDER, after=after or None, before=before or None, size=size
    )
    window.items = mark_visible(user, window.items)
    return window


def latest_journey(user: User, party: Party, limit: int = PANEL_SIZE) -> list[JourneyRow]:
    """The party's latest entries, for the journey panel."""
    return journey_page(user, party, size=limit).items
