"""Appending to a party's journey (append-only: rows are never changed)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from parties.journey import KINDS
from parties.models import JourneyEntry

SUMMARY_LENGTH = JourneyEntry._meta.get_field("summary").max_length


def journey_append(
    *,
    party_ids: list[int | None] | int,
    kind: str,
    summary: str,
    actor: User | None,
    record_type: str = "",
    record_id: int | None = None,
    occurred_at: datetime.datetime | None = None,
) -> list[JourneyEntry]:
    """One row per party named (a deal touches its account and its contact; None and repeats
    are skipped), in the caller's transaction."""
    if kind not in KINDS:
        raise ValueError(f"unknown journey kind {kind}")
    if isinstance(party_ids, int):
        party_ids = [party_ids]
    when = occurred_at or timezone.now()
    text = summary if len(summary) <= SUMMARY_LENGTH else summary[: SUMMARY_LENGTH - 1] + "…"
    rows = [
        JourneyEntry(
            party_id=party_id,
            occurred_at=when,
            kind=kind,
            summary=text,
            actor=actor if actor is not None and actor.pk else None,
            record_type=record_type,
            record_id=record_id,
        )
        for party_id in dict.fromkeys(p for p in party_ids if p is not None)
    ]
    return JourneyEntry.objects.bulk_create(rows)
