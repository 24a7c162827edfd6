"""STUB (being written): the review pages."""

from django.http import Http404
from django.views.generic import View


class _Stub(View):
    def get(self, request, *args, **kwargs):
        raise Http404


ReviewQueueView = ReviewDetailView = _Stub


def review_moderate(request, pk):
    raise Http404
