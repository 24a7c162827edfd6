"""seed_scale's partners: organizations among the seeded accounts made partners on an
agreement (the PARTNER role and a Partnership: resellers, referral partners, distributors,
affiliates, a few agreements ended), their channel manager the account's owner, and a share
of the seeded deals (and of any leads) credited to them — in bulk: one UPDATE per partner."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from django.core.management.base import OutputWrapper

from demo.scale.users import ScaleUsers
from demo.scale.writer import Writer, flush_all, timestamp
from leads.models import Lead
from opportunities.models import Opportunity
from parties.models import Partnership, PartnerType, Party, PartyKind, PartyRole

TYPES = [
    (PartnerType.RESELLER, 40),
    (PartnerType.REFERRAL, 30),
    (PartnerType.DISTRIBUTOR, 15),
    (PartnerType.AFFILIATE, 15),
]
COMMISSIONS = ["5.00", "7.50", "10.00", "12.50", "15.00", "20.00"]
# The share of deals and leads a partner brought.
DEAL_SHARE = 0.10
LEAD_SHARE = 0.15
ENDED_SHARE = 0.08
PARTNERSHIP_COLUMNS = [
    "id",
    "partner_id",
    "type",
    "owner_id",
    "commission_rate",
    "from_date",
    "thru_date",
    "created_by_id",
    "created_at",
    "version",
]


def seed_partners(
    rng: random.Random,
    users: ScaleUsers,
    *,
    partners: int,
    first_party: int = 1,
    out: OutputWrapper,
) -> dict[str, Writer]:
    """`partners` of the organizations from `first_party` on (at most one in ten of them,
    spread over the range, the first rep's first among them), and the deals and leads they
    brought. Returns the writers by name."""
    w = {
        "prole": Writer(PartyRole, ["id", "party_id", "role", "created_at"]),
        "partnership": Writer(Partnership, PARTNERSHIP_COLUMNS),
    }
    if not partners:
        return w
    organizations = list(
        Party.objects.filter(pk__gte=first_party, kind=PartyKind.ORGANIZATION)
        .exclude(roles__role="PARTNER")
        .order_by("pk")
        .values_list("pk", "owner_id", "created_at")
    )
    count = min(partners, len(organizations) // 10)
    if not count:
        out.write("  too few organizations for partners")
        return w
    step = len(organizations) // count
    chosen = [organizations[index * step] for index in range(count)]
    rep = users.reps[0].pk if users.reps else None
    if rep is not None and all(owner != rep for _, owner, _ in chosen):
        mine = next((o for o in organizations if o[1] == rep), None)
        if mine is not None:
            chosen[0] = mine
    now = datetime.now(UTC).replace(microsecond=0)
    today = now.date()
    current, ended = [], 0
    for party_id, owner_id, created_at in chosen:
        w["prole"].add(w["prole"].take_id(), party_id, "PARTNER", timestamp(now))
        from_date = max(today - timedelta(days=rng.randrange(90, 3 * 365)), created_at.date())
        thru_date = None
        if rng.random() < ENDED_SHARE:
            thru_date = min(from_date + timedelta(days=rng.randrange(30, 700)), today)
            ended += 1
        else:
            current.append((party_id, from_date))
        w["partnership"].add(
            w["partnership"].take_id(),
            party_id,
            rng.choices([t for t, _ in TYPES], weights=[x for _, x in TYPES])[0],
            owner_id,
            COMMISSIONS[rng.randrange(len(COMMISSIONS))],
            from_date.isoformat(),
            thru_date.isoformat() if thru_date else None,
            owner_id,
            timestamp(datetime.combine(from_date, datetime.min.time(), tzinfo=UTC)),
            1,
        )
    flush_all(w.values())
    deals = _credit(rng, Opportunity, current, first_party, DEAL_SHARE)
    leads = _credit(rng, Lead, current, first_party, LEAD_SHARE)
    out.write(
        f"  {count:,} partners ({ended:,} ended), {deals:,} deals and {leads:,} leads "
        "credited to them"
    )
    return w


def _credit(
    rng: random.Random,
    model: type[Opportunity] | type[Lead],
    current: list[tuple[int, date]],
    first_party: int,
    share: float,
) -> int:
    """Credit `share` of `model`'s rows (from the seeded parties on) to current partners,
    each to one whose agreement had begun by the time the row was made. One UPDATE per
    partner: the rows are picked here, not in a query per row."""
    if not current:
        return 0
    field = "account_id" if model is Opportunity else "party_id"
    rows = model.objects.filter(**{f"{field}__gte": first_party}, partner__isnull=True)
    picked: dict[int, list[int]] = defaultdict(list)
    partner_ids = {party_id for party_id, _ in current}
    for pk, owner_party, created in (
        rows.order_by("pk").values_list("pk", field, "created_at").iterator(chunk_size=20_000)
    ):
        if rng.random() >= share:
            continue
        party_id, from_date = current[rng.randrange(len(current))]
        if party_id == owner_party or owner_party in partner_ids:
            continue  # not a partner's own deal
        if created.date() < from_date:
            continue
        picked[party_id].append(pk)
    total = 0
    for party_id, pks in picked.items():
        for start in range(0, len(pks), 5_000):
            total += model.objects.filter(pk__in=pks[start : start + 5_000]).update(
                partner_id=party_id
            )
    return total
