"""The customer journey page of a contact, an account or a customer: one stream, newest
first, keyset paged, filtered by kind; entries about records the viewer may not see show
as "restricted" (kind and time only); a fixed number of queries per page."""

import datetime
import re

import pytest
from django.utils import timezone

from parties import journey
from parties.services import journey_append
from tests.factories import make_account, make_contact, make_customer, make_order
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db

BASE = timezone.now() - datetime.timedelta(days=10)


def _append(party, n, *, kind="consent", record_type="consent", start=0, same_time=False):
    for i in range(start, start + n):
        journey_append(
            party_ids=party.pk,
            kind=kind,
            summary=f"Touch {i:03d}",
            actor=None,
            record_type=record_type,
            record_id=i + 1,
            occurred_at=BASE if same_time else BASE + datetime.timedelta(minutes=i),
        )


def _summaries(html: str) -> list[str]:
    cells = re.findall(r'<td data-testid="journey-summary">(.*?)</td>', html, re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, response.content.decode()


@pytest.fixture
def customer(alice):
    return make_customer(alice)


def test_journey_is_newest_first_and_filters_by_kinds(client, alice, customer):
    _append(customer, 2, kind="consent")
    _append(customer, 2, kind="review", record_type="", start=10)
    _append(customer, 2, kind="deal", record_type="", start=20)
    client.force_login(alice)
    url = f"/customers/{customer.pk}/journey/"
    html = _get(client, url)[1]
    assert _summaries(html) == ["Touch 021", "Touch 020", "Touch 011", "Touch 010"] + [
        "Touch 001",
        "Touch 000",
    ]
    html = _get(client, url + "?kind=consent&kind=deal")[1]
    assert _summaries(html) == ["Touch 021", "Touch 020", "Touch 001", "Touch 000"]
    assert 'value="deal" id="kind-deal" checked' in html
    assert "Deal" in html and "Consent" in html


def test_deep_keyset_pages_cover_every_entry_once_even_at_one_time(client, alice, customer):
    _append(customer, 70, same_time=True)  # ties on occurred_at: the id breaks them
    _append(customer, 60, start=100)
    client.force_login(alice)
    url = f"/customers/{customer.pk}/journey/"
    seen, query = [], ""
    for _ in range(5):
        html = _get(client, url + query)[1]
        seen += _summaries(html)
        found = re.search(r'href="\?(?:[^"]*&amp;)?after=([^"&]+)"', html)
        if not found:
            break
        query = f"?after={found.group(1)}"
    assert len(seen) == 130 and len(set(seen)) == 130
    assert seen[:2] == ["Touch 159", "Touch 158"]
    assert seen[60:62] == [f"Touch {i:03d}" for i in (69, 68)]  # same time: newest id first
    back = re.search(r'href="\?before=([^"&]+)"', html).group(1)
    assert len(_summaries(_get(client, f"{url}?before={back}")[1])) == 50


def test_a_filtered_page_keeps_its_kinds_in_the_pager(client, alice, customer):
    _append(customer, 55, kind="order", record_type="")
    _append(customer, 5, kind="consent", start=100)
    client.force_login(alice)
    html = _get(client, f"/customers/{customer.pk}/journey/?kind=order")[1]
    next_query = re.search(r'href="\?([^"]*after=[^"]+)"', html).group(1).replace("&amp;", "&")
    assert "kind=order" in next_query
    rest = _summaries(_get(client, f"/customers/{customer.pk}/journey/?{next_query}")[1])
    assert rest == ["Touch 004", "Touch 003", "Touch 002", "Touch 001", "Touch 000"]


def test_entries_link_to_their_records_or_are_restricted(client, alice, customer, monkeypatch):
    order = make_order(alice, customer)
    monkeypatch.setitem(
        journey._registry,
        "secret",
        journey.JourneyRecordType(
            "secret", visible_ids=lambda user, ids: [], url=lambda pk: f"/secret/{pk}/"
        ),
    )
    journey_append(
        party_ids=customer.pk,
        kind="event",
        summary="Top secret meeting",
        actor=alice,
        record_type="secret",
        record_id=7,
    )
    journey_append(
        party_ids=customer.pk,
        kind="deal",
        summary="About a thing nobody registered",
        actor=alice,
        record_type="unregistered",
        record_id=8,
    )
    client.force_login(alice)
    html = _get(client, f"/customers/{customer.pk}/journey/")[1]
    assert "Top secret meeting" not in html and "/secret/7/" not in html
    assert '<span class="restricted">restricted</span>' in html
    assert "About a thing nobody registered" in html
    assert f'<a href="/orders/{order.pk}/">Order {order.number} placed' in html
    # The panel on the customer's page follows the same rule.
    page = _get(client, f"/customers/{customer.pk}/")[1]
    assert "Top secret meeting" not in page and "restricted" in page


def test_bad_kinds_and_cursors_are_ignored_with_a_message(client, alice, customer):
    _append(customer, 3)
    client.force_login(alice)
    url = f"/customers/{customer.pk}/journey/"
    for query in ("?kind=nonsense", "?after=garbage", "?before=%00", "?kind=consent&kind=x"):
        response, html = _get(client, url + query)
        assert len(_summaries(html)) == 3, query
        assert any(
            "not valid" in str(m) or "ignored" in str(m) for m in response.context["messages"]
        )


def test_contacts_and_accounts_have_a_journey_too(client, alice, dan):
    contact = make_contact(alice)
    account = make_account(alice)
    _append(contact, 1)
    _append(account, 2)
    client.force_login(alice)
    assert len(_summaries(_get(client, f"/contacts/{contact.pk}/journey/")[1])) == 1
    assert len(_summaries(_get(client, f"/accounts/{account.pk}/journey/")[1])) == 2
    client.force_login(dan)
    assert client.get(f"/contacts/{contact.pk}/journey/").status_code == 404
    assert client.get(f"/accounts/{account.pk}/journey/").status_code == 404
    assert client.get(f"/contacts/{account.pk}/journey/").status_code == 404


def test_journey_page_queries_do_not_grow_with_entries(client, alice, erin, customer):
    order = make_order(alice, customer)
    client.force_login(erin)

    def grow():
        for i in range(49):
            journey_append(
                party_ids=customer.pk,
                kind=("order", "review", "consent", "event", "shopping_list")[i % 5],
                summary=f"Touch {i}",
                actor=(alice, erin, None)[i % 3],
                record_type=("order", "review", "consent", "mystery", "shopping_list")[i % 5],
                record_id=order.pk if i % 5 == 0 else i + 1,
            )

    assert_flat_queries(client, f"/customers/{customer.pk}/journey/", grow=grow, budget=10)


def test_journey_page_markup_is_balanced(client, alice, customer):
    from tests.crm.test_page_skeletons import _Page

    _append(customer, 3)
    client.force_login(alice)
    page = _Page(_get(client, f"/customers/{customer.pk}/journey/?kind=consent")[1])
    assert page.problems == []
    assert "Customer journey of" in page.h1
