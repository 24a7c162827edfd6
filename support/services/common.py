"""What the case services share: the actor's rights on a case, locking it, its history rows,
its journey rows, and the edit conflict."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from crm.exceptions import ConcurrentUpdate
from parties.services import journey_append
from support.models import Case, CaseStatusChange

ACCESS_KEY = "case"


class CaseChanged(ConcurrentUpdate, ValidationError):
    """Someone else saved the case since the form was loaded: the codebase's usual conflict
    (crm.views.EditConflictMixin catches ConcurrentUpdate) that is also a ValidationError
    (non-field) for callers that only handle those."""

    def __init__(self):
        ValidationError.__init__(self, ConcurrentUpdate.message, code="conflict")


def actions_of(actor: User, case: Case) -> set[str]:
    """The actor's actions on the case; none if they may not see it (services refuse)."""
    from support import selectors

    if not selectors.cases_visible_to(actor).filter(pk=case.pk).exists():
        return set()
    return selectors.case_actions(actor, case)


def require(actor: User, case: Case, action: str) -> set[str]:
    actions = actions_of(actor, case)
    if action not in actions:
        raise PermissionDenied
    return actions


def locked(case: Case) -> Case:
    """The case as saved, locked for the write, with what the clocks need."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("queue__calendar", "queue__team", "owner", "customer")
        .get(pk=case.pk)
    )


def copy_back(target: Case, source: Case) -> None:
    """The caller's instance follows the write (views keep using it)."""
    for field in Case._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    for name in ("owner", "queue", "customer", "contact", "product", "order", "parent"):
        if Case._meta.get_field(name).is_cached(source):
            setattr(target, name, getattr(source, name))


def history(
    case: Case,
    *,
    actor: User | None,
    at: datetime.datetime,
    from_status: str,
    note: str = "",
) -> CaseStatusChange:
    return CaseStatusChange.objects.create(
        case=case,
        from_status=from_status,
        status=case.status,
        changed_at=at,
        changed_by=actor if actor is not None and actor.pk else None,
        note=note.strip()[:500],
    )


def journey(case: Case, *, kind: str, summary: str, actor: User | None, at) -> None:
    """A journey row for the customer (and the contact, if another party)."""
    journey_append(
        party_ids=[case.customer_id, case.contact_id],
        kind=kind,
        summary=summary,
        actor=actor,
        record_type="case",
        record_id=case.pk,
        occurred_at=at,
    )


def status_label(status: str) -> str:
    from support.models import CaseStatus

    return str(CaseStatus(status).label).lower() if status in CaseStatus.values else status


def user_label(user: User) -> str:
    return user.get_full_name() or user.get_username()


def illegal_move(case: Case, status: str) -> ValidationError:
    return ValidationError(
        {
            "status": _("A case that is %(current)s cannot become %(new)s.")
            % {"current": status_label(case.status), "new": status_label(status)}
        }
    )
