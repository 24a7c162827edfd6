"""What the notes panel and the notes page read: a record's notes, pinned first then newest,
with their authors, and its files, in a fixed number of queries whatever their number."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from notes.markdown import render
from notes.models import Attachment, Note

PANEL_SIZE = 20
FILES_SIZE = 50


def notes_of(record: models.Model) -> models.QuerySet[Note]:
    return Note.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).order_by("-pinned", "-created_at", "-id")


def attachments_of(record: models.Model) -> models.QuerySet[Attachment]:
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    )


@dataclass
class RecordNotes:
    notes: list[Note] = field(default_factory=list)
    files: list[Attachment] = field(default_factory=list)  # the record's own, not a note's
    has_more: bool = False


def with_files(notes: list[Note], record: models.Model, *, loose: bool) -> list[Attachment]:
    """Put each note's files on it (`note.files`, one query for all) and its rendered text
    (`note.html`); returns the record's files that belong to no note when `loose`."""
    ids = [n.pk for n in notes]
    q = Q(note_id__in=ids) if ids else Q(pk__in=[])
    if loose:
        q |= Q(note__isnull=True)
    rows = list(
        attachments_of(record)
        .filter(q)
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-id")[: FILES_SIZE + len(ids) * 5]
    )
    by_note: dict[int, list[Attachment]] = {}
    for row in rows:
        by_note.setdefault(row.note_id, []).append(row)
    for note in notes:
        note.files = by_note.get(note.pk, [])
        note.html = render(note.body)
    return by_note.get(None, [])[:FILES_SIZE]


def record_notes(record: models.Model, *, limit: int = PANEL_SIZE, with_notes=True) -> RecordNotes:
    """The panel's notes (pinned ones first, then the newest) and the record's own files."""
    notes = []
    if with_notes:
        notes = list(notes_of(record).select_related("author")[: limit + 1])
    shown = notes[:limit]
    return RecordNotes(
        notes=shown, files=with_files(shown, record, loose=True), has_more=len(notes) > limit
    )


def note_by_id(pk) -> Note:
    """A note by id with its record's type (whether the user may see the record, the
    services decide: notes.services.note_record)."""
    return Note.objects.select_related("content_type", "author").get(pk=pk)


def attachment_by_id(pk) -> Attachment:
    return Attachment.objects.select_related("content_type", "note").get(pk=pk)
