"""seed_scale's events: calls, meetings, tasks, e-mails and notes about the seeded parties."""

from __future__ import annotations

import random
import time
from array import array
from bisect import bisect
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from itertools import accumulate

from django.core.management.base import OutputWrapper

from crm.access import OWNER_ACTIONS
from crm.models import GrantCause
from demo.scale.grants import GrantBatch, grant_writer
from demo.scale.users import ScaleUsers
from demo.scale.vocabulary import EVENT_KINDS
from demo.scale.writer import CHUNK, Writer, flush_all, timestamp
from events.models import Event, EventParticipant, floating
from parties.models import Party

EVENT_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "kind",
    "subject",
    "description",
    "starts_at",
    "ends_at",
    "all_day",
    "location",
    "priority",
    "status",
    "owner_id",
    "party_id",
    "lead_id",
    "opportunity_id",
    "completed_at",
    "completed_by_id",
    "created_by_id",
    "updated_by_id",
    "version",
]


def seed_events(
    rng: random.Random, users: ScaleUsers, total: int, first_party: int, *, out: OutputWrapper
) -> dict[str, Writer]:
    """`total` events about the parties from `first_party` on, owned by each party's owner with
    the owner's grants (events are private to the team by default: no team grant). One party
    in a hundred is busy and gets a tenth of them, so some timelines run long. Returns the
    writers by name."""
    w = {
        "event": Writer(Event, EVENT_COLUMNS),
        "participant": Writer(
            EventParticipant, ["id", "event_id", "user_id", "party_id", "role", "response"]
        ),
        "euperm": grant_writer(Event, "user"),
    }
    if not total:
        return w
    now = datetime.now(UTC)
    today = now.date()
    party_ids, owner_ids = array("q"), array("q")
    rows = Party.objects.filter(pk__gte=first_party).order_by("pk")
    for pk, owner_id in rows.values_list("pk", "owner_id").iterator(chunk_size=CHUNK):
        party_ids.append(pk)
        owner_ids.append(owner_id)
    busy = max(1, len(party_ids) // 100)
    team_of = users.team_of
    teammates: dict[int, list[int]] = {}
    for rep in users.reps:
        teammates.setdefault(team_of[rep.pk].pk, []).append(rep.pk)
    owner_grants = GrantBatch(
        w["euperm"], Event, holder="user", cause=GrantCause.OWNER, actions=OWNER_ACTIONS
    )
    guest_grants = GrantBatch(w["euperm"], Event, holder="user", cause=GrantCause.PARTICIPANT)
    thresholds = list(accumulate(weight for _, weight, _ in EVENT_KINDS))[:-1]
    started = time.monotonic()
    for index in range(total):
        event_id = w["event"].take_id()
        at = rng.randrange(busy) if rng.random() < 0.1 else rng.randrange(len(party_ids))
        party_id, owner_id = party_ids[at], owner_ids[at]
        kind, _, subjects = EVENT_KINDS[bisect(thresholds, rng.random())]
        day = today + timedelta(days=rng.randrange(-730, 60))
        if kind == "task":
            starts, ends = floating(day), None
        else:
            starts = datetime.combine(
                day, clock(rng.randrange(8, 17), rng.choice((0, 15, 30, 45))), tzinfo=UTC
            )
            ends = starts + timedelta(minutes=rng.choice((15, 30, 60, 90)))
        roll = rng.random()
        if (ends or starts) < now:
            status = "completed" if roll < 0.8 else "cancelled" if roll < 0.85 else "scheduled"
        else:
            status = "cancelled" if roll < 0.05 else "scheduled"
        completed = min(ends or starts + timedelta(hours=15), now)
        created = min(starts, now) - timedelta(days=rng.randrange(0, 14))
        created_at = timestamp(created)
        w["event"].add(
            event_id,
            created_at,
            timestamp(completed) if status == "completed" else created_at,
            kind,
            subjects[rng.randrange(len(subjects))],
            "",
            timestamp(starts),
            timestamp(ends) if ends else None,
            False,
            "",
            2,
            status,
            owner_id,
            party_id,
            None,
            None,
            timestamp(completed) if status == "completed" else None,
            owner_id if status == "completed" else None,
            owner_id,
            owner_id,
            1,
        )
        owner_grants.add(event_id, owner_id, owner_id, created_at)
        if kind == "meeting":
            w["participant"].add(
                w["participant"].take_id(),
                event_id,
                None,
                party_id,
                "attendee",
                "accepted" if status == "completed" else "needs_action",
            )
            team = teammates[team_of[owner_id].pk]
            guest = team[rng.randrange(len(team))]
            if guest != owner_id and rng.random() < 0.25:
                w["participant"].add(
                    w["participant"].take_id(), event_id, guest, None, "attendee", "accepted"
                )
                guest_grants.add(event_id, guest, owner_id, created_at)
        if (index + 1) % CHUNK == 0 or index + 1 == total:
            owner_grants.write()
            guest_grants.write()
            flush_all(w.values())
            done = index + 1
            rate = done / max(time.monotonic() - started, 1e-9)
            out.write(f"  {done:>10,} / {total:,} events  ({rate:,.0f}/s)")
            out.flush()
    out.write("Rows: " + ", ".join(f"{k} {v.written:,}" for k, v in w.items()))
    return w
