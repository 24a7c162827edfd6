"""Placeholder until this module is written (work in progress)."""
from django.views import View

VCardImportView = View
