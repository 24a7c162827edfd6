"""What the case pages read: the list's rows, one case's page with its notes, history and
logged events, a customer's cases for the 360 page. Each a fixed number of queries."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db.models import Case as CaseWhen
from django.db.models import Exists, IntegerField, OuterRef, QuerySet, Value, When

from crm import access
from events.models import Event
from parties.models import Party
from support.models import OPEN_STATUSES, Case, CaseNote, CaseStatusChange
from support.selectors.clocks import with_sla
from support.selectors.visibility import cases_visible_to

LIST_RELATED = ("customer", "owner", "queue", "product")


def cases_for_list(user: User, now: datetime.datetime | None = None) -> QuerySet[Case]:
    """The cases `user` may see, with the list's columns and the SLA flags (SQL). The
    customer's page address needs its roles (prefetched: one query per page)."""
    return with_sla(
        cases_visible_to(user).select_related(*LIST_RELATED).prefetch_related("customer__roles"),
        now,
    )


def case_for_page(user: User, pk: int) -> Case:
    """One case `user` may see, with what its page and its actions read (Case.DoesNotExist
    otherwise: crm.records answers 404)."""
    return (
        with_sla(cases_visible_to(user))
        .select_related(
            "customer",
            "contact",
            "order",
            "product",
            "parent",
            "created_by",
            "owner__profile__home_team",
            "queue__team",
            "queue__calendar",
        )
        .prefetch_related("customer__roles")
        .get(pk=pk)
    )


def case_notes(case: Case, user: User) -> list[CaseNote]:
    """The case's notes, oldest first: staff (holders of support.view_casenote) read the
    internal ones too; anyone else (the portal, later) only the public ones."""
    notes = case.notes.select_related("author").order_by("created_at", "id")
    if not user.has_perm("support.view_casenote"):
        notes = notes.filter(public=True)
    return list(notes)


def case_history(case: Case) -> list[CaseStatusChange]:
    return list(case.history.select_related("changed_by").order_by("changed_at", "id"))


def case_events(case: Case, user: User | None = None) -> list[Event]:
    """The calls, e-mails and meetings logged about the case, newest first. With `user`,
    each carries `visible` (whether they may open the event's page: one EXISTS per row in
    the same query); the case's viewers read what was logged either way."""
    events = Event.objects.filter(case_link__case=case).select_related("owner")
    if user is not None:
        q = access.visible_q(user, Event)
        if q is None:
            events = events.annotate(visible=Value(True))
        else:
            events = events.annotate(visible=Exists(Event.objects.filter(q, pk=OuterRef("pk"))))
    return list(events.order_by("-starts_at", "-id"))


def open_first() -> CaseWhen:
    return CaseWhen(
        When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
    )


def customer_cases(user: User, party: Party, limit: int = 10) -> list[Case]:
    """The customer's cases `user` may see for the 360 panel: open ones first, then the
    newest (one query, on the customer's index)."""
    return list(
        with_sla(cases_visible_to(user).filter(customer_id=party.pk))
        .select_related("owner", "queue")
        .annotate(closed_rank=open_first())
        .order_by("closed_rank", "-created_at", "-id")[:limit]
    )
