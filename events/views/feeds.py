"""iCalendar: one event as a download, and each user's private feed (a secret address that
calendar apps subscribe to, which the user can change or turn off from their settings)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from crm import timezones
from crm.records import record_or_404
from events import ical, services
from events.records import EVENT
from events.selectors import calendar

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


@require_GET
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event, _actions = record_or_404(request, EVENT, pk)
    body = ical.calendar_for([event], viewer=request.user, origin=_origin(request)).to_ical()
    filename = f"{slugify(event.subject)[:80] or 'event'}.ics"
    return HttpResponse(
        body,
        content_type=CONTENT_TYPE,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


@login_not_required
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The token is the credential: an unknown, changed or turned-off one is 404."""
    subscription = calendar.feed_by_token(token)
    if subscription is None:
        raise Http404
    user = subscription.user
    body = ical.calendar_for(
        calendar.feed_events(user),
        viewer=user,
        origin=_origin(request),
        name=_("CRM: %(name)s") % {"name": user.get_full_name() or user.get_username()},
        time_zone=timezones.of_user(user),
    ).to_ical()
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def feed_regenerate(request: HttpRequest) -> HttpResponse:
    """Turns the feed on, or gives it a new address (the old one stops working)."""
    was_on = calendar.feed_of(request.user) is not None
    services.feed_token_regenerate(user=request.user)
    if was_on:
        messages.success(
            request,
            _("Your calendar address changed; subscriptions using the old one stop working."),
        )
    else:
        messages.success(
            request, _("Your calendar feed is on: add its address to your calendar app.")
        )
    return redirect("user_settings")


@require_POST
def feed_disable(request: HttpRequest) -> HttpResponse:
    services.feed_disable(user=request.user)
    messages.success(request, _("Your calendar feed is off; its address no longer works."))
    return redirect("user_settings")
