"""The opportunity pages: list with totals, create (pre-filled from an account or contact),
detail with its history, edit, close as won or lost, reopen, sharing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from crm import access, panels, timeline
from crm.access import CHANGE, VIEW
from crm.forms import add_service_errors
from crm.ids import parse_id
from crm.records import RecordMixin, record_or_404
from crm.sharing import SharingMixin
from crm.views import EditConflictMixin, PageTitleMixin, StateGuardMixin
from opportunities import panels as opportunity_panels
from opportunities import selectors, services
from opportunities.filters import OpportunityFilter, OpportunityListOptionsForm
from opportunities.forms import (
    CloseForm,
    CompetitorForm,
    ContactRoleForm,
    OpportunityEditForm,
    OpportunityForm,
    ReopenForm,
)
from opportunities.models import Opportunity, OpportunityTag
from opportunities.records import OPPORTUNITY
from parties import selectors as party_selectors
from parties.selectors.tags import links_prefetch
from parties.views import list_page_context


class OpportunityRecordMixin(RecordMixin):
    """A page about the opportunity named by the URL (crm.records)."""

    record_type = OPPORTUNITY
    context_object_name = "opportunity"

    @property
    def opportunity(self) -> Opportunity:
        return self.record

    def get_context_data(self, **kwargs):
        selectors.mark_visible_parties(self.request.user, [self.opportunity])
        return super().get_context_data(**kwargs)


class OpportunityListView(TemplateView):
    template_name = "opportunities/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        queryset = selectors.opportunities_visible_to(user)
        context.update(
            list_page_context(
                self.request,
                selectors.with_columns(queryset).prefetch_related(
                    links_prefetch("opportunity_tags", OpportunityTag)
                ),
                filterset_class=OpportunityFilter,
                options_class=OpportunityListOptionsForm,
                default_sort="close",
                sorts=selectors.SORTS,
                user=user,
            )
        )
        selectors.mark_visible_parties(user, context["page"].items)
        context.update(
            totals=selectors.totals_by_currency(context["filtered"]),
            can_add=user.has_perm("opportunities.add_opportunity"),
        )
        return context


def _form_kwargs(view) -> dict:
    user = view.request.user
    return {
        "accounts": party_selectors.accounts_for_choice(user),
        "contacts": party_selectors.contacts_for_choice(user),
    }


class OpportunityCreateView(PageTitleMixin, FormView):
    template_name = "opportunities/form.html"
    form_class = OpportunityForm

    def get_title(self) -> str:
        return _("New opportunity")

    def dispatch(self, request, *args, **kwargs):
        access.require_perm(request.user, "opportunities.add_opportunity")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | _form_kwargs(self)

    def get_initial(self):
        """From an account's or a contact's page: that account (the contact's current
        employer), that contact, and a suggested name "Account - "."""
        user = self.request.user
        initial = {}
        contact = _visible(
            party_selectors.contacts_for_choice(user), self.request.GET.get("contact")
        )
        account = _visible(
            party_selectors.accounts_for_choice(user), self.request.GET.get("account")
        )
        if contact is not None:
            initial["primary_contact"] = contact
            if account is None:
                employer = next(
                    (
                        item.other
                        for item in party_selectors.relationships_for(user, contact)
                        if item.visible
                        and item.relationship.thru_date is None
                        and item.relationship.from_party_id == contact.pk
                        and item.relationship.kind == "EMPLOYMENT"
                    ),
                    None,
                )
                account = employer
        if account is not None:
            initial.update(account=account, name=f"{account.display_name} - ")
            initial["currency"] = services.default_currency(account)
        return initial

    def form_valid(self, form):
        data = form.service_fields()
        try:
            opportunity = services.opportunity_create(actor=self.request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s was created.") % {"name": opportunity.name})
        return redirect("opportunities:detail", opportunity.pk)


def _visible(queryset, pk):
    """The record named by a query-string id, if the (permission-filtered) queryset has it."""
    pk = parse_id(pk)
    return queryset.filter(pk=pk).first() if pk else None


class OpportunityDetailView(OpportunityRecordMixin, TemplateView):
    template_name = "opportunities/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        opportunity = self.opportunity
        context.update(
            # Its changes, and the notes and files on it (crm.timeline), newest first.
            history=timeline.merged(
                OPPORTUNITY,
                user,
                opportunity,
                selectors.history_for(opportunity),
                when=lambda row: row.changed_at,
                limit=None,
            ),
            competitors=selectors.competitors_for(user, opportunity),
            contact_roles=selectors.contact_roles_for(user, opportunity),
            close_form=kwargs.get("close_form") or CloseForm(),
            competitor_form=kwargs.get("competitor_form")
            or CompetitorForm(organizations=opportunity_panels.competitor_choices(user)),
            contact_role_form=kwargs.get("contact_role_form")
            or ContactRoleForm(contacts=party_selectors.contacts_for_choice(user)),
            reopen_form=ReopenForm(),
            can_change=CHANGE in self.actions and not opportunity.is_closed,
            can_reopen=opportunity.is_closed and services.can_reopen(user, opportunity),
            lead_visible=bool(
                opportunity.lead_id and party_selectors.visible_ids(user, [opportunity.lead_id])
            ),
            # What the apps above opportunities show here: its activities (crm.panels).
            panels=panels.panels_for(
                OPPORTUNITY,
                self.request,
                opportunity,
                next_url=reverse("opportunities:detail", args=[opportunity.pk]),
            ),
        )
        return context


def render_detail(request: HttpRequest, pk: int, **forms) -> HttpResponse:
    """The opportunity's page again, with a form that did not validate: its errors next to
    its fields and what the user typed kept."""
    view = OpportunityDetailView()
    view.setup(request, pk=pk)
    view.record, view.actions = record_or_404(request, OPPORTUNITY, pk)
    return view.render_to_response(view.get_context_data(**forms))


class OpportunityEditView(
    PageTitleMixin, StateGuardMixin, EditConflictMixin, OpportunityRecordMixin, FormView
):
    template_name = "opportunities/form.html"
    form_class = OpportunityEditForm
    required_action = CHANGE

    def get_title(self) -> str:
        return _("Edit %(name)s") % {"name": self.opportunity.name}

    def refusal(self):
        if not self.opportunity.is_closed:
            return None
        messages.info(self.request, _("This opportunity is closed; reopen it to change it."))
        return redirect("opportunities:detail", self.opportunity.pk)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs() | _form_kwargs(self)
        kwargs.update(instance=self.opportunity, initial={"version": self.opportunity.version})
        return kwargs

    def save(self, form):
        return services.opportunity_update(
            actor=self.request.user,
            opportunity=self.opportunity,
            expected_version=form.cleaned_data["version"],
            **form.service_fields(),
        )

    def get_success_url(self) -> str:
        return reverse("opportunities:detail", args=[self.opportunity.pk])


def _load(request: HttpRequest, pk, action: str) -> Opportunity:
    opportunity, _actions = record_or_404(request, OPPORTUNITY, pk, action)
    return opportunity


@require_POST
def opportunity_close(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _load(request, pk, CHANGE)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was closed: choose won or lost."))
        return redirect("opportunities:detail", opportunity.pk)
    won = form.cleaned_data["outcome"] == "won"
    try:
        services.opportunity_close(
            actor=request.user, opportunity=opportunity, won=won, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Closed as won.") if won else _("Closed as lost."))
    return redirect("opportunities:detail", opportunity.pk)


@require_POST
def opportunity_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _load(request, pk, VIEW)
    if not services.can_reopen(request.user, opportunity):
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was reopened: choose an open stage."))
        return redirect("opportunities:detail", opportunity.pk)
    try:
        services.opportunity_reopen(
            actor=request.user, opportunity=opportunity, stage=form.cleaned_data["stage"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The opportunity is open again."))
    return redirect("opportunities:detail", opportunity.pk)


class OpportunitySharingView(OpportunityRecordMixin, SharingMixin, TemplateView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            list_url=self.list_url(),
            list_label=_("Opportunities"),
            detail_url=reverse("opportunities:detail", args=[self.opportunity.pk]),
        )
        return context

    def sharing_url(self) -> str:
        return reverse("opportunities:sharing", args=[self.opportunity.pk])

    def list_url(self) -> str:
        return reverse("opportunities:list")

    def reassign(self, new_owner) -> None:
        services.opportunity_reassign(
            actor=self.request.user, opportunity=self.opportunity, new_owner=new_owner
        )

    def visible_after_reassign(self) -> bool:
        return (
            selectors.opportunities_visible_to(self.request.user)
            .filter(pk=self.opportunity.pk)
            .exists()
        )
