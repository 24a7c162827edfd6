"""Keyset pagination: a page starts after (or ends before) the sort key of a row, so a deep page
costs what the first one does, and no COUNT runs over the permission-filtered set."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import QueryDict

from crm.ids import parse_id


@dataclass(frozen=True)
class Ordering:
    field: str  # a model field; the primary key breaks ties
    descending: bool = False

    def order_by(self, reverse: bool = False) -> tuple[str, str]:
        sign = "-" if self.descending != reverse else ""
        return (f"{sign}{self.field}", f"{sign}pk")

    def beyond(self, key: tuple, reverse: bool = False) -> Q:
        """Rows after `key` in this order (before it when `reverse`)."""
        value, pk = key
        forward = self.descending == reverse
        op = "gt" if forward else "lt"
        edge = "gte" if forward else "lte"
        return Q(**{f"{self.field}__{edge}": value}) & (
            Q(**{f"{self.field}__{op}": value}) | Q(**{f"pk__{op}": pk})
        )


@dataclass
class Window:
    items: list
    has_next: bool
    has_previous: bool
    next_cursor: str = ""
    previous_cursor: str = ""


# A cursor's sort key beyond these is no key of ours (tampered): 10^20 exceeds every amount.
MAX_DECIMAL = Decimal(10) ** 20
MAX_TEXT = 1000


def _decimal(text: str) -> Decimal:
    value = Decimal(text)
    if not value.is_finite() or abs(value) >= MAX_DECIMAL:
        raise ValueError("not an amount")
    return value


def _datetime(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError("not an aware time")
    return value


# How a sort key that JSON cannot hold travels in a cursor, per model field type.
PARSERS = {
    "DateTimeField": _datetime,
    "DateField": date.fromisoformat,
    "DecimalField": _decimal,
}


def encode_cursor(value, pk) -> str:
    if isinstance(value, date):  # datetimes too
        raw = value.isoformat()
    elif isinstance(value, Decimal):
        raw = str(value)
    else:
        raw = value
    data = json.dumps([raw, pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def decode_cursor(cursor: str, field_type: str = "CharField") -> tuple | None:
    """The (value, pk) in a cursor, or None for anything that is not a cursor of ours
    (tampered URLs): not base64 JSON of [text, id], an id beyond 64 bits, text the database
    cannot hold, a decimal that is not a finite amount, a time without a zone."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        pk = parse_id(pk) if isinstance(pk, int) else None
        if pk is None or not isinstance(value, str) or len(value) > MAX_TEXT or "\x00" in value:
            return None
        if field_type in PARSERS:
            value = PARSERS[field_type](value)
        return value, pk
    except (ValueError, TypeError, UnicodeDecodeError, InvalidOperation, OverflowError):
        return None


def keyset_page(
    queryset: QuerySet,
    ordering: Ordering,
    *,
    after: str | None = None,
    before: str | None = None,
    size: int = 50,
) -> Window:
    field_type = queryset.model._meta.get_field(ordering.field).get_internal_type()
    key = decode_cursor(before or after or "", field_type) if (before or after) else None
    backwards = bool(before) and key is not None
    if key is not None:
        queryset = queryset.filter(ordering.beyond(key, reverse=backwards))
    rows = list(queryset.order_by(*ordering.order_by(reverse=backwards))[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
        has_previous, has_next = more, True
    else:
        has_previous, has_next = key is not None, more
    window = Window(
        items=rows, has_next=has_next and bool(rows), has_previous=has_previous and bool(rows)
    )
    if rows:
        window.next_cursor = encode_cursor(getattr(rows[-1], ordering.field), rows[-1].pk)
        window.previous_cursor = encode_cursor(getattr(rows[0], ordering.field), rows[0].pk)
    return window


def request_page(request, queryset: QuerySet, ordering: Ordering) -> tuple[Window, QueryDict]:
    """The page of a list that the request's `?after=` / `?before=` cursor asks for, and the
    request's query string without the cursors (what the pager's and the filters' links
    keep)."""
    query = request.GET.copy()
    query.pop("after", None)
    query.pop("before", None)
    page = keyset_page(
        queryset,
        ordering,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=settings.CRM_PAGE_SIZE,
    )
    return page, query
