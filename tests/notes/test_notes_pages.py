"""Notes and files on record pages: the panel on every kind of record page, adding a note with
a file, editing (with the edit-conflict rule), deleting, pinning, downloading; who may do what
(a record the user may not see: 404; an action they may not take: 403)."""

import re

import pytest
from django.urls import reverse

from notes.models import Attachment, Note
from notes.services import note_add
from tests.factories import (
    make_account,
    make_contact,
    make_customer,
    make_event,
    make_lead,
    make_opportunity,
    make_order,
    make_product,
)
from tests.notes.files import EXE, PDF, upload

pytestmark = pytest.mark.django_db

NEW = reverse("notes:new")


def _text(response) -> str:
    import html

    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split()))


@pytest.fixture
def contact(alice):
    return make_contact(alice, first_name="Hank", last_name="Scorpio")


def _add(client, record: str, **data):
    return client.post(f"{NEW}?record={record}", data)


def test_alice_adds_a_note_with_a_file_on_her_contact_and_sees_both(client_for, alice, contact):
    client = client_for(alice)
    response = _add(
        client,
        f"contact:{contact.pk}",
        body="Called about the **renewal**",
        file=upload("offer.pdf", PDF, "application/pdf"),
        next=f"/contacts/{contact.pk}/",
    )
    assert response.status_code == 302
    assert response["Location"] == f"/contacts/{contact.pk}/#notes"
    note = Note.objects.get()
    assert note.author == alice and note.record == contact
    attachment = Attachment.objects.get()
    assert attachment.note == note and attachment.original_name == "offer.pdf"
    assert attachment.mime_type == "application/pdf" and attachment.size == len(PDF)
    assert "offer" not in attachment.file.name  # a random name, never the user's
    page = client.get(f"/contacts/{contact.pk}/")
    html = page.content.decode()
    assert "<strong>renewal</strong>" in html
    assert reverse("notes:file", args=[attachment.pk]) in html
    assert "offer.pdf" in _text(page)


def test_a_file_alone_is_a_file_of_the_record(client_for, alice, contact):
    _add(client_for(alice), f"contact:{contact.pk}", file=upload("list.csv", b"a,b\n1,2\n"))
    attachment = Attachment.objects.get()
    assert attachment.note is None and attachment.record == contact
    assert not Note.objects.exists()


def test_an_empty_form_says_what_to_do_and_adds_nothing(client_for, alice, contact):
    response = _add(client_for(alice), f"contact:{contact.pk}", body="   ")
    assert response.status_code == 200
    assert "Write a note or choose a file." in _text(response)
    assert not Note.objects.exists()


def test_a_renamed_exe_is_refused_and_the_text_typed_is_kept(client_for, alice, contact):
    response = _add(
        client_for(alice),
        f"contact:{contact.pk}",
        body="Here is the invoice",
        file=upload("invoice.pdf", EXE),
    )
    assert response.status_code == 200
    text = _text(response)
    assert "invoice.pdf is a program or script: such files cannot be attached." in text
    assert "Here is the invoice" in response.content.decode()
    assert not Note.objects.exists() and not Attachment.objects.exists()


def test_an_oversize_file_is_refused_with_the_limit_and_nothing_stored(
    client_for, alice, contact, settings, media_root
):
    settings.CRM_ATTACHMENT_MAX_BYTES = 2048
    response = _add(
        client_for(alice), f"contact:{contact.pk}", file=upload("big.pdf", PDF + b"0" * 4096)
    )
    assert response.status_code == 200
    assert "files may be at most 2.0 KB" in _text(response)
    assert not Attachment.objects.exists()
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_the_form_names_the_size_limit(client_for, alice, contact):
    page = client_for(alice).get(f"/contacts/{contact.pk}/")
    assert "at most 10.0 MB" in _text(page)


def test_a_note_on_a_record_the_user_may_not_see_is_404(client_for, dan, contact):
    assert _add(client_for(dan), f"contact:{contact.pk}", body="Hi").status_code == 404
    assert client_for(dan).get(f"{NEW}?record=contact:{contact.pk}").status_code == 404
    assert not Note.objects.exists()


@pytest.mark.parametrize(
    "record",
    ["", "contact", "contact:", "contact:abc", "nothing:1", "contact:99999999999999999999"],
)
def test_a_malformed_record_is_404(client_for, alice, record):
    assert client_for(alice).post(f"{NEW}?record={record}", {"body": "x"}).status_code == 404


def test_a_teammate_who_may_see_the_record_adds_notes(client_for, bob, contact):
    assert _add(client_for(bob), f"contact:{contact.pk}", body="Met him too").status_code == 302
    assert Note.objects.get().author == bob


def test_a_contact_under_another_kind_is_404(client_for, alice, contact):
    assert _add(client_for(alice), f"account:{contact.pk}", body="x").status_code == 404


@pytest.fixture
def note(alice, contact):
    return note_add(actor=alice, record=contact, body="First call went well")[0]


def test_the_author_edits_her_note(client_for, alice, note):
    url = reverse("notes:edit", args=[note.pk])
    client = client_for(alice)
    assert client.get(url).status_code == 200
    response = client.post(url, {"body": "Second call went well", "version": note.version})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.body == "Second call went well" and note.version == 2


def test_someone_else_may_not_edit_or_delete_a_note(client_for, bob, note):
    client = client_for(bob)
    assert client.get(reverse("notes:edit", args=[note.pk])).status_code == 403
    assert client.post(reverse("notes:delete", args=[note.pk])).status_code == 403
    assert Note.objects.filter(pk=note.pk).exists()


def test_an_administrator_edits_and_deletes_any_note(client_for, admin_user, note):
    client = client_for(admin_user)
    assert client.get(reverse("notes:edit", args=[note.pk])).status_code == 200
    assert client.post(reverse("notes:delete", args=[note.pk])).status_code == 302
    assert not Note.objects.exists()


def test_a_note_of_a_record_the_user_may_not_see_is_404(client_for, dan, note):
    client = client_for(dan)
    for name in ("notes:edit", "notes:delete", "notes:pin"):
        method = client.get if name == "notes:edit" else client.post
        assert method(reverse(name, args=[note.pk])).status_code == 404


def test_an_edit_conflict_keeps_the_text_typed_and_shows_what_was_saved(client_for, alice, note):
    url = reverse("notes:edit", args=[note.pk])
    client = client_for(alice)
    stale = note.version
    client.post(url, {"body": "Saved in another tab", "version": stale})
    response = client.post(url, {"body": "My own words", "version": stale})
    assert response.status_code == 200
    text = _text(response)
    assert "changed by someone else" in text
    assert "Saved in another tab" in text  # what was saved meanwhile
    assert "My own words" in response.content.decode()  # what was typed stays
    note.refresh_from_db()
    assert note.body == "Saved in another tab" and note.version == 2
    assert f'name="version" value="{note.version}"' in response.content.decode()
    # Saving again from the conflict page is a deliberate overwrite.
    client.post(url, {"body": "My own words", "version": note.version})
    note.refresh_from_db()
    assert note.body == "My own words"


def test_deleting_a_note_deletes_its_files(
    client_for, alice, contact, media_root, django_capture_on_commit_callbacks
):
    note, attachment = note_add(
        actor=alice, record=contact, body="With a file", upload=upload("a.pdf", PDF)
    )
    path = media_root / attachment.file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(alice).post(reverse("notes:delete", args=[note.pk]))
    assert response.status_code == 302
    assert not Attachment.objects.exists() and not path.exists()


def test_pinning_needs_the_right_to_change_the_record(client_for, alice, bob, note):
    url = reverse("notes:pin", args=[note.pk])
    assert client_for(bob).post(url, {"pinned": "1"}).status_code == 403
    note.refresh_from_db()
    assert not note.pinned
    assert client_for(alice).post(url, {"pinned": "1"}).status_code == 302
    note.refresh_from_db()
    assert note.pinned


def test_pinned_notes_come_first_then_the_newest(client_for, alice, contact):
    old = note_add(actor=alice, record=contact, body="Oldest note")[0]
    note_add(actor=alice, record=contact, body="Middle note")
    note_add(actor=alice, record=contact, body="Newest note")
    client = client_for(alice)
    client.post(reverse("notes:pin", args=[old.pk]), {"pinned": "1"})
    text = _text(client.get(f"/contacts/{contact.pk}/"))
    assert text.index("Oldest note") < text.index("Newest note") < text.index("Middle note")
    assert "Pinned" in text


def test_the_pin_button_shows_only_to_who_may_change_the_record(client_for, alice, bob, note):
    url = f"/contacts/{note.object_id}/"
    pin = reverse("notes:pin", args=[note.pk])
    assert pin in client_for(alice).get(url).content.decode()
    assert pin not in client_for(bob).get(url).content.decode()


def test_edit_and_delete_show_only_to_the_author(client_for, alice, bob, note):
    url = f"/contacts/{note.object_id}/"
    edit = reverse("notes:edit", args=[note.pk])
    assert edit in client_for(alice).get(url).content.decode()
    assert edit not in client_for(bob).get(url).content.decode()


# Files ---------------------------------------------------------------------------------------


@pytest.fixture
def pdf(alice, contact):
    return note_add(actor=alice, record=contact, upload=upload("offer.pdf", PDF))[1]


def test_a_pdf_is_served_inline_with_its_recognised_type(client_for, bob, pdf):
    response = client_for(bob).get(reverse("notes:file", args=[pdf.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="offer.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_other_files_are_downloaded_as_attachments(client_for, alice, contact):
    attachment = note_add(actor=alice, record=contact, upload=upload("list.csv", b"a,b\n"))[1]
    response = client_for(alice).get(reverse("notes:file", args=[attachment.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="list.csv"'
    assert response["Content-Type"] == "text/csv"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_file_of_a_record_the_user_may_not_see_is_404(client_for, dan, erin, mark, pdf):
    url = reverse("notes:file", args=[pdf.pk])
    for user in (dan, erin, mark):
        assert client_for(user).get(url).status_code == 404


def test_an_unknown_file_is_404(client_for, alice):
    assert client_for(alice).get(reverse("notes:file", args=[987654321])).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, pdf):
    response = client.get(reverse("notes:file", args=[pdf.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_media_url_is_not_served(client_for, alice, pdf, settings):
    response = client_for(alice).get(f"{settings.MEDIA_URL}{pdf.file.name}")
    assert response.status_code == 404


def test_only_the_uploader_or_an_administrator_deletes_a_file(
    client_for, bob, admin_user, pdf, media_root, django_capture_on_commit_callbacks
):
    url = reverse("notes:file_delete", args=[pdf.pk])
    assert client_for(bob).post(url).status_code == 403
    path = media_root / pdf.file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(admin_user).post(url).status_code == 302
    assert not Attachment.objects.exists() and not path.exists()


# Every kind of record ------------------------------------------------------------------------


def _records(alice, erin):
    from tests.factories import make_team
    from tests.support import make_case, make_levels, make_queue

    account = make_account(alice, name="Globex")
    customer = make_customer(alice)
    product = make_product("BEANS-1")
    make_queue(make_team("Support"))
    make_levels()
    return {
        "contact": (make_contact(alice), "/contacts/{}/"),
        "account": (account, "/accounts/{}/"),
        "customer": (customer, "/customers/{}/"),
        "lead": (make_lead(alice, company_name="Initech").party, "/leads/{}/"),
        "opportunity": (make_opportunity(alice, account=account), "/opportunities/{}/"),
        "event": (make_event(alice), "/events/{}/"),
        "order": (make_order(alice, customer, products=[product]), "/orders/{}/"),
        "case": (make_case(erin, customer), "/cases/{}/"),
    }


def test_every_kind_of_record_takes_notes_and_files(client_for, alice, erin, admin_user):
    client = client_for(admin_user)
    for slug, (record, _url) in _records(alice, erin).items():
        data = {"file": upload(f"{slug}.txt", b"hello")}
        if slug != "case":
            data["body"] = f"A note on the {slug}"
        response = client.post(f"{NEW}?record={slug}:{record.pk}", data)
        assert response.status_code == 302, slug
        assert Attachment.objects.filter(object_id=record.pk, original_name=f"{slug}.txt")
    assert Note.objects.count() == 7  # a case's notes are its own (support.CaseNote)


def test_a_case_takes_files_but_not_these_notes(client_for, alice, erin):
    case = _records(alice, erin)["case"][0]
    response = client_for(erin).post(f"{NEW}?record=case:{case.pk}", {"body": "Hello"})
    assert response.status_code == 200
    assert "Choose a file." in _text(response)
    assert not Note.objects.exists()


@pytest.mark.parametrize("slug", ["contact", "account", "customer", "lead", "opportunity", "order"])
def test_the_panel_is_on_the_record_page(client_for, alice, erin, slug):
    records = _records(alice, erin)
    record, url = records[slug]
    note_add(actor=alice, record=record, body=f"Shown on the {slug} page")
    page = client_for(alice).get(url.format(record.pk))
    assert page.status_code == 200
    assert 'data-testid="notes-panel"' in page.content.decode()
    assert f"Shown on the {slug} page" in _text(page)
    assert f"?record={slug}:{record.pk}" in page.content.decode()


def test_a_leads_notes_stay_with_its_party_when_it_is_converted(client_for, alice):
    lead = make_lead(alice, first_name="Lisa", last_name="Lead", company_name="Initech")
    note_add(actor=alice, record=lead.party, body="Met at the fair")
    from leads.services import lead_convert

    conversion = lead_convert(actor=alice, lead=lead)
    assert conversion.contact.pk == lead.party.pk
    page = client_for(alice).get(f"/contacts/{conversion.contact.pk}/")
    assert "Met at the fair" in _text(page)


def test_all_notes_page_lists_every_note(client_for, alice, contact):
    for i in range(3):
        note_add(actor=alice, record=contact, body=f"Note number {i}")
    page = client_for(alice).get(f"{reverse('notes:list')}?record=contact:{contact.pk}")
    assert page.status_code == 200
    text = _text(page)
    assert all(f"Note number {i}" in text for i in range(3))


def test_a_notes_text_is_escaped_on_the_page(client_for, alice, contact):
    note_add(
        actor=alice, record=contact, body="<script>alert('x')</script> [x](javascript:alert(1))"
    )
    html = client_for(alice).get(f"/contacts/{contact.pk}/").content.decode()
    assert "<script>alert('x')</script>" not in html
    assert 'href="javascript:' not in html
