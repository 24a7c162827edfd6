"""The "Notes and files" panel on every record page that takes notes (crm.panels): pinned
notes first, then the newest, each with its files, edit, delete and pin; the record's own
files; and the "Add note" form (a text and a file; it works without JavaScript). Two queries
whatever the number of notes and files: the notes with their authors, and the files."""

from __future__ import annotations

from django.urls import reverse

from crm import access, panels
from notes import files, selectors
from notes.forms import NoteAddForm
from notes.kinds import KINDS, RecordKind

TEMPLATE = "notes/_panel.html"
# After the activities (20) and the deals, before the page's closing sections (900).
ORDER = 40


def _context_for(kind: RecordKind):
    def context(request, record, *, next_url: str = "", **page) -> dict:
        data = selectors.record_notes(record, with_notes=kind.notes)
        record_param = f"{kind.slug}:{record.pk}"
        return {
            "notes_panel": {
                "kind": kind,
                "notes": data.notes,
                "files": data.files,
                "has_more": data.has_more,
                "all_url": f"{reverse('notes:list')}?record={record_param}",
                "add_url": f"{reverse('notes:new')}?record={record_param}",
                "form": NoteAddForm(notes=kind.notes, auto_id=f"id_note_%s_{record.pk}"),
                "next": next_url or request.get_full_path(),
                "max_size": files.max_size_label(),
                "is_admin": access.is_administrator(request.user),
            }
        }

    return context


# One panel per kind (built once: registering again is then no change).
PANELS = {
    slug: panels.Panel("notes", TEMPLATE, _context_for(kind), order=ORDER)
    for slug, kind in KINDS.items()
}


def register_panels() -> None:
    for slug, kind in KINDS.items():
        panels.register(kind.record_type, panel=PANELS[slug])
