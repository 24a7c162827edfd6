"""The notes pages and actions. A note or file is reached through its record: a record the
user may not see answers 404 (the note's existence is not leaked), an action they may not
take 403. Files are served only here, after that check, never from a public media URL."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from crm import access
from crm.access import CHANGE
from crm.exceptions import ConcurrentUpdate
from crm.forms import add_service_errors
from crm.ids import parse_id
from crm.records import record_or_404
from notes import kinds, selectors, services
from notes.forms import NoteAddForm, NoteEditForm
from notes.markdown import render as render_markdown
from notes.models import Attachment, Note

LIST_PAGE_SIZE = 50

T = TypeVar("T")


def _back(request: HttpRequest, record: models.Model) -> str:
    """Where to go after an action: the page it came from (a local address only), else
    the record's page; at its notes."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = kinds.record_url(record)
    return target.split("#")[0] + "#notes"


def _submit(form: forms.Form, write: Callable[[dict], T]) -> T | None:
    """Validates `form` and hands its cleaned data to `write` (the service call): the
    service's result, or None when the form or the service refused, the service's refusal
    then shown next to the fields it names, as the form's own errors are."""
    if not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


def _record_from_query(request: HttpRequest):
    parsed = kinds.parse_record(request.GET.get("record", ""))
    if parsed is None:
        raise Http404
    kind, pk = parsed
    record, actions = record_or_404(request, kind.record_type, pk)
    return kind, record, actions


@require_http_methods(["GET", "POST"])
def note_new(request: HttpRequest) -> HttpResponse:
    """Add a note and/or a file to `?record=<kind>:<pk>`. The record pages' panel posts
    here; a refused form comes back on this page with its errors and the text typed."""
    kind, record, actions = _record_from_query(request)
    form = NoteAddForm(request.POST or None, request.FILES or None, notes=kind.notes)
    added = request.method == "POST" and _submit(
        form,
        lambda data: services.note_add(
            actor=request.user,
            record=record,
            body=data.get("body", ""),
            upload=data.get("file"),
        ),
    )
    if added:
        note, attachment = added
        if note is not None:
            messages.success(request, _("The note was added."))
        else:
            messages.success(
                request, _("%(name)s was attached.") % {"name": attachment.original_name}
            )
        return redirect(_back(request, record))
    return render(
        request,
        "notes/note_form.html",
        {
            "title": _("Add a note") if kind.notes else _("Attach a file"),
            "form": form,
            "kind": kind,
            "record": record,
            "record_name": kinds.record_name(record),
            "record_url": kinds.record_url(record),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


def note_list(request: HttpRequest) -> HttpResponse:
    """Every note of `?record=<kind>:<pk>`, pinned first then newest, 50 a page."""
    kind, record, actions = _record_from_query(request)
    if not kind.notes:
        raise Http404
    paginator = Paginator(selectors.notes_of(record).select_related("author"), LIST_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    notes = list(page.object_list)
    selectors.with_files(notes, record, loose=False)
    return render(
        request,
        "notes/note_list.html",
        {
            "title": _("Notes on %(name)s") % {"name": kinds.record_name(record)},
            "record_name": kinds.record_name(record),
            "kind": kind,
            "record": record,
            "actions": actions,
            "record_url": kinds.record_url(record),
            "notes": notes,
            "page_obj": page,
            "next": request.get_full_path(),
            "user_is_admin": access.is_administrator(request.user),
        },
    )


def _by_id_or_404(request: HttpRequest, pk, by_id: Callable[[int], T], record_of) -> tuple:
    """The note or file of `pk` with its record and the user's actions on it: a malformed
    id, one that does not exist and one whose record the user may not see are all 404."""
    number = parse_id(pk)
    if number is None:
        raise Http404
    try:
        found = by_id(number)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    record, actions = record_of(request.user, found)
    return found, record, actions


def _note_or_404(request: HttpRequest, pk) -> tuple[Note, models.Model, set[str]]:
    return _by_id_or_404(request, pk, selectors.note_by_id, services.note_record)


def _may_edit(request: HttpRequest, note: Note) -> bool:
    return note.author_id == request.user.pk or access.is_administrator(request.user)


@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, pk) -> HttpResponse:
    """Edit a note's text (its author or an administrator). When someone else saved it
    meanwhile, the text typed stays, the text saved meanwhile is shown, and the form carries
    the new version: saving again is a deliberate overwrite."""
    note, record, actions = _note_or_404(request, pk)
    if not _may_edit(request, note):
        raise PermissionDenied
    saved_meanwhile = None
    if request.method == "POST":
        form = NoteEditForm(request.POST)
        try:
            saved = _submit(
                form,
                lambda data: services.note_update(
                    actor=request.user,
                    note=note,
                    body=data["body"],
                    expected_version=data["version"],
                ),
            )
        except ConcurrentUpdate as exc:
            note.refresh_from_db()
            saved_meanwhile = note
            data = request.POST.copy()
            data["version"] = str(note.version)
            form = NoteEditForm(data)
            form.is_valid()
            form.add_error(None, exc.message)
        else:
            if saved:
                messages.success(request, _("The note was saved."))
                return redirect(_back(request, record))
    else:
        form = NoteEditForm(initial={"body": note.body, "version": note.version})
    return render(
        request,
        "notes/note_edit.html",
        {
            "title": _("Edit note"),
            "form": form,
            "note": note,
            "saved_meanwhile": saved_meanwhile,
            "saved_meanwhile_html": render_markdown(saved_meanwhile.body)
            if saved_meanwhile
            else "",
            "record_name": kinds.record_name(record),
            "record_url": kinds.record_url(record),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


@require_POST
def note_delete(request: HttpRequest, pk) -> HttpResponse:
    note, record, _actions = _note_or_404(request, pk)
    services.note_delete(actor=request.user, note=note)
    messages.success(request, _("The note was deleted."))
    return redirect(_back(request, record))


@require_POST
def note_pin(request: HttpRequest, pk) -> HttpResponse:
    note, record, actions = _note_or_404(request, pk)
    access.require(actions, CHANGE)
    pinned = request.POST.get("pinned") == "1"
    services.note_set_pinned(actor=request.user, note=note, pinned=pinned)
    messages.success(request, _("The note was pinned.") if pinned else _("The note was unpinned."))
    return redirect(_back(request, record))


def _attachment_or_404(request: HttpRequest, pk) -> tuple[Attachment, models.Model, set[str]]:
    return _by_id_or_404(request, pk, selectors.attachment_by_id, services.attachment_record)


def file_download(request: HttpRequest, pk) -> HttpResponse:
    """The file, to whoever may see its record: images and PDFs shown in the browser,
    everything else downloaded; its type the recognised one, never sniffed."""
    attachment, _record, _actions = _attachment_or_404(request, pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=not attachment.shown_inline,
        filename=attachment.original_name,
        content_type=attachment.mime_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # A file opened in the browser runs nothing: no script, no form, no plugin. (A PDF is
    # left to the browser's own viewer, which a sandboxed document does not get.)
    if attachment.mime_type != "application/pdf":
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def file_delete(request: HttpRequest, pk) -> HttpResponse:
    attachment, record, _actions = _attachment_or_404(request, pk)
    name = attachment.original_name
    services.attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("%(name)s was deleted.") % {"name": name})
    return redirect(_back(request, record))
