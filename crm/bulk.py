"""Bulk actions on a list: the ticked rows (or every row matching the list's filters), one
action (change owner, add to a contact list, add a tag, disable, export), and a summary.

Each app registers its lists and their actions (parties/bulk.py, leads/bulk.py,
opportunities/bulk.py); this module parses the selection, narrows it in SQL to what the
user may change (the rest is skipped and counted, never touched), runs each row through the
app's service, and splits the work: up to `CRM_BULK_SYNC_LIMIT` rows in the request, in one
transaction, more as one background job (crm.jobs), whose page shows the summary.

A selection is either the ticked ids or, for "all matching this filter", the list's query
string: it is re-evaluated where the work runs (the job sees the rows as they are then),
never turned into a list of ids in a URL."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from crm.forms import PersonChoiceField
from crm.ids import parse_id
from crm.jobs import enqueue, job_task

# Ticked ids beyond this are refused: a page holds CRM_PAGE_SIZE rows; more is "all matching".
MAX_TICKED = 1000
CHUNK = 200
ERRORS_KEPT = 5


@dataclass(frozen=True)
class BulkAction:
    """One thing a list's rows can have done to them.

    `allowed(user, queryset)` narrows the selection, in SQL, to the rows the user may do it
    to; `apply(actor=, record=, **params)` does it to one row through the app's service and
    says whether anything changed (False: it already was so); a ValidationError leaves that
    row unchanged and is reported. `form_class(data, user=)` asks for the action's input
    (its `params()` is JSON for the job); `prepare(user, params)` turns that JSON back into
    the service's arguments. `offered(user)` says whether the user sees the action at all."""

    name: str
    label: Any
    allowed: Callable[[User, models.QuerySet], models.QuerySet] | None = None
    apply: Callable[..., bool] | None = None
    form_class: type[forms.Form] | None = None
    prepare: Callable[[User, dict], dict] = lambda user, params: {}
    offered: Callable[[User], bool] = lambda user: True
    unchanged_text: Any = gettext_lazy("already so")
    confirm_text: Any = ""
    export: bool = False


@dataclass
class BulkList:
    """A list page's bulk actions. `queryset(user, params)` is the list's rows for its query
    string (permission-filtered, scoped and filtered as the list does; no order, no page);
    `records(ids)` loads rows for the services; `csv_header` and `csv_rows(user, ids)`
    export the list's visible columns of those rows. `nouns` are the singular and plural names."""

    name: str
    nouns: tuple[Any, Any]
    list_url: str
    queryset: Callable[[User, QueryDict], models.QuerySet]
    records: Callable[[list[int]], Iterable[models.Model]]
    csv_header: list[Any] = field(default_factory=list)
    csv_rows: Callable[[User, list[int]], Iterable[list]] | None = None
    actions: dict[str, BulkAction] = field(default_factory=dict)

    def add(self, *actions: BulkAction) -> BulkList:
        for action in actions:
            self.actions[action.name] = action
        return self

    def noun(self, count: int) -> str:
        return str(self.nouns[0] if count == 1 else self.nouns[1])

    def offered(self, user: User) -> list[BulkAction]:
        return [action for action in self.actions.values() if action.offered(user)]

    def load(self, ids: list[int]) -> Iterable[models.Model]:
        return self.records(ids)


LISTS: dict[str, BulkList] = {}


def register(bulk_list: BulkList) -> BulkList:
    LISTS[bulk_list.name] = bulk_list
    return bulk_list


def bulk_list_for(name: str) -> BulkList:
    if name not in LISTS:  # a worker process that has not loaded the URLconf
        autodiscover_modules("bulk")
    try:
        return LISTS[name]
    except KeyError as exc:
        raise Http404 from exc


# The selection ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The ticked ids, or (`everything`) every row the list's `query` string matches."""

    ids: tuple[int, ...] = ()
    everything: bool = False
    query: str = ""

    @classmethod
    def from_post(cls, data: QueryDict) -> Selection | None:
        """None when nothing is selected (or the ticked ids are no ids or far too many)."""
        query = _list_query(data.get("query", ""))
        if data.get("all") == "1":
            return cls(everything=True, query=query)
        ids = {parse_id(value) for value in data.getlist("ids")}
        ids.discard(None)
        if not ids or len(ids) > MAX_TICKED:
            return None
        return cls(ids=tuple(sorted(ids)), query=query)

    @classmethod
    def from_json(cls, data: dict) -> Selection:
        return cls(
            ids=tuple(data.get("ids", ())),
            everything=bool(data.get("everything")),
            query=data.get("query", ""),
        )

    def as_json(self) -> dict:
        return {"ids": list(self.ids), "everything": self.everything, "query": self.query}

    def queryset(self, bulk_list: BulkList, user: User) -> models.QuerySet:
        """The selected rows the user may see, evaluated now."""
        if self.everything:
            return bulk_list.queryset(user, QueryDict(self.query)).order_by()
        return bulk_list.queryset(user, QueryDict()).filter(pk__in=self.ids).order_by()


def _list_query(query: str) -> str:
    """The list's filters, without its page cursors (a selection is never one page)."""
    params = QueryDict(query, mutable=True)
    for name in ("after", "before"):
        params.pop(name, None)
    return params.urlencode()


# Running ----------------------------------------------------------------------------------


def run(
    *,
    bulk_list: BulkList,
    action: BulkAction,
    actor: User,
    selection: Selection,
    params: dict,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Do `action` to the selected rows the actor may change, each through the app's
    service in a savepoint of the caller's transaction; returns the summary (JSON)."""
    selected = selection.queryset(bulk_list, actor)
    total = selected.count()
    allowed = action.allowed(actor, selected) if action.allowed else selected
    ids = list(allowed.order_by("pk").values_list("pk", flat=True).distinct())
    arguments = action.prepare(actor, params)
    result = {
        "list": bulk_list.name,
        "action": action.name,
        "total": total,
        "changed": 0,
        "unchanged": 0,
        "skipped": total - len(ids),
        "failed": 0,
        "errors": [],
    }
    done = result["skipped"]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for record in bulk_list.load(chunk):
            try:
                with transaction.atomic():
                    changed = action.apply(actor=actor, record=record, **arguments)
            except PermissionDenied:
                result["skipped"] += 1
            except ValidationError as exc:
                result["failed"] += 1
                if len(result["errors"]) < ERRORS_KEPT:
                    result["errors"].append(f"{record}: {' '.join(exc.messages)}")
            else:
                result["changed" if changed else "unchanged"] += 1
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    result["summary"] = summary_text(bulk_list, action, result)
    return result


def summary_text(bulk_list: BulkList, action: BulkAction, result: dict) -> str:
    """ "Changed 118 contacts; 2 skipped: you may not change them"."""
    changed = result["changed"]
    parts = [_("Changed %(count)s %(noun)s") % {"count": changed, "noun": bulk_list.noun(changed)}]
    if result["unchanged"]:
        parts.append(
            _("%(count)s %(why)s") % {"count": result["unchanged"], "why": action.unchanged_text}
        )
    if result["skipped"]:
        parts.append(_("%(count)s skipped: you may not change them") % {"count": result["skipped"]})
    if result["failed"]:
        parts.append(
            _("%(count)s not changed: %(why)s")
            % {"count": result["failed"], "why": "; ".join(result["errors"])}
        )
    return "; ".join(parts) + "."


def job_label(bulk_list: BulkList, action: BulkAction, count: int) -> str:
    return _("%(action)s: %(count)s %(noun)s") % {
        "action": action.label,
        "count": count,
        "noun": bulk_list.noun(count),
    }


@job_task
def bulk_run(job, *, list_name: str, action: str, selection: dict, params: dict) -> dict:
    """The background job of a large selection: the selection is evaluated now, as the
    job's creator sees it, in the job's one transaction (a cancel rolls it all back)."""
    bulk_list = bulk_list_for(list_name)
    result = run(
        bulk_list=bulk_list,
        action=bulk_list.actions[action],
        actor=job.created_by,
        selection=Selection.from_json(selection),
        params=params,
        progress=job.progress,
    )
    result["url"] = _back(bulk_list, Selection.from_json(selection).query)
    result["url_label"] = str(_("Back to the list"))
    return result


# CSV export -------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A cell as text; one a spreadsheet would run as a formula starts with a quote."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_rows(bulk_list: BulkList, actor: User, selection: Selection) -> Iterator[str]:
    """The selected rows the user may see, as CSV lines, read in chunks."""
    writer = csv.writer(_Echo())
    yield writer.writerow([csv_cell(h) for h in bulk_list.csv_header])
    ids = list(selection.queryset(bulk_list, actor).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        for row in bulk_list.csv_rows(actor, ids[start : start + CHUNK]):
            yield writer.writerow([csv_cell(cell) for cell in row])


def export_response(bulk_list: BulkList, actor: User, selection: Selection) -> HttpResponse:
    response = StreamingHttpResponse(
        export_rows(bulk_list, actor, selection), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{bulk_list.name}.csv"'
    return response


# The page ---------------------------------------------------------------------------------


def _back(bulk_list: BulkList, query: str) -> str:
    url = reverse(bulk_list.list_url)
    return f"{url}?{query}" if query else url


def _form(action: BulkAction, user: User, data=None) -> forms.Form | None:
    return action.form_class(data, user=user) if action.form_class else None


@require_POST
def bulk_view(request: HttpRequest, *, list_name: str) -> HttpResponse:
    """POST from a list: the action chosen and the rows ticked (or "all matching"). Export
    answers the CSV; other actions show a confirmation page naming how many rows and asking
    the action's input; confirmed, the work runs (or is queued) and the summary shows."""
    bulk_list = bulk_list_for(list_name)
    user = request.user
    query = _list_query(request.POST.get("query", ""))
    action = bulk_list.actions.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Choose what to do with the selected rows."))
        return redirect(_back(bulk_list, query))
    if not action.offered(user):
        raise PermissionDenied
    selection = Selection.from_post(request.POST)
    if selection is None:
        messages.error(request, _("Tick the rows to act on, or choose all matching rows."))
        return redirect(_back(bulk_list, query))
    if action.export:
        return export_response(bulk_list, user, selection)
    confirmed = request.POST.get("confirm") == "1"
    form = _form(action, user, request.POST if confirmed else None)
    count = selection.queryset(bulk_list, user).count()
    if confirmed and (form is None or form.is_valid()):
        params = form.params() if form is not None else {}
        if count <= settings.CRM_BULK_SYNC_LIMIT:
            with transaction.atomic():
                result = run(
                    bulk_list=bulk_list,
                    action=action,
                    actor=user,
                    selection=selection,
                    params=params,
                )
            messages.success(request, result["summary"])
            return redirect(_back(bulk_list, query))
        job = enqueue(
            bulk_run,
            user=user,
            label=job_label(bulk_list, action, count),
            total=count,
            list_name=bulk_list.name,
            action=action.name,
            selection=selection.as_json(),
            params=params,
        )
        messages.info(request, _("%(label)s runs in the background.") % {"label": job.label})
        return redirect("job_detail", job.pk)
    return render(
        request,
        "crm/_bulk_confirm.html",
        {
            "title": action.label,
            "bulk_list": bulk_list,
            "action": action,
            "form": form,
            "count": count,
            "noun": bulk_list.noun(count),
            "selection": selection,
            "query": query,
            "back_url": _back(bulk_list, query),
            "in_background": count > settings.CRM_BULK_SYNC_LIMIT,
        },
    )


# Common actions ---------------------------------------------------------------------------


def export_action() -> BulkAction:
    return BulkAction("export", gettext_lazy("Export CSV"), export=True)


class OwnerForm(forms.Form):
    """The new owner of the selected rows: whoever the list lets the user hand rows to."""

    owner = PersonChoiceField(label=gettext_lazy("New owner"), queryset=User.objects.none())

    def __init__(self, data=None, *, user: User, owners=None):
        super().__init__(data)
        from crm.forms import people

        self.fields["owner"].queryset = owners if owners is not None else people()

    def params(self) -> dict:
        return {"owner": self.cleaned_data["owner"].pk}


def prepare_owner(owners: Callable[[User], models.QuerySet] | None = None):
    """The `prepare` of a change-owner action: the new owner, if still one the user may
    hand rows to (a job runs later)."""

    def prepare(user: User, params: dict) -> dict:
        from crm.forms import people

        choices = owners(user) if owners is not None else people()
        owner = choices.filter(pk=params.get("owner")).first()
        if owner is None:
            raise ValidationError(_("The new owner can no longer be chosen."))
        return {"new_owner": owner}

    return prepare


def reassignable(model: type[models.Model]):
    """The rows whose owner the user may change (access.can_reassign, in SQL): their own,
    their teams' members' when they manage a team, all for administrators."""
    from crm import access

    def allowed(user: User, queryset: models.QuerySet) -> models.QuerySet:
        if access.is_administrator(user):
            return queryset
        q = models.Q(owner_id=user.pk)
        managed = access.managed_q(user, model)
        if managed is not None:
            q |= managed
        return queryset.filter(q)

    return allowed


def holding(model: type[models.Model], action: str):
    """The rows the user holds `action` on (administrators: all); CHANGE follows
    access.changeable_q (managers change their teams' records where the setting says so)."""
    from crm import access

    def allowed(user: User, queryset: models.QuerySet) -> models.QuerySet:
        if access.is_administrator(user):
            return queryset
        if action == access.CHANGE:
            q = access.changeable_q(user, model)
            return queryset if q is None else queryset.filter(q)
        return queryset.filter(access.granted_q(user, model, action))

    return allowed
