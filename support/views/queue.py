"""A CSR's queue page: the open cases of one queue counted per status, the unassigned ones
first with "Take it", then the next to breach. Customer Service and administrators may look
at every queue, a team's manager at the queues of the teams they manage."""

from __future__ import annotations

from django import forms
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from crm import access
from crm.access import CUSTOMER_SERVICE
from crm.exceptions import PageDenied
from support import selectors
from support.models import OPEN_STATUSES, Queue
from support.views.common import is_manager


def queues_for(user) -> QuerySet[Queue]:
    """The queues a user may open the queue page of (none: no queue page)."""
    queues = Queue.objects.select_related("team__group").order_by("name")
    if access.is_administrator(user) or access.in_group(user, CUSTOMER_SERVICE):
        return queues
    if access.manages_a_team(user):
        return queues.filter(team__manager=user)
    return queues.none()


UNASSIGNED_SHOWN = 20


def unassigned_cases(user, queue: Queue) -> list:
    """The queue's open cases nobody owns yet, the next deadline first (one query)."""
    return list(
        selectors.with_sla(
            selectors.cases_visible_to(user).filter(
                queue_id=queue.pk, owner__isnull=True, status__in=OPEN_STATUSES
            )
        )
        .select_related("customer", "queue")
        .order_by(F("next_due_at").asc(nulls_last=True), "created_at", "id")[:UNASSIGNED_SHOWN]
    )


class QueueChoiceForm(forms.Form):
    queue = forms.ChoiceField(label=_("Queue"))

    def __init__(self, *args, queues: list[Queue], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["queue"].choices = [(str(q.pk), q.name) for q in queues]


class QueueView(TemplateView):
    template_name = "support/queue.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        self.queues = list(queues_for(user)) if user.has_perm("support.view_case") else []
        if not self.queues:
            # Customer Service (who work cases) and administrators, and a team's manager.
            raise PageDenied("support.change_case", also=access.TEAM_MANAGERS)
        return super().dispatch(request, *args, **kwargs)

    def default_queue(self) -> Queue:
        team = access.home_team(self.request.user)
        for queue in self.queues:
            if team is not None and queue.team_id == team.pk:
                return queue
        return self.queues[0]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        by_pk = {str(queue.pk): queue for queue in self.queues}
        queue = self.default_queue()
        form = QueueChoiceForm(initial={"queue": str(queue.pk)}, queues=self.queues)
        if "queue" in self.request.GET:
            chosen = QueueChoiceForm(self.request.GET, queues=self.queues)
            if chosen.is_valid():
                queue = by_pk[chosen.cleaned_data["queue"]]
            else:
                form = chosen  # the error next to the field; the default queue shown
        context.update(
            queue=queue,
            queue_form=form,
            several_queues=len(self.queues) > 1,
            summary=selectors.queue_summary(user, queue),
            unassigned=unassigned_cases(user, queue),
            now=timezone.now(),
            can_take=user.has_perm("support.change_case"),
            show_figures=is_manager(user),
        )
        return context
