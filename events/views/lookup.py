"""The party lookup of the event form (htmx suggestions)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from events import selectors


@require_GET
def party_lookup(request: HttpRequest) -> HttpResponse:
    """Suggestions for the event form's party fields: up to 20 contacts, accounts, customers
    or leads the user may see whose name contains the typed text."""
    # `?q=` when called directly; htmx sends the field's own name (e.g. `?party=`).
    query = request.GET.get("q")
    if query is None and len(request.GET) == 1:
        query = next(iter(request.GET.values()))
    parties = selectors.lookup_parties(request.user, query or "")
    return render(request, "parties/lookup_options.html", {"parties": parties})
