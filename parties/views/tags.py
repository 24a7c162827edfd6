"""Tags on a party's page (contacts, accounts, customers, leads): add (a new name makes a new
tag), remove, and the suggestions of the "Add a tag" field. Whoever may change the party
tags it; a party the user may not see is 404, one they may only see 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from crm.access import CHANGE
from crm.ids import parse_id
from crm.panels import Panel
from crm.records import record_or_404
from parties.forms.tags import TagAddForm
from parties.models import Party, Tag
from parties.selectors.tags import party_tags, tags_suggest
from parties.services import tags as services
from parties.views.parties import load


@require_GET
def tag_suggest(request: HttpRequest) -> HttpResponse:
    """The <option>s of the "Add a tag" field's <datalist> for the typed text (`?q=`, or the
    field's own name as htmx sends it)."""
    text = request.GET.get("q", request.GET.get("name", ""))
    return render(request, "parties/_tags_options.html", {"tags": tags_suggest(text)})


def _party_tags_context(kind_slug: str):
    def context(request: HttpRequest, party: Party, **page) -> dict:
        links = party_tags(party)
        for link in links:
            link.remove_url = reverse(f"{kind_slug}:tag_remove", args=[party.pk, link.tag_id])
        return {
            "tags_panel": {
                "links": links,
                "add_url": reverse(f"{kind_slug}:tag_add", args=[party.pk]),
                "list_url": reverse(f"{kind_slug}:list"),
            }
        }

    return context


def party_tags_panel(kind_slug: str) -> Panel:
    """The tags line under a party page's title (crm.panels, the "header" slot)."""
    return Panel(
        "tags", "parties/_tags_panel.html", _party_tags_context(kind_slug), order=1, slot="header"
    )


def render_record_page(request: HttpRequest, url: str, **forms) -> HttpResponse:
    """The record's page (found by its URL, so a lead's is the leads app's) with a refused
    form, its error next to the field and what was typed kept; loaded for the user by the
    page's own record type."""
    match = resolve(url)
    page = match.func.view_class(**match.func.view_initkwargs)
    page.setup(request, *match.args, **match.kwargs)
    page.record, page.actions = record_or_404(
        request, page.get_record_type(), match.kwargs["pk"], page.required_action
    )
    page.load_related()
    return page.render_to_response(page.get_context_data(**forms))


@require_POST
def party_tag_add(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    page_kind, party = load(request, kind, pk, CHANGE)
    form = TagAddForm(request.POST)
    if form.is_valid():
        try:
            tag = services.tag_get_or_create(actor=request.user, name=form.cleaned_data["name"])
            added = services.tag_add(actor=request.user, record=party, tag=tag)
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            if added:
                messages.success(request, _("Tagged “%(tag)s”.") % {"tag": tag.name})
            else:
                messages.info(request, _("Already tagged “%(tag)s”.") % {"tag": tag.name})
            return redirect(f"{page_kind.slug}:detail", party.pk)
    detail = reverse(f"{page_kind.slug}:detail", args=[party.pk])
    return render_record_page(request, detail, tag_form=form)


def tag_or_404(tag_pk) -> Tag:
    number = parse_id(tag_pk)
    tag = Tag.objects.filter(pk=number).first() if number else None
    if tag is None:
        raise Http404
    return tag


@require_POST
def party_tag_remove(request: HttpRequest, kind: str, pk: int, tag_pk: int) -> HttpResponse:
    page_kind, party = load(request, kind, pk, CHANGE)
    tag = tag_or_404(tag_pk)
    if services.tag_remove(actor=request.user, record=party, tag=tag):
        messages.success(request, _("Tag “%(tag)s” removed.") % {"tag": tag.name})
    return redirect(f"{page_kind.slug}:detail", party.pk)


# Registered in the apps' ready() (parties for its kinds, leads for a lead's page).
CONTACT_TAGS = party_tags_panel("contacts")
ACCOUNT_TAGS = party_tags_panel("accounts")
CUSTOMER_TAGS = party_tags_panel("customers")
LEAD_TAGS = party_tags_panel("leads")
