"""Each user's time zone: a setting on their profile, kept in the session from sign-in so that
activating it costs no query per request (`crm.middleware.UserTimeZoneMiddleware`)."""

from __future__ import annotations

import datetime
import functools
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone

SESSION_KEY = "crm_time_zone"


@functools.cache
def available() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(available())]


def is_valid(name: str) -> bool:
    return name in available()


def of_user(user: User) -> str:
    """The user's time zone, or the site's when they have not chosen one."""
    profile = getattr(user, "profile", None)
    name = profile.time_zone if profile is not None else ""
    return name if is_valid(name) else settings.TIME_ZONE


def local_midnight(day: datetime.date) -> datetime.datetime:
    """The start of `day` in the active time zone (the user's, in a request). Filters and
    selectors compare a day as the timestamps from one local midnight to the next, so that
    the index on the timestamp serves it (a `__date` lookup would read every row)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def remember(request: HttpRequest, name: str) -> None:
    request.session[SESSION_KEY] = name


def on_login(sender, request, user, **kwargs) -> None:
    """`user_logged_in`: read the profile once, at sign-in."""
    if request is not None and hasattr(request, "session"):
        remember(request, of_user(user))


def user_time_zone_set(*, user: User, name: str) -> None:
    """Save the user's time zone on their profile (made if they have none)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from crm.models import UserProfile

    if not is_valid(name):
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")})
    UserProfile.objects.update_or_create(user=user, defaults={"time_zone": name})
