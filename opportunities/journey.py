"""The journey's rows about a deal (opened, moved, won, lost, reopened): they link to the
opportunity's page and are seen by whoever may see the opportunity."""

from django.contrib.auth.models import User
from django.urls import reverse

from opportunities.selectors import opportunities_visible_to
from parties import journey


def visible_opportunity_ids(user: User, ids: list[int]) -> list[int]:
    """Which of these opportunities `user` may see: one query."""
    if not ids:
        return []
    return list(opportunities_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def opportunity_url(pk: int) -> str:
    return reverse("opportunities:detail", args=[pk])


OPPORTUNITY_JOURNEY = journey.JourneyRecordType(
    "opportunity", visible_ids=visible_opportunity_ids, url=opportunity_url
)
