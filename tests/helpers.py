"""Helpers shared by the tests: counting a page's SQL queries, reading a form's field errors.

A page's query count must not grow with its rows (a query per row is the classic N+1). The
first request of a test may fill Django's process-wide caches (content types) and the session,
depending on which tests ran before, so counts are taken from warmed requests only."""

import re
from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

REQUIRED = "This field is required."


def field_error(response, name: str) -> str:
    """The error text rendered next to the field `name` (its invalid-feedback block)."""
    content = response.content.decode()
    match = re.search(rf'id="id_{re.escape(name)}_error"[^>]*>(.*?)</div>', content, re.S)
    assert match, f"no error shown next to {name}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def count_queries(
    client: Client, url: str, *, method: str = "get", data: dict | None = None, **request_kwargs
) -> int:
    """The SQL queries of one request (GET, or `method="post"` with `data`), which must answer
    200; extra headers go in `request_kwargs` (e.g. `HTTP_HX_REQUEST="true"`)."""
    send = getattr(client, method)
    with CaptureQueriesContext(connection) as ctx:
        response = (
            send(url, data, **request_kwargs) if data is not None else send(url, **request_kwargs)
        )
    assert response.status_code == 200, f"{method.upper()} {url} answered {response.status_code}"
    return len(ctx.captured_queries)


def assert_flat_queries(
    client: Client, url: str, *, grow: Callable[[], object], budget: int, **request_kwargs
) -> int:
    """GETs `url` once to warm caches, counts a second GET, calls `grow()` to add rows, counts
    again, and asserts both counts are equal (the page does not read per row) and at most
    `budget` (a page that needs more has grown a query or a panel: look before raising it).
    Returns the count."""
    count_queries(client, url, **request_kwargs)
    before = count_queries(client, url, **request_kwargs)
    grow()
    after = count_queries(client, url, **request_kwargs)
    assert before == after, (
        f"GET {url}: {before} queries before grow(), {after} after: a query per row?"
    )
    assert after <= budget, f"GET {url}: {after} queries, over its budget of {budget}"
    return after
