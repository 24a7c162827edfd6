"""Leads, marketing campaigns, contact lists, lead sources and the public web-to-lead form."""

from django.urls import include, path

from crm.bulk import bulk_view
from leads import bulk
from leads.views import (
    campaigns,
    capture,
    contact_lists,
    conversion,
    lead_sources,
    leads,
    vcard_import,
)
from parties.kinds import LEADS
from parties.urls import party_subpage_patterns

lead_patterns = [
    path("", leads.LeadListView.as_view(), name="list"),
    path("new/", leads.LeadCreateView.as_view(), name="new"),
    path("bulk/", bulk_view, {"list_name": "leads"}, name="bulk"),
    path("<int:pk>/inline/<str:field>/", bulk.inline_view, name="inline"),
    path("<int:pk>/", leads.LeadDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", leads.LeadEditView.as_view(), name="edit"),
    path("<int:pk>/status/", leads.lead_set_status, name="status"),
    path("<int:pk>/convert/", conversion.LeadConvertView.as_view(), name="convert"),
    *party_subpage_patterns(LEADS),
    # vCard import
    path("import/", vcard_import.VCardImportView.as_view(), name="import_vcard"),
]

campaign_patterns = [
    path("", campaigns.CampaignListView.as_view(), name="list"),
    path("bulk/", bulk_view, {"list_name": "campaigns"}, name="bulk"),
    path("new/", campaigns.CampaignCreateView.as_view(), name="new"),
    path("<int:pk>/", campaigns.CampaignDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", campaigns.CampaignEditView.as_view(), name="edit"),
    path("<int:pk>/capture-token/", campaigns.regenerate_capture_token, name="capture_token"),
]

contact_list_patterns = [
    path("", contact_lists.ContactListListView.as_view(), name="list"),
    path("bulk/", bulk_view, {"list_name": "contact_lists"}, name="bulk"),
    path("new/", contact_lists.ContactListCreateView.as_view(), name="new"),
    path("<int:pk>/", contact_lists.ContactListDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", contact_lists.ContactListEditView.as_view(), name="edit"),
    path("<int:pk>/members/", contact_lists.member_add, name="member_add"),
    path(
        "<int:pk>/members/<int:member_pk>/status/",
        contact_lists.member_set_status,
        name="member_status",
    ),
    path(
        "<int:pk>/members/<int:member_pk>/remove/",
        contact_lists.member_remove,
        name="member_remove",
    ),
    path("<int:pk>/export.csv", contact_lists.export_csv, name="export"),
]

lead_source_patterns = [
    path("", lead_sources.LeadSourceListView.as_view(), name="list"),
    path("new/", lead_sources.LeadSourceCreateView.as_view(), name="new"),
    path("<int:pk>/edit/", lead_sources.LeadSourceEditView.as_view(), name="edit"),
]

capture_patterns = [
    path("<str:token>/", capture.capture_form, name="form"),
]

urlpatterns = [
    path("leads/", include((lead_patterns, "leads"))),
    path("campaigns/", include((campaign_patterns, "campaigns"))),
    path("contact-lists/", include((contact_list_patterns, "contact_lists"))),
    path("lead-sources/", include((lead_source_patterns, "lead_sources"))),
    path("capture/", include((capture_patterns, "capture"))),
]
