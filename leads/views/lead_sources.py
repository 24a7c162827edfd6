"""Placeholder until this module is written (work in progress)."""
from django.views import View

LeadSourceListView = LeadSourceCreateView = LeadSourceEditView = View
