"""Hostile values for form fields and query strings: ids that cannot be ids (beyond 64 bits,
negative, unicode digits, NUL, floats), numbers that are no amounts (NaN, Infinity, 1e309),
dates that do not exist or are at the calendar's ends, very long text, and keyset cursors that
decode to any JSON at all.

Each kind's strategy starts with its known edges, the worst first: Hypothesis's first example
is the simplest one, so every run tries each field with its kind's worst value before it draws
random ones."""

from __future__ import annotations

import base64
import json

from hypothesis import strategies as st

HUGE = [2**64, 2**63, 2**63 - 1, 2**64 + 1, 2**31, 2**53 + 1, 10**30, 10**400]

ID_EDGES = [
    str(2**64),
    str(2**63),
    "-1",
    "0",
    "١٢٣",  # Arabic-Indic digits: int() reads them, a key is ASCII
    f"#{2**64}",
    f"Name (#{2**63})",
    "9" * 5000,
    "1.5",
    "1e3",
    "\x00",
    " 1 ",
    "",
]
NUMBER_EDGES = [
    "1e309",
    "NaN",
    "Infinity",
    "-Infinity",
    "sNaN",
    "-1",
    "-0",
    str(2**64),
    "1E+999999",
    "1e-999999",
    "99999999999999999999.99",
    "12.345678901234567890",
    "١٢٣",
    "1,000",
    "0x10",
    "1" * 400,
    "",
]
DATE_EDGES = [
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "0000-00-00",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "10000-01-01",
    "2026-13-01",
    "2025-02-29",
    "2024-02-29",
    "-2026-01-01",
    "31/12/2026",
    "2026-03-29T02:30",
    "2026-06-01T12:00:00+14:00",
    "today",
    "",
]
TEXT_EDGES = [
    "Sco\x00rpio",  # long enough for a lookup or a search to run its query
    "\x00",
    "x" * 5000,
    " ",
    "\t\r\n",
    "\u200b",
    "ß" * 300,
    "😀",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%",
    "_",
    "\\",
    "null",
    "",
]
# What a keyset cursor's sort key may be made to be: the worst for a decimal key first.
KEY_EDGES = [
    "NaN",
    "Infinity",
    "-Infinity",
    "sNaN",
    "1e309",
    "1E+999999",
    "2026-01-01T00:00:00",  # a time without a zone
    "9999-12-31T23:59:59+00:00",
    "0000-00-00",
    "\x00",
    "x" * 2000,
]


def _random_numbers() -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.sampled_from(HUGE).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
    )


def ids(existing: list[int] = ()) -> st.SearchStrategy[str]:
    """Ids of no record, and of records that exist (most of which the user may not pick)."""
    options = [st.sampled_from(ID_EDGES)]
    if existing:
        options.append(st.sampled_from(list(existing)).map(str))
        options.append(st.sampled_from(list(existing)).map(lambda n: f"#{n}"))
    options.append(st.integers(min_value=-(2**65), max_value=2**65).map(str))
    return st.one_of(*options)


def numbers() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(NUMBER_EDGES), _random_numbers())


def dates() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(DATE_EDGES),
        st.dates().map(str),
        st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
        st.tuples(st.integers(-1, 10**5), st.integers(-1, 99), st.integers(-1, 99)).map(
            lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"
        ),
    )


def texts() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(TEXT_EDGES), st.text(max_size=40))


def anything(existing: list[int] = ()) -> st.SearchStrategy[str]:
    return st.one_of(ids(existing), numbers(), dates(), texts())


def _b64(data: bytes, padded: bool = False) -> str:
    text = base64.urlsafe_b64encode(data).decode()
    return text if padded else text.rstrip("=")


JSON_VALUES = st.recursive(
    st.one_of(
        st.sampled_from(KEY_EDGES),
        st.none(),
        st.booleans(),
        st.sampled_from(HUGE),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
    ),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children)
    ),
    max_leaves=6,
)


def cursors(existing: list[int] = ()) -> st.SearchStrategy[str]:
    """Keyset cursors: base64 of JSON [key, id] with any key and id, of other JSON, of JSON
    with bare NaN/Infinity, of bytes that are not UTF-8, and text that is not base64."""
    some_id = st.sampled_from(list(existing) or [1])
    pair = st.tuples(JSON_VALUES, st.one_of(some_id, JSON_VALUES)).map(lambda t: list(t))
    bare = st.sampled_from(
        ["[NaN,1]", "[Infinity,1]", '["1",NaN]', '["1",1e309]', '["1",-Infinity]', "[]", "{}"]
    )
    raw = st.one_of(pair.map(json.dumps), bare, JSON_VALUES.map(json.dumps)).map(str.encode)
    return st.one_of(
        st.tuples(st.one_of(raw, st.binary(max_size=30)), st.booleans()).map(lambda t: _b64(*t)),
        st.sampled_from(["", "=", "====", "!!", "a", "\x00", "..", "%"]),
        st.text(max_size=30),
    )


def mutated_cursors(real: str, existing: list[int] = ()) -> st.SearchStrategy[str]:
    """A cursor of ours (from a page's "next" link) with its sort key or its id replaced:
    first by the worst keys (NaN for a decimal, a time without a zone...)."""
    padded = real + "=" * (-len(real) % 4)
    key, pk = json.loads(base64.urlsafe_b64decode(padded))
    pair = st.one_of(
        st.sampled_from(KEY_EDGES).map(lambda k: [k, pk]),
        st.sampled_from(HUGE + [0, -1, True, "1"]).map(lambda p: [key, p]),
        JSON_VALUES.map(lambda k: [k, pk]),
        st.one_of(JSON_VALUES, st.sampled_from(list(existing) or [pk])).map(lambda p: [key, p]),
    )
    return pair.map(lambda p: _b64(json.dumps(p).encode()))


def values_for(kind: str, existing: list[int] = ()) -> st.SearchStrategy[str]:
    """A hostile value for a field of this kind (see `field_kind`), or one of any kind."""
    specific = {
        "id": ids(existing),
        "number": numbers(),
        "date": dates(),
        "text": texts(),
        "cursor": cursors(existing),
    }[kind]
    return st.one_of(specific, anything(existing))


def field_kind(name: str, html_type: str) -> str:
    """What a field holds, from its name and its HTML input type."""
    if name in ("after", "before"):
        return "cursor"
    if html_type in ("date", "datetime-local", "month", "time") or "date" in name:
        return "date"
    if name in DATE_NAMES:
        return "date"
    if html_type == "number" or name in NUMBER_NAMES:
        return "number"
    if html_type in ("select", "checkbox", "radio", "hidden") or name in ID_NAMES:
        return "id"
    return "text"


DATE_NAMES = {"end", "start_from", "start_to", "close_from", "close_to", "starts_at", "ends_at"}
NUMBER_NAMES = {"amount", "page", "probability", "position", "weeks", "amount_min", "amount_max"}
# Text fields and query parameters that name a record ("Name (#id)" lookups, hidden ids).
ID_NAMES = {
    "account",
    "primary_contact",
    "party",
    "lead",
    "opportunity",
    "competitor",
    "contact",
    "other",
    "owner",
    "add_users",
    "add_parties",
    "team",
    "stage",
    "source",
    "campaign",
    "period",
    "user",
    "leads",
    "contact_lists",
}
