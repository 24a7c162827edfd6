"""Tags on a deal's page: add (a new name makes a new tag), remove. Whoever may change the
deal tags it (a closed one too: tags are labels, not the deal's state); a deal the user may
not see is 404, one they may only see 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.access import CHANGE
from crm.panels import Panel
from crm.records import record_or_404
from opportunities.models import Opportunity, OpportunityTag
from opportunities.records import OPPORTUNITY
from opportunities.services import tags as services
from opportunities.views.opportunities import render_detail
from parties.forms.tags import TagAddForm
from parties.services.tags import tag_get_or_create
from parties.views.tags import tag_or_404


def _tags_context(request: HttpRequest, opportunity: Opportunity, **page) -> dict:
    links = list(
        OpportunityTag.objects.filter(opportunity=opportunity)
        .select_related("tag")
        .order_by("tag__name")
    )
    for link in links:
        link.remove_url = reverse("opportunities:tag_remove", args=[opportunity.pk, link.tag_id])
    return {
        "tags_panel": {
            "links": links,
            "add_url": reverse("opportunities:tag_add", args=[opportunity.pk]),
            "list_url": reverse("opportunities:list"),
        }
    }


# The tags line at the top of the deal's page (crm.panels; registered in apps.ready()).
OPPORTUNITY_TAGS = Panel("tags", "parties/_tags_panel.html", _tags_context, order=1)


@require_POST
def opportunity_tag_add(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity, _actions = record_or_404(request, OPPORTUNITY, pk, CHANGE)
    form = TagAddForm(request.POST)
    if form.is_valid():
        try:
            tag = tag_get_or_create(actor=request.user, name=form.cleaned_data["name"])
            added = services.opportunity_tag_add(actor=request.user, record=opportunity, tag=tag)
        except ValidationError as exc:
            form.add_error("name", exc)
        else:
            if added:
                messages.success(request, _("Tagged “%(tag)s”.") % {"tag": tag.name})
            else:
                messages.info(request, _("Already tagged “%(tag)s”.") % {"tag": tag.name})
            return redirect("opportunities:detail", opportunity.pk)
    return render_detail(request, opportunity.pk, tag_form=form)


@require_POST
def opportunity_tag_remove(request: HttpRequest, pk: int, tag_pk: int) -> HttpResponse:
    opportunity, _actions = record_or_404(request, OPPORTUNITY, pk, CHANGE)
    tag = tag_or_404(tag_pk)
    if services.opportunity_tag_remove(actor=request.user, record=opportunity, tag=tag):
        messages.success(request, _("Tag “%(tag)s” removed.") % {"tag": tag.name})
    return redirect("opportunities:detail", opportunity.pk)
