"""The partner pages: the list, a new partner, a partner's page with its terms history, its
contacts and what the apps above show about it (leads, deals, figures), editing its current
terms and ending its agreement."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from crm import access, panels
from crm.access import CHANGE
from crm.exceptions import PageDenied
from crm.forms import add_service_errors
from crm.ids import parse_id
from crm.records import RecordMixin, record_or_404
from crm.views import EditConflictMixin, PageTitleMixin, StateGuardMixin
from parties import selectors, services
from parties.filters import PartnerFilter, PartnerListOptionsForm
from parties.forms import PartnerCreateForm, PartnershipEditForm, PartnershipEndForm
from parties.kinds import page_url
from parties.records import PARTNER
from parties.selectors.partners import SORTS, VIEW_PERMISSION, scoped
from parties.views.lists import list_page_context


class PartnerListView(TemplateView):
    template_name = "parties/partner_list.html"

    def dispatch(self, request, *args, **kwargs):
        access.require_perm(request.user, VIEW_PERMISSION)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            list_page_context(
                self.request,
                selectors.partners_for_list(),
                filterset_class=PartnerFilter,
                options_class=PartnerListOptionsForm,
                sorts=SORTS,
                scope_with=scoped,
                user=user,
            )
        )
        selectors.attach_terms(context["page"].items)
        context["can_add"] = selectors.can_add_partner(user)
        return context


class PartnerCreateView(PageTitleMixin, FormView):
    """A partner from an organization the user may see (?organization=<id> pre-fills it: a
    new agreement with a partner whose last one ended), or from a new organization."""

    template_name = "parties/partner_form.html"
    form_class = PartnerCreateForm

    def get_title(self) -> str:
        return _("New partner")

    def dispatch(self, request, *args, **kwargs):
        if not selectors.can_add_partner(request.user):
            raise PageDenied("parties.add_partnership")
        return super().dispatch(request, *args, **kwargs)

    def organizations(self):
        return selectors.parties_visible_to(self.request.user)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"organizations": self.organizations()}

    def get_initial(self):
        initial = {"owner": self.request.user.pk}
        pk = parse_id(self.request.GET.get("organization"))
        organization = self.organizations().filter(pk=pk).first() if pk else None
        if organization is not None:
            initial.update(organization_mode="existing", organization=organization)
        return initial

    def form_valid(self, form):
        try:
            partnership = services.partner_create(actor=self.request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s is a partner.") % {"name": partnership.partner.display_name},
        )
        return redirect("partners:detail", partnership.partner_id)


class PartnerRecordMixin(RecordMixin):
    record_type = PARTNER
    context_object_name = "partner"

    @property
    def partner(self):
        return self.record


class PartnerDetailView(PartnerRecordMixin, TemplateView):
    template_name = "parties/partner_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, partner = self.request.user, self.partner
        can_change = CHANGE in self.actions
        context.update(
            terms=partner.terms,
            current_terms=partner.current_terms,
            contacts=selectors.partner_contacts(user, partner),
            # The partner's own page as an account (or contact...), when the viewer may see it.
            party_url=page_url(partner) if selectors.visible_ids(user, [partner.pk]) else "",
            can_change=can_change,
            can_add=selectors.can_add_partner(user),
            end_form=kwargs.get("end_form")
            or PartnershipEndForm(initial={"thru_date": timezone.localdate()}),
            # What the apps above parties show here: leads, deals, figures (crm.panels).
            panels=panels.panels_for(
                PARTNER,
                self.request,
                partner,
                next_url=reverse("partners:detail", args=[partner.pk]),
            ),
        )
        return context


class PartnerEditView(
    PageTitleMixin, StateGuardMixin, EditConflictMixin, PartnerRecordMixin, FormView
):
    """The current agreement's terms."""

    template_name = "parties/partner_form.html"
    form_class = PartnershipEditForm
    required_action = CHANGE

    def get_title(self) -> str:
        return _("Edit the terms of %(name)s") % {"name": self.partner.display_name}

    def refusal(self):
        if self.partner.current_terms is not None:
            return None
        messages.info(
            self.request,
            _("This partnership has ended; start a new agreement to change its terms."),
        )
        return redirect("partners:detail", self.partner.pk)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        terms = self.partner.current_terms
        kwargs.update(instance=terms, initial={"version": terms.version})
        return kwargs

    def save(self, form):
        return services.partnership_update(
            actor=self.request.user,
            partnership=self.partner.current_terms,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"partner": self.partner}

    def get_success_url(self) -> str:
        return reverse("partners:detail", args=[self.partner.pk])


@require_POST
def partner_end(request: HttpRequest, pk) -> HttpResponse:
    """End the partner's current agreement on the day given (its last day)."""
    partner, actions = record_or_404(request, PARTNER, pk, CHANGE)
    terms = partner.current_terms
    if terms is None:
        messages.info(request, _("This partnership had already ended."))
        return redirect("partners:detail", partner.pk)
    form = PartnershipEndForm(request.POST)
    if form.is_valid():
        try:
            services.partnership_end(
                actor=request.user, partnership=terms, thru_date=form.cleaned_data["thru_date"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The partnership with %(name)s has ended; it stays in the history.")
                % {"name": partner.display_name},
            )
            return redirect("partners:detail", partner.pk)
    view = PartnerDetailView()
    view.setup(request, pk=partner.pk)
    view.record, view.actions = partner, actions
    return view.render_to_response(view.get_context_data(end_form=form), status=200)
