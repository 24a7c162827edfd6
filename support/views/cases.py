"""The case pages: the list (tabs, filters, service-level flags), opening a case (from the
360 page or an order pre-filled), a case's page with its clocks, notes, history, logged
events and the actions the viewer may take, editing it, and its single POST actions."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from commerce.records import ORDER
from commerce.selectors import orders_visible_to
from crm import access, panels, timeline
from crm.access import CHANGE, SHARE
from crm.forms import add_service_errors
from crm.ids import parse_id
from crm.pagination import Ordering, request_page
from crm.records import RecordMixin, record_or_404
from crm.views import EditConflictMixin, PageTitleMixin
from parties.kinds import page_url
from parties.models import PartyRole, RoleType
from parties.selectors import contacts_for_choice, parties_visible_to
from support import selectors, services
from support.filters import SCOPES, CaseFilter, CaseScopeForm
from support.forms import (
    AssignForm,
    CaseEditForm,
    CaseForm,
    EventLogForm,
    MergeForm,
    NoteForm,
    StatusForm,
)
from support.models import CaseStatus, Queue
from support.records import CASE
from support.views.common import (
    DANGER_MOVES,
    MOVE_LABELS,
    NOTE,
    REASSIGN,
    is_manager,
    may_take,
    queue_members,
)

NEWEST_FIRST = Ordering("created_at", descending=True)


def customers_for_case(user):
    """The parties a case may be opened for: customers and accounts the user may see."""
    return parties_visible_to(user).filter(
        Exists(
            PartyRole.objects.filter(
                party=OuterRef("pk"), role__in=[RoleType.CUSTOMER, RoleType.ACCOUNT]
            )
        )
    )


def case_owners(user):
    """The owners the list filters by: members of the support teams."""
    from django.contrib.auth.models import User

    return User.objects.filter(
        is_active=True, profile__home_team__support_queue__isnull=False
    ).order_by("first_name", "last_name", "username")


def _scoped(user, queryset, scope: str):
    if scope == "mine":
        return queryset.filter(selectors.mine_q(user))
    if scope == "team":
        return queryset.filter(selectors.team_queue_q(user))
    return queryset


# The list ------------------------------------------------------------------------------------


class CaseListView(TemplateView):
    template_name = "support/case_list.html"

    def dispatch(self, request, *args, **kwargs):
        access.require_perm(request.user, "support.view_case")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request, user = self.request, self.request.user
        options = CaseScopeForm(request.GET)
        options.is_valid()
        scope = options.cleaned_data.get("scope") or "all"
        queryset = _scoped(user, selectors.cases_for_list(user), scope)
        filterset = CaseFilter(
            request.GET or None,
            queryset=queryset,
            user=user,
            customers=customers_for_case(user),
            owners=case_owners(user),
        )
        if filterset.is_bound and filterset.is_valid():
            queryset = filterset.qs
        page, query = request_page(request, queryset, NEWEST_FIRST)
        for case in page.items:
            case.customer_url = page_url(case.customer)
        scope_query = query.copy()
        scope_query.pop("scope", None)
        context.update(
            filterset=filterset,
            options=options,
            scope=scope,
            scopes=SCOPES,
            scope_query=scope_query.urlencode(),
            page=page,
            querystring=query.urlencode(),
            now=timezone.now(),
            can_add=user.has_perm("support.add_case"),
            show_figures=is_manager(user),
            show_queue=_may_open_queue(user),
            active_customer=filterset.active_customer,
        )
        return context


def _may_open_queue(user) -> bool:
    return user.has_perm("support.change_case") or (
        access.manages_a_team(user) and Queue.objects.filter(team__manager=user).exists()
    )


# Opening a case ----------------------------------------------------------------------------


class CaseCreateView(PageTitleMixin, FormView):
    """A CSR opens a case for a customer: from its 360 page (`?customer=`), from an order
    (`?order=`: the order and its customer), or picking the customer."""

    template_name = "support/case_form.html"
    form_class = CaseForm

    def dispatch(self, request, *args, **kwargs):
        access.require_perm(request.user, "support.add_case")
        user = request.user
        self.order = None
        self.customer = None
        order_id = request.GET.get("order")
        customer_id = request.GET.get("customer")
        if order_id is not None:
            self.order, _actions = record_or_404(request, ORDER, order_id)
            self.customer = self.order.customer
        elif customer_id is not None:
            pk = parse_id(customer_id)
            self.customer = customers_for_case(user).filter(pk=pk).first() if pk else None
            if self.customer is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_title(self) -> str:
        if self.customer is not None:
            return _("New case for %(customer)s") % {"customer": self.customer.display_name}
        return _("New case")

    def get_initial(self):
        initial = super().get_initial()
        if self.customer is not None:
            initial["customer"] = self.customer
        if self.order is not None:
            initial["order"] = self.order
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        user = self.request.user
        kwargs.update(
            customers=customers_for_case(user),
            contacts=contacts_for_choice(user),
            orders=orders_visible_to(user),
            queues=Queue.objects.order_by("name"),
        )
        return kwargs

    def form_valid(self, form):
        try:
            case = services.case_create(
                actor=self.request.user,
                customer=form.cleaned_data["customer"],
                **form.service_fields(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Case %(number)s was opened for %(customer)s.")
            % {"number": case.number, "customer": case.customer.display_name},
        )
        return redirect("cases:detail", case.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = {}
        if self.order is not None:
            query["order"] = self.order.pk
        elif self.customer is not None:
            query["customer"] = self.customer.pk
        context.update(
            customer=self.customer,
            customer_url=page_url(self.customer) if self.customer is not None else "",
            order=self.order,
            form_action=reverse("cases:new") + (f"?{urlencode(query)}" if query else ""),
            cancel_url=page_url(self.customer)
            if self.customer is not None
            else reverse("cases:list"),
        )
        return context


# A case's page -----------------------------------------------------------------------------


def _moves(case) -> list[dict]:
    return [
        {"status": status, "label": MOVE_LABELS[status], "danger": status in DANGER_MOVES}
        for status in case.legal_moves()
        # Resolving has its own form (a resolution); accepting is taking or assigning it.
        if status != CaseStatus.RESOLVED
        and not (status == CaseStatus.ACCEPTED and case.owner_id is None)
    ]


class CaseDetailView(RecordMixin, TemplateView):
    template_name = "support/case_detail.html"
    record_type = CASE
    context_object_name = "case"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, case, actions = self.request.user, self.record, self.actions
        can_change = CHANGE in actions
        can_reassign = REASSIGN in actions
        members = queue_members(case) if can_reassign and case.is_open else None
        context.update(
            clocks=selectors.case_clocks(case),
            notes=selectors.case_notes(case, user),
            # Its status changes and the files on it (crm.timeline), oldest first.
            history=timeline.merged(
                CASE,
                user,
                case,
                selectors.case_history(case),
                when=lambda row: row.changed_at,
                limit=None,
                newest_first=False,
            ),
            events=selectors.case_events(case, user),
            merged_cases=list(
                selectors.cases_visible_to(user).filter(parent=case).order_by("created_at", "id")
            ),
            customer_url=page_url(case.customer),
            can_change=can_change,
            can_note=NOTE in actions or can_change,
            can_share=SHARE in actions,
            can_take=may_take(user, case, actions),
            can_assign=members is not None,
            moves=_moves(case) if can_change else [],
            can_resolve=can_change and CaseStatus.RESOLVED in case.legal_moves(),
            can_merge=can_change and case.is_open and case.parent_id is None,
            note_form=kwargs.get("note_form") or NoteForm(may_publish=can_change),
            event_form=kwargs.get("event_form") or EventLogForm(),
            assign_form=kwargs.get("assign_form")
            or (
                AssignForm(members=members, initial={"owner": case.owner_id})
                if members is not None
                else None
            ),
            status_form=kwargs.get("status_form") or StatusForm(),
            merge_form=kwargs.get("merge_form")
            or MergeForm(cases=selectors.cases_visible_to(user)),
            open_form=kwargs.get("open_form", ""),
            # What the apps above support show here: the case's files (crm.panels).
            panels=panels.panels_for(
                CASE, self.request, case, next_url=reverse("cases:detail", args=[case.pk])
            ),
        )
        return context


def _render_detail(request: HttpRequest, case, actions, **forms) -> HttpResponse:
    """The case's page again with the form that did not validate: its errors next to its
    fields and what the user typed kept."""
    view = CaseDetailView()
    view.setup(request, pk=case.pk)
    view.record, view.actions = case, actions
    response = view.render_to_response(view.get_context_data(**forms))
    response.status_code = 200
    return response


def _reload(request, case):
    """The case as saved now (a refused action may have been half-read: nothing changed)."""
    return record_or_404(request, CASE, case.pk)


class CaseEditView(PageTitleMixin, EditConflictMixin, RecordMixin, FormView):
    template_name = "support/case_form.html"
    record_type = CASE
    required_action = CHANGE
    context_object_name = "case"
    form_class = CaseEditForm

    def get_title(self) -> str:
        return _("Edit case %(number)s") % {"number": self.record.number}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        user = self.request.user
        kwargs.update(
            case=self.record,
            customers=customers_for_case(user),
            contacts=contacts_for_choice(user),
            orders=orders_visible_to(user).filter(customer_id=self.record.customer_id),
            queues=Queue.objects.order_by("name"),
        )
        return kwargs

    def save(self, form):
        return services.case_update(
            actor=self.request.user,
            case=self.record,
            version=form.cleaned_data["version"],
            **form.service_fields(),
        )

    def get_success_url(self) -> str:
        return reverse("cases:detail", args=[self.record.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            customer=self.record.customer,
            customer_url=page_url(self.record.customer),
            form_action=reverse("cases:edit", args=[self.record.pk]),
            cancel_url=reverse("cases:detail", args=[self.record.pk]),
        )
        return context


# The actions on a case's page --------------------------------------------------------------


def _done(request, case, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("cases:detail", case.pk)


@require_POST
def case_note_add(request: HttpRequest, pk) -> HttpResponse:
    case, actions = record_or_404(request, CASE, pk)
    if NOTE not in actions and CHANGE not in actions:
        raise PermissionDenied
    form = NoteForm(request.POST, may_publish=CHANGE in actions)
    if form.is_valid():
        try:
            services.case_note_add(
                actor=request.user,
                case=case,
                body=form.cleaned_data["body"],
                public=form.cleaned_data.get("public", False),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            public = form.cleaned_data.get("public", False)
            return _done(
                request,
                case,
                _("The public note was added.") if public else _("The internal note was added."),
            )
    return _render_detail(request, case, actions, note_form=form, open_form="note")


@require_POST
def case_event_log(request: HttpRequest, pk) -> HttpResponse:
    case, actions = record_or_404(request, CASE, pk, CHANGE)
    form = EventLogForm(request.POST)
    if form.is_valid():
        try:
            services.case_event_log(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(
                request,
                case,
                _("The %(kind)s was logged.")
                % {"kind": dict(form.fields["kind"].choices)[form.cleaned_data["kind"]].lower()},
            )
    return _render_detail(request, case, actions, event_form=form, open_form="event")


@require_POST
def case_assign(request: HttpRequest, pk) -> HttpResponse:
    case, actions = record_or_404(request, CASE, pk)
    user = request.user
    if "take" in request.POST:
        if not may_take(user, case, actions) and REASSIGN not in actions:
            raise PermissionDenied
        try:
            services.case_assign(actor=user, case=case, owner=user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("cases:detail", case.pk)
        return _done(request, case, _("You took case %(number)s.") % {"number": case.number})
    if REASSIGN not in actions:
        raise PermissionDenied
    form = AssignForm(request.POST, members=queue_members(case))
    if form.is_valid():
        owner = form.cleaned_data["owner"]
        try:
            services.case_assign(actor=user, case=case, owner=owner)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(
                request,
                case,
                _("Case %(number)s is assigned to %(owner)s.")
                % {"number": case.number, "owner": owner.get_full_name() or owner.username},
            )
    case, actions = _reload(request, case)
    return _render_detail(request, case, actions, assign_form=form)


@require_POST
def case_status(request: HttpRequest, pk) -> HttpResponse:
    case, actions = record_or_404(request, CASE, pk, CHANGE)
    form = StatusForm(request.POST)
    if form.is_valid():
        status = form.cleaned_data["status"]
        try:
            services.case_status_change(
                actor=request.user,
                case=case,
                status=status,
                note=form.cleaned_data["note"],
                resolution=form.cleaned_data["resolution"] if status == CaseStatus.RESOLVED else "",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            case.refresh_from_db(fields=["status"])
            return _done(
                request,
                case,
                _("Case %(number)s is %(status)s.")
                % {"number": case.number, "status": case.get_status_display().lower()},
            )
    case, actions = _reload(request, case)
    return _render_detail(request, case, actions, status_form=form)


@require_POST
def case_merge(request: HttpRequest, pk) -> HttpResponse:
    case, actions = record_or_404(request, CASE, pk, CHANGE)
    form = MergeForm(request.POST, cases=selectors.cases_visible_to(request.user))
    if form.is_valid():
        into = form.cleaned_data["into"]
        try:
            services.case_merge(
                actor=request.user, case=case, into=into, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _done(
                request,
                case,
                _("Case %(number)s was merged into %(into)s.")
                % {"number": case.number, "into": into.number},
            )
    case, actions = _reload(request, case)
    return _render_detail(request, case, actions, merge_form=form)
