"""The one parser of record ids that arrive from outside (URLs, query strings, form fields,
cursors): anything that is not a positive integer fitting the database's 64-bit keys is no id
at all, so a tampered value answers 404 or a form error, never a database error. And the one
reader of text typed into a lookup or search box, for the same reason."""

import re

MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value) -> int | None:
    """The id in `value` (an int, or text of ASCII digits), or None if it cannot be one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def parse_ids(values) -> list[int] | None:
    """Every id in `values`, or None if any of them cannot be one."""
    ids = [parse_id(value) for value in values]
    return None if None in ids else ids


SEARCH_TEXT_MAX = 200


def parse_text(value, max_length: int = SEARCH_TEXT_MAX) -> str:
    """Text to look records up by (`?q=`, a lookup field's typing): stripped, without NUL
    characters (no name holds one, and PostgreSQL refuses them in a query), at most
    `max_length` characters; "" for anything that is not text."""
    if not isinstance(value, str):
        return ""
    return value.replace("\x00", "").strip()[:max_length]
