"""Opportunities: list, pipeline board, create, detail, edit, close and reopen, sharing,
competitors and contact roles."""

from django.urls import include, path

from crm.bulk import bulk_view
from opportunities import bulk
from opportunities.views import opportunities, pipeline, related, tags

opportunity_patterns = [
    path("", opportunities.OpportunityListView.as_view(), name="list"),
    path("bulk/", bulk_view, {"list_name": "opportunities"}, name="bulk"),
    path("<int:pk>/inline/<str:field>/", bulk.inline_view, name="inline"),
    path("new/", opportunities.OpportunityCreateView.as_view(), name="new"),
    path("<int:pk>/", opportunities.OpportunityDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", opportunities.OpportunityEditView.as_view(), name="edit"),
    path("<int:pk>/close/", opportunities.opportunity_close, name="close"),
    path("<int:pk>/reopen/", opportunities.opportunity_reopen, name="reopen"),
    path("<int:pk>/sharing/", opportunities.OpportunitySharingView.as_view(), name="sharing"),
    path("<int:pk>/tags/", tags.opportunity_tag_add, name="tag_add"),
    path("<int:pk>/tags/<int:tag_pk>/remove/", tags.opportunity_tag_remove, name="tag_remove"),
    # The pipeline board
    path("pipeline/", pipeline.PipelineView.as_view(), name="pipeline"),
    path("<int:pk>/move/", pipeline.opportunity_move, name="move"),
    # Competitors and contact roles
    path("<int:pk>/competitors/", related.competitor_add, name="competitor_add"),
    path(
        "<int:pk>/competitors/<int:row_pk>/remove/",
        related.competitor_remove,
        name="competitor_remove",
    ),
    path("<int:pk>/contact-roles/", related.contact_role_add, name="contact_role_add"),
    path(
        "<int:pk>/contact-roles/<int:row_pk>/remove/",
        related.contact_role_remove,
        name="contact_role_remove",
    ),
]

urlpatterns = [
    path("opportunities/", include((opportunity_patterns, "opportunities"))),
]
