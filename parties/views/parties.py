"""The party pages and their shared mixins: create, detail, edit and status."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from crm import access, panels
from crm.access import CHANGE, DELETE
from crm.forms import VersionedFormMixin, add_service_errors
from crm.records import RecordMixin, RecordType, record_or_404
from crm.views import EditConflictMixin, PageTitleMixin
from parties import records, selectors, services
from parties.forms import (
    AccountCreateForm,
    ConsentForm,
    ContactCreateForm,
    CustomerCreateForm,
    CustomerOrganizationEditForm,
    CustomerPersonEditForm,
    OrganizationEditForm,
    PersonEditForm,
)
from parties.kinds import ACCOUNTS, CONTACTS, CUSTOMERS, PAGE_KINDS, PageKind, page_kind_for
from parties.models import ContactMechKind, Party, PartyKind, PartyStatus


class PageKindMixin:
    """Binds a view to one page kind: contacts, accounts, customers (or a lead's party pages,
    which the leads app serves under /leads/<pk>/)."""

    kind: PageKind | None = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kind"] = self.kind
        return context


class PartyRecordMixin(PageKindMixin, RecordMixin):
    """A page about one party, found only under its own kind's pages (crm.records: unseen
    is 404, not allowed is 403)."""

    context_object_name = "party"

    def get_record_type(self) -> RecordType:
        return records.BY_KIND[self.kind]

    @property
    def party(self):
        return self.record

    def detail_url(self) -> str:
        return reverse(f"{self.kind.slug}:detail", args=[self.party.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_labels"] = [
            str(label) for action, label in access.ACTION_LABELS.items() if action in self.actions
        ]
        if selectors.CONTACT in self.actions and CHANGE not in self.actions:
            context["action_labels"].append(_("change contact details, payment and consent"))
        return context


def page_kind(kind_slug: str) -> PageKind:
    return PAGE_KINDS[kind_slug]


class DuplicateWarningMixin:
    """Before creating a person or company, show the records the user may see that look like
    the same one (e-mail, phone, or name at the same company), with links. "Save anyway"
    (a submit button named confirm_duplicates) creates it regardless."""

    def duplicate_warning(self, form, *, company_name: str = "") -> HttpResponse | None:
        if self.request.POST.get("confirm_duplicates"):
            return None
        data = form.cleaned_data
        found = selectors.possible_duplicates(
            self.request.user,
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            company_name=company_name,
        )
        if not found:
            return None
        for party in found:
            kind = page_kind_for(party)
            party.page_url = reverse(f"{kind.slug}:detail", args=[party.pk]) if kind else ""
        return self.render_to_response(self.get_context_data(form=form, duplicates=found))


CREATE_FORMS = {
    "contacts": ContactCreateForm,
    "accounts": AccountCreateForm,
    "customers": CustomerCreateForm,
}


class PartyCreateView(PageTitleMixin, DuplicateWarningMixin, PageKindMixin, FormView):
    template_name = "parties/form.html"

    def get_title(self) -> str:
        return _("New %(singular)s") % {"singular": self.kind.singular}

    def dispatch(self, request, *args, **kwargs):
        access.require_perm(request.user, "parties.add_party")
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return CREATE_FORMS[self.kind.slug]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.kind == CONTACTS:
            kwargs["accounts"] = selectors.accounts_for_choice(self.request.user)
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        if self.kind == CUSTOMERS and self.request.GET.get("kind") in ("person", "organization"):
            initial["kind"] = self.request.GET["kind"]
        return initial

    def form_valid(self, form):
        user = self.request.user
        if self.kind == CONTACTS:
            account = form.cleaned_data.get("account")
            warning = self.duplicate_warning(
                form, company_name=account.display_name if account else ""
            )
            if warning:
                return warning
        try:
            if self.kind == CONTACTS:
                party = services.contact_create(actor=user, **form.cleaned_data)
            elif self.kind == ACCOUNTS:
                party = services.account_create(actor=user, **form.cleaned_data)
            else:
                party = services.customer_create(actor=user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s was created.") % {"name": party.display_name})
        return redirect(f"{self.kind.slug}:detail", party.pk)


class PartyDetailView(PartyRecordMixin, TemplateView):
    template_name = "parties/detail.html"

    def get_record_type(self) -> RecordType:
        user = self.request.user
        if (
            self.kind == CUSTOMERS
            and selectors.lists_customers(user)
            and not access.is_administrator(user)
        ):
            return records.CUSTOMER_LISTING
        return super().get_record_type()

    def get_context_data(self, **kwargs):
        if getattr(self.party, "listing_only", False):
            return self.listing_context(**kwargs)
        context = super().get_context_data(**kwargs)
        user = self.request.user
        party = self.party
        mechs = selectors.contact_mechs_for(party)
        related = selectors.relationships_for(user, party)
        states, consent_history = selectors.consents_for(party)
        context.update(
            current_mechs=[m for m in mechs if m.is_current],
            ended_mechs=[m for m in mechs if not m.is_current],
            current_relationships=[r for r in related if r.relationship.thru_date is None],
            ended_relationships=[r for r in related if r.relationship.thru_date is not None],
            consent_states=states,
            consent_history=consent_history,
            # Refused, the consent view shows its bound form (errors and what was typed).
            consent_form=kwargs.get("consent_form") or ConsentForm(),
            timeline=selectors.timeline_for(party, user=user, record_type=self.panel_record_type()),
            can_reassign=access.can_reassign(user, party),
            # What the apps above parties show here: deals, activities, ... (crm.panels).
            panels=panels.panels_for(
                self.panel_record_type(), self.request, party, next_url=self.detail_url()
            ),
        )
        return context

    def panel_record_type(self) -> RecordType:
        """The record type whose panels the page shows: a customer Marketing may see in full
        (one they own) shows the customer panels."""
        record_type = self.get_record_type()
        return records.CUSTOMER if record_type is records.CUSTOMER_LISTING else record_type

    def listing_context(self, **kwargs):
        """A customer Marketing lists but may not see: its names, current e-mail addresses
        and phone numbers (what contact lists are sent to) and current consent; no postal
        address, profile, relationships, panels, history or sharing."""
        context = super().get_context_data(**kwargs)
        states, _history = selectors.consents_for(self.party)
        context.update(
            listing_only=True,
            current_mechs=[
                m
                for m in selectors.contact_mechs_for(self.party)
                if m.is_current
                and m.contact_mech.kind in (ContactMechKind.EMAIL, ContactMechKind.PHONE)
            ],
            consent_states=states,
        )
        return context


EDIT_FORMS = {
    (False, PartyKind.PERSON): PersonEditForm,
    (False, PartyKind.ORGANIZATION): OrganizationEditForm,
    (True, PartyKind.PERSON): CustomerPersonEditForm,
    (True, PartyKind.ORGANIZATION): CustomerOrganizationEditForm,
}


class PartyEditView(PageTitleMixin, EditConflictMixin, PartyRecordMixin, FormView):
    template_name = "parties/form.html"
    required_action = CHANGE

    def get_title(self) -> str:
        return _("Edit %(name)s") % {"name": self.party.display_name}

    def get_form_class(self):
        return EDIT_FORMS[(self.kind == CUSTOMERS, self.party.kind)]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.party
        kwargs["initial"] = {"version": self.party.version}
        return kwargs

    def save(self, form):
        return services.party_update(
            actor=self.request.user,
            party=self.party,
            expected_version=form.cleaned_data["version"],
            **{name: form.cleaned_data[name] for name in form._meta.fields},
        )

    def get_success_url(self) -> str:
        return self.detail_url()


class PaymentPreferenceForm(VersionedFormMixin, forms.ModelForm):
    """A customer's payment preference alone: what Customer Service may change (with the
    contact details and consent), besides whoever may change the customer."""

    class Meta:
        model = Party
        fields = ["payment_preference"]


class PaymentPreferenceView(PageTitleMixin, EditConflictMixin, PartyRecordMixin, FormView):
    template_name = "parties/form.html"
    form_class = PaymentPreferenceForm
    required_action = selectors.CONTACT

    def get_title(self) -> str:
        return _("Payment preference of %(name)s") % {"name": self.party.display_name}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.party
        kwargs["initial"] = {"version": self.party.version}
        return kwargs

    def save(self, form):
        return services.party_update(
            actor=self.request.user,
            party=self.party,
            expected_version=form.cleaned_data["version"],
            payment_preference=form.cleaned_data["payment_preference"],
        )

    def get_success_url(self) -> str:
        return self.detail_url()


def load(request: HttpRequest, kind_slug: str, pk, action: str):
    """For the POST actions of a party page: its kind and the party (crm.records)."""
    kind = page_kind(kind_slug)
    party, _actions = record_or_404(request, records.BY_KIND[kind], pk, action)
    return kind, party


@require_POST
def party_set_status(request: HttpRequest, kind: str, pk: int, status: str) -> HttpResponse:
    page_kind, party = load(request, kind, pk, DELETE)
    services.party_set_status(actor=request.user, party=party, status=status)
    if status == PartyStatus.DISABLED:
        messages.success(request, _("%(name)s was disabled.") % {"name": party.display_name})
    else:
        messages.success(request, _("%(name)s is active again.") % {"name": party.display_name})
    return redirect(f"{page_kind.slug}:detail", party.pk)
