"""seed_scale's opportunities: deals on the seeded organizations, owned by each account's
owner (with the owner's grants), across the stages and two years of close dates."""

from __future__ import annotations

import random
import time
from array import array
from datetime import UTC, datetime, timedelta

from django.core.management.base import OutputWrapper

from crm.access import OWNER_ACTIONS
from crm.models import GrantCause
from demo.scale.grants import GrantBatch, grant_writer
from demo.scale.writer import CHUNK, Writer, flush_all, timestamp
from opportunities.models import Opportunity, OpportunityStage, StageKind
from parties.models import Party, PartyKind

PRODUCTS = [
    "10 licences",
    "support renewal",
    "onboarding",
    "platform upgrade",
    "consulting days",
    "annual subscription",
    "pilot",
    "hardware refresh",
    "training",
    "integration",
]
CURRENCIES = ["EUR"] * 6 + ["USD"] * 3 + ["GBP"]
OPPORTUNITY_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "name",
    "account_id",
    "owner_id",
    "amount",
    "currency",
    "probability",
    "expected_close_date",
    "stage_id",
    "next_step",
    "type",
    "description",
    "closed_at",
    "close_reason",
    "created_by_id",
    "updated_by_id",
    "version",
]


def seed_opportunities(
    rng: random.Random, total: int, first_party: int, *, out: OutputWrapper
) -> dict[str, Writer]:
    """`total` deals on the organizations from `first_party` on: about three in four open,
    spread over the open stages, the others won or lost; close dates from a year ago to a
    year ahead (closed deals in the past). Returns the writers by name."""
    w = {
        "opportunity": Writer(Opportunity, OPPORTUNITY_COLUMNS),
        "ouperm": grant_writer(Opportunity, "user"),
    }
    if not total:
        return w
    accounts = Party.objects.filter(pk__gte=first_party, kind=PartyKind.ORGANIZATION)
    account_ids, owner_ids, names = array("q"), array("q"), []
    for pk, owner_id, name in (
        accounts.order_by("pk").values_list("pk", "owner_id", "display_name").iterator(CHUNK)
    ):
        account_ids.append(pk)
        owner_ids.append(owner_id)
        names.append(name)
    if not account_ids:
        return w
    stages = list(OpportunityStage.objects.filter(active=True).order_by("position"))
    open_stages = [s for s in stages if s.kind == StageKind.OPEN]
    won = next(s for s in stages if s.kind == StageKind.WON)
    lost = next(s for s in stages if s.kind == StageKind.LOST)
    owner_grants = GrantBatch(
        w["ouperm"], Opportunity, holder="user", cause=GrantCause.OWNER, actions=OWNER_ACTIONS
    )
    now = datetime.now(UTC)
    today = now.date()
    started = time.monotonic()
    for index in range(total):
        deal_id = w["opportunity"].take_id()
        at = rng.randrange(len(account_ids))
        owner_id = owner_ids[at]
        roll = rng.random()
        stage = (
            open_stages[rng.randrange(len(open_stages))]
            if roll < 0.75
            else (won if roll < 0.88 else lost)
        )
        closed = stage.kind != StageKind.OPEN
        close_date = today + timedelta(days=rng.randrange(-365, 0 if closed else 365))
        created = datetime.combine(close_date, datetime.min.time(), tzinfo=UTC) - timedelta(
            days=rng.randrange(30, 240)
        )
        created = min(created, now)
        closed_at = (
            min(datetime.combine(close_date, datetime.min.time(), tzinfo=UTC), now)
            if closed
            else None
        )
        created_at = timestamp(created)
        w["opportunity"].add(
            deal_id,
            created_at,
            timestamp(closed_at) if closed_at else created_at,
            f"{names[at]} - {PRODUCTS[rng.randrange(len(PRODUCTS))]}",
            account_ids[at],
            owner_id,
            f"{rng.randrange(500, 250_000)}.00",
            CURRENCIES[rng.randrange(len(CURRENCIES))],
            stage.probability,
            close_date.isoformat(),
            stage.pk,
            "",
            "new_business",
            "",
            timestamp(closed_at) if closed_at else None,
            "Budget" if stage == lost else "",
            owner_id,
            owner_id,
            1,
        )
        owner_grants.add(deal_id, owner_id, owner_id, created_at)
        if (index + 1) % CHUNK == 0 or index + 1 == total:
            owner_grants.write()
            flush_all(w.values())
            done = index + 1
            rate = done / max(time.monotonic() - started, 1e-9)
            out.write(f"  {done:>10,} / {total:,} opportunities  ({rate:,.0f}/s)")
            out.flush()
    out.write("Rows: " + ", ".join(f"{k} {v.written:,}" for k, v in w.items()))
    return w
