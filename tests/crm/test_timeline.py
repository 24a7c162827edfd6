"""Notes and files on every record's timeline (issue 17 item 1, crm.timeline): "Note added" with
the start of its text and "File attached: <name> (<size>)" with who and when, on the pages of
contacts, accounts, customers, leads, deals, events, orders and cases (files only: a case's
notes are its own), merged with the page's own history; never a note of a record the viewer
may not see; and a fixed number of queries whatever the number of notes and files."""

import datetime
import html
import re

import pytest
from django.utils import timezone

from crm import timeline
from events.services import event_complete
from notes.kinds import KINDS
from notes.models import Attachment, Note
from notes.services import note_add
from notes.timeline import SOURCES
from tests.factories import (
    make_account,
    make_contact,
    make_customer,
    make_event,
    make_lead,
    make_opportunity,
    make_order,
    make_team,
)
from tests.helpers import assert_flat_queries, count_queries
from tests.notes.files import PDF, upload
from tests.support import make_case, make_levels, make_queue

pytestmark = pytest.mark.django_db

NOTE_AT = datetime.datetime(2026, 3, 4, 9, 15, tzinfo=datetime.UTC)
FILE_AT = datetime.datetime(2026, 3, 5, 16, 40, tzinfo=datetime.UTC)
LONG_TEXT = "**Renewal** is due in _March_; " + "they want a discount " * 10


def _record(kind: str, alice, erin):
    """The record of this kind, the user who looks at it, and its page."""
    if kind == "contact":
        contact = make_contact(alice)
        return contact, alice, f"/contacts/{contact.pk}/"
    if kind == "account":
        account = make_account(alice)
        return account, alice, f"/accounts/{account.pk}/"
    if kind == "customer":
        customer = make_customer(alice)
        return customer, alice, f"/customers/{customer.pk}/"
    if kind == "lead":
        party = make_lead(alice).party
        return party, alice, f"/leads/{party.pk}/"
    if kind == "opportunity":
        deal = make_opportunity(alice)
        return deal, alice, f"/opportunities/{deal.pk}/"
    if kind == "event":
        event = make_event(alice)
        return event, alice, f"/events/{event.pk}/"
    if kind == "order":
        order = make_order(alice, make_customer(alice))
        return order, alice, f"/orders/{order.pk}/"
    make_queue(make_team("Support"))
    make_levels()
    case = make_case(erin, make_customer(alice))
    return case, erin, f"/cases/{case.pk}/"


def _entries(content: str, source: str) -> list[str]:
    """The text of the timeline entries of this source on the page."""
    found = re.findall(
        rf'<(?:li|tr) data-testid="timeline-{source}">(.*?)</(?:li|tr)>', content, flags=re.S
    )
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", f)).split()) for f in found]


def _add_note_and_file(user, record, *, with_note: bool = True):
    note = None
    if with_note:
        note, _file = note_add(actor=user, record=record, body=LONG_TEXT)
        Note.objects.filter(pk=note.pk).update(created_at=NOTE_AT)
    _note, attachment = note_add(actor=user, record=record, upload=upload("offer.pdf", PDF))
    Attachment.objects.filter(pk=attachment.pk).update(uploaded_at=FILE_AT)
    return note, attachment


@pytest.mark.parametrize(
    "kind", ["contact", "account", "customer", "lead", "opportunity", "event", "order"]
)
def test_a_note_and_a_file_show_on_the_timeline_with_author_and_time(client_for, alice, erin, kind):
    record, viewer, url = _record(kind, alice, erin)
    note, attachment = _add_note_and_file(alice, record)

    page = client_for(viewer).get(url).content.decode()

    [note_entry] = _entries(page, "notes")
    assert note_entry.startswith("03/04/2026 9:15 a.m.")
    # Who: the username on the lists of changes, the full name in the tables of orders.
    assert ("· alice Note added " if kind != "order" else f"{alice.get_full_name()}") in note_entry
    # Plain text, the Markdown gone, cut after about a hundred characters.
    assert "Renewal is due in March; they want a discount" in note_entry
    assert "**" not in note_entry and note_entry.endswith("…")
    assert f'href="#note-{note.pk}"' in page
    [file_entry] = _entries(page, "files")
    assert file_entry.startswith("03/05/2026 4:40 p.m.")
    assert ("alice" if kind != "order" else alice.get_full_name()) in file_entry
    assert f"File attached: offer.pdf ({len(PDF)}" in file_entry
    assert f'href="/files/{attachment.pk}/"' in page


def test_a_case_timeline_shows_its_files_among_its_status_history(client_for, alice, erin):
    case, viewer, url = _record("case", alice, erin)
    _note, attachment = _add_note_and_file(erin, case, with_note=False)

    page = client_for(viewer).get(url).content.decode()

    [file_entry] = _entries(page, "files")
    assert file_entry.startswith("03/05/2026 4:40 p.m. File attached: offer.pdf")
    assert file_entry.endswith(erin.get_full_name())
    assert f'href="/files/{attachment.pk}/"' in page
    assert _entries(page, "notes") == []


def test_a_pinned_note_says_so(client_for, alice):
    contact = make_contact(alice)
    note, _file = note_add(actor=alice, record=contact, body="Call before noon")
    Note.objects.filter(pk=note.pk).update(pinned=True)

    page = client_for(alice).get(f"/contacts/{contact.pk}/").content.decode()

    [entry] = _entries(page, "notes")
    assert "Note added (pinned)" in entry and "Call before noon" in entry


def test_notes_merge_with_the_page_history_newest_first(client_for, alice):
    deal = make_opportunity(alice)
    note, _file = note_add(actor=alice, record=deal, body="Sent the proposal")
    Note.objects.filter(pk=note.pk).update(created_at=timezone.now() + datetime.timedelta(days=1))
    older, _file = note_add(actor=alice, record=deal, body="First call went well")
    Note.objects.filter(pk=older.pk).update(created_at=NOTE_AT)

    page = client_for(alice).get(f"/opportunities/{deal.pk}/").content.decode()
    history = page.split('data-testid="history"')[1].split("</ul>")[0]

    newest, created, oldest = (
        history.index("Sent the proposal"),
        history.index("Created"),
        history.index("First call went well"),
    )
    assert newest < created < oldest


def test_a_note_on_a_record_the_viewer_may_not_see_never_shows(client_for, alice, dan):
    hidden = make_contact(dan)
    note_add(actor=dan, record=hidden, body="Secret pricing for Dan's contact")
    mine = make_contact(alice)
    note_add(actor=alice, record=mine, body="Alice's own note")

    assert client_for(alice).get(f"/contacts/{hidden.pk}/").status_code == 404
    page = client_for(alice).get(f"/contacts/{mine.pk}/").content.decode()
    entries = _entries(page, "notes")
    assert len(entries) == 1 and "Alice's own note" in entries[0]
    assert "Secret pricing" not in page


def test_a_deals_timeline_shows_its_own_notes_not_its_accounts(client_for, alice):
    account = make_account(alice)
    deal = make_opportunity(alice, account=account)
    note_add(actor=alice, record=account, body="About the account")
    note_add(actor=alice, record=deal, body="About the deal")

    page = client_for(alice).get(f"/opportunities/{deal.pk}/").content.decode()

    entries = _entries(page, "notes")
    assert len(entries) == 1 and "About the deal" in entries[0]


def _grow(user, record, n=10):
    for i in range(n):
        note_add(actor=user, record=record, body=f"Note {i}")
        note_add(actor=user, record=record, upload=upload(f"file{i}.pdf", PDF))


@pytest.mark.parametrize("page", ["contacts", "accounts"])
def test_a_party_page_stays_flat_with_one_or_ten_notes_and_files(client, alice, page):
    party = make_contact(alice) if page == "contacts" else make_account(alice)
    note_add(actor=alice, record=party, body="The first one", upload=upload("a.pdf", PDF))
    client.force_login(alice)
    url = f"/{page}/{party.pk}/"

    assert_flat_queries(client, url, grow=lambda: _grow(alice, party), budget=60)

    page = client.get(url).content.decode()
    assert len(_entries(page, "notes")) == 11 and len(_entries(page, "files")) == 11


def test_the_notes_timeline_adds_two_queries_to_a_party_page(client, alice):
    """What the query budgets of the record pages grew by for the timeline: the notes with
    their authors, and the files with their uploaders."""
    contact = make_contact(alice)
    note_add(actor=alice, record=contact, body="Hello", upload=upload("a.pdf", PDF))
    client.force_login(alice)
    url = f"/contacts/{contact.pk}/"
    count_queries(client, url)
    with_timeline = count_queries(client, url)
    sources = timeline._registry[KINDS["contact"].record_type]
    sources.remove(SOURCES["contact"])
    try:
        count_queries(client, url)
        without = count_queries(client, url)
    finally:
        sources.append(SOURCES["contact"])
    assert with_timeline - without == 2


def test_the_timeline_keeps_its_limit_newest_first(alice):
    contact = make_contact(alice)
    for i in range(timeline.LIMIT + 5):
        note_add(actor=alice, record=contact, body=f"Note {i}")

    entries = timeline.merged(KINDS["contact"].record_type, alice, contact)

    assert len(entries) == timeline.LIMIT
    assert entries[0].detail == f"Note {timeline.LIMIT + 4}"
    assert [e.when for e in entries] == sorted((e.when for e in entries), reverse=True)


def test_an_event_page_has_a_timeline_from_created_to_completed(client_for, alice):
    event = make_event(alice, subject="Kick-off")
    event_complete(actor=alice, event=event)
    note, _file = note_add(actor=alice, record=event, body="Went well")
    Note.objects.filter(pk=note.pk).update(created_at=timezone.now() + datetime.timedelta(hours=1))

    page = client_for(alice).get(f"/events/{event.pk}/").content.decode()

    history = page.split('data-testid="history"')[1].split("</ul>")[0]
    assert history.index("Went well") < history.index("Completed") < history.index("Created")
    assert len(_entries(page, "event")) == 2 and "alice" in _entries(page, "event")[0]


def test_an_orders_history_reads_oldest_first_with_its_files_in_between(client_for, alice):
    order = make_order(alice, make_customer(alice), status="approved")
    _note, attachment = note_add(actor=alice, record=order, upload=upload("po.pdf", PDF))
    Attachment.objects.filter(pk=attachment.pk).update(
        uploaded_at=timezone.now() + datetime.timedelta(days=1)
    )

    page = client_for(alice).get(f"/orders/{order.pk}/").content.decode()

    rows = re.findall(r"<tr[ >].*?</tr>", page.split('data-testid="history"')[1], flags=re.S)
    texts = [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in rows[1:]]
    assert "File attached: po.pdf" in texts[-1]
    assert "Approved" in texts[-2]
