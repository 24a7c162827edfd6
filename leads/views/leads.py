"""The lead pages: list, create, detail, edit and status (assigning leads is the list's bulk
"Change owner", leads.bulk). Contact details, consent and sharing of a lead are the party
sub-pages under /leads/<pk>/."""

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from crm import access
from crm.access import CHANGE
from crm.forms import add_service_errors
from crm.records import RecordType, record_or_404
from crm.views import EditConflictMixin, PageTitleMixin, StateGuardMixin
from leads import records, selectors, services
from leads.filters import LeadFilter, LeadListOptionsForm
from leads.forms import (
    LeadCreateForm,
    LeadEditForm,
    LeadStatusForm,
)
from leads.models import CONVERTIBLE_STATUSES, LEAD_TRANSITIONS, Lead, LeadStatus
from parties.kinds import LEADS
from parties.selectors.tags import with_tags
from parties.views import (
    DuplicateWarningMixin,
    PageKindMixin,
    PartyDetailView,
    PartyRecordMixin,
    list_page_context,
)


class LeadRecordMixin(PartyRecordMixin):
    """A lead's page: its party (the record) with its Lead row (`lead`)."""

    kind = LEADS

    def get_record_type(self) -> RecordType:
        return records.LEAD

    @property
    def lead(self) -> Lead:
        return self.record.lead

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lead"] = self.lead
        return context


class LeadListView(PageKindMixin, TemplateView):
    kind = LEADS

    template_name = "leads/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            list_page_context(
                self.request,
                with_tags(selectors.leads_for_list(user)),
                filterset_class=LeadFilter,
                options_class=LeadListOptionsForm,
                default_sort="-created",
            )
        )
        context.update(can_add=user.has_perm("leads.add_lead"))
        return context


class LeadCreateView(PageTitleMixin, DuplicateWarningMixin, PageKindMixin, FormView):
    kind = LEADS
    template_name = "leads/form.html"
    form_class = LeadCreateForm

    def get_title(self) -> str:
        return _("New lead")

    def dispatch(self, request, *args, **kwargs):
        access.require_perm(request.user, "leads.add_lead")
        return super().dispatch(request, *args, **kwargs)

    def _owners(self):
        user = self.request.user
        return (services.assignable_owners(user) | User.objects.filter(pk=user.pk)).distinct()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["owners"] = self._owners()
        kwargs["initial"] = {"owner": self.request.user.pk}
        return kwargs

    def form_valid(self, form):
        warning = self.duplicate_warning(form, company_name=form.cleaned_data["company_name"])
        if warning:
            return warning
        try:
            lead = services.lead_create(actor=self.request.user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
            if hasattr(exc, "error_dict"):
                add_service_errors(form.address, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Lead %(name)s was created.") % {"name": lead.party.display_name}
        )
        return redirect("leads:detail", lead.pk)


class LeadDetailView(LeadRecordMixin, PartyDetailView):
    template_name = "leads/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lead = self.lead
        context.update(selectors.lead_detail_extras(self.request.user, lead))
        context.update(
            transitions=[LeadStatus(s) for s in LEAD_TRANSITIONS[LeadStatus(lead.status)]],
            can_convert=CHANGE in self.actions and lead.status in CONVERTIBLE_STATUSES,
        )
        return context


class LeadEditView(PageTitleMixin, StateGuardMixin, EditConflictMixin, LeadRecordMixin, FormView):
    template_name = "leads/form.html"
    form_class = LeadEditForm
    required_action = CHANGE

    def get_title(self) -> str:
        return _("Edit %(name)s") % {"name": self.party.display_name}

    def refusal(self):
        if not self.lead.is_converted:
            return None
        messages.info(
            self.request, _("This lead was converted; edit the contact or account instead.")
        )
        return redirect("leads:detail", self.lead.pk)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(instance=self.party, lead=self.lead, initial={"version": self.party.version})
        return kwargs

    def save(self, form):
        return services.lead_update(
            actor=self.request.user,
            lead=self.lead,
            expected_version=form.cleaned_data["version"],
            company_name=form.cleaned_data["company_name"],
            campaign=form.cleaned_data["campaign"],
            partner=form.cleaned_data["partner"],
            **form.party_fields(),
        )

    def get_success_url(self) -> str:
        return reverse("leads:detail", args=[self.lead.pk])


def _load_lead(request: HttpRequest, pk, action: str) -> Lead:
    party, _actions = record_or_404(request, records.LEAD, pk, action)
    return party.lead


@require_POST
def lead_set_status(request: HttpRequest, pk: int) -> HttpResponse:
    lead = _load_lead(request, pk, CHANGE)
    form = LeadStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The status was not changed: choose a valid status."))
        return redirect("leads:detail", lead.pk)
    try:
        services.lead_set_status(actor=request.user, lead=lead, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The lead is now %(status)s.")
            % {"status": LeadStatus(form.cleaned_data["status"]).label.lower()},
        )
    return redirect("leads:detail", lead.pk)
