"""The calendar: a month or a week of my events (or my team's), server-rendered."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from events.selectors import calendar


@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    view = request.GET.get("view")
    view = view if view in calendar.VIEWS else calendar.MONTH
    scope = request.GET.get("scope")
    scope = scope if scope in calendar.SCOPES else calendar.MINE
    raw_date = request.GET.get("date", "")
    anchor = calendar.parse_date(raw_date)
    date_error = calendar.date_error(raw_date) if raw_date and anchor is None else ""
    grid = calendar.calendar_grid(
        request.user, view=view, anchor=anchor or timezone.localdate(), scope=scope
    )
    return render(
        request,
        "events/calendar.html",
        {
            "grid": grid,
            "views": calendar.VIEWS,
            "scopes": calendar.SCOPES,
            "date_error": date_error,
            "show_owner": scope == calendar.TEAM,
            "can_add": request.user.has_perm("events.add_event"),
        },
    )
