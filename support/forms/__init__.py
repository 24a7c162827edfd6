"""The forms of the case pages."""

from support.forms.cases import (
    AssignForm,
    CaseEditForm,
    CaseForm,
    EventLogForm,
    MergeForm,
    NoteForm,
    StatusForm,
)

__all__ = [
    "AssignForm",
    "CaseEditForm",
    "CaseForm",
    "EventLogForm",
    "MergeForm",
    "NoteForm",
    "StatusForm",
]
