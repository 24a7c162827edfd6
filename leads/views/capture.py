"""The public web-to-lead form at /capture/<token>/, embedded by campaigns on other sites.

No sign-in, no CSRF token (the page is posted from inside other sites' iframes, where our
cookies may be blocked) and framing allowed. Abuse is held off by a honeypot field and a
per-IP rate limit kept in the cache (CRM_CAPTURE_RATE_LIMIT submissions per
CRM_CAPTURE_RATE_WINDOW seconds)."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from crm.forms import add_service_errors
from leads import services
from leads.forms import CaptureForm
from leads.selectors import campaign_for_capture

# Hidden from people (CSS, aria-hidden, out of the tab order); bots that fill every input
# fill it too.
HONEYPOT_FIELD = "website"


def client_ip(request: HttpRequest) -> str:
    """The visitor's address. Behind a reverse proxy REMOTE_ADDR is the proxy's, so every
    visitor would share one limit: CRM_CLIENT_IP_HEADER names the header the proxy sets to the
    real client address (e.g. HTTP_X_REAL_IP). Only set it behind a proxy that overwrites it."""
    header = settings.CRM_CLIENT_IP_HEADER
    address = request.META.get(header, "") if header else ""
    return address.split(",")[0].strip() or request.META.get("REMOTE_ADDR") or "unknown"


def submission_allowed(ip: str) -> bool:
    """Counts this submission against the IP's fixed window; False once over the limit."""
    key = f"crm:capture-rate:{ip}"
    window = settings.CRM_CAPTURE_RATE_WINDOW
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the window expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= settings.CRM_CAPTURE_RATE_LIMIT


@login_not_required
@csrf_exempt
@xframe_options_exempt
@require_http_methods(["GET", "POST"])
def capture_form(request: HttpRequest, token: str) -> HttpResponse:
    campaign = campaign_for_capture(token)
    if request.method == "GET":
        form = CaptureForm()
    elif not submission_allowed(client_ip(request)):
        return render(request, "leads/capture_limited.html", status=429)
    elif request.POST.get(HONEYPOT_FIELD):
        # Answer as if it worked, so the bot learns nothing.
        return render(request, "leads/capture_thanks.html")
    else:
        form = CaptureForm(request.POST)
        if form.is_valid():
            try:
                services.lead_capture(campaign=campaign, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return render(request, "leads/capture_thanks.html")
    return render(
        request,
        "leads/capture_form.html",
        {"form": form, "honeypot_field": HONEYPOT_FIELD},
    )
