"""View mixins every app's pages share: the edit-conflict rule of versioned records and the
guard of form pages that do not apply in a record's state; the 403 page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm import access
from crm.exceptions import ConcurrentUpdate, PageDenied
from crm.forms import add_service_errors


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 page (config.urls.handler403). A page the user's role does not open says who
    may open it (crm.access.require_perm), an action a role takes (PageDenied's `action`) who
    may take it; any other 403 is an action refused on a record the user may see, which its
    owner can share."""
    who, action = "", ""
    if isinstance(exception, PageDenied):
        action = str(exception.action)
        names = access.groups_holding(exception.permission) if exception.permission else []
        if exception.also:
            names.append(str(exception.also))
        if not exception.permission:  # administrators open every page
            names.append(_("administrators"))
        who = get_text_list(names or [_("administrators")], _("and"))
    return render(
        request, "403.html", {"page_denied": bool(who), "who": who, "action": action}, status=403
    )


class StateGuardMixin:
    """A form page that does not apply in the record's current state (a converted lead, a
    closed deal): GET and POST both go back to the record's page with a message."""

    def refusal(self) -> HttpResponse | None:
        return None

    def get(self, request, *args, **kwargs):
        return self.refusal() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refusal() or super().post(request, *args, **kwargs)


def shown_value(field: forms.Field, value) -> str:
    """A form field's value as the form shows it to people: a choice's label, a record's
    name, a localized date or number; "(empty)" for nothing."""
    if value in (None, "", [], ()):
        return _("(empty)")
    if isinstance(field, forms.ModelMultipleChoiceField):
        pks = [v.pk if isinstance(v, models.Model) else v for v in value]
        return ", ".join(str(o) for o in field.queryset.filter(pk__in=pks)) or _("(empty)")
    if isinstance(field, forms.ModelChoiceField):
        if isinstance(value, models.Model):
            return str(value)
        found = field.queryset.filter(pk=value).first()
        return str(found) if found is not None else _("(empty)")
    if isinstance(field, forms.ChoiceField):
        labels = {str(k): v for k, v in field.choices}
        if isinstance(value, list | tuple):
            return ", ".join(str(labels.get(str(v), v)) for v in value)
        return str(labels.get(str(value), value))
    if isinstance(field, forms.BooleanField):
        return _("yes") if value else _("no")
    return str(formats.localize(value))


class EditConflictMixin:
    """The edit page of a versioned record (with RecordMixin and FormView). `save(form)`
    calls the service with the version the form carried; when someone else saved the record
    meanwhile (ConcurrentUpdate), the page keeps what the user typed, names next to each
    field the value saved meanwhile, and carries the new version, so that saving again,
    after a review, is a deliberate overwrite. A service's ValidationError shows next to
    the fields it names."""

    success_message = gettext_lazy("Your changes were saved.")

    def save(self, form: forms.Form) -> models.Model:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.save(form)
        except ConcurrentUpdate as exc:
            return self.form_invalid(self.conflict_form(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def conflict_form(self, exc: ConcurrentUpdate) -> forms.Form:
        self.reload_record()
        kwargs = self.get_form_kwargs()
        data = kwargs.pop("data").copy()
        kwargs.pop("files", None)
        form_class = self.get_form_class()
        # The form as it would open now: its initial values are what is saved.
        saved = form_class(**kwargs)
        saved_values = {name: saved[name].initial for name in saved.fields}
        data["version"] = str(self.record.version)
        conflict = form_class(data=data, **kwargs)
        conflict.is_valid()
        conflict.add_error(None, exc.message)
        for name, field in conflict.fields.items():
            if name == "version" or field.disabled or isinstance(field.widget, forms.HiddenInput):
                continue
            if field.has_changed(saved_values[name], conflict[name].data):
                conflict.add_error(
                    name,
                    _("Saved meanwhile: %(value)s")
                    % {"value": shown_value(field, saved_values[name])},
                )
        conflict.conflict = True
        return conflict


class PageTitleMixin:
    """A page whose heading is also its <title> (templates/crm/form_page.html writes both
    from `title`): a fixed `title`, or `get_title()` for one that names its record."""

    title = ""

    def get_title(self) -> str:
        return str(self.title)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("title", self.get_title())
        return context
