"""STUB (being written): the shopping list pages."""

from django.http import Http404
from django.views.generic import View


class _Stub(View):
    def get(self, request, *args, **kwargs):
        raise Http404


ShoppingListDetailView = _Stub


def shopping_list_order(request, pk):
    raise Http404
