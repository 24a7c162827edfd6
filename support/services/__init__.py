"""Every write of support. Keyword-only, validated, one transaction each; the actor comes
first. Bad input raises ValidationError keyed by field, an action the actor may not take
PermissionDenied. The service-level clocks (support.services.clocks), the history rows and
the journey rows follow in the same transaction. Writes that happened earlier (the demo, an
import) pass their time (`opened_at`, `at`)."""

from support.services.cases import (
    EDITABLE,
    case_assign,
    case_create,
    case_number,
    case_reassign,
    case_share,
    case_unshare,
    case_update,
    default_queue,
)
from support.services.common import ACCESS_KEY, CaseChanged
from support.services.events import case_event_log
from support.services.notes import case_note_add
from support.services.status import case_merge, case_status_change

__all__ = [
    "ACCESS_KEY",
    "EDITABLE",
    "CaseChanged",
    "case_assign",
    "case_create",
    "case_event_log",
    "case_merge",
    "case_note_add",
    "case_number",
    "case_reassign",
    "case_share",
    "case_status_change",
    "case_unshare",
    "case_update",
    "default_queue",
]
