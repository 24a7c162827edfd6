"""What the case pages share: who is a manager (the figures), the users a case may be
assigned to, the labels of the status moves."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from crm import access
from support.models import Case, CaseStatus
from support.selectors import NOTE, REASSIGN, TAKE

__all__ = ["NOTE", "REASSIGN", "TAKE", "is_manager", "may_take", "queue_members"]

S = CaseStatus
# The button of each status a case may move to (resolving has its own form: a resolution).
MOVE_LABELS = {
    S.ACCEPTED: gettext_lazy("Accept"),
    S.IN_PROGRESS: gettext_lazy("Start work"),
    S.PENDING_CUSTOMER: gettext_lazy("Pending customer"),
    S.RESOLVED: gettext_lazy("Resolve"),
    S.CLOSED: gettext_lazy("Close"),
    S.REOPENED: gettext_lazy("Reopen"),
    S.REJECTED: gettext_lazy("Reject"),
    S.CANCELLED: gettext_lazy("Cancel the case"),
}
DANGER_MOVES = (S.REJECTED, S.CANCELLED)


def is_manager(user: User) -> bool:
    """Sales and support managers (who manage a team) and administrators see the figures."""
    return access.is_administrator(user) or access.manages_a_team(user)


def queue_members(case: Case) -> QuerySet[User]:
    """Who a case may be assigned to: the active members of its queue's team."""
    return User.objects.filter(is_active=True, profile__home_team_id=case.queue.team_id).order_by(
        "first_name", "last_name", "username"
    )


def may_take(user: User, case: Case, actions: set[str]) -> bool:
    """Taking an unassigned open case: whoever works cases (a CSR, an administrator)."""
    return TAKE in actions
