"""STUB (being written): the product pages."""

from django.http import Http404
from django.views.generic import View


class _Stub(View):
    def get(self, request, *args, **kwargs):
        raise Http404


ProductListView = ProductDetailView = _Stub


def product_lookup(request):
    raise Http404
