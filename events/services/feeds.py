"""Writes on a user's private calendar feed: a new secret address, or none."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from events.models import CalendarFeed, new_feed_token


@transaction.atomic
def feed_token_regenerate(*, user: User) -> CalendarFeed:
    """A new secret feed address; the old one stops working at once."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed


def feed_disable(*, user: User) -> None:
    CalendarFeed.objects.filter(user=user).delete()
