"""Placeholder until this module is written (work in progress)."""

from django.views import View

PipelineView = View


def opportunity_move(request, pk):
    raise NotImplementedError
