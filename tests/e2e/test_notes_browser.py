"""Notes and files in the browser: alice adds a note with a file on a contact, pins it and
downloads the file (at 1400 px); the panel fits a 390 px phone without scrolling sideways."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from notes.models import Attachment, Note
from tests.factories import make_contact

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")
MINUTES = b"Kick-off meeting\n- roll-out in spring\n- training for 12 users\n"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"notes-{name}.png"), full_page=True)


def test_alice_adds_a_note_with_a_file_pins_it_and_downloads_the_file(
    live_server, page, sign_in, alice, bob
):
    contact = make_contact(alice, first_name="Hank", last_name="Scorpio")
    sign_in("alice")
    page.goto(f"{live_server.url}/contacts/{contact.pk}/")
    panel = page.get_by_test_id("notes-panel")
    expect(panel).to_contain_text("at most 10.0 MB")
    panel.get_by_label("Note").fill("Agreed: **12 %** discount.\n\n@bob please send the case study")
    panel.get_by_label("File").set_input_files(
        {"name": "minutes.txt", "mimeType": "text/plain", "buffer": MINUTES}
    )
    panel.get_by_role("button", name="Add note").click()

    page.wait_for_url(f"{live_server.url}/contacts/{contact.pk}/#notes")
    expect(page.get_by_text("The note was added.")).to_be_visible()
    note = page.get_by_test_id("note").first
    expect(note).to_contain_text("Agreed: 12 % discount.")
    expect(note.locator("strong")).to_have_text("12 %")
    expect(note.get_by_role("link", name="minutes.txt")).to_be_visible()

    note.get_by_role("button", name="Pin").click()
    expect(page.get_by_test_id("note").first.get_by_test_id("note-pinned")).to_be_visible()
    assert Note.objects.get().pinned

    # The note and its file are on the contact's timeline too; the note's entry leads to it.
    timeline = page.locator("#history-h").locator("xpath=..")
    note_entry = timeline.get_by_test_id("timeline-notes")
    expect(note_entry).to_contain_text("alice")
    expect(note_entry).to_contain_text("Agreed: 12 % discount. @bob please send the case study")
    expect(timeline.get_by_test_id("timeline-files")).to_contain_text(
        "File attached: minutes.txt (62 bytes)"
    )
    note_entry.get_by_role("link", name="Note added (pinned)").click()
    expect(page).to_have_url(
        f"{live_server.url}/contacts/{contact.pk}/#note-{Note.objects.get().pk}"
    )

    with page.expect_download() as download_info:
        page.get_by_test_id("note").first.get_by_role("link", name="minutes.txt").click()
    download = download_info.value
    assert download.suggested_filename == "minutes.txt"
    assert Path(download.path()).read_bytes() == MINUTES
    assert Attachment.objects.get().note == Note.objects.get()
    _shot(page, "contact-1400")


def test_a_refused_file_says_why_and_keeps_the_text(live_server, page, sign_in, alice):
    contact = make_contact(alice, first_name="Hank", last_name="Scorpio")
    sign_in("alice")
    page.goto(f"{live_server.url}/contacts/{contact.pk}/")
    panel = page.get_by_test_id("notes-panel")
    panel.get_by_label("Note").fill("Here is the invoice")
    panel.get_by_label("File").set_input_files(
        {"name": "invoice.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" * 20}
    )
    panel.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("invoice.pdf is a program or script")).to_be_visible()
    expect(page.get_by_label("Note")).to_have_value("Here is the invoice")
    assert not Note.objects.exists()


def test_the_notes_panel_fits_a_phone(live_server, browser, alice):
    contact = make_contact(alice, first_name="Hank", last_name="Scorpio")
    from notes.services import note_add

    note_add(
        actor=alice,
        record=contact,
        body="A long note " * 30 + "https://example.com/a/very/long/address/that/does/not/wrap",
    )
    phone = browser.new_context(viewport={"width": 390, "height": 800}).new_page()
    phone.goto(f"{live_server.url}/login/")
    phone.get_by_label("Username").fill("alice")
    phone.get_by_label("Password").fill("demo")
    phone.get_by_role("button", name="Sign in").click()
    phone.wait_for_url(f"{live_server.url}/")
    phone.goto(f"{live_server.url}/contacts/{contact.pk}/#notes")
    panel = phone.get_by_test_id("notes-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("button", name="Add note")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    panel.scroll_into_view_if_needed()
    _shot(phone, "contact-390")
    phone.context.close()
