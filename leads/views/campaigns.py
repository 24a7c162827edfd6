"""Placeholder until this module is written (work in progress)."""
from django.views import View

CampaignListView = CampaignCreateView = CampaignDetailView = CampaignEditView = View


def regenerate_capture_token(request, pk):
    raise NotImplementedError
