import zoneinfo

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone, translation

from crm import preferences, sessions, timezones


class QueryCountHeaderMiddleware:
    """Adds `X-Query-Count` (SQL queries run for the request) for the benchmark. Installed only
    when CRM_QUERY_COUNT_HEADER=1 (see settings), never by default."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response


class HtmxLoginRedirectMiddleware:
    """An htmx request made after the session expired is sent to the sign-in page; htmx would
    swap that page into the current one. Answer with HX-Redirect instead, so the browser
    loads the sign-in page as a whole page (and comes back afterwards)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request") == "true"
            and response.status_code == 302
            and response["Location"].startswith(resolve_url(settings.LOGIN_URL))
        ):
            redirect = HttpResponse(status=204)
            redirect["HX-Redirect"] = response["Location"]
            return redirect
        return response


class UserTimeZoneMiddleware:
    """Shows pages in the signed-in user's time zone, language and date format (their
    settings, kept in the session from sign-in; read from the profile once if a session
    predates them), and keeps their session's last-seen time (crm.sessions, every few
    minutes). A page view runs no query for any of it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = None
        chosen = None
        signed_in = request.user.is_authenticated
        if signed_in:
            name = request.session.get(timezones.SESSION_KEY)
            if name is None:
                name = timezones.of_user(request.user)
                timezones.remember(request, name)
            chosen = request.session.get(preferences.SESSION_KEY)
            if chosen is None:
                chosen = preferences.of_user(request.user)
                preferences.remember(request, chosen)
            sessions.session_touch(request)
        if name and timezones.is_valid(name):
            timezone.activate(zoneinfo.ZoneInfo(name))
        else:
            timezone.deactivate()
        language = (chosen or {}).get("language", "")
        if language and language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        preferences.activate_date_format((chosen or {}).get("date_format", ""))
        key = request.session.session_key if signed_in else None
        try:
            response = self.get_response(request)
        finally:
            preferences.activate_date_format("")
        # Django gives the session a new key when the password changes: the record follows.
        if key and request.session.session_key and request.session.session_key != key:
            sessions.session_rekey(old_key=key, new_key=request.session.session_key)
        return response
