"""The event form's lookups (htmx): suggestions for its party fields and its participant
pickers, and a picked participant moved into the picker's list."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from crm.ids import parse_id
from crm.people import PERSON_PICK, person_label
from crm.people_pages import people_options
from events import selectors
from events.forms import CHOSEN_LIST_IDS, Chosen, ParticipantPickersForm
from events.forms.participants import PARTY_PICK
from events.selectors import participants as picks
from parties import selectors as party_selectors


def _typed(request: HttpRequest) -> tuple[str, str]:
    """The text typed and the field it was typed in: `?q=` when called directly; htmx sends
    the field's own name (e.g. `?party=`) and, for a picker, the ids already chosen."""
    if "q" in request.GET:
        return request.GET.get("q", ""), "q"
    for name in ("add_users", "add_parties"):
        if name in request.GET:
            return request.GET.get(name, ""), name
    for name, value in request.GET.items():
        if not name.startswith(("participant_", "remove_")):
            return value, name
    return "", ""


def _picked(request: HttpRequest, *, kind: str, row: Chosen | None) -> HttpResponse:
    """The response to a picked suggestion: the participant appended to the picker's list
    (unless already there) and the picker's field again, empty, for the next one."""
    field = f"add_{kind}"
    chosen = {parse_id(v) for v in request.GET.getlist(f"participant_{kind}")}
    context = {
        "field": ParticipantPickersForm()[field],
        "kind": kind,
        "list_id": CHOSEN_LIST_IDS[kind],
        "row": row if row is not None and row.pk not in chosen else None,
    }
    return render(request, "events/_participant_picked.html", context)


@require_GET
def party_lookup(request: HttpRequest) -> HttpResponse:
    """Suggestions for the event form's party fields: up to 20 contacts, accounts, customers
    or leads the user may see whose name contains the typed text. In the participants'
    picker, a picked suggestion ("Name (#id)" of a party the user may see) joins the list."""
    query, field = _typed(request)
    if field == "add_parties":
        match = PARTY_PICK.match(query)
        pk = parse_id(match.group("pk")) if match else None
        if pk is not None and pk in party_selectors.visible_ids(request.user, [pk]):
            party = party_selectors.parties_visible_to(request.user).get(pk=pk)
            return _picked(
                request, kind="parties", row=Chosen(pk=party.pk, name=party.display_name, new=True)
            )
    parties = selectors.lookup_parties(request.user, query or "")
    return render(request, "parties/lookup_options.html", {"parties": parties})


@require_GET
def user_lookup(request: HttpRequest) -> HttpResponse:
    """The colleagues' picker: a picked suggestion ("Name (username)") joins the list;
    anything else typed gets the people lookup's suggestions (crm.people_pages), without the
    user (the organizer)."""
    query, field = _typed(request)
    if field == "add_users" and PERSON_PICK.match(query):
        named = picks.users_named(query)
        if len(named) == 1 and named[0].pk != request.user.pk:
            user = named[0]
            return _picked(
                request, kind="users", row=Chosen(pk=user.pk, name=person_label(user), new=True)
            )
    return people_options(request, query, exclude=[request.user.pk])
