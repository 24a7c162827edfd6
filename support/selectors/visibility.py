"""Which cases a user may see, and what they may do on one (DESIGN §4, issue 14).

Administrators and Customer Service see every case. Others see the cases of the customers
they may see (the party rule on `customer_id`, as orders follow their customer), the cases
shared with them or their team (the Case grant tables, crm.access), the cases owned by
members of a team they manage, and, for a support team's manager, their queue's cases. One
SQL condition; no lists of ids."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from crm import access
from crm.access import CHANGE, CUSTOMER_SERVICE, SHARE, VIEW
from parties.selectors import visible_q as party_visible_q
from support.models import OPEN_STATUSES, Case, Queue

NOTE, REASSIGN, TAKE = "note", "reassign", "take"


def works_cases(user: User) -> bool:
    """Customer Service and administrators work every case."""
    return access.is_administrator(user) or access.in_group(user, CUSTOMER_SERVICE)


def cases_visible_q(user: User) -> Q | None:
    """The condition on Case rows (None: every case)."""
    if works_cases(user):
        return None
    q = party_visible_q(user, "customer_id") or Q()
    q |= access.visible_q(user, Case) or Q()
    if access.manages_a_team(user):
        q |= Q(queue_id__in=Queue.objects.filter(team__manager_id=user.pk).values("pk"))
    return q


def cases_visible_to(user: User) -> QuerySet[Case]:
    if not user.is_authenticated:
        return Case.objects.none()
    q = cases_visible_q(user)
    return Case.objects.all() if q is None else Case.objects.filter(q)


def manages_queue(user: User, case: Case) -> bool:
    """Whether `user` manages the team of the case's queue (the queue is loaded with it)."""
    return case.queue.team.manager_id == user.pk


def case_actions(user: User, case: Case) -> set[str]:
    """What `user`, who may see `case`, may do on it:

    - VIEW; "note" (internal notes): any viewer holding support.add_casenote;
    - CHANGE (work it: status, public notes, logged events, edit): Customer Service, admins;
    - "take" (make themselves the owner of an unassigned open case): whoever works cases;
    - "reassign" (give it to someone else): its owner, the manager of its queue's team or of
      its owner's team, administrators;
    - SHARE: its owner and administrators."""
    actions = {VIEW}
    if user.has_perm("support.add_casenote"):
        actions.add(NOTE)
    is_admin = access.is_administrator(user)
    if works_cases(user) and user.has_perm("support.change_case"):
        actions.add(CHANGE)
        if case.owner_id is None and case.is_open:
            actions.add(TAKE)
    owner = case.owner_id is not None and case.owner_id == user.pk
    if (
        is_admin
        or owner
        or manages_queue(user, case)
        or (case.owner_id is not None and access.manages_owner(user, case))
    ):
        actions.add(REASSIGN)
    if is_admin or owner:
        actions.add(SHARE)
    return actions


def mine_q(user: User) -> Q:
    """ "My cases": the ones the user owns."""
    return Q(owner_id=user.pk)


def team_queue_q(user: User) -> Q:
    """ "My team's queue, unassigned": open cases of the queue of the user's home team that
    nobody owns yet (nothing for a user without a team or whose team has no queue)."""
    team = access.home_team(user)
    if team is None:
        return Q(pk__in=[])
    return Q(
        queue_id__in=Queue.objects.filter(team_id=team.pk).values("pk"),
        owner__isnull=True,
        status__in=OPEN_STATUSES,
    )
