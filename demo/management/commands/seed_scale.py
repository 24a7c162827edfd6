"""`manage.py seed_scale --parties 1000000`: a large, reproducible data set for benchmarks.

About 80 % people and 20 % organizations with 2-4 contact mechanisms each, employment links,
sales reps in teams owning their share, team grants and manual shares, 10 % customers; and as
many events as parties (calls, meetings, tasks, e-mails, notes over the last two years and the
next two months), each about a party and owned by its owner, meetings with that party and
sometimes a teammate taking part. Rows are streamed with COPY on PostgreSQL (executemany on
SQLite) in one transaction: an interrupted run leaves the database as it was.
"""

from __future__ import annotations

import random
import sys
import time
from array import array
from bisect import bisect
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from itertools import accumulate

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission, User
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, models, transaction

from crm.access import CUSTOMER_SERVICE, SALES_MANAGER, SALES_REP
from crm.models import GrantCause, Team, UserProfile
from demo.data import NAMES
from events.models import Event, EventParticipant, EventUserObjectPermission, floating
from parties.models import (
    ContactMech,
    Party,
    PartyContactMech,
    PartyContactMechPurpose,
    PartyGroupObjectPermission,
    PartyRelationship,
    PartyRole,
    PartyUserObjectPermission,
)

MAX_PARTIES = 20_000_000
MAX_EVENTS = 50_000_000
CHUNK = 20_000
PASSWORD = "demo"

COMPANY_WORDS = [
    "Summit",
    "Ridge",
    "Blue",
    "North",
    "Harbor",
    "Silver",
    "Granite",
    "Maple",
    "Cedar",
    "Atlas",
    "Beacon",
    "Vertex",
    "Pioneer",
    "Crest",
    "Falcon",
    "Horizon",
    "Meridian",
    "Orbit",
    "Prairie",
    "Quantum",
    "Redwood",
    "Sterling",
    "Titan",
    "Union",
    "Vista",
    "Willow",
    "Zenith",
    "Alpine",
    "Bright",
    "Coastal",
    "Delta",
    "Evergreen",
    "Frontier",
    "Golden",
    "Highland",
    "Iron",
    "Juniper",
    "Keystone",
    "Liberty",
    "Monarch",
    "Nova",
    "Oak",
    "Pacific",
    "Riverbend",
    "Sapphire",
    "Trinity",
    "Valley",
]
COMPANY_NOUNS = [
    "Analytics",
    "Logistics",
    "Systems",
    "Foods",
    "Energy",
    "Health",
    "Robotics",
    "Textiles",
    "Capital",
    "Media",
    "Software",
    "Construction",
    "Consulting",
    "Pharma",
    "Retail",
    "Outfitters",
    "Insurance",
    "Labs",
    "Networks",
    "Motors",
]
LEGAL = ["Inc.", "LLC", "Ltd", "GmbH", "SAS", "B.V.", "plc", "AG", "Corp."]
INDUSTRIES = (
    "Software",
    "Manufacturing",
    "Retail",
    "Healthcare",
    "Logistics",
    "Energy",
    "Finance",
    "Construction",
    "Media",
    "Education",
    "Hospitality",
    "Agriculture",
)
TITLES = (
    "CEO",
    "CFO",
    "CTO",
    "VP of Sales",
    "Head of Purchasing",
    "Operations Manager",
    "IT Director",
    "Office Manager",
    "Project Manager",
    "Buyer",
    "Engineer",
    "Analyst",
)
CITIES = [
    ("New York", "NY", "US", "+1212"),
    ("Chicago", "IL", "US", "+1312"),
    ("Austin", "TX", "US", "+1512"),
    ("London", "", "GB", "+4420"),
    ("Manchester", "", "GB", "+44161"),
    ("Berlin", "", "DE", "+4930"),
    ("Hamburg", "", "DE", "+4940"),
    ("Paris", "", "FR", "+331"),
    ("Lyon", "", "FR", "+334"),
    ("Amsterdam", "", "NL", "+3120"),
    ("Toronto", "ON", "CA", "+1416"),
]
STREETS = [
    "Main Street",
    "Oak Avenue",
    "High Street",
    "Hauptstraße",
    "Rue de la Paix",
    "Kerkstraat",
]
# kind, share of all events, subjects
EVENT_KINDS = [
    ("call", 0.40, ["Follow-up call", "Discovery call", "Pricing call", "Renewal call"]),
    ("meeting", 0.25, ["Product demo", "Quarterly review", "Requirements workshop", "Lunch"]),
    ("task", 0.25, ["Send the proposal", "Prepare the demo", "Update the forecast", "Send notes"]),
    ("email", 0.05, ["Sent the price list", "Answered the RFP questions"]),
    ("note", 0.05, ["Prefers calls in the morning", "Budget cycle starts in October"]),
]
FIRST_NAMES = sorted({n for first, _ in NAMES.values() for n in first})
LAST_NAMES = sorted({n for _, last in NAMES.values() for n in last})


def _ts(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S+00:00")


class Writer:
    """Streams rows into one table: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, model: type[models.Model], columns: list[str]):
        self.table = model._meta.db_table
        known = {f.column for f in model._meta.concrete_fields}
        missing = set(columns) - known
        if missing:
            raise CommandError(f"{self.table} has no column(s) {sorted(missing)}")
        self.columns = columns
        self.next_id = (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1
        self.rows: list[tuple] = []
        self.written = 0

    def take_id(self) -> int:
        value = self.next_id
        self.next_id += 1
        return value

    def add(self, *row) -> None:
        self.rows.append(row)

    def flush(self) -> None:
        if not self.rows:
            return
        quoted = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({quoted}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {self.table} ({quoted}) VALUES ({marks})", self.rows
                )
        self.written += len(self.rows)
        self.rows = []


class Command(BaseCommand):
    help = "Generate a large synthetic data set for benchmarks (see README: Benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--parties", type=int, default=10_000)
        parser.add_argument("--reps", type=int, default=50)
        parser.add_argument("--teams", type=int, default=10)
        parser.add_argument(
            "--shares", type=int, default=None, help="manual shares (default: 0.5 %% of parties)"
        )
        parser.add_argument(
            "--team-access",
            choices=["private", "read"],
            default="private",
            help="team grant on each record (default private: reps see their own records and "
            "shares, managers see their teams' through the manager rule)",
        )
        parser.add_argument(
            "--events", type=int, default=None, help="events (default: as many as parties)"
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--allow-existing-data",
            action="store_true",
            help="add to a database that already holds parties (never on production)",
        )

    def handle(self, *args, **options):
        parties = options["parties"]
        if not 1 <= parties <= MAX_PARTIES:
            raise CommandError(f"--parties must be between 1 and {MAX_PARTIES:,}.")
        if not 1 <= options["teams"] <= options["reps"] <= 10_000:
            raise CommandError("Need 1 <= --teams <= --reps <= 10,000.")
        events = parties if options["events"] is None else options["events"]
        if not 0 <= events <= MAX_EVENTS:
            raise CommandError(f"--events must be between 0 and {MAX_EVENTS:,}.")
        existing = Party.objects.count()
        if existing and not options["allow_existing_data"]:
            raise CommandError(
                f"This database already holds {existing:,} parties. seed_scale adds synthetic "
                "data; pass --allow-existing-data to add to it anyway (never on production)."
            )
        started = time.monotonic()
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    # Check foreign keys as rows arrive rather than queue millions for COMMIT.
                    with connection.cursor() as cursor:
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                self.rng = random.Random(options["seed"])
                self.users = self._users(options["reps"], options["teams"])
                first_party = (Party.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1
                self._parties(parties, options)
                self._events(events, first_party)
                self._reset_sequences()
        except KeyboardInterrupt:
            self.stderr.write("\nInterrupted: rolled back, nothing was saved.")
            sys.exit(130)
        self.stdout.write(
            f"Done in {time.monotonic() - started:.0f}s: {parties:,} parties and {events:,} "
            f"events for {options['reps']} reps in {options['teams']} teams."
        )
        if connection.vendor == "postgresql":
            # Statistics for the planner, and the visibility map index-only scans rely on
            # (rows just copied in are not yet known to be visible to all). VACUUM cannot run
            # inside a transaction (the tests run the command in one): there, ANALYZE only.
            with connection.cursor() as cursor:
                if connection.in_atomic_block:
                    cursor.execute("ANALYZE")
                else:
                    self.stdout.write("Vacuuming and analysing…")
                    cursor.execute("VACUUM (ANALYZE)")

    # Users and teams ---------------------------------------------------------------------

    def _users(self, reps: int, teams: int) -> dict:
        password = make_password(PASSWORD)
        groups = {
            g.name: g
            for g in Group.objects.filter(name__in=[SALES_REP, SALES_MANAGER, CUSTOMER_SERVICE])
        }

        def user(username: str, role: str, team: Team | None) -> User:
            obj, _ = User.objects.get_or_create(
                username=username, defaults={"password": password, "first_name": username.title()}
            )
            obj.groups.add(groups[role])
            if team:
                obj.groups.add(team.group)
            UserProfile.objects.update_or_create(user=obj, defaults={"home_team": team})
            return obj

        team_list, managers, rep_users = [], [], []
        for t in range(1, teams + 1):
            group, _ = Group.objects.get_or_create(name=f"Scale Team {t:02d}")
            team, _ = Team.objects.get_or_create(group=group)
            manager = user(f"manager{t:02d}", SALES_MANAGER, team)
            team.manager = manager
            team.save(update_fields=["manager"])
            team_list.append(team)
            managers.append(manager)
        for r in range(1, reps + 1):
            rep_users.append(user(f"rep{r:02d}", SALES_REP, team_list[(r - 1) % teams]))
        csr = user("csr01", CUSTOMER_SERVICE, None)
        team_of = {rep.pk: team_list[(i) % teams] for i, rep in enumerate(rep_users)}
        return {
            "reps": rep_users,
            "teams": team_list,
            "managers": managers,
            "csr": csr,
            "team_of": team_of,
        }

    # Parties -----------------------------------------------------------------------------

    def _parties(self, total: int, options) -> None:
        rng = self.rng
        now = datetime.now(UTC)
        perms = {
            p.codename.split("_")[0]: p.pk
            for p in Permission.objects.filter(
                content_type__app_label="parties", content_type__model="party"
            )
        }
        w = {
            "party": Writer(
                Party,
                [
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
                ],
            ),
            "role": Writer(PartyRole, ["id", "party_id", "role", "created_at"]),
            "mech": Writer(
                ContactMech,
                [
                    "id",
                    "kind",
                    "value",
                    "to_name",
                    "address1",
                    "address2",
                    "city",
                    "postal_code",
                    "state",
                    "country",
                ],
            ),
            "pcm": Writer(
                PartyContactMech,
                [
                    "id",
                    "party_id",
                    "contact_mech_id",
                    "from_date",
                    "thru_date",
                    "extension",
                    "verified",
                ],
            ),
            "purpose": Writer(
                PartyContactMechPurpose,
                [
                    "id",
                    "party_contact_mech_id",
                    "party_id",
                    "purpose",
                    "from_date",
                    "thru_date",
                ],
            ),
            "rel": Writer(
                PartyRelationship,
                [
                    "id",
                    "from_party_id",
                    "to_party_id",
                    "kind",
                    "title",
                    "from_date",
                    "thru_date",
                    "created_by_id",
                    "created_at",
                ],
            ),
            "uperm": Writer(
                PartyUserObjectPermission,
                [
                    "id",
                    "permission_id",
                    "user_id",
                    "content_object_id",
                    "granted_by_id",
                    "granted_at",
                    "cause",
                ],
            ),
            "gperm": Writer(
                PartyGroupObjectPermission,
                [
                    "id",
                    "permission_id",
                    "group_id",
                    "content_object_id",
                    "granted_by_id",
                    "granted_at",
                    "cause",
                ],
            ),
        }
        reps = self.users["reps"]
        team_of = self.users["team_of"]
        team_read = options["team_access"] == "read"
        shares = options["shares"] if options["shares"] is not None else max(10, total // 200)
        share_every = max(1, total // max(shares, 1))
        organizations: list[int] = []
        owner_actions = [
            ("view", perms["view"]),
            ("change", perms["change"]),
            ("delete", perms["delete"]),
            ("share", perms["share"]),
        ]
        started = time.monotonic()
        for index in range(total):
            party_id = w["party"].take_id()
            is_org = index % 5 == 0  # 20 % organizations
            owner = reps[rng.randrange(len(reps))]
            created = now - timedelta(days=rng.randrange(1, 3 * 365), seconds=rng.randrange(86400))
            updated = created + timedelta(days=rng.randrange(0, 30))
            if updated > now:
                updated = now
            city, state, country, prefix = CITIES[rng.randrange(len(CITIES))]
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
                _ts(created),
                _ts(updated),
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
            role = "ACCOUNT" if is_org else "CONTACT"
            w["role"].add(w["role"].take_id(), party_id, role, _ts(created))
            if is_customer:
                w["role"].add(w["role"].take_id(), party_id, "CUSTOMER", _ts(created))

            # 2-4 contact mechanisms: e-mail and phone always, then maybe a mobile and an address.
            local = (
                (first + "." + last).lower().replace("'", "").replace(" ", "")
                if not is_org
                else "info"
            )
            email = f"{local}{party_id}@{domain}"
            phone = f"{prefix}{rng.randrange(2_000_000, 9_999_999)}"
            mechs = [
                ("EMAIL", email, "PRIMARY_EMAIL", None),
                ("PHONE", phone, "PRIMARY_PHONE", None),
            ]
            extra = rng.randrange(3)
            if extra >= 1 and not is_org:
                mechs.append(
                    (
                        "PHONE",
                        f"{prefix}{rng.randrange(2_000_000, 9_999_999)}",
                        "MOBILE_PHONE",
                        None,
                    )
                )
            if extra == 2 or is_customer:
                street = f"{rng.randrange(1, 400)} {STREETS[rng.randrange(len(STREETS))]}"
                postal = f"{rng.randrange(10000, 99999)}"
                address = (street, city, postal, state, country)
                value = (
                    f"{street}, {postal}, {city}" + (f", {state}" if state else "") + f", {country}"
                )
                purpose = "SHIPPING_LOCATION" if is_customer else "GENERAL_LOCATION"
                mechs.append(("POSTAL_ADDRESS", value, purpose, address))
            for kind, value, purpose, address in mechs:
                mech_id = w["mech"].take_id()
                if address:
                    street, a_city, postal, a_state, a_country = address
                    w["mech"].add(
                        mech_id,
                        kind,
                        value,
                        display,
                        street,
                        "",
                        a_city,
                        postal,
                        a_state,
                        a_country,
                    )
                else:
                    w["mech"].add(mech_id, kind, value, "", "", "", "", "", "", "")
                pcm_id = w["pcm"].take_id()
                w["pcm"].add(pcm_id, party_id, mech_id, _ts(created), None, "", False)
                w["purpose"].add(
                    w["purpose"].take_id(), pcm_id, party_id, purpose, _ts(created), None
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
                    _ts(created),
                )

            for _, perm_id in owner_actions:
                w["uperm"].add(
                    w["uperm"].take_id(),
                    perm_id,
                    owner.pk,
                    party_id,
                    owner.pk,
                    _ts(created),
                    GrantCause.OWNER,
                )
            if team_read:
                w["gperm"].add(
                    w["gperm"].take_id(),
                    perms["view"],
                    team_of[owner.pk].group_id,
                    party_id,
                    owner.pk,
                    _ts(created),
                    GrantCause.TEAM,
                )
            if index % share_every == share_every - 1:
                # A manual share: mostly to another rep, sometimes to another team.
                if rng.random() < 0.8:
                    other = reps[rng.randrange(len(reps))]
                    if other.pk != owner.pk:
                        w["uperm"].add(
                            w["uperm"].take_id(),
                            perms["view"],
                            other.pk,
                            party_id,
                            owner.pk,
                            _ts(updated),
                            GrantCause.SHARE,
                        )
                else:
                    team = self.users["teams"][rng.randrange(len(self.users["teams"]))]
                    if team.pk != team_of[owner.pk].pk or not team_read:
                        w["gperm"].add(
                            w["gperm"].take_id(),
                            perms["view"],
                            team.group_id,
                            party_id,
                            owner.pk,
                            _ts(updated),
                            GrantCause.SHARE,
                        )

            if (index + 1) % CHUNK == 0 or index + 1 == total:
                for writer in w.values():
                    writer.flush()
                done = index + 1
                rate = done / max(time.monotonic() - started, 1e-9)
                self.stdout.write(
                    f"  {done:>10,} / {total:,} parties  ({rate:,.0f}/s, "
                    f"{sum(x.written for x in w.values()):,} rows)"
                )
                self.stdout.flush()
        self.summary = {name: writer.written for name, writer in w.items()}
        self.stdout.write("Rows: " + ", ".join(f"{k} {v:,}" for k, v in self.summary.items()))

    # Events ------------------------------------------------------------------------------

    def _events(self, total: int, first_party: int) -> None:
        """`total` events about the parties just made, owned by each party's owner with the
        owner's grants (events are private to the team by default: no team grant). One party
        in a hundred is busy and gets a tenth of them, so some timelines run long."""
        if not total:
            return
        rng = self.rng
        now = datetime.now(UTC)
        today = now.date()
        party_ids, owner_ids = array("q"), array("q")
        rows = Party.objects.filter(pk__gte=first_party).order_by("pk")
        for pk, owner_id in rows.values_list("pk", "owner_id").iterator(chunk_size=CHUNK):
            party_ids.append(pk)
            owner_ids.append(owner_id)
        busy = max(1, len(party_ids) // 100)
        team_of = self.users["team_of"]
        teammates: dict[int, list[int]] = {}
        for rep in self.users["reps"]:
            teammates.setdefault(team_of[rep.pk].pk, []).append(rep.pk)
        perms = {
            p.codename.split("_")[0]: p.pk
            for p in Permission.objects.filter(
                content_type__app_label="events", content_type__model="event"
            )
        }
        owner_perms = [perms[action] for action in ("view", "change", "delete", "share")]
        w = {
            "event": Writer(
                Event,
                [
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
                ],
            ),
            "participant": Writer(
                EventParticipant, ["id", "event_id", "user_id", "party_id", "role", "response"]
            ),
            "euperm": Writer(
                EventUserObjectPermission,
                [
                    "id",
                    "permission_id",
                    "user_id",
                    "content_object_id",
                    "granted_by_id",
                    "granted_at",
                    "cause",
                ],
            ),
        }
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
            w["event"].add(
                event_id,
                _ts(created),
                _ts(completed if status == "completed" else created),
                kind,
                subjects[rng.randrange(len(subjects))],
                "",
                _ts(starts),
                _ts(ends) if ends else None,
                False,
                "",
                2,
                status,
                owner_id,
                party_id,
                None,
                None,
                _ts(completed) if status == "completed" else None,
                owner_id if status == "completed" else None,
                owner_id,
                owner_id,
                1,
            )
            for perm_id in owner_perms:
                w["euperm"].add(
                    w["euperm"].take_id(),
                    perm_id,
                    owner_id,
                    event_id,
                    owner_id,
                    _ts(created),
                    GrantCause.OWNER,
                )
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
                    w["euperm"].add(
                        w["euperm"].take_id(),
                        perms["view"],
                        guest,
                        event_id,
                        owner_id,
                        _ts(created),
                        GrantCause.PARTICIPANT,
                    )
            if (index + 1) % CHUNK == 0 or index + 1 == total:
                for writer in w.values():
                    writer.flush()
                done = index + 1
                rate = done / max(time.monotonic() - started, 1e-9)
                self.stdout.write(f"  {done:>10,} / {total:,} events  ({rate:,.0f}/s)")
                self.stdout.flush()
        self.stdout.write("Rows: " + ", ".join(f"{k} {v.written:,}" for k, v in w.items()))

    def _reset_sequences(self) -> None:
        models_ = [
            Party,
            PartyRole,
            ContactMech,
            PartyContactMech,
            PartyContactMechPurpose,
            PartyRelationship,
            PartyUserObjectPermission,
            PartyGroupObjectPermission,
            Event,
            EventParticipant,
            EventUserObjectPermission,
        ]
        statements = connection.ops.sequence_reset_sql(no_style(), models_)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
