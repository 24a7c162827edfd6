"""Events in the global search (crm.search): by subject, the ones the user may see. A subject
is not a name: a two-character term (crm.search.is_short) finds no events."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from crm.search import Found, Hit, SearchKind, found, is_short, visible_matches
from events.models import Event
from events.selectors import events_visible_to


def _hit(event) -> Hit:
    when = (
        formats.date_format(event.start_date, "SHORT_DATE_FORMAT")
        if event.is_dated
        else formats.date_format(timezone.localtime(event.starts_at), "SHORT_DATETIME_FORMAT")
    )
    detail = f"{event.get_kind_display()} · {when} · {event.get_status_display()}"
    return Hit(event.subject, reverse("events:detail", args=[event.pk]), detail)


def search(user: User, text: str, limit: int) -> Found:
    """Latest first."""
    if is_short(text):
        return Found([], 0)
    queryset = visible_matches(Event, Q(subject__icontains=text), lambda: events_visible_to(user))
    return found(queryset, order=("-starts_at", "-id"), limit=limit, hit=_hit)


EVENT_SEARCH = SearchKind("events", _("Events"), search, order=60)
