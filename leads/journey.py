"""The journey's rows about a lead (captured, converted): they link to the lead's page and
are seen by whoever may see the lead (a lead's access is its party's)."""

from django.urls import reverse

from parties import journey
from parties.selectors import visible_ids


def lead_url(pk: int) -> str:
    return reverse("leads:detail", args=[pk])


LEAD_JOURNEY = journey.JourneyRecordType("lead", visible_ids=visible_ids, url=lead_url)
