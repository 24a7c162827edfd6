"""The notes panel reads a fixed number of rows whatever the number of notes and files: two
queries (the notes with their authors; the files), and the pages that show it stay flat."""

import pytest
from django.test import RequestFactory

from notes.panels import PANELS
from notes.services import note_add
from tests.factories import make_contact, make_opportunity
from tests.helpers import assert_flat_queries
from tests.notes.files import PDF, upload

pytestmark = pytest.mark.django_db

PANEL_QUERIES = 2


def _grow(user, record, n=25):
    for i in range(n):
        note_add(
            actor=user,
            record=record,
            body=f"Note {i} for @bob",
            upload=upload(f"f{i}.pdf", PDF) if i % 3 == 0 else None,
        )
        if i % 5 == 0:
            note_add(actor=user, record=record, upload=upload(f"loose{i}.txt", b"x"))


def test_the_panel_reads_two_queries_with_one_note_or_many(alice, django_assert_num_queries):
    contact = make_contact(alice)
    request = RequestFactory().get("/")
    request.user = alice
    context = PANELS["contact"].context
    context(request, contact)  # warm the content type cache
    note_add(actor=alice, record=contact, body="One")
    with django_assert_num_queries(PANEL_QUERIES):
        one = context(request, contact)
    _grow(alice, contact)
    with django_assert_num_queries(PANEL_QUERIES):
        many = context(request, contact)
    assert len(one["notes_panel"]["notes"]) == 1
    assert len(many["notes_panel"]["notes"]) == 20 and many["notes_panel"]["has_more"]
    assert many["notes_panel"]["files"]


def test_the_contact_page_stays_flat_with_notes(client, alice):
    client.force_login(alice)
    contact = make_contact(alice)
    assert_flat_queries(
        client, f"/contacts/{contact.pk}/", grow=lambda: _grow(alice, contact), budget=40
    )


def test_the_opportunity_page_stays_flat_with_notes(client, alice):
    client.force_login(alice)
    deal = make_opportunity(alice)
    assert_flat_queries(
        client, f"/opportunities/{deal.pk}/", grow=lambda: _grow(alice, deal), budget=40
    )


def test_the_all_notes_page_stays_flat(client, alice):
    client.force_login(alice)
    contact = make_contact(alice)
    note_add(actor=alice, record=contact, body="First")
    url = f"/notes/?record=contact:{contact.pk}"
    assert_flat_queries(client, url, grow=lambda: _grow(alice, contact), budget=14)


@pytest.mark.parametrize("slug", ["contact", "opportunity"])
def test_the_panel_adds_two_queries_to_a_record_page(client, alice, slug):
    """What the query budgets of the record pages grew by for this panel."""
    from crm import panels
    from notes.kinds import KINDS
    from tests.helpers import count_queries

    client.force_login(alice)
    record = make_contact(alice) if slug == "contact" else make_opportunity(alice)
    note_add(actor=alice, record=record, body="Hello", upload=upload("a.pdf", PDF))
    url = f"/{slug}s/{record.pk}/" if slug == "contact" else f"/opportunities/{record.pk}/"
    count_queries(client, url)
    with_panel = count_queries(client, url)
    registered = panels._registry[KINDS[slug].record_type]
    panel = PANELS[slug]
    registered.remove(panel)
    try:
        count_queries(client, url)
        without = count_queries(client, url)
    finally:
        registered.append(panel)
        registered.sort(key=lambda p: (p.order, p.name))
    assert with_panel - without == PANEL_QUERIES
