"""The journey's rows about a case (opened, status changes, resolved): they link to the
case's page and are seen by whoever may see the case."""

from django.contrib.auth.models import User
from django.urls import reverse

from parties import journey
from support.selectors import cases_visible_to


def visible_case_ids(user: User, ids: list[int]) -> list[int]:
    """Which of these cases `user` may see: one query."""
    if not ids:
        return []
    return list(cases_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def case_url(pk: int) -> str:
    return reverse("cases:detail", args=[pk])


CASE_JOURNEY = journey.JourneyRecordType("case", visible_ids=visible_case_ids, url=case_url)
