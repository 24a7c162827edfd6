"""Bulk actions on the cases list (crm/bulk.py: assign, change status, change priority,
export) and its inline-editable columns (crm/inline.py: status, priority, assignee).

Each row goes through the case services, which keep the clocks, the history, the journey and
the notifications (an assignment notifies the new owner): a bulk action is only many single
actions. The selection is narrowed in SQL to the cases the user may work (status, priority)
or hand on (assign); the services have the last word on each row (a move the case's workflow
refuses is that row's error, reported in the summary)."""

from __future__ import annotations

from dataclasses import replace

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from crm import access, bulk, inline
from crm.access import CHANGE
from crm.exceptions import ConcurrentUpdate
from crm.forms import RecordChoiceField
from parties import bulk as party_bulk
from support import selectors, services
from support.filters import CaseFilter, CaseScopeForm
from support.models import Case, CasePriority, CaseResolution, CaseStatus
from support.records import CASE
from support.selectors import REASSIGN, TAKE
from support.selectors.visibility import works_cases
from support.services.common import locked
from support.views.cases import case_owners, customers_for_case
from support.views.common import queue_members

LIST_PERMISSION = "support.view_case"


def _scoped(user: User, queryset: QuerySet[Case], scope: str) -> QuerySet[Case]:
    """The list's tabs (support.views.cases.CaseListView)."""
    if scope == "mine":
        return queryset.filter(selectors.mine_q(user))
    if scope == "team":
        return queryset.filter(selectors.team_queue_q(user))
    return queryset


def case_rows(user: User, params: QueryDict) -> QuerySet[Case]:
    """The list's rows for its query string, as CaseListView narrows them (a user without
    the case pages gets none: 403, as the list)."""
    access.require_perm(user, LIST_PERMISSION)
    return party_bulk.filtered(
        user,
        params,
        selectors.cases_for_list(user),
        filterset_class=CaseFilter,
        options_class=CaseScopeForm,
        scope_with=_scoped,
        user=user,
        customers=customers_for_case(user),
        owners=case_owners(user),
    )


def case_records(ids: list[int]) -> QuerySet[Case]:
    """Cases for the services, with what their rights read (the queue's team, the owner's)."""
    return (
        Case.objects.filter(pk__in=ids)
        .select_related("owner__profile__home_team", "queue__team", "customer")
        .order_by("pk")
    )


def _user(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def case_csv(user: User, ids: list[int]):
    """The list's columns (the customer as the list names it)."""
    cases = (
        Case.objects.filter(pk__in=ids)
        .select_related("customer", "owner", "queue")
        .order_by("-created_at", "-pk")
    )
    for case in cases:
        yield [
            case.number,
            case.subject,
            case.customer.display_name,
            case.get_status_display(),
            case.get_priority_display(),
            case.queue.name,
            _user(case.owner),
            formats.date_format(timezone.localtime(case.created_at), "SHORT_DATETIME_FORMAT"),
        ]


CSV_HEADER = [
    _("Number"),
    _("Subject"),
    _("Customer"),
    _("Status"),
    _("Priority"),
    _("Queue"),
    _("Owner"),
    _("Opened"),
]


# Who may do what, in SQL (support.selectors.case_actions, row by row, is the same rule) ----


def _works(user: User) -> bool:
    return works_cases(user) and user.has_perm("support.change_case")


def _workable(user: User, queryset: QuerySet[Case]) -> QuerySet[Case]:
    """Status and priority: Customer Service and administrators work every case they see."""
    return queryset if _works(user) else queryset.none()


def _may_assign(user: User) -> bool:
    """Who can hand any case on at all: case workers (their own, or taking), managers (their
    queue's, their team's), administrators. Sales reps only read cases."""
    return access.is_administrator(user) or access.manages_a_team(user) or _works(user)


def _assignable(user: User, queryset: QuerySet[Case]) -> QuerySet[Case]:
    """Handing a case on: its owner, the manager of its queue's team or of its owner's team,
    administrators; and whoever works cases takes an unassigned one (the service refuses a
    taker who names someone else: skipped)."""
    if access.is_administrator(user):
        return queryset
    q = (
        Q(owner_id=user.pk)
        | Q(queue__team__manager_id=user.pk)
        | Q(owner__profile__home_team__manager_id=user.pk)
    )
    if _works(user):
        q |= Q(owner__isnull=True)
    return queryset.filter(q)


# The actions ------------------------------------------------------------------------------


class AssignForm(forms.Form):
    """Whom the selected cases go to: the people who work support cases."""

    owner = RecordChoiceField(label=_("Assign to"), queryset=User.objects.none())

    def __init__(self, data=None, *, user: User):
        super().__init__(data)
        self.fields["owner"].queryset = case_owners(user)
        self.fields["owner"].label_from_instance = _user

    def params(self) -> dict:
        return {"owner": self.cleaned_data["owner"].pk}


def _prepare_assign(user: User, params: dict) -> dict:
    owner = case_owners(user).filter(pk=params.get("owner")).first()
    if owner is None:
        raise ValidationError(gettext("The new owner can no longer be chosen."))
    return {"owner": owner}


def _assign(*, actor: User, record: Case, owner: User) -> bool:
    if record.owner_id == owner.pk:
        return False
    services.case_assign(actor=actor, case=record, owner=owner)
    return True


class BulkStatusForm(forms.Form):
    """The status the selected cases move to; resolving needs a resolution."""

    status = forms.ChoiceField(label=_("New status"), choices=CaseStatus.choices)
    resolution = forms.ChoiceField(
        label=_("Resolution"),
        choices=[("", _("(choose to resolve)")), *CaseResolution.choices],
        required=False,
        help_text=_("Needed to resolve the cases."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, data=None, *, user: User):
        super().__init__(data)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == CaseStatus.RESOLVED and not cleaned.get("resolution"):
            self.add_error("resolution", gettext("Choose a resolution to resolve the case."))
        return cleaned

    def params(self) -> dict:
        return {
            "status": self.cleaned_data["status"],
            "resolution": self.cleaned_data["resolution"],
            "note": self.cleaned_data["note"],
        }


def _prepare_status(user: User, params: dict) -> dict:
    return {
        "status": params.get("status", ""),
        "resolution": params.get("resolution", ""),
        "note": params.get("note", ""),
    }


def _status(*, actor: User, record: Case, status: str, resolution: str, note: str) -> bool:
    """A move the case's workflow refuses (LEGAL_MOVES) is a ValidationError: reported."""
    if record.status == status:
        return False
    services.case_status_change(
        actor=actor,
        case=record,
        status=status,
        note=note,
        resolution=resolution if status == CaseStatus.RESOLVED else "",
    )
    return True


class BulkPriorityForm(forms.Form):
    priority = forms.TypedChoiceField(
        label=_("New priority"), choices=CasePriority.choices, coerce=int
    )

    def __init__(self, data=None, *, user: User):
        super().__init__(data)

    def params(self) -> dict:
        return {"priority": self.cleaned_data["priority"]}


def _prepare_priority(user: User, params: dict) -> dict:
    priority = params.get("priority")
    if priority not in CasePriority.values:
        raise ValidationError(gettext("Choose one of the priorities listed."))
    return {"priority": priority}


def _priority(*, actor: User, record: Case, priority: int) -> bool:
    """As the edit page: the open clocks are re-targeted to the new priority's levels."""
    if record.priority == priority:
        return False
    services.case_update(actor=actor, case=record, version=record.version, priority=priority)
    return True


CASE_LIST = bulk.register(
    bulk.BulkList(
        "cases",
        nouns=(_("case"), _("cases")),
        list_url="cases:list",
        queryset=case_rows,
        records=case_records,
        csv_header=CSV_HEADER,
        csv_rows=case_csv,
    ).add(
        bulk.BulkAction(
            "assign",
            _("Assign to"),
            allowed=_assignable,
            apply=_assign,
            form_class=AssignForm,
            prepare=_prepare_assign,
            offered=_may_assign,
            unchanged_text=_("had that owner already"),
            confirm_text=_("Each new owner is notified."),
        ),
        bulk.BulkAction(
            "status",
            _("Change status"),
            allowed=_workable,
            apply=_status,
            form_class=BulkStatusForm,
            prepare=_prepare_status,
            offered=_works,
            unchanged_text=_("had that status already"),
            confirm_text=_(
                "A case whose status may not move so (a closed case cannot start work, say) "
                "is left as it is and reported."
            ),
        ),
        bulk.BulkAction(
            "priority",
            _("Change priority"),
            allowed=_workable,
            apply=_priority,
            form_class=BulkPriorityForm,
            prepare=_prepare_priority,
            offered=_works,
            unchanged_text=_("had that priority already"),
        ),
        # Checked before the CSV streams (the rows are read while it streams).
        replace(bulk.export_action(), offered=lambda user: user.has_perm(LIST_PERMISSION)),
    )
)


# Inline edit ------------------------------------------------------------------------------


def _select(field: forms.Field) -> None:
    field.widget.attrs["class"] = "form-select form-select-sm"


class StatusForm(inline.VersionForm):
    """The moves the case's page offers from its status (resolving with a resolution)."""

    status = forms.ChoiceField(label=_("Status"))
    resolution = forms.ChoiceField(
        label=_("Resolution (when resolving)"),
        choices=[("", "—"), *CaseResolution.choices],
        required=False,
    )

    def __init__(self, data=None, *, record, user, **kwargs):
        super().__init__(data, record=record, user=user, **kwargs)
        current = CaseStatus(record.status)
        moves = [
            CaseStatus(s)
            for s in record.legal_moves()
            if not (s == CaseStatus.ACCEPTED and record.owner_id is None)
        ]
        self.fields["status"].choices = [(s.value, s.label) for s in (current, *moves)]
        self.fields["status"].initial = current.value
        _select(self.fields["status"])
        _select(self.fields["resolution"])


@transaction.atomic
def _save_status(*, actor: User, record: Case, form) -> Case:
    """case_status_change carries no version: the edit page's version rule is checked here,
    on the locked row."""
    if locked(record).version != form.cleaned_data["version"]:
        raise ConcurrentUpdate
    status = form.cleaned_data["status"]
    if status != record.status:
        services.case_status_change(
            actor=actor,
            case=record,
            status=status,
            resolution=form.cleaned_data["resolution"] if status == CaseStatus.RESOLVED else "",
        )
    return record


class PriorityForm(inline.VersionForm):
    priority = forms.TypedChoiceField(label=_("Priority"), choices=CasePriority.choices, coerce=int)

    def __init__(self, data=None, *, record, user, **kwargs):
        super().__init__(data, record=record, user=user, **kwargs)
        self.fields["priority"].initial = record.priority
        _select(self.fields["priority"])


def _save_priority(*, actor: User, record: Case, form) -> Case:
    """case_update checks the version itself (CaseChanged is a ConcurrentUpdate)."""
    if form.cleaned_data["priority"] == record.priority:
        return record
    return services.case_update(
        actor=actor,
        case=record,
        version=form.cleaned_data["version"],
        priority=form.cleaned_data["priority"],
    )


class OwnerForm(inline.VersionForm):
    """As the case's page: its queue's team members for who may hand it on; oneself for
    who may only take it."""

    owner = RecordChoiceField(label=_("Assigned to"), queryset=User.objects.none())

    def __init__(self, data=None, *, record, user, **kwargs):
        super().__init__(data, record=record, user=user, **kwargs)
        field = self.fields["owner"]
        actions = selectors.case_actions(user, record)
        if REASSIGN in actions:
            field.queryset = queue_members(record)
        else:
            field.queryset = User.objects.filter(pk=user.pk)
        field.initial = record.owner_id
        field.label_from_instance = _user
        _select(field)


@transaction.atomic
def _save_owner(*, actor: User, record: Case, form) -> Case:
    if locked(record).version != form.cleaned_data["version"]:
        raise ConcurrentUpdate
    owner = form.cleaned_data["owner"]
    if owner.pk != record.owner_id:
        services.case_assign(actor=actor, case=record, owner=owner)
    return record


def _may_change(user: User, record: Case, actions: set[str]) -> bool:
    return CHANGE in actions


INLINE = inline.InlineList(
    record_type=CASE,
    url_name="cases:inline",
    edit_url_name="cases:detail",  # status and assignee are changed on the case's page
    detail_url_name="cases:detail",
    fields={
        "status": inline.InlineField(
            "status",
            _("status"),
            StatusForm,
            _save_status,
            _may_change,
            "support/_inline_status.html",
            # Accepting, resolving, reopening move the service-level column too.
            refreshes_row=True,
        ),
        "priority": inline.InlineField(
            "priority",
            _("priority"),
            PriorityForm,
            _save_priority,
            _may_change,
            "support/_inline_priority.html",
            refreshes_row=True,  # the deadlines follow the priority
        ),
        "owner": inline.InlineField(
            "owner",
            _("assignee"),
            OwnerForm,
            _save_owner,
            lambda user, record, actions: bool({REASSIGN, TAKE} & actions),
            "support/_inline_owner.html",
            refreshes_row=True,  # a new case is accepted when assigned
        ),
    },
)
inline_view = inline.inline_view(INLINE)
