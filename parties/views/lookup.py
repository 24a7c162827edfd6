"""Suggestions for party lookup fields."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from parties import selectors
from parties.views.parties import page_kind


@require_GET
def party_lookup(request: HttpRequest, kind: str) -> HttpResponse:
    """Suggestions for a lookup field: up to 20 records of this kind the user may see whose
    name contains the typed text (htmx fills the field's <datalist> with them)."""
    # `?q=` when called directly; htmx sends the field's own name (e.g. `?account=`).
    query = request.GET.get("q")
    if query is None and len(request.GET) == 1:
        query = next(iter(request.GET.values()))
    parties = selectors.lookup_parties(request.user, page_kind(kind), query or "")
    return render(request, "parties/lookup_options.html", {"parties": parties})
