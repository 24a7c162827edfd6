"""Each user's language and date format: settings on their profile, kept in the session from
sign-in (like the time zone, crm.timezones) so that applying them costs no query per request
(crm.middleware.UserTimeZoneMiddleware activates them).

The date format applies wherever a template formats a date with Django's `date` filter and a
named format (SHORT_DATE_FORMAT, DATE_FORMAT, their DATETIME twins, or no format at all):
`crm.templatetags.crm_dates` replaces that filter for every template (a builtin in
settings.TEMPLATES), and Python code formats through `format_date` here."""

from __future__ import annotations

import datetime

from asgiref.local import Local
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import formats
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "crm_preferences"

# key -> (label shown with an example, Django date format)
DATE_FORMATS: dict[str, tuple[str, str]] = {
    "iso": (_("2026-12-01 (year-month-day)"), "Y-m-d"),
    "dmy": (_("01/12/2026 (day/month/year)"), "d/m/Y"),
    "mdy": (_("12/01/2026 (month/day/year)"), "m/d/Y"),
    "d_mon_y": (_("1 Dec 2026"), "j M Y"),
}
# The named formats a user's choice replaces: dates alone, and dates with a time.
DATE_NAMES = frozenset({"DATE_FORMAT", "SHORT_DATE_FORMAT"})
DATETIME_NAMES = frozenset({"DATETIME_FORMAT", "SHORT_DATETIME_FORMAT"})

_active = Local()


def language_choices() -> list[tuple[str, str]]:
    """The languages that exist (settings.LANGUAGES), after "as the browser asks"."""
    return [("", _("As my browser asks"))] + [(code, name) for code, name in settings.LANGUAGES]


def date_format_choices() -> list[tuple[str, str]]:
    return [("", _("The language's usual format"))] + [
        (key, label) for key, (label, _pattern) in DATE_FORMATS.items()
    ]


def of_user(user: User) -> dict[str, str]:
    """The user's choices ({"language": "", "date_format": ""} when none)."""
    profile = getattr(user, "profile", None)
    language = getattr(profile, "language", "") or ""
    date_format = getattr(profile, "date_format", "") or ""
    return {
        "language": language if language in dict(settings.LANGUAGES) else "",
        "date_format": date_format if date_format in DATE_FORMATS else "",
    }


def remember(request: HttpRequest, chosen: dict[str, str]) -> None:
    request.session[SESSION_KEY] = chosen


def on_login(sender, request, user, **kwargs) -> None:
    """`user_logged_in`: read the profile once, at sign-in."""
    if request is not None and hasattr(request, "session"):
        remember(request, of_user(user))


def activate_date_format(key: str) -> None:
    _active.date_format = key if key in DATE_FORMATS else ""


def active_date_format() -> str:
    return getattr(_active, "date_format", "")


def pattern_for(name: str | None) -> str | None:
    """The format that replaces the named format `name` for the current user, or None (no
    choice made, or not a date format the choice applies to)."""
    key = active_date_format()
    if not key:
        return None
    name = name or "DATE_FORMAT"
    pattern = DATE_FORMATS[key][1]
    if name in DATE_NAMES:
        return pattern
    if name in DATETIME_NAMES:
        return f"{pattern} {formats.get_format('TIME_FORMAT')}"
    return None


def format_date(value: datetime.date | datetime.datetime, name: str = "SHORT_DATE_FORMAT") -> str:
    """`django.utils.formats.date_format` with the user's date format (for Python code that
    formats a date for a page)."""
    return formats.date_format(value, pattern_for(name) or name)


def user_preferences_set(*, user: User, language: str, date_format: str) -> dict[str, str]:
    """Save the user's language and date format on their profile (made if they have none)."""
    from crm.models import UserProfile

    errors = {}
    if language and language not in dict(settings.LANGUAGES):
        errors["language"] = _("Choose a language from the list.")
    if date_format and date_format not in DATE_FORMATS:
        errors["date_format"] = _("Choose a date format from the list.")
    if errors:
        raise ValidationError(errors)
    UserProfile.objects.update_or_create(
        user=user, defaults={"language": language, "date_format": date_format}
    )
    return {"language": language, "date_format": date_format}
