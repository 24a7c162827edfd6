"""Each user's signed-in sessions (crm.models.UserSession): recorded at sign-in, their last-seen
time refreshed at most every CRM_SESSION_SEEN_MINUTES (the time of the last refresh is kept in
the session itself, so most page views run no query for it), and ended — the Django session
deleted, so that browser is signed out at its next request — by the user ("Sign out other
sessions" on /settings/) or by an administrator (the user's page in the admin).

Ending works with any SESSION_ENGINE (the session store's own `delete`)."""

from __future__ import annotations

import datetime
import ipaddress
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from crm.models import UserSession

SEEN_KEY = "crm_session_seen"  # epoch seconds of the last last-seen refresh
USER_AGENT_LENGTH = 300


def _store(session_key: str):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key)


def seen_interval() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.CRM_SESSION_SEEN_MINUTES)


def client_address(request: HttpRequest) -> str | None:
    """The client's address (behind a proxy, from the header CRM_CLIENT_IP_HEADER names)."""
    header = settings.CRM_CLIENT_IP_HEADER
    address = request.META.get(header, "") if header else ""
    address = address.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _user_agent(request: HttpRequest) -> str:
    return request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH]


def session_record(*, request: HttpRequest, user: User) -> UserSession | None:
    """Record the request's session as one of `user`'s (at sign-in, or the first time a
    session from before this existed is seen). Also forgets `user`'s sessions that have
    outlived the session cookie's age."""
    session = getattr(request, "session", None)
    if session is None:
        return None
    if session.session_key is None:
        session.save()
    now = timezone.now()
    UserSession.objects.filter(
        user=user, last_seen_at__lt=now - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    ).delete()
    record, _ = UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "last_seen_at": now,
            "ip_address": client_address(request),
            "user_agent": _user_agent(request),
        },
        create_defaults={
            "user": user,
            "created_at": now,
            "last_seen_at": now,
            "ip_address": client_address(request),
            "user_agent": _user_agent(request),
        },
    )
    session[SEEN_KEY] = int(now.timestamp())
    return record


def on_login(sender, request, user, **kwargs) -> None:
    """`user_logged_in`: Django's own sign-in event."""
    if request is not None:
        session_record(request=request, user=user)


def on_logout(sender, request, user, **kwargs) -> None:
    """`user_logged_out`: the session is over."""
    session = getattr(request, "session", None) if request is not None else None
    if session is not None and session.session_key:
        UserSession.objects.filter(session_key=session.session_key).delete()


def session_touch(request: HttpRequest) -> None:
    """Called on every signed-in request: refreshes the last-seen time when the last refresh
    is older than the interval (one UPDATE, and the session's save, every few minutes); the
    other requests only read the session they have already loaded."""
    session = request.session
    now = timezone.now()
    seen = session.get(SEEN_KEY)
    if seen is not None and now.timestamp() - seen < seen_interval().total_seconds():
        return
    updated = UserSession.objects.filter(session_key=session.session_key).update(
        last_seen_at=now, ip_address=client_address(request)
    )
    if updated:
        session[SEEN_KEY] = int(now.timestamp())
    else:
        session_record(request=request, user=request.user)


def session_rekey(*, old_key: str, new_key: str) -> None:
    """The session's key changed (Django cycles it when the password changes): follow it."""
    UserSession.objects.filter(session_key=old_key).update(session_key=new_key)


def sessions_of(user: User) -> QuerySet[UserSession]:
    """`user`'s sessions, most recently seen first (those older than the session cookie's age
    are left out: their session has expired)."""
    oldest = timezone.now() - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    return UserSession.objects.filter(user=user, last_seen_at__gte=oldest).order_by(
        "-last_seen_at", "-id"
    )


@transaction.atomic
def sessions_end(*, sessions: QuerySet[UserSession]) -> int:
    """End these sessions: each Django session is deleted (that browser is signed out at its
    next request) and its record with it. Returns how many were ended."""
    rows = list(sessions.select_for_update().values_list("pk", "session_key"))
    for _pk, key in rows:
        _store(key).delete(key)
    UserSession.objects.filter(pk__in=[pk for pk, _key in rows]).delete()
    return len(rows)


def session_end(*, session: UserSession) -> None:
    sessions_end(sessions=UserSession.objects.filter(pk=session.pk))


def sessions_end_others(*, user: User, current_key: str | None) -> int:
    """Sign `user` out everywhere but in the session `current_key`."""
    return sessions_end(
        sessions=UserSession.objects.filter(user=user).exclude(session_key=current_key or "")
    )
