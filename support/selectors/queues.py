"""A queue's page: how many open cases in each status, and the next to breach first."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.utils import timezone

from support.models import OPEN_STATUSES, Case, CaseStatus, Queue
from support.selectors.clocks import breached_q, due_soon_q, with_sla
from support.selectors.visibility import cases_visible_to

NEXT_TO_BREACH = 20


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass
class QueueSummary:
    queue: Queue | None
    counts: list[StatusCount]
    total: int
    breached: int
    due_soon: int
    unassigned: int
    next_to_breach: list[Case] = field(default_factory=list)


def queue_summary(
    user: User,
    queue: Queue | None = None,
    *,
    now: datetime.datetime | None = None,
    limit: int = NEXT_TO_BREACH,
) -> QueueSummary:
    """The open cases `user` may see (in `queue`, or in every queue): counts per status in
    the order of their life, how many are breached, due within the hour, unassigned, and
    the `limit` whose next deadline comes first (overdue ones at the top). Three queries."""
    now = now or timezone.now()
    cases = cases_visible_to(user).filter(status__in=OPEN_STATUSES)
    if queue is not None:
        cases = cases.filter(queue_id=queue.pk)
    per_status = dict(
        cases.order_by().values_list("status").annotate(n=Count("*")).values_list("status", "n")
    )
    flags = cases.order_by().aggregate(
        breached=Count("status", filter=breached_q(now)),
        due_soon=Count("status", filter=due_soon_q(now)),
        unassigned=Count("status", filter=Q(owner__isnull=True)),
    )
    next_up = list(
        with_sla(cases.filter(next_due_at__isnull=False), now)
        .select_related("customer", "owner", "queue", "product")
        .order_by("next_due_at", "id")[:limit]
    )
    counts = [
        StatusCount(status, str(CaseStatus(status).label), per_status.get(status, 0))
        for status in OPEN_STATUSES
    ]
    return QueueSummary(
        queue=queue,
        counts=counts,
        total=sum(c.count for c in counts),
        breached=flags["breached"],
        due_soon=flags["due_soon"],
        unassigned=flags["unassigned"],
        next_to_breach=next_up,
    )
