import re

import pytest

from parties.models import Party
from tests.factories import make_contact

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'href="(\?[^"]*after=[^"]+)"[^>]*>Next')
PREVIOUS = re.compile(r'href="(\?[^"]*before=[^"]+)"[^>]*>Previous')
ROW = re.compile(r'<td><a href="/contacts/(\d+)/">')


@pytest.fixture
def contacts(alice, settings):
    settings.CRM_PAGE_SIZE = 5
    # Repeated names make ties that only the primary key orders.
    names = ["Ann", "Bea", "Cy", "Dee", "Eve", "Ann", "Bea", "Cy"] * 2
    return [make_contact(alice, first_name=n, last_name="Same") for n in names]


def walk(client, start):
    """Follow Next from `start`; return the ids per page and the last page's HTML."""
    pages, url = [], start
    while True:
        html = client.get(url).content.decode()
        pages.append([int(pk) for pk in ROW.findall(html)])
        match = NEXT.search(html)
        if not match:
            return pages, html
        url = "/contacts/" + match.group(1).replace("&amp;", "&")


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("name", lambda p: (p.display_name, p.pk)),
        ("-name", lambda p: (p.display_name, p.pk)),
        ("-updated", lambda p: (p.updated_at, p.pk)),
        ("created", lambda p: (p.created_at, p.pk)),
    ],
)
def test_next_walks_every_row_once_in_order(client_for, alice, contacts, sort, key):
    pages, _ = walk(client_for(alice), f"/contacts/?sort={sort}")
    seen = [pk for page in pages for pk in page]
    expected = sorted(Party.objects.filter(pk__in=seen), key=key, reverse=sort.startswith("-"))
    assert seen == [p.pk for p in expected]
    assert len(seen) == len(contacts) == 16
    assert [len(p) for p in pages] == [5, 5, 5, 1]


def test_previous_returns_the_page_before(client_for, alice, contacts):
    client = client_for(alice)
    pages, _ = walk(client, "/contacts/")
    first = client.get("/contacts/").content.decode()
    second = client.get("/contacts/" + NEXT.search(first).group(1).replace("&amp;", "&"))
    back = PREVIOUS.search(second.content.decode()).group(1).replace("&amp;", "&")
    assert [
        int(pk) for pk in ROW.findall(client.get("/contacts/" + back).content.decode())
    ] == pages[0]


def test_first_page_has_no_previous_and_last_has_no_next(client_for, alice, contacts):
    client = client_for(alice)
    first = client.get("/contacts/").content.decode()
    assert not PREVIOUS.search(first)
    _, last = walk(client, "/contacts/")
    assert PREVIOUS.search(last) and not NEXT.search(last)


@pytest.mark.parametrize("cursor", ["garbage", "e30", "WyJ4IiwieCJd", "%00", "W251bGwsMV0"])
def test_tampered_cursor_shows_the_first_page(client_for, alice, contacts, cursor):
    client = client_for(alice)
    response = client.get(f"/contacts/?after={cursor}")
    assert response.status_code == 200
    assert ROW.findall(response.content.decode()) == ROW.findall(
        client.get("/contacts/").content.decode()
    )


def test_a_datetime_sort_cursor_with_a_bad_date_shows_the_first_page(client_for, alice, contacts):
    response = client_for(alice).get("/contacts/?sort=-updated&after=WyJub3QgYSBkYXRlIiwxXQ")
    assert response.status_code == 200
    assert len(ROW.findall(response.content.decode())) == 5
