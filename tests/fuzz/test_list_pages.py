"""Bad query strings never answer 500: every list page, board, calendar, lookup and pre-filled
form (pages.LIST_PAGES), fetched as each persona who may open it, with hostile values for its
keyset cursors (`after`, `before`: base64 of any JSON, our own cursors with their key or id
replaced), `sort`, `scope`, `page`, `q` and every field of the page's filter form."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.fuzz import strategies as hostile
from tests.fuzz.conftest import examples, rolled_back
from tests.fuzz.discovery import PERSONAS, route_urls, view_name_of
from tests.fuzz.html_forms import Field, forms_of
from tests.fuzz.pages import COMMON_PARAMETERS, KEYSET_LISTS, LIST_PAGES

pytestmark = pytest.mark.django_db

CURSOR_IN_LINK = re.compile(r"[?&;](?:after|before)=([A-Za-z0-9_-]+)")


@pytest.fixture(scope="module")
def urls(fuzz_db, django_db_blocker) -> dict[str, str]:
    with django_db_blocker.unblock():
        return route_urls(fuzz_db)[0]


@pytest.fixture
def one_row_pages(settings):
    """One row a page, so that every list of the world has a next page and a cursor of ours."""
    settings.CRM_PAGE_SIZE = 1


def _open(view_name, urls, clients):
    """The page's URL, the personas who may open it, and its HTML as the first of them."""
    url = urls[view_name]
    answers = {persona: clients[persona].get(url) for persona in [*PERSONAS, "erin", "dan"]}
    personas = [p for p, response in answers.items() if response.status_code == 200]
    assert personas, f"nobody may open {url}"
    return url, personas, answers[personas[0]].content.decode()


def _parameters(view_name: str, url: str, html: str) -> dict[str, Field]:
    """The page's query parameters: its filter forms' fields, what its view reads itself and
    what every list reads."""
    fields: dict[str, Field] = {}
    for form in forms_of(html, url):
        if form.method == "get" and view_name_of(form.action) == view_name:
            fields.update(form.fields)
    for name in [*COMMON_PARAMETERS, *LIST_PAGES[view_name]]:
        fields.setdefault(name, Field(name=name, tag="input", type="text"))
    return fields


def _value(field: Field, ids: list[int], cursor: str | None) -> st.SearchStrategy:
    """A hostile value (its kind's worst first), one the form offers, or several values."""
    kind = hostile.field_kind(field.name, field.type)
    single = hostile.values_for(kind, ids)
    if kind == "cursor" and cursor:
        single = st.one_of(hostile.mutated_cursors(cursor, ids), single)
    if field.options:
        single = st.one_of(single, st.sampled_from(field.options))
    return st.one_of(single, st.lists(single, min_size=2, max_size=3))


@pytest.mark.usefixtures("one_row_pages")
@pytest.mark.parametrize("view_name", sorted(LIST_PAGES))
def test_bad_query_strings_never_answer_500(view_name, world, urls, fuzz_clients):
    """Each parameter alone (a bad filter value must not hide another's: one invalid field
    leaves a whole filter form unapplied), then some together. The first example gives each
    parameter its kind's worst value."""
    url, personas, html = _open(view_name, urls, fuzz_clients)
    fields = _parameters(view_name, url, html)
    found = CURSOR_IN_LINK.search(html)
    cursor = found.group(1) if found else None

    @hypothesis_settings(max_examples=examples(3 if view_name in KEYSET_LISTS else 2))
    @given(data=st.data())
    def get_hostile_values(data):
        persona = data.draw(st.sampled_from(personas), label="persona")
        queries = []
        for name in sorted(fields):
            if data.draw(st.sampled_from([True, False, False]), label=f"probe {name}"):
                value = data.draw(_value(fields[name], world.ids, cursor), label=name)
                queries.append({name: value})
        if len(queries) > 1 and data.draw(st.booleans(), label="all at once"):
            queries.append({k: v for query in queries for k, v in query.items()})
        for query in queries:
            with rolled_back():
                response = fuzz_clients[persona].get(url, query)
            assert response.status_code < 500, (url, persona, query)

    get_hostile_values()


@pytest.mark.usefixtures("one_row_pages")
@pytest.mark.parametrize("view_name", KEYSET_LISTS)
def test_a_tampered_cursor_shows_a_page_on_every_sort(view_name, world, urls, fuzz_clients):
    """Any cursor on any sort (a decimal amount, a date, a name): the list answers 200 (from
    its start when the cursor is none of ours), never 500. The first example gives every
    sort our own cursor with NaN for its key."""
    url, personas, html = _open(view_name, urls, fuzz_clients)
    client = fuzz_clients[personas[0]]
    sorts = _parameters(view_name, url, html)["sort"].options or [""]
    cursors = {}
    for sort in sorts:
        found = CURSOR_IN_LINK.search(client.get(url, {"sort": sort}).content.decode())
        cursors[sort] = found.group(1) if found else None

    @hypothesis_settings(max_examples=examples(3))
    @given(data=st.data())
    def get_hostile_cursors(data):
        for sort in sorts:
            real = cursors[sort]
            tampered = hostile.cursors(world.ids)
            if real:
                tampered = st.one_of(hostile.mutated_cursors(real, world.ids), tampered)
            cursor = data.draw(tampered, label=f"cursor for {sort}")
            direction = data.draw(st.sampled_from(["after", "before"]), label="direction")
            with rolled_back():
                response = client.get(url, {"sort": sort, direction: cursor})
            assert response.status_code == 200, (url, sort, direction, cursor)

    get_hostile_cursors()


def test_the_opportunity_list_sorted_by_amount_has_cursors(world, urls, fuzz_clients, settings):
    """The decimal sort the cursor tests must reach: alice's list has a next page by amount."""
    settings.CRM_PAGE_SIZE = 1
    html = fuzz_clients["alice"].get(reverse("opportunities:list"), {"sort": "amount"}).content
    assert CURSOR_IN_LINK.search(html.decode())
