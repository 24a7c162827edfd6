"""The columns of the lists: each list (by URL name, those of crm.saved_views.LISTS) declares
its columns here from its app's `AppConfig.ready()`, and the list's query string says which
are shown: `?cols=a,b,c` (or `cols=a&cols=b`, what the column chooser's checkboxes send).
No `cols`: the list's defaults. Unknown keys are ignored; a column that may not be hidden
(the one that links to the record) is always shown.

Because the choice is part of the query string, a saved view keeps it with the filters and
sort, and the pager, the scope tabs and the filters form carry it on. Choosing columns never
changes what a list loads: a column is offered only when the list's query already loads
what it shows, so hiding or showing one costs no query (tests/crm/test_list_columns.py).

crm imports no app: the lists are named here, their columns declared by their apps."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.core.exceptions import ImproperlyConfigured
from django.http import QueryDict
from django.utils.functional import Promise

PARAM = "cols"
# What a chooser with no box ticked sends when a list has no fixed column: no known key, so
# only the fixed columns (none) would show; it keeps "no choice" apart from "the defaults".
NOTHING = "-"


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    default: bool = True  # shown when the query string makes no choice
    fixed: bool = False  # shown whatever the choice (the column that links to the record)


_REGISTRY: dict[str, tuple[Column, ...]] = {}


def register(list_key: str, *columns: Column) -> None:
    """Declares the columns of a list, in display order (from an app's `ready()`)."""
    keys = [column.key for column in columns]
    if len(set(keys)) != len(keys) or any("," in key for key in keys):
        raise ImproperlyConfigured(f"The columns of {list_key} need distinct keys without commas.")
    _REGISTRY[list_key] = tuple(columns)


def columns_of(list_key: str) -> tuple[Column, ...]:
    return _REGISTRY.get(list_key, ())


def requested_keys(query: QueryDict) -> set[str] | None:
    """The keys the query string asks to show, or None when it makes no choice."""
    values = query.getlist(PARAM)
    if not values:
        return None
    return {key.strip() for value in values for key in value.split(",") if key.strip()}


@dataclass(frozen=True)
class Shown:
    """The columns a list shows for a request: `"email" in shown` in the list's template."""

    list_key: str
    columns: tuple[Column, ...]
    keys: frozenset[str]
    chosen: bool  # the query string made the choice (not the defaults)

    def __contains__(self, key: str) -> bool:
        return key in self.keys

    def __bool__(self) -> bool:
        return bool(self.columns)

    @property
    def count(self) -> int:
        """How many of the registered columns show (for the empty row's colspan)."""
        return len(self.keys)

    @property
    def choices(self) -> list[tuple[Column, bool]]:
        """The chooser's boxes: every column that may be hidden, ticked when shown."""
        return [(column, column.key in self.keys) for column in self.columns if not column.fixed]

    @property
    def fixed_value(self) -> str:
        """What the chooser always sends, so that no box ticked still is a choice."""
        return ",".join(column.key for column in self.columns if column.fixed) or NOTHING

    @property
    def value(self) -> str:
        """The choice as `cols` carries it: the shown keys in display order."""
        shown = ",".join(column.key for column in self.columns if column.key in self.keys)
        return shown or NOTHING

    @property
    def query(self) -> str:
        """`cols=...` when the choice is the query string's (what a link that keeps the
        choice carries), "" for the defaults."""
        return f"{PARAM}={quote(self.value, safe=',')}" if self.chosen else ""


def shown_columns(list_key: str, query: QueryDict) -> Shown:
    """The columns of `list_key` that the query string shows: its choice, or the defaults."""
    columns = columns_of(list_key)
    requested = requested_keys(query)
    keys = {
        column.key
        for column in columns
        if column.fixed or (column.default if requested is None else column.key in requested)
    }
    return Shown(list_key, columns, frozenset(keys), chosen=requested is not None)
