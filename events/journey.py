"""The journey's rows about an activity that was done: they link to the event's page and are
seen by whoever may see the event (events are private by default)."""

from django.contrib.auth.models import User
from django.urls import reverse

from crm import access
from events.models import Event
from parties import journey


def visible_event_ids(user: User, ids: list[int]) -> list[int]:
    """Which of these events `user` may see: one query, probing the grants of these rows only
    (whatever the number of events the user may see overall)."""
    if not ids:
        return []
    queryset = Event.objects.filter(pk__in=ids)
    q = access.visible_q(user, Event)
    if q is not None:
        queryset = queryset.filter(q)
    return list(queryset.values_list("pk", flat=True))


def event_url(pk: int) -> str:
    return reverse("events:detail", args=[pk])


EVENT_JOURNEY = journey.JourneyRecordType("event", visible_ids=visible_event_ids, url=event_url)
