"""Inline edit of a list's simple columns (status, owner, close date, stage).

A cell links to the record's edit page; with htmx a click swaps in a small form
(GET `<list>/<pk>/inline/<field>/`), and saving (POST, same URL) goes through the same
service, access rule and version rule as the edit page: a record the user may not see is
404, one they may not change 403, a stale version "changed by someone else" (409, nothing
saved, the form shows the value saved meanwhile and carries the new version). Success
swaps the cell back with the new value."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from crm.access import VIEW
from crm.exceptions import ConcurrentUpdate
from crm.forms import add_service_errors
from crm.records import RecordType, record_or_404


@dataclass(frozen=True)
class InlineField:
    """One editable column. `form_class(data, record=, user=)` has the field (named `name`)
    and a hidden `version`; `save(actor=, record=, form=)` calls the service (raising
    ConcurrentUpdate on a stale version); `may_change(user, record, actions)` is the edit
    page's rule; `value_template` renders the cell's value (`record` in its context)."""

    name: str
    label: Any
    form_class: type[forms.Form]
    save: Callable[..., models.Model]
    may_change: Callable[[Any, models.Model, set[str]], bool]
    value_template: str
    # A save that changes other columns too (a stage brings its probability): the list
    # reloads (HX-Refresh) instead of swapping the one cell back.
    refreshes_row: bool = False


@dataclass(frozen=True)
class InlineList:
    """The inline-editable columns of one list: `url_name` is the inline URL's name,
    `edit_url_name` the edit page the cell links to without JavaScript."""

    record_type: RecordType
    url_name: str
    edit_url_name: str
    detail_url_name: str
    fields: dict[str, InlineField]


def version_of(record: models.Model) -> int:
    version = getattr(record, "version", None)
    if version is None and hasattr(record, "party"):
        version = record.party.version
    return version or 0


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, data=None, *, record, user, **kwargs):
        kwargs.setdefault("auto_id", f"inline-{record.pk}-%s")  # the list's filters use id_*
        super().__init__(data, initial={"version": version_of(record)}, **kwargs)
        self.record = record
        self.user = user


def _context(inline: InlineList, field: InlineField, record, **extra) -> dict:
    return {
        "record": record,
        "field_name": field.name,
        "field_label": field.label,
        "url": reverse(inline.url_name, args=[record.pk, field.name]),
        "edit_url": reverse(inline.edit_url_name, args=[record.pk]),
        "value_template": field.value_template,
        **extra,
    }


def _cell(request, inline: InlineList, field: InlineField, record, status=200) -> HttpResponse:
    return render(request, "crm/_inline_cell.html", _context(inline, field, record), status=status)


def _form(request, inline, field, record, form, status=200, conflict="") -> HttpResponse:
    return render(
        request,
        "crm/_inline_form.html",
        _context(inline, field, record, form=form, conflict=conflict),
        status=status,
    )


def inline_view(inline: InlineList):
    """The view of a list's inline URL (GET: the form, or the cell with ?cancel=1)."""

    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, pk: int, field: str) -> HttpResponse:
        column = inline.fields.get(field)
        if column is None:
            raise Http404
        record, actions = record_or_404(request, inline.record_type, pk, VIEW)
        if request.method == "GET" and request.GET.get("cancel") == "1":
            return _cell(request, inline, column, record)
        htmx = request.headers.get("HX-Request") == "true"
        if not column.may_change(request.user, record, actions):
            if not htmx:
                raise PermissionDenied
            return render(
                request,
                "crm/_inline_cell.html",
                _context(inline, column, record, denied=True),
                status=403,
            )
        if request.method == "GET":
            if not htmx:
                return redirect(inline.edit_url_name, record.pk)
            return _form(
                request, inline, column, record, column.form_class(record=record, user=request.user)
            )
        form = column.form_class(request.POST, record=record, user=request.user)
        if not form.is_valid():
            return _form(request, inline, column, record, form, status=422)
        try:
            saved = column.save(actor=request.user, record=record, form=form)
        except ConcurrentUpdate:
            current, _actions = record_or_404(request, inline.record_type, pk, VIEW)
            fresh = column.form_class(record=current, user=request.user)
            return _form(
                request,
                inline,
                column,
                current,
                fresh,
                status=409,
                conflict=_(
                    "%(name)s was changed by someone else; nothing was saved. "
                    "The value now saved is shown: change it again to overwrite it."
                )
                % {"name": current},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return _form(request, inline, column, record, form, status=422)
        if not htmx:
            messages.success(request, _("%(name)s was saved.") % {"name": saved})
            return redirect(inline.detail_url_name, record.pk)
        refreshed, _actions = record_or_404(request, inline.record_type, pk, VIEW)
        response = _cell(request, inline, column, refreshed)
        if column.refreshes_row:
            response["HX-Refresh"] = "true"
        return response

    return view
