"""Placeholder until the forecast pages are written (work in progress)."""

from django.views import View

ForecastOverviewView = QuotaView = ForecastDetailView = View
