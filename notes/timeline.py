"""Notes and files on the record's timeline (crm.timeline): "Note added" with the start of its
text, linking to the note in the record's "Notes and files" panel, and "File attached" with
the file's name and size, linking to its download. Whoever may see the record reads its notes
and files (notes.kinds), so the record page having loaded it is the whole check. Two queries
whatever the number of notes and files (one for a case: its notes are its own)."""

from __future__ import annotations

import html

from django.contrib.auth.models import User
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from crm import timeline
from notes import selectors
from notes.kinds import KINDS, RecordKind
from notes.markdown import render

EXCERPT_CHARS = 100


def excerpt(body: str) -> str:
    """The note's first characters as plain text: its Markdown rendered, then the tags
    dropped (the page escapes the text again)."""
    text = " ".join(html.unescape(strip_tags(render(body))).split())
    return Truncator(text).chars(EXCERPT_CHARS)


def _entries_for(kind: RecordKind):
    def entries(user: User, record: models.Model, limit: int) -> list[timeline.Entry]:
        found = []
        if kind.notes:
            for note in (
                selectors.notes_of(record)
                .select_related("author")
                .order_by("-created_at", "-id")[:limit]
            ):
                found.append(
                    timeline.Entry(
                        when=note.created_at,
                        who=note.author,
                        text=_("Note added (pinned)") if note.pinned else _("Note added"),
                        detail=excerpt(note.body),
                        url=f"#note-{note.pk}",
                        timeline_source="notes",
                    )
                )
        files = (
            selectors.attachments_of(record)
            .select_related("uploaded_by")
            .order_by("-uploaded_at", "-id")[:limit]
        )
        for attachment in files:
            found.append(
                timeline.Entry(
                    when=attachment.uploaded_at,
                    who=attachment.uploaded_by,
                    text=_("File attached: %(name)s (%(size)s)")
                    % {"name": attachment.original_name, "size": filesizeformat(attachment.size)},
                    url=reverse("notes:file", args=[attachment.pk]),
                    timeline_source="files",
                )
            )
        return found

    return entries


# One source per kind (built once: registering again is then no change).
SOURCES = {slug: timeline.Source("notes", _entries_for(kind)) for slug, kind in KINDS.items()}


def register_sources() -> None:
    for slug, kind in KINDS.items():
        timeline.register(kind.record_type, source=SOURCES[slug])
