"""Recording consent from a party's page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.access import CHANGE
from parties import services
from parties.forms import ConsentForm
from parties.views.parties import load


@require_POST
def consent_record(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    page_kind, party = load(request, kind, pk, CHANGE)
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.consent_record(actor=request.user, party=party, **form.cleaned_data)
        label = _("granted") if form.cleaned_data["granted"] else _("withdrawn")
        messages.success(request, _("Consent %(state)s.") % {"state": label})
    else:
        messages.error(
            request, _("Consent was not recorded: choose a purpose, a decision and a source.")
        )
    return redirect(f"{page_kind.slug}:detail", party.pk)
