"""The support figures (managers and administrators): open cases per queue and priority,
service-level attainment per week for the last 12 weeks, the median times to first response
and to resolution, the reopen rate; a chart, and the table it is drawn from."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from crm import access
from crm.exceptions import PageDenied
from support import selectors
from support.models import Queue
from support.views.common import is_manager


def figure_queues(user):
    """The queues whose figures a user reads: every queue for administrators and Customer
    Service managers, else the queues of the teams they manage."""
    queues = Queue.objects.select_related("team__group").order_by("name")
    if access.is_administrator(user) or access.in_group(user, access.CUSTOMER_SERVICE):
        return queues
    return queues.filter(team__manager=user)


class FiguresView(TemplateView):
    template_name = "support/figures.html"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not user.has_perm("support.view_case") or not is_manager(user):
            raise PageDenied(also=access.TEAM_MANAGERS)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        queues = list(figure_queues(user))
        figures = selectors.case_figures(user, queues)
        context.update(
            queues=queues,
            figures=figures,
            chart={
                "labels": [
                    formats.date_format(w.start, "SHORT_DATE_FORMAT") for w in figures.weeks
                ],
                "response": [w.response_rate for w in figures.weeks],
                "resolution": [w.resolution_rate for w in figures.weeks],
                "names": {
                    "response": _("Answered within target (%)"),
                    "resolution": _("Resolved within target (%)"),
                },
            },
        )
        return context
