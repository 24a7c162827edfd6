"""Recording consent from a party's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm.forms import add_service_errors
from crm.records import record_or_404
from parties import services
from parties.forms import ConsentForm
from parties.selectors import CONTACT
from parties.views.parties import load


@require_POST
def consent_record(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Record a decision; refused, the party's page again with the error next to the field
    and what was typed kept."""
    page_kind, party = load(request, kind, pk, CONTACT)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.consent_record(actor=request.user, party=party, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            label = _("granted") if form.cleaned_data["granted"] else _("withdrawn")
            messages.success(request, _("Consent %(state)s.") % {"state": label})
            return redirect(f"{page_kind.slug}:detail", party.pk)
    return _detail_page(request, reverse(f"{page_kind.slug}:detail", args=[party.pk]), form)


def _detail_page(request: HttpRequest, url: str, consent_form: ConsentForm) -> HttpResponse:
    """The party's page (a lead's is the leads app's, found by its URL) with `consent_form`,
    loaded for the user by the page's own record type."""
    match = resolve(url)
    page = match.func.view_class(**match.func.view_initkwargs)
    page.setup(request, *match.args, **match.kwargs)
    page.record, page.actions = record_or_404(
        request, page.get_record_type(), match.kwargs["pk"], page.required_action
    )
    page.load_related()
    return page.render_to_response(page.get_context_data(consent_form=consent_form))
