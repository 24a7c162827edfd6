"""The people lookup (htmx): suggestions for every picker of a colleague (crm.forms
PersonChoiceField, the event form's participants)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from crm.ids import parse_id
from crm.people import EXCLUDE_MAX, people_matching, person_label, person_pick_label


def typed_text(request: HttpRequest) -> str:
    """What was typed: `?q=` when called directly; htmx sends the input's own name
    (`?owner=`, `?user=`), which the picker's URL names in `?field=`."""
    if "q" in request.GET:
        return request.GET.get("q", "")
    field = request.GET.get("field")
    if field:
        return request.GET.get(field, "")
    return next(iter(request.GET.values()), "")


def excluded_ids(request: HttpRequest) -> list[int]:
    """`?exclude=1,2,3`: the people a picker leaves out of its suggestions (on the Sharing
    page: who already has the access, and oneself). Anything but ids is ignored."""
    ids = (parse_id(part) for part in request.GET.get("exclude", "").split(",")[:EXCLUDE_MAX])
    return [pk for pk in ids if pk is not None]


def people_options(request: HttpRequest, query: str, *, exclude=()) -> HttpResponse:
    """The <option>s for `query`: "Name (username)" to take, "Name · Team" to read."""
    found = people_matching(query, exclude=exclude)
    options = [{"pick": person_pick_label(u), "label": person_label(u)} for u in found]
    return render(request, "crm/widgets/person_options.html", {"people": options})


@require_GET
def people_lookup(request: HttpRequest) -> HttpResponse:
    """Up to ten active colleagues whose name, username or e-mail starts with the typed
    text. Every signed-in user may ask: colleagues' names are no secret among staff, and a
    picker's own field decides whom it may take."""
    return people_options(request, typed_text(request), exclude=excluded_ids(request))
