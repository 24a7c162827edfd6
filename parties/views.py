"""Contacts, accounts and customers: one set of views, configured by the page kind."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import FormView, TemplateView

from crm import access
from crm.access import CHANGE, DELETE, VIEW
from crm.exceptions import ConcurrentUpdate
from crm.forms import add_service_errors
from crm.pagination import keyset_page
from crm.sharing import SharingMixin
from parties import selectors, services, vcards
from parties.filters import FILTERS, ListOptionsForm
from parties.forms import (
    AccountCreateForm,
    ConsentForm,
    ContactCreateForm,
    ContactMechForm,
    CustomerCreateForm,
    CustomerOrganizationEditForm,
    CustomerPersonEditForm,
    EmploymentForm,
    OrganizationEditForm,
    PersonEditForm,
)
from parties.kinds import ACCOUNTS, CONTACTS, CUSTOMERS, LEADS, PAGE_KINDS, PageKind, page_kind_for
from parties.models import (
    ContactMechKind,
    PartyContactMech,
    PartyKind,
    PartyRelationship,
    PartyStatus,
    RelationshipKind,
)


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


def _page_kind(kind_slug: str) -> PageKind:
    return PAGE_KINDS[kind_slug]


def list_page_context(
    request: HttpRequest,
    queryset,
    *,
    filterset_class,
    options_class=ListOptionsForm,
    default_sort: str = "name",
    sorts=selectors.SORTS,
    scope_with=selectors.scoped,
    **filter_kwargs,
) -> dict:
    """What a list page of parties shows: the scope tab ("mine / my team's / all I may see"),
    the filters, the sort and one keyset page of `queryset` (already permission-filtered).
    `scope_with(user, queryset, scope)` says what "mine" and "my team's" mean for the list."""
    options = options_class(request.GET)
    options.is_valid()
    scope = options.cleaned_data.get("scope") or "all"
    sort = options.cleaned_data.get("sort") or default_sort
    queryset = scope_with(request.user, queryset, scope)
    filterset = filterset_class(request.GET or None, queryset=queryset, **filter_kwargs)
    if filterset.is_bound and filterset.is_valid():
        queryset = filterset.qs
    query = request.GET.copy()
    query.pop("after", None)
    query.pop("before", None)
    page = keyset_page(
        queryset,
        sorts[sort],
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=settings.CRM_PAGE_SIZE,
    )
    return {
        "filterset": filterset,
        "filtered": queryset,
        "options": options,
        "scope": scope,
        "page": page,
        "querystring": query.urlencode(),
    }


class PartyListView(PartyPageMixin, TemplateView):
    template_name = "parties/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        queryset = selectors.with_list_columns(selectors.page_queryset(user, self.kind))
        context.update(
            list_page_context(
                self.request, queryset, filterset_class=FILTERS[self.kind.slug], user=user
            )
        )
        selectors.mark_visible_employers(user, context["page"].items)
        context["can_add"] = user.has_perm("parties.add_party")
        return context


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


def _load(request: HttpRequest, kind_slug: str, pk: int, action: str):
    kind = _page_kind(kind_slug)
    party = selectors.party_for_page(request.user, kind, pk)
    actions = selectors.party_actions(request.user, party)
    access.require(actions, action)
    return kind, party


@require_POST
def party_set_status(request: HttpRequest, kind: str, pk: int, status: str) -> HttpResponse:
    page_kind, party = _load(request, kind, pk, DELETE)
    services.party_set_status(actor=request.user, party=party, status=status)
    if status == PartyStatus.DISABLED:
        messages.success(request, _("%(name)s was disabled.") % {"name": party.display_name})
    else:
        messages.success(request, _("%(name)s is active again.") % {"name": party.display_name})
    return redirect(f"{page_kind.slug}:detail", party.pk)


class ContactMechFormView(PartyPageMixin, FormView):
    """Add a contact mechanism to a party, or edit a current one."""

    template_name = "parties/contact_mech_form.html"
    form_class = ContactMechForm
    required_action = CHANGE

    def load_party(self):
        super().load_party()
        self.pcm = None
        if "pcm_pk" in self.kwargs:
            self.pcm = access.get_or_404(
                PartyContactMech.objects.filter(
                    party=self.party, thru_date__isnull=True
                ).select_related("contact_mech"),
                self.kwargs["pcm_pk"],
            )
        return self.party

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.pcm:
            kwargs["fixed_kind"] = self.pcm.contact_mech.kind
        elif self.request.GET.get("kind") in ContactMechKind.values:
            kwargs["initial"] = {"kind": self.request.GET["kind"]}
        return kwargs

    def get_initial(self):
        if not self.pcm:
            return super().get_initial()
        mech = self.pcm.contact_mech
        initial = {
            name: getattr(mech, name)
            for name in ("to_name", "address1", "address2", "city", "postal_code", "state")
        }
        initial.update(
            kind=mech.kind,
            value="" if mech.kind == ContactMechKind.POSTAL_ADDRESS else mech.value,
            country=mech.country.code,
            extension=self.pcm.extension,
            verified=self.pcm.verified,
            purposes=list(
                self.pcm.purposes.filter(thru_date__isnull=True).values_list("purpose", flat=True)
            ),
        )
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pcm"] = self.pcm
        return context

    def form_valid(self, form):
        try:
            if self.pcm:
                services.contact_mech_update(
                    actor=self.request.user, party_contact_mech=self.pcm, **form.service_kwargs()
                )
            else:
                services.contact_mech_add(
                    actor=self.request.user,
                    party=self.party,
                    kind=form.cleaned_data["kind"],
                    **form.service_kwargs(),
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Contact details saved."))
        return redirect(self.detail_url())


@require_POST
def contact_mech_end(request: HttpRequest, kind: str, pk: int, pcm_pk: int) -> HttpResponse:
    page_kind, party = _load(request, kind, pk, CHANGE)
    pcm = access.get_or_404(PartyContactMech.objects.filter(party=party), pcm_pk)
    services.contact_mech_end(actor=request.user, party_contact_mech=pcm)
    messages.success(request, _("Contact mechanism ended; it stays in the history."))
    return redirect(f"{page_kind.slug}:detail", party.pk)


class EmploymentFormView(PartyPageMixin, FormView):
    """A contact's employment at an account, added from either page."""

    template_name = "parties/employment_form.html"
    form_class = EmploymentForm
    required_action = CHANGE

    @property
    def person_side(self) -> bool:
        return self.party.kind == PartyKind.PERSON

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        user = self.request.user
        if self.person_side:
            kwargs.update(
                choices=selectors.accounts_for_choice(user),
                other_label=_("Account"),
                noun=_("account"),
                lookup_url=reverse("accounts:lookup"),
            )
        else:
            kwargs.update(
                choices=selectors.contacts_for_choice(user),
                other_label=_("Contact"),
                noun=_("contact"),
                lookup_url=reverse("contacts:lookup"),
            )
        return kwargs

    def form_valid(self, form):
        other = form.cleaned_data["other"]
        person, organization = (self.party, other) if self.person_side else (other, self.party)
        try:
            services.employment_start(
                actor=self.request.user,
                person=person,
                organization=organization,
                title=form.cleaned_data["title"],
                from_date=form.cleaned_data["from_date"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(person)s now works at %(org)s.")
            % {"person": person.display_name, "org": organization.display_name},
        )
        return redirect(self.detail_url())


@require_POST
def relationship_end(request: HttpRequest, kind: str, pk: int, rel_pk: int) -> HttpResponse:
    page_kind, party = _load(request, kind, pk, CHANGE)
    relationship = access.get_or_404(
        PartyRelationship.objects.filter(Q(from_party=party) | Q(to_party=party)), rel_pk
    )
    services.relationship_end(actor=request.user, relationship=relationship)
    messages.success(request, _("Relationship ended; it stays in the history."))
    return redirect(f"{page_kind.slug}:detail", party.pk)


@require_POST
def consent_record(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    page_kind, party = _load(request, kind, pk, CHANGE)
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


class SharingView(PartyPageMixin, SharingMixin, TemplateView):
    def load_party(self):
        self.record = super().load_party()
        return self.record

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            list_url=self.list_url(), list_label=self.kind.plural, detail_url=self.detail_url()
        )
        return context

    def sharing_url(self) -> str:
        return reverse(f"{self.kind.slug}:sharing", args=[self.party.pk])

    def list_url(self) -> str:
        return reverse(f"{self.kind.slug}:list")

    def reassign(self, new_owner) -> None:
        services.party_reassign(actor=self.request.user, party=self.party, new_owner=new_owner)

    def visible_after_reassign(self) -> bool:
        return (
            selectors.page_queryset(self.request.user, self.kind).filter(pk=self.party.pk).exists()
        )


@require_GET
def party_lookup(request: HttpRequest, kind: str) -> HttpResponse:
    """Suggestions for a lookup field: up to 20 records of this kind the user may see whose
    name contains the typed text (htmx fills the field's <datalist> with them)."""
    # `?q=` when called directly; htmx sends the field's own name (e.g. `?account=`).
    query = request.GET.get("q")
    if query is None and len(request.GET) == 1:
        query = next(iter(request.GET.values()))
    parties = selectors.lookup_parties(request.user, _page_kind(kind), query or "")
    return render(request, "parties/lookup_options.html", {"parties": parties})


@require_GET
def contact_vcard(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The contact or lead as a vCard file, naming only a current employer the user may see
    (or, for a lead, its company)."""
    if kind not in (CONTACTS.slug, LEADS.slug):
        raise Http404
    _, party = _load(request, kind, pk, VIEW)
    employer = next(
        (
            item.other.display_name
            for item in selectors.relationships_for(request.user, party)
            if item.visible
            and item.relationship.kind == RelationshipKind.EMPLOYMENT
            and item.relationship.from_party_id == party.pk
            and item.relationship.thru_date is None
        ),
        "",
    )
    if not employer and kind == LEADS.slug and hasattr(party, "lead"):
        employer = party.lead.company_name
    text = vcards.party_to_vcard(party, selectors.contact_mechs_for(party), organization=employer)
    response = HttpResponse(text, content_type="text/vcard; charset=utf-8")
    filename = slugify(party.display_name) or "contact"
    response["Content-Disposition"] = f'attachment; filename="{filename}.vcf"'
    return response
