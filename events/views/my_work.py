"""My work (/events/my-work/): my open tasks and this week's events, and the one-click status
actions of their rows (complete, cancel, reopen). The actions are plain POST forms that return
to the page they came from; with htmx they answer the updated row alone, to swap in place."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from crm.access import CHANGE
from crm.records import record_or_404
from events import services
from events.models import Event, EventKind
from events.records import EVENT
from events.selectors import activity, work
from events.views.events import safe_next

ROW_TEMPLATE = "events/_work_item.html"


@require_GET
def my_work(request: HttpRequest) -> HttpResponse:
    context = {
        "work": work.my_work(request.user),
        "next": request.get_full_path(),
        "may_see_activity": activity.may_see_activity(request.user),
    }
    return render(request, "events/my_work.html", context)


def _status_action(
    request: HttpRequest,
    pk: int,
    service: Callable[..., Event],
    done: Callable[[Event], str],
) -> HttpResponse:
    """Unseen is 404, seen but not changeable 403. A refusal (completing a cancelled task)
    changes nothing and says why: as a message, or inside the returned row with htmx (with
    status 200, which htmx swaps)."""
    event, _actions = record_or_404(request, EVENT, pk, CHANGE)
    next_url = safe_next(request)
    error = message = ""
    try:
        changed = service(actor=request.user, event=event)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    else:
        message = done(changed)
    if request.headers.get("HX-Request") == "true":
        context = {
            "event": work.work_row(request.user, event.pk),
            "next": next_url,
            "error": error,
            "done": message,
        }
        response = HttpResponse(render_to_string(ROW_TEMPLATE, context, request))
        patch_vary_headers(response, ["HX-Request"])
        return response
    if error:
        messages.error(request, error)
    else:
        messages.success(request, message)
    return redirect(next_url) if next_url else redirect("events:detail", event.pk)


def _is_task(event: Event) -> bool:
    return event.kind == EventKind.TASK


@require_POST
def event_complete(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_action(
        request,
        pk,
        services.event_complete,
        lambda e: _("Task completed.") if _is_task(e) else _("Event completed."),
    )


@require_POST
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_action(
        request,
        pk,
        services.event_cancel,
        lambda e: _("Task cancelled.") if _is_task(e) else _("Event cancelled."),
    )


@require_POST
def event_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_action(
        request,
        pk,
        services.event_reopen,
        lambda e: _("Task reopened.") if _is_task(e) else _("Event reopened."),
    )
