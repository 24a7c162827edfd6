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
from opportunities import panels, selectors, services
from opportunities.forms import CompetitorForm, ContactRoleForm
from opportunities.models import Opportunity
from opportunities.views.opportunities import render_detail
from parties import selectors as party_selectors


def _changeable(request: HttpRequest, pk: int) -> Opportunity:
    opportunity = selectors.opportunity_for_page(request.user, pk)
    access.require(selectors.opportunity_actions(request.user, opportunity), CHANGE)
    return opportunity


def _back(opportunity: Opportunity) -> HttpResponse:
    return redirect("opportunities:detail", opportunity.pk)


def _refuse_closed(request: HttpRequest, opportunity: Opportunity) -> HttpResponse:
    messages.error(request, _("This opportunity is closed; reopen it to change it."))
    return _back(opportunity)


@require_POST
def competitor_add(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _changeable(request, pk)
    if opportunity.is_closed:
        return _refuse_closed(request, opportunity)
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
    if opportunity.is_closed:
        return _refuse_closed(request, opportunity)
    services.competitor_remove(actor=request.user, competitor=row)
    # The competitor may be restricted to this user: the message does not name it.
    messages.success(request, _("The competitor was removed."))
    return _back(opportunity)


@require_POST
def contact_role_add(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _changeable(request, pk)
    if opportunity.is_closed:
        return _refuse_closed(request, opportunity)
    form = ContactRoleForm(request.POST, contacts=party_selectors.contacts_for_choice(request.user))
    if not form.is_valid():
        return render_detail(request, opportunity.pk, contact_role_form=form)
    data = form.cleaned_data
    try:
        row = services.contact_role_add(
            actor=request.user, opportunity=opportunity, contact=data["contact"], role=data["role"]
        )
    except ValidationError as exc:
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
    if opportunity.is_closed:
        return _refuse_closed(request, opportunity)
    services.contact_role_remove(actor=request.user, contact_role=row)
    messages.success(request, _("The contact role was removed."))
    return _back(opportunity)
