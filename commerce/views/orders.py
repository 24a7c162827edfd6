"""STUB (being written): the order pages."""

from django.http import Http404
from django.views.generic import View


class _Stub(View):
    def get(self, request, *args, **kwargs):
        raise Http404


OrderListView = OrderCreateView = OrderDetailView = _Stub


def order_status(request, pk):
    raise Http404
