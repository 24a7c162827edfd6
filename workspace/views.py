"""The workspace: the dashboard, the search across everything and the user's settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from crm import preferences, timezones
from crm import search as crm_search
from crm import sessions as crm_sessions
from crm.ids import parse_text
from events.selectors import work as event_work
from events.selectors.calendar import feed_of
from leads import selectors as lead_selectors
from opportunities import panels as opportunity_panels
from parties import selectors as party_selectors
from parties.kinds import page_kind_for
from workspace.forms import PreferencesForm, UserSettingsForm


def _with_page_slugs(parties):
    for party in parties:
        kind = page_kind_for(party)
        party.page_slug = kind.slug if kind else None
    return parties


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    data = party_selectors.dashboard_for(request.user)
    data["open_lead_count"], data["open_leads"] = lead_selectors.my_open_leads(request.user)
    data["closing_this_month"] = opportunity_panels.my_opportunities_closing_this_month(
        request.user
    )
    data["overdue_next_steps"] = opportunity_panels.my_overdue_next_steps(request.user)
    data["work"] = event_work.my_work(request.user, task_limit=event_work.PANEL_SIZE, week=False)
    data["next"] = request.get_full_path()
    _with_page_slugs(data["recent"])
    _with_page_slugs(data["shared"])
    return render(request, "workspace/dashboard.html", data)


# Hits per kind: on the search page, for one kind alone ("show all"), and in the top bar's
# quick-jump list.
PER_KIND, ONE_KIND, QUICK_PER_KIND = 5, 50, 3


def _search_terms(request: HttpRequest) -> tuple[str, str]:
    """The query (trimmed, bounded) and the one kind asked for ("" for all, or unknown)."""
    query = parse_text(request.GET.get("q"))
    kind = request.GET.get("kind", "")
    if kind not in {k.name for k in crm_search.kinds(request.user)}:
        kind = ""
    return query, kind


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """One search across everything the user may see, grouped by kind with counts; each
    group shows its first hits and "show all" (that kind alone, with more hits)."""
    query, kind = _search_terms(request)
    groups = crm_search.search(
        request.user, query, per_kind=ONE_KIND if kind else PER_KIND, only=kind
    )
    return render(
        request,
        "workspace/search.html",
        {
            "q": query,
            "kind": kind,
            "groups": groups,
            "too_short": 0 < len(query) < crm_search.MIN_LENGTH,
        },
    )


@require_GET
def search_quick(request: HttpRequest) -> HttpResponse:
    """The top bar's type-ahead: the first hits of each kind, as a list of links (htmx)."""
    query, _kind = _search_terms(request)
    groups = crm_search.search(request.user, query, per_kind=QUICK_PER_KIND)
    return render(
        request,
        "workspace/_quick_search.html",
        {"q": query, "groups": groups, "too_short": len(query) < crm_search.MIN_LENGTH},
    )


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_http_methods(["GET", "POST"])
def user_settings(request: HttpRequest) -> HttpResponse:
    """The user's own settings: their time zone, language and date format, password, sessions
    and their private calendar feed. The language form's button says which form was sent
    (`save=preferences`); any other POST is the time zone's."""
    chosen = request.session.get(preferences.SESSION_KEY) or preferences.of_user(request.user)
    form = UserSettingsForm(initial={"time_zone": timezone.get_current_timezone_name()})
    preferences_form = PreferencesForm(initial=chosen)
    if request.method == "POST" and request.POST.get("save") == "preferences":
        preferences_form = PreferencesForm(request.POST)
        if preferences_form.is_valid():
            saved = preferences.user_preferences_set(
                user=request.user, **preferences_form.cleaned_data
            )
            preferences.remember(request, saved)  # the session's copy: takes effect at once
            messages.success(request, _("Your language and date format are saved."))
            return redirect("user_settings")
    elif request.method == "POST":
        form = UserSettingsForm(request.POST)
        if form.is_valid():
            name = form.cleaned_data["time_zone"]
            timezones.user_time_zone_set(user=request.user, name=name)
            timezones.remember(request, name)  # the session's copy: takes effect at once
            messages.success(request, _("Your time zone is now %(zone)s.") % {"zone": name})
            return redirect("user_settings")
    feed = feed_of(request.user)
    feed_url = request.build_absolute_uri(reverse("events:feed", args=[feed.token])) if feed else ""
    context = {
        "form": form,
        "preferences_form": preferences_form,
        "feed": feed,
        "feed_url": feed_url,
        "user_sessions": list(crm_sessions.sessions_of(request.user)),
        "current_session_key": request.session.session_key,
        "today": timezone.localdate(),
    }
    return render(request, "workspace/settings.html", context)
