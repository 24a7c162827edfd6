"""The party pages and their shared mixins: create, detail, edit and status."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from crm import access
from crm.access import CHANGE, DELETE, VIEW
from crm.exceptions import ConcurrentUpdate
from crm.forms import add_service_errors
from parties import selectors, services
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
from parties.models import PartyKind, PartyStatus


class PartyPageMixin:
    """Binds a view to one page kind and loads its party: unseen is 404, not allowed is 403."""

    kind: PageKind | None = None
    required_action = VIEW

    def dispatch(self, request, *args, **kwargs):
        if "pk" in kwargs:
            self.load_party()
        return super().dispatch(request, *args, **kwargs)

    def load_party(self):
        self.party = selectors.party_for_page(self.request.user, self.kind, self.kwargs["pk"])
        self.actions = selectors.party_actions(self.request.user, self.party)
        access.require(self.actions, self.required_action)
        return self.party

    def detail_url(self) -> str:
        return reverse(f"{self.kind.slug}:detail", args=[self.party.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kind"] = self.kind
        if hasattr(self, "party"):
            context["party"] = self.party
            context["actions"] = self.actions
            context["action_labels"] = [
                str(label)
                for action, label in access.ACTION_LABELS.items()
                if action in self.actions
            ]
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


class PartyCreateView(DuplicateWarningMixin, PartyPageMixin, FormView):
    template_name = "parties/form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("parties.add_party"):
            raise PermissionDenied
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
                self.party = services.contact_create(actor=user, **form.cleaned_data)
            elif self.kind == ACCOUNTS:
                self.party = services.account_create(actor=user, **form.cleaned_data)
            else:
                self.party = services.customer_create(actor=user, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(name)s was created.") % {"name": self.party.display_name}
        )
        return redirect(self.detail_url())


class PartyDetailView(PartyPageMixin, TemplateView):
    template_name = "parties/detail.html"

    def get_context_data(self, **kwargs):
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
            consent_form=ConsentForm(),
            timeline=selectors.timeline_for(party),
            can_reassign=access.can_reassign(user, party),
            activities=self.activities(),
        )
        if self.kind in (ACCOUNTS, CONTACTS):
            # Imported here: the opportunities app builds on parties, not the reverse.
            from opportunities.panels import party_opportunities

            context["opportunities_panel"] = party_opportunities(
                user, party, as_contact=self.kind == CONTACTS
            )
        return context

    def activities(self):
        """The events panel: quick actions and the party's timeline."""
        # Imported here: the events app builds on parties, not the reverse.
        from events.panels import record_activities

        return record_activities(self.request.user, party=self.party, next_url=self.detail_url())


EDIT_FORMS = {
    (False, PartyKind.PERSON): PersonEditForm,
    (False, PartyKind.ORGANIZATION): OrganizationEditForm,
    (True, PartyKind.PERSON): CustomerPersonEditForm,
    (True, PartyKind.ORGANIZATION): CustomerOrganizationEditForm,
}


class PartyEditView(PartyPageMixin, FormView):
    template_name = "parties/form.html"
    required_action = CHANGE

    def _conflict_form(self, form, exc: ConcurrentUpdate):
        """Keep what the user typed, name the values saved meanwhile, and carry the current
        version so that saving again, after review, is a deliberate overwrite."""
        current = selectors.party_for_page(self.request.user, self.kind, self.party.pk)
        # Read before binding: validating a model form copies the typed values onto `current`.
        saved_values = {name: getattr(current, name) for name in form._meta.fields}
        data = self.request.POST.copy()
        data["version"] = str(current.version)
        conflict = self.get_form_class()(data, instance=current)
        conflict.is_valid()
        conflict.add_error(None, exc.message)
        for name, saved in saved_values.items():
            if saved != form.cleaned_data.get(name):
                conflict.add_error(
                    name,
                    _("Saved meanwhile: %(value)s")
                    % {"value": saved if saved not in (None, "") else _("(empty)")},
                )
        return conflict

    def get_form_class(self):
        return EDIT_FORMS[(self.kind == CUSTOMERS, self.party.kind)]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.party
        kwargs["initial"] = {"version": self.party.version}
        return kwargs

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in form._meta.fields}
        try:
            services.party_update(
                actor=self.request.user,
                party=self.party,
                expected_version=form.cleaned_data["version"],
                **fields,
            )
        except ConcurrentUpdate as exc:
            return self.form_invalid(self._conflict_form(form, exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Your changes were saved."))
        return redirect(self.detail_url())


def load(request: HttpRequest, kind_slug: str, pk: int, action: str):
    kind = page_kind(kind_slug)
    party = selectors.party_for_page(request.user, kind, pk)
    actions = selectors.party_actions(request.user, party)
    access.require(actions, action)
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
