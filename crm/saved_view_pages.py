"""The pages of saved views (crm.saved_views): save the list's current view under a name,
open one, make it my default, delete one of mine. A view that is neither mine nor shared with
my team is 404; deleting a view of my team's that is not mine is 403."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from crm import saved_views
from crm.forms import add_service_errors
from crm.ids import parse_id
from crm.models import SavedView


class SavedViewForm(forms.Form):
    list_key = forms.CharField(widget=forms.HiddenInput, max_length=100)
    # Its length is the service's to refuse, above the form (a hidden field's error is unseen).
    query = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    name = forms.CharField(
        label=gettext_lazy("Name of the view"),
        max_length=saved_views.NAME_MAX_LENGTH + 20,
        error_messages={"required": gettext_lazy("Give the view a name.")},
    )
    shared = forms.BooleanField(label=gettext_lazy("Share with my team"), required=False)


def _view_or_404(user, pk) -> SavedView:
    number = parse_id(pk)
    if number is None:
        raise Http404
    try:
        return saved_views.view_for(user, number)
    except SavedView.DoesNotExist as exc:
        raise Http404 from exc


@require_POST
def saved_view_save(request: HttpRequest) -> HttpResponse:
    """Saved: the list with the view applied. Refused: this form again, the error next to
    its field and what was typed kept."""
    form = SavedViewForm(request.POST)
    list_key = request.POST.get("list_key", "")
    if list_key not in saved_views.LISTS:
        raise Http404
    if form.is_valid():
        try:
            view = saved_views.saved_view_save(owner=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
            return redirect(saved_views.view_url(view))
    query = saved_views.view_query(request.POST.get("query", ""))
    return render(
        request,
        "crm/saved_view_form.html",
        {
            "form": form,
            "title": _("Save the view"),
            "cancel_url": f"{reverse(list_key)}?{query}" if query else reverse(list_key),
        },
    )


@require_GET
def saved_view_open(request: HttpRequest, pk: int) -> HttpResponse:
    return redirect(saved_views.view_url(_view_or_404(request.user, pk)))


@require_POST
def saved_view_delete(request: HttpRequest, pk: int) -> HttpResponse:
    view = _view_or_404(request.user, pk)
    saved_views.saved_view_delete(actor=request.user, view=view)
    messages.success(request, _("View “%(name)s” deleted.") % {"name": view.name})
    return redirect(saved_views.list_url_without_view(view.list_key))


@require_POST
def saved_view_default(request: HttpRequest, pk: int) -> HttpResponse:
    """Make the view my default for its list (`clear=1`: the list opens as it is again)."""
    view = _view_or_404(request.user, pk)
    if request.POST.get("clear"):
        saved_views.saved_view_clear_default(user=request.user, list_key=view.list_key)
        messages.success(request, _("The list opens without a saved view again."))
    else:
        saved_views.saved_view_make_default(user=request.user, view=view)
        messages.success(
            request, _("The list opens with “%(name)s” from now on.") % {"name": view.name}
        )
    return redirect(saved_views.view_url(view))
