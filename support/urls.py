"""Support pages: cases, the queue and the figures."""

from django.urls import include, path

from crm.bulk import bulk_view
from support import bulk
from support.views import cases, figures, queue, sharing

case_patterns = [
    path("", cases.CaseListView.as_view(), name="list"),
    path("bulk/", bulk_view, {"list_name": "cases"}, name="bulk"),
    path("<int:pk>/inline/<str:field>/", bulk.inline_view, name="inline"),
    path("new/", cases.CaseCreateView.as_view(), name="new"),
    path("queue/", queue.QueueView.as_view(), name="queue"),
    path("figures/", figures.FiguresView.as_view(), name="figures"),
    path("<int:pk>/", cases.CaseDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", cases.CaseEditView.as_view(), name="edit"),
    path("<int:pk>/notes/", cases.case_note_add, name="notes"),
    path("<int:pk>/events/", cases.case_event_log, name="events"),
    path("<int:pk>/assign/", cases.case_assign, name="assign"),
    path("<int:pk>/status/", cases.case_status, name="status"),
    path("<int:pk>/merge/", cases.case_merge, name="merge"),
    path("<int:pk>/sharing/", sharing.CaseSharingView.as_view(), name="sharing"),
]

urlpatterns = [
    path("cases/", include((case_patterns, "cases"))),
]
