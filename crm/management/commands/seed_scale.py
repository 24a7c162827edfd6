"""`manage.py seed_scale --parties 1000000`: a large, reproducible data set for benchmarks.

About 80 % people and 20 % organizations with 2-4 contact mechanisms each, employment links,
sales reps in teams owning their share, team grants and manual shares, 10 % customers. Rows are
streamed with COPY on PostgreSQL (executemany on SQLite) in one transaction: an interrupted run
leaves the database as it was.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import UTC, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission, User
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, models, transaction

from crm.access import CUSTOMER_SERVICE, SALES_MANAGER, SALES_REP
from crm.demo_data import NAMES
from crm.models import GrantCause, Team, UserProfile
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
                self._parties(parties, options)
                self._reset_sequences()
        except KeyboardInterrupt:
            self.stderr.write("\nInterrupted: rolled back, nothing was saved.")
            sys.exit(130)
        self.stdout.write(
            f"Done in {time.monotonic() - started:.0f}s: {parties:,} parties for "
            f"{options['reps']} reps in {options['teams']} teams."
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

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
        ]
        statements = connection.ops.sequence_reset_sql(no_style(), models_)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
