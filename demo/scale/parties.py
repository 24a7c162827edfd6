"""seed_scale's parties: people and organizations with roles, jobs and their owners' grants."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

from django.core.management.base import OutputWrapper

from crm.access import OWNER_ACTIONS
from crm.models import GrantCause
from demo.scale.contact_mechs import ContactMechWriters
from demo.scale.grants import GrantBatch, grant_writer
from demo.scale.users import ScaleUsers
from demo.scale.vocabulary import (
    CITIES,
    COMPANY_NOUNS,
    COMPANY_WORDS,
    FIRST_NAMES,
    INDUSTRIES,
    LAST_NAMES,
    LEGAL,
    TITLES,
)
from demo.scale.writer import CHUNK, Writer, flush_all, timestamp
from parties.models import Party, PartyRelationship, PartyRole

PARTY_COLUMNS = [
    "id",
    "created_at",
    "updated_at",
    "kind",
    "salutation",
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "job_title",
    "birth_date",
    "name",
    "industry",
    "employee_count",
    "annual_revenue",
    "display_name",
    "status",
    "owner_id",
    "description",
    "preferred_currency",
    "payment_preference",
    "created_by_id",
    "updated_by_id",
    "version",
]
RELATIONSHIP_COLUMNS = [
    "id",
    "from_party_id",
    "to_party_id",
    "kind",
    "title",
    "from_date",
    "thru_date",
    "created_by_id",
    "created_at",
]


def seed_parties(
    rng: random.Random,
    users: ScaleUsers,
    total: int,
    *,
    team_read: bool,
    shares: int | None,
    out: OutputWrapper,
) -> dict[str, Writer]:
    """`total` parties, one in five an organization (people work at one made before them),
    one in ten a customer, owned by a random rep with the owner's grants, a team grant if
    `team_read`, and `shares` manual shares (default 0.5 %). Returns the writers by name."""
    now = datetime.now(UTC)
    mechs = ContactMechWriters()
    w = {
        "party": Writer(Party, PARTY_COLUMNS),
        "role": Writer(PartyRole, ["id", "party_id", "role", "created_at"]),
        **mechs.writers(),
        "rel": Writer(PartyRelationship, RELATIONSHIP_COLUMNS),
        "uperm": grant_writer(Party, "user"),
        "gperm": grant_writer(Party, "group"),
    }
    owner_grants = GrantBatch(
        w["uperm"], Party, holder="user", cause=GrantCause.OWNER, actions=OWNER_ACTIONS
    )
    team_grants = GrantBatch(w["gperm"], Party, holder="group", cause=GrantCause.TEAM)
    user_shares = GrantBatch(w["uperm"], Party, holder="user", cause=GrantCause.SHARE)
    team_shares = GrantBatch(w["gperm"], Party, holder="group", cause=GrantCause.SHARE)
    batches = (owner_grants, user_shares, team_grants, team_shares)
    reps, teams, team_of = users.reps, users.teams, users.team_of
    shares = shares if shares is not None else max(10, total // 200)
    share_every = max(1, total // max(shares, 1))
    organizations: list[int] = []
    started = time.monotonic()
    for index in range(total):
        party_id = w["party"].take_id()
        is_org = index % 5 == 0  # 20 % organizations
        owner = reps[rng.randrange(len(reps))]
        created = now - timedelta(days=rng.randrange(1, 3 * 365), seconds=rng.randrange(86400))
        updated = min(created + timedelta(days=rng.randrange(0, 30)), now)
        created_at, updated_at = timestamp(created), timestamp(updated)
        place = CITIES[rng.randrange(len(CITIES))]
        country = place[2]
        if is_org:
            name = (
                f"{COMPANY_WORDS[rng.randrange(len(COMPANY_WORDS))]} "
                f"{COMPANY_NOUNS[rng.randrange(len(COMPANY_NOUNS))]} "
                f"{LEGAL[rng.randrange(len(LEGAL))]}"
            )
            first = last = title = ""
            display = name
            organizations.append(party_id)
            domain = name.split()[0].lower() + name.split()[1].lower() + ".example"
        else:
            first = FIRST_NAMES[rng.randrange(len(FIRST_NAMES))]
            last = LAST_NAMES[rng.randrange(len(LAST_NAMES))]
            title = TITLES[rng.randrange(len(TITLES))]
            name = ""
            display = f"{first} {last}"
            domain = "example.com"
        is_customer = rng.random() < 0.10
        status = "disabled" if rng.random() < 0.02 else "active"
        w["party"].add(
            party_id,
            created_at,
            updated_at,
            "organization" if is_org else "person",
            "",
            first,
            "",
            last,
            "",
            title,
            None,
            name,
            INDUSTRIES[rng.randrange(len(INDUSTRIES))] if is_org else "",
            rng.randrange(5, 5000) if is_org else None,
            rng.randrange(100_000, 500_000_000) if is_org else None,
            display,
            status,
            owner.pk,
            "",
            "USD" if country == "US" else "EUR",
            "credit_card" if is_customer and not is_org else "",
            owner.pk,
            owner.pk,
            1,
        )
        w["role"].add(w["role"].take_id(), party_id, "ACCOUNT" if is_org else "CONTACT", created_at)
        if is_customer:
            w["role"].add(w["role"].take_id(), party_id, "CUSTOMER", created_at)
        mechs.add(
            rng,
            party_id,
            is_org=is_org,
            is_customer=is_customer,
            first=first,
            last=last,
            display=display,
            domain=domain,
            place=place,
            created=created_at,
        )
        if not is_org and organizations:
            employer = organizations[rng.randrange(len(organizations))]
            w["rel"].add(
                w["rel"].take_id(),
                party_id,
                employer,
                "EMPLOYMENT",
                title,
                created.date().isoformat(),
                None,
                owner.pk,
                created_at,
            )

        owner_grants.add(party_id, owner.pk, owner.pk, created_at)
        if team_read:
            team_grants.add(party_id, team_of[owner.pk].group_id, owner.pk, created_at)
        if index % share_every == share_every - 1:
            # A manual share: mostly to another rep, sometimes to another team.
            if rng.random() < 0.8:
                other = reps[rng.randrange(len(reps))]
                if other.pk != owner.pk:
                    user_shares.add(party_id, other.pk, owner.pk, updated_at)
            else:
                team = teams[rng.randrange(len(teams))]
                if team.pk != team_of[owner.pk].pk or not team_read:
                    team_shares.add(party_id, team.group_id, owner.pk, updated_at)

        if (index + 1) % CHUNK == 0 or index + 1 == total:
            for batch in batches:
                batch.write()
            flush_all(w.values())
            done = index + 1
            rate = done / max(time.monotonic() - started, 1e-9)
            out.write(
                f"  {done:>10,} / {total:,} parties  ({rate:,.0f}/s, "
                f"{sum(x.written for x in w.values()):,} rows)"
            )
            out.flush()
    out.write("Rows: " + ", ".join(f"{k} {v.written:,}" for k, v in w.items()))
    return w
