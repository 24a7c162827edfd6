"""An opportunity's competitors and contact roles: add and remove, by POST from its page.

Unseen opportunity or row: 404; seen but not changeable: 403; closed: refused with a message.
Every outcome comes back as a message on the opportunity page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crm import access
from crm.access import CHANGE
from crm.forms import add_service_errors
from crm.records import record_or_404
from opportunities import panels, services
from opportunities.forms import CompetitorForm, ContactRoleForm
from opportunities.models import Opportunity
from opportunities.records import OPPORTUNITY
from opportunities.views.opportunities import render_detail
from parties import selectors as party_selectors


def _changeable(request: HttpRequest, pk) -> Opportunity:
    opportunity, _actions = record_or_404(request, OPPORTUNITY, pk, CHANGE)
    return opportunity


def _back(opportunity: Opportunity) -> HttpResponse:
    return redirect("opportunities:detail", opportunity.pk)


def _refused(request: HttpRequest, opportunity: Opportunity, exc: ValidationError):
    """The service refused the change as a whole (a closed deal): say why on the deal's page."""
    messages.error(request, " ".join(exc.messages))
    return _back(opportunity)


@require_POST
def competitor_add(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _changeable(request, pk)
    form = CompetitorForm(request.POST, organizations=panels.competitor_choices(request.user))
    if not form.is_valid():
        return render_detail(request, opportunity.pk, competitor_form=form)
    data = form.cleaned_data
    try:
        row = services.competitor_add(
            actor=request.user,
            opportunity=opportunity,
            competitor=data["competitor"],
            strengths=data["strengths"],
            weaknesses=data["weaknesses"],
        )
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            return _refused(request, opportunity, exc)
        add_service_errors(form, exc)
        return render_detail(request, opportunity.pk, competitor_form=form)
    except IntegrityError:  # the same competitor added at the same moment by someone else
        messages.error(request, _("No competitor was added: it is already listed."))
    else:
        messages.success(
            request,
            _("%(name)s was added as a competitor.") % {"name": row.competitor.display_name},
        )
    return _back(opportunity)


@require_POST
def competitor_remove(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    opportunity = _changeable(request, pk)
    row = access.get_or_404(opportunity.competitors.all(), row_pk)
    try:
        services.competitor_remove(actor=request.user, competitor=row)
    except ValidationError as exc:
        return _refused(request, opportunity, exc)
    # The competitor may be restricted to this user: the message does not name it.
    messages.success(request, _("The competitor was removed."))
    return _back(opportunity)


@require_POST
def contact_role_add(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _changeable(request, pk)
    form = ContactRoleForm(request.POST, contacts=party_selectors.contacts_for_choice(request.user))
    if not form.is_valid():
        return render_detail(request, opportunity.pk, contact_role_form=form)
    data = form.cleaned_data
    try:
        row = services.contact_role_add(
            actor=request.user, opportunity=opportunity, contact=data["contact"], role=data["role"]
        )
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            return _refused(request, opportunity, exc)
        add_service_errors(form, exc)
        return render_detail(request, opportunity.pk, contact_role_form=form)
    except IntegrityError:  # the same role added at the same moment by someone else
        messages.error(request, _("No contact role was added: this contact already has it here."))
    else:
        messages.success(
            request,
            _("%(name)s was added as %(role)s.")
            % {"name": row.contact.display_name, "role": row.get_role_display().lower()},
        )
    return _back(opportunity)


@require_POST
def contact_role_remove(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
    opportunity = _changeable(request, pk)
    row = access.get_or_404(opportunity.contact_roles.all(), row_pk)
    try:
        services.contact_role_remove(actor=request.user, contact_role=row)
    except ValidationError as exc:
        return _refused(request, opportunity, exc)
    messages.success(request, _("The contact role was removed."))
    return _back(opportunity)
