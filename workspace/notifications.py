"""The user's notifications: the bell's unread count (loaded by htmx, so that no page pays a
query for it), the list (newest first, keyset-paginated), opening one (marks it read and
goes to its record, which answers what it answers: 404 when no longer visible), marking all
read, and the preferences (per kind: in the app, in the daily e-mail digest)."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from crm import notifications
from crm.ids import parse_id
from crm.models import Notification
from crm.pagination import Ordering, request_page

NEWEST_FIRST = Ordering("created_at", descending=True)


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page, query = request_page(request, notifications.inbox(request.user), NEWEST_FIRST)
    now = timezone.now()
    for item in page.items:
        item.kind_label = notifications.KINDS.get(item.kind, item.kind)
        item.just_now = now - item.created_at < datetime.timedelta(minutes=1)
    return render(
        request,
        "workspace/notification_list.html",
        {
            "page": page,
            "querystring": query.urlencode(),
            "unread_count": notifications.unread_count(request.user),
        },
    )


@require_GET
def notification_count(request: HttpRequest) -> HttpResponse:
    """The bell's badge (an htmx fragment): the unread count, nothing when there is none."""
    count = notifications.unread_count(request.user)
    response = render(
        request,
        "workspace/_bell_count.html",
        {"count": count, "capped": count > notifications.COUNT_CAP, "cap": notifications.COUNT_CAP},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def notification_open(request: HttpRequest, pk) -> HttpResponse:
    """Mark it read and go to what it is about; another user's notification is 404."""
    number = parse_id(pk)
    if number is None:
        raise Http404
    try:
        notification = notifications.notification_open(user=request.user, notification_id=number)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    url = notification.url
    if not url or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("notification_list")
    return redirect(url)


@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked read."))
    else:
        messages.info(request, _("There was nothing unread."))
    return redirect("notification_list")


class NotificationPreferencesForm(forms.Form):
    """Two checkboxes per kind: in the app, in the daily e-mail digest."""

    def __init__(self, *args, preferences: list[notifications.Preference], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for pref in preferences:
            self.fields[f"in_app_{pref.kind}"] = forms.BooleanField(
                label=gettext_lazy("In the app"), required=False, initial=pref.in_app
            )
            self.fields[f"digest_{pref.kind}"] = forms.BooleanField(
                label=gettext_lazy("Daily e-mail"), required=False, initial=pref.digest
            )
            self.rows.append((pref, self[f"in_app_{pref.kind}"], self[f"digest_{pref.kind}"]))

    def chosen(self, column: str) -> list[str]:
        return [kind for kind in notifications.KINDS if self.cleaned_data.get(f"{column}_{kind}")]


@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    preferences = notifications.preferences_for(request.user)
    form = NotificationPreferencesForm(
        request.POST if request.method == "POST" else None, preferences=preferences
    )
    if request.method == "POST" and form.is_valid():
        notifications.notification_preferences_set(
            user=request.user, in_app=form.chosen("in_app"), digest=form.chosen("digest")
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notification_settings")
    return render(
        request,
        "workspace/notification_settings.html",
        {
            "form": form,
            "title": _("Notification settings"),
            "list_url": reverse("notification_list"),
        },
    )
