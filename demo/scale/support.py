"""seed_scale's support desk: two support teams with their business-hours calendars and
queues, customer service reps and a support manager per team, the service levels, and
cases over the seeded customers (a long tail: one customer with thousands, most with a
few), in every status, with their status history, public and internal notes, journey rows
and service-level columns, all computed in business time without a query per row.

The service-level columns follow support.services: each clock's deadline is its target in
business minutes after the case was opened; the first public note answers it; pending the
customer pauses the clocks (minutes left kept, deadlines cleared) and the reply resumes
them; reopening restarts the resolution clock with what was left; `next_due_at` is the
earliest deadline still pending; `sla_missed` records a target met late (or a case closed
after a deadline had passed). "Breached" is then the SQL of support.selectors."""

from __future__ import annotations

import random
import time
from array import array
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.management.base import OutputWrapper
from django.db.models import Max

from commerce.models import Order, OrderItem, Product
from crm.access import CHANGE, CUSTOMER_SERVICE, OWNER_ACTIONS, VIEW
from crm.models import GrantCause, Team, UserProfile
from demo.calendars import BERLIN, NEW_YORK, ensure_calendar
from demo.scale.commerce import order_counts
from demo.scale.grants import GrantBatch, grant_writer
from demo.scale.timeline import Timeline
from demo.scale.users import PASSWORD, ScaleUsers
from demo.scale.writer import CHUNK, Writer, flush_all, timestamp
from parties.models import JourneyEntry, Party, PartyRole
from support.models import (
    OPEN_STATUSES,
    Case,
    CaseNote,
    CasePriority,
    CaseResolution,
    CaseStatus,
    CaseStatusChange,
    Queue,
    ServiceLevel,
)
from support.services.common import ACCESS_KEY

S = CaseStatus
# Business minutes: (first response, resolution) per priority, unless the database has its own.
SERVICE_LEVELS = {
    CasePriority.URGENT: (60, 8 * 60),
    CasePriority.HIGH: (2 * 60, 16 * 60),
    CasePriority.NORMAL: (4 * 60, 40 * 60),
    CasePriority.LOW: (8 * 60, 80 * 60),
}
PRIORITIES = [
    (CasePriority.URGENT, 4),
    (CasePriority.HIGH, 18),
    (CasePriority.NORMAL, 58),
    (CasePriority.LOW, 20),
]
TYPES = [("question", 35), ("problem", 35), ("complaint", 12), ("return", 12), ("feature", 6)]
REASONS = [
    ("instructions", 20),
    ("new_problem", 30),
    ("existing_problem", 20),
    ("complex", 10),
    ("training", 5),
    ("other", 15),
]
CHANNELS = [("email", 40), ("phone", 25), ("web", 20), ("portal", 12), ("in_person", 3)]
SUBJECTS = {
    "question": [
        "How do I descale the machine?",
        "Question about my invoice",
        "When will my order arrive?",
        "Which grind for a French press?",
        "Can I change the delivery address?",
    ],
    "problem": [
        "Machine leaks water",
        "Grinder makes a loud noise",
        "Portal login does not work",
        "Milk frother stopped heating",
        "Wrong item delivered",
    ],
    "complaint": [
        "Order arrived damaged",
        "Delivery three days late",
        "Charged twice for one order",
        "Beans tasted stale",
    ],
    "return": [
        "Return request: unopened package",
        "Return request: defective on arrival",
        "Exchange for a different size",
    ],
    "feature": ["Please offer oat milk capsules", "Subscription pause option", "Invoice as PDF"],
}
PUBLIC_NOTES = [
    "Thank you for getting in touch: we are looking into it.",
    "Could you send us a photo of the serial number plate?",
    "A replacement is on its way; you will get the tracking number by e-mail.",
    "We have credited the amount to your account.",
    "Please try the descaling programme once more and let us know.",
]
INTERNAL_NOTES = [
    "Checked the order history: second time this quarter.",
    "Asked the warehouse to verify the batch.",
    "Known issue with this model, see the service bulletin.",
    "Customer is a key account: handle with care.",
    "Escalated to the product team.",
]
RESOLUTIONS = [("fixed", 70), ("works_as_designed", 18), ("wont_fix", 7), ("rejected", 5)]
# Where cases older than a month end (nearly all closed), and younger ones, by weight.
OLD_OUTCOMES = [
    (S.CLOSED, 72),
    (S.RESOLVED, 10),
    (S.CANCELLED, 6),
    (S.REJECTED, 4),
    (S.REOPENED, 1),
    (S.PENDING_CUSTOMER, 1),
    (S.IN_PROGRESS, 1),
]
RECENT_OUTCOMES = [
    (S.NEW, 14),
    (S.ACCEPTED, 12),
    (S.IN_PROGRESS, 22),
    (S.PENDING_CUSTOMER, 14),
    (S.RESOLVED, 18),
    (S.CLOSED, 8),
    (S.REOPENED, 5),
    (S.REJECTED, 3),
    (S.CANCELLED, 4),
]
# The steps a case takes to each status ("respond": the first public note, the first
# response; "note": an internal note; "pend"/"resume": pending the customer and back).
PLANS = {
    S.NEW: [],
    S.ACCEPTED: ["accept"],
    S.IN_PROGRESS: ["accept", "respond", "progress", "note"],
    S.PENDING_CUSTOMER: ["accept", "respond", "progress", "pend"],
    S.RESOLVED: ["accept", "respond", "progress", "resolve"],
    S.CLOSED: ["accept", "respond", "resolve", "close"],
    S.REOPENED: ["accept", "respond", "progress", "resolve", "reopen"],
    S.REJECTED: ["reject"],
    S.CANCELLED: ["accept", "respond", "cancel"],
}
# Some closed cases waited on the customer on the way.
PAUSED_CLOSED_PLAN = ["accept", "respond", "progress", "pend", "resume", "note", "resolve", "close"]
# And some were solved at once: the resolution was the first answer.
QUICK_CLOSED_PLAN = ["accept", "resolve", "close"]
# Now and then a case whose first response falls due within the hour.
DUE_SOON_CHANCE = 0.003
# A customer's next case is now and then a duplicate of the one before, merged into it.
MERGE_CHANCE = 0.02
BIG_CASE_NOTES = 200

CASE_COLUMNS = [
    "id",
    "number",
    "subject",
    "description",
    "customer_id",
    "contact_id",
    "order_id",
    "product_id",
    "type",
    "reason",
    "priority",
    "channel",
    "owner_id",
    "queue_id",
    "status",
    "resolution",
    "parent_id",
    "reopen_count",
    "created_at",
    "created_by_id",
    "updated_at",
    "status_changed_at",
    "version",
    "first_response_target",
    "resolution_target",
    "first_response_due_at",
    "first_response_at",
    "first_response_minutes",
    "resolution_due_at",
    "resolved_at",
    "resolution_minutes",
    "paused_at",
    "response_minutes_left",
    "resolution_minutes_left",
    "next_due_at",
    "sla_missed",
    "closed_at",
]
HISTORY_COLUMNS = ["id", "case_id", "from_status", "status", "changed_at", "changed_by_id", "note"]
NOTE_COLUMNS = ["id", "case_id", "body", "public", "author_id", "created_at"]
JOURNEY_COLUMNS = [
    "id",
    "party_id",
    "occurred_at",
    "kind",
    "record_type",
    "record_id",
    "summary",
    "actor_id",
]
STATUS_LABELS = dict(CaseStatus.choices)
RESOLUTION_LABELS = dict(CaseResolution.choices)
PRIORITY_LABELS = dict(CasePriority.choices)


def case_number(pk: int) -> str:
    return f"CS-{pk:06d}"


@dataclass
class Desk:
    """A support team as the seeder uses it: its queue, business time and reps."""

    queue: Queue
    timeline: Timeline
    reps: list[int]
    manager: int


@dataclass
class SupportUsers:
    csrs: list[User]
    managers: list[User]
    desks: dict[str, Desk] = field(default_factory=dict)


# The support teams: name, calendar, manager, the CSRs' numbers.
TEAMS = [
    ("Scale Support Europe", BERLIN, "csmanager01", (1, 3, 5, 7, 9)),
    ("Scale Support Americas", NEW_YORK, "csmanager02", (2, 4, 6, 8, 10)),
]


def make_support_users(users: ScaleUsers, now: datetime) -> SupportUsers:
    """The two support teams with their calendars (holidays from three years back to two
    ahead) and queues, a manager each and five CSRs each (csr01, the benchmark's CSR, works
    in Europe); the service levels where the database has none. Existing rows are reused."""
    password = make_password(PASSWORD)
    csr_group = Group.objects.get(name=CUSTOMER_SERVICE)
    years = range(now.year - 3, now.year + 3)
    result = SupportUsers(csrs=[], managers=[])

    def member(username: str, team: Team) -> User:
        user = existing.get(username)
        if user is None:
            user, _ = User.objects.get_or_create(
                username=username,
                defaults={"password": password, "first_name": username.title()},
            )
        user.groups.add(csr_group, team.group)
        UserProfile.objects.update_or_create(user=user, defaults={"home_team": team})
        return user

    existing = {users.csr.username: users.csr}
    for team_name, spec, manager_name, numbers in TEAMS:
        group, _ = Group.objects.get_or_create(name=team_name)
        team, _ = Team.objects.get_or_create(group=group)
        manager = member(manager_name, team)
        team.manager = manager
        team.save(update_fields=["manager"])
        reps = [member(f"csr{n:02d}", team) for n in numbers]
        calendar = ensure_calendar(spec, years)
        queue, _ = Queue.objects.get_or_create(
            team=team, defaults={"name": team_name, "calendar": calendar}
        )
        timeline = Timeline(
            queue.calendar,
            (now - timedelta(days=3 * 365 + 30)).date(),
            (now + timedelta(days=400)).date(),
        )
        result.desks[team_name] = Desk(queue, timeline, [u.pk for u in reps], manager.pk)
        result.csrs += reps
        result.managers.append(manager)
    for priority, (response, resolution) in SERVICE_LEVELS.items():
        ServiceLevel.objects.get_or_create(
            priority=priority,
            defaults={"first_response_minutes": response, "resolution_minutes": resolution},
        )
    return result


def _weighted(rng: random.Random, choices: list[tuple]) -> object:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


class SlaClock:
    """One clock's columns (support.services.clocks.Clock), times in epoch seconds."""

    __slots__ = ("target", "due", "met", "minutes", "left")

    def __init__(self, target: int, due: int):
        self.target, self.due = target, due
        self.met: int | None = None
        self.minutes: int | None = None
        self.left: int | None = None

    @property
    def running(self) -> bool:
        return self.met is None and self.due is not None


class CaseRun:
    """One case's life in business time: the moves the services would make (opened,
    assigned, status changes, notes, merged) in order, each stopping short of now, and the
    columns they leave. The clock transitions are support.services.clocks', step for step,
    on a Timeline instead of a loaded calendar."""

    def __init__(
        self,
        timeline: Timeline,
        *,
        opened: int,
        response_target: int,
        resolution_target: int,
        now: int,
    ):
        self.tl, self.now = timeline, now
        self.opened = self.at = opened
        self.status = S.NEW
        # (from, to, when, note, journey kind, journey summary): history and journey rows
        self.moves: list[tuple[str, str, int, str, str, str]] = []
        self.notes: list[tuple[int, bool, str]] = []
        self.response = SlaClock(response_target, timeline.add(opened, response_target))
        self.resolution = SlaClock(resolution_target, timeline.add(opened, resolution_target))
        self.paused: int | None = None
        self.missed = False
        self.reopens = 0
        self.result = ""
        self.closed: int | None = None
        self.assigned: int | None = None
        self.status_at = opened

    @property
    def clocks(self) -> tuple[SlaClock, SlaClock]:
        return (self.response, self.resolution)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    # The clocks (support.services.clocks) ---------------------------------------------------
    def _left(self, clock: SlaClock, at: int) -> int | None:
        if clock.due is not None:
            return self.tl.minutes_left(clock.due, at)
        return clock.left

    def _pause(self, at: int) -> None:
        for clock in self.clocks:
            if clock.running:
                clock.left = self._left(clock, at)
                clock.due = None
                if clock.left < 0:
                    self.missed = True
        self.paused = at

    def _resume(self, at: int) -> None:
        if self.paused is None:
            return
        for clock in self.clocks:
            if clock.met is None and clock.left is not None:
                clock.due = self.tl.add(at, clock.left)
                clock.left = None
        self.paused = None

    def _meet(self, clock: SlaClock, at: int) -> None:
        if clock.met is not None:
            return
        left = self._left(clock, at)
        clock.met = at
        if clock.due is None:
            clock.due = self.tl.add(at, left)
        clock.minutes = max(clock.target - left, 0)
        if left < 0:
            self.missed = True
        clock.left = None

    def _stop(self, at: int) -> None:
        for clock in self.clocks:
            if clock.met is None:
                clock.left = self._left(clock, at)
                clock.due = None
                if clock.left < 0:
                    self.missed = True
        self.paused = None

    def _reopen(self, at: int) -> None:
        clock = self.resolution
        left = clock.left
        if clock.met is not None:
            left = clock.target - clock.minutes
            if clock.due is not None:
                left = self.tl.minutes_left(clock.due, clock.met)
        clock.met = clock.minutes = clock.left = None
        clock.due = self.tl.add(at, left) if left is not None else None
        self.paused = None

    def next_due(self) -> int | None:
        dues = [clock.due for clock in self.clocks if clock.running]
        return None if self.paused is not None or not dues else min(dues)

    # Moves ---------------------------------------------------------------------------------
    def later(self, minutes: int) -> int:
        """`minutes` business minutes after the last move."""
        return self.tl.add(self.at, max(1, minutes))

    def open(self, number: str, priority_label: str, subject: str) -> None:
        self.moves.append(
            (
                "",
                S.NEW,
                self.opened,
                "opened",
                "case_opened",
                f"Case {number} opened ({priority_label}): “{subject}”",
            )
        )

    def assign(self, when: int, number: str, name: str) -> bool:
        """Taken by its owner: accepted."""
        if when > self.now:
            return False
        self.at = self.assigned = self.status_at = when
        self.moves.append(
            (
                S.NEW,
                S.ACCEPTED,
                when,
                f"assigned to {name}",
                "case_status",
                f"Case {number} accepted by {name}",
            )
        )
        self.status = S.ACCEPTED
        return True

    def move(self, status: str, when: int, number: str, note: str = "", result: str = "") -> bool:
        """case_status_change: the clocks, the status columns, the history and journey."""
        if when > self.now:
            return False
        previous = self.status
        if previous == S.PENDING_CUSTOMER and status != S.PENDING_CUSTOMER:
            self._resume(when)
        if status == S.PENDING_CUSTOMER:
            self._pause(when)
        elif status == S.RESOLVED:
            self._meet(self.response, when)
            self._meet(self.resolution, when)
        elif status in (S.REJECTED, S.CANCELLED):
            self._stop(when)
        elif status == S.REOPENED:
            self._reopen(when)
        if status == S.RESOLVED:
            self.result = result
        elif status == S.REOPENED:
            self.reopens += 1
            self.result = ""
            self.closed = None
        elif status == S.REJECTED and not self.result:
            self.result = "rejected"
        if status in (S.CLOSED, S.REJECTED, S.CANCELLED):
            self.closed = when
        self.status, self.status_at, self.at = status, when, when
        if status == S.RESOLVED:
            kind = "case_resolved"
            summary = f"Case {number} resolved: {RESOLUTION_LABELS[self.result].lower()}"
        else:
            kind = "case_status"
            summary = f"Case {number}: {STATUS_LABELS[status].lower()}"
        self.moves.append((previous, status, when, note, kind, summary))
        return True

    def note(self, when: int, public: bool, body: str) -> bool:
        """case_note_add: the first public note on an open case answers it."""
        if when > self.now:
            return False
        self.notes.append((when, public, body))
        self.at = max(self.at, when)
        if public and self.response.met is None and self.is_open:
            self._meet(self.response, when)
        return True

    def merge(self, when: int, number: str, into: str) -> bool:
        """case_merge: closed as a duplicate of `into`, the clocks stopped."""
        if when > self.now:
            return False
        previous = self.status
        self._stop(when)
        self.result = "duplicate"
        self.status, self.status_at, self.closed, self.at = S.CLOSED, when, when, when
        self.moves.append(
            (
                previous,
                S.CLOSED,
                when,
                f"merged into {into}",
                "case_status",
                f"Case {number} merged into {into}",
            )
        )
        return True

    def status_when(self, when: int) -> str:
        status = S.NEW
        for _from, to, at, *_rest in self.moves:
            if at > when:
                break
            status = to
        return status


@dataclass
class LastCase:
    """A customer's latest case, for merging a duplicate into it."""

    pk: int
    number: str
    run: CaseRun
    owner: int | None


def seed_support(
    rng: random.Random,
    users: ScaleUsers,
    *,
    cases: int,
    first_party: int = 1,
    out: OutputWrapper,
) -> dict[str, Writer]:
    """`cases` cases over the customers from `first_party` on (the one with the most owned
    by the first rep, like the shop's), their history, notes, grants and journey rows; the
    support teams, queues, calendars and service levels first. Returns the writers by name."""
    now_dt = datetime.now(UTC).replace(second=0, microsecond=0)
    now = int(now_dt.timestamp())
    support_users = make_support_users(users, now_dt)
    w = {
        "case": Writer(Case, CASE_COLUMNS),
        "history": Writer(CaseStatusChange, HISTORY_COLUMNS),
        "note": Writer(CaseNote, NOTE_COLUMNS),
        "journey": Writer(JourneyEntry, JOURNEY_COLUMNS),
        "cuperm": grant_writer(Case, "user"),
        "cgperm": grant_writer(Case, "group"),
    }
    if not cases:
        return w
    owner_grants = GrantBatch(
        w["cuperm"], Case, holder="user", cause=GrantCause.OWNER, actions=OWNER_ACTIONS
    )
    team_access = settings.CRM_TEAM_ACCESS.get(ACCESS_KEY, "read")
    team_grants = GrantBatch(
        w["cgperm"],
        Case,
        holder="group",
        cause=GrantCause.TEAM,
        actions=(VIEW, CHANGE) if team_access == "write" else (VIEW,),
    )
    levels = {
        sl.priority: (sl.first_response_minutes, sl.resolution_minutes)
        for sl in ServiceLevel.objects.all()
    }
    desks = support_users.desks
    europe, americas = desks[TEAMS[0][0]], desks[TEAMS[1][0]]
    names = {
        u.pk: u.get_full_name() or u.get_username()
        for u in User.objects.filter(pk__in=[pk for d in desks.values() for pk in d.reps])
    }
    team_group = {pk: d.queue.team.group_id for d in desks.values() for pk in d.reps}

    # The customers, where they are served, their latest order and its first product.
    customers = dict(
        PartyRole.objects.filter(role="CUSTOMER", party_id__gte=first_party).values_list(
            "party_id", "party__owner_id"
        )
    )
    if not customers:
        out.write("  no customers: no cases")
        return w
    currency = dict(
        Party.objects.filter(pk__gte=first_party, roles__role="CUSTOMER").values_list(
            "pk", "preferred_currency"
        )
    )
    latest = dict(
        Order.objects.filter(customer_id__gte=first_party)
        .values("customer_id")
        .annotate(last=Max("pk"))
        .values_list("customer_id", "last")
        .order_by()
    )
    latest_orders = (
        Order.objects.filter(customer_id__gte=first_party)
        .values("customer_id")
        .annotate(last=Max("pk"))
        .values("last")
        .order_by()
    )
    product_of = dict(
        OrderItem.objects.filter(order_id__in=latest_orders, line=1)
        .values_list("order_id", "product_id")
        .order_by()
    )
    product_ids = array("q", Product.objects.order_by("pk").values_list("pk", flat=True))
    chosen = sorted(customers)
    rep = users.reps[0].pk if users.reps else None
    whale = next((pk for pk in chosen if customers[pk] == rep), chosen[0])
    chosen.remove(whale)
    rng.shuffle(chosen)
    chosen.insert(0, whale)
    counts = order_counts(rng, len(chosen), cases)

    started = time.monotonic()
    done = 0
    big_case_done = False
    for customer_id, count in zip(chosen, counts, strict=True):
        desk = americas if currency.get(customer_id) == "USD" else europe
        last: LastCase | None = None
        # A customer's cases in the order they were opened.
        ages = sorted((_age(rng) for _ in range(count)), reverse=True)
        for age in ages:
            case_id = w["case"].take_id()
            number = case_number(case_id)
            priority = _weighted(rng, PRIORITIES)
            response_target, resolution_target = levels[priority]
            case_type = _weighted(rng, TYPES)
            subject = SUBJECTS[case_type][rng.randrange(len(SUBJECTS[case_type]))]
            opened = now - age // 60 * 60
            merge_into = None
            if last is not None and rng.random() < MERGE_CHANCE:
                # A duplicate: the customer wrote again about a case still being worked.
                when = last.run.opened + rng.randrange(600, 6 * 3_600) // 60 * 60
                if when < now and last.run.status_when(when) in OPEN_STATUSES:
                    merge_into, opened = last, when
            due_soon = merge_into is None and rng.random() < DUE_SOON_CHANCE
            if due_soon:
                # Opened so that its first response falls due within the hour (in business
                # time: outside working hours, first thing the next working day).
                opened = desk.timeline.add(now, rng.randint(5, 55) - response_target)
            run = CaseRun(
                desk.timeline,
                opened=opened,
                response_target=response_target,
                resolution_target=resolution_target,
                now=now,
            )
            run.open(number, PRIORITY_LABELS[priority].lower(), subject)
            owner = desk.reps[rng.randrange(len(desk.reps))]
            if merge_into is not None:
                owner = merge_into.owner
                merged_at = run.later(rng.randint(5, 60))
                if not (
                    merged_at < now
                    and merge_into.run.status_when(merged_at) in OPEN_STATUSES
                    and run.merge(merged_at, number, merge_into.number)
                ):
                    merge_into = None
            elif due_soon:
                if rng.random() < 0.5:
                    run.assign(run.later(rng.randint(1, 4)), number, names[owner])
            elif not big_case_done and customer_id == whale and age > 20 * 86_400:
                _big_case(run, number, names[owner], owner_draw=response_target // 2)
                big_case_done = True
            else:
                final = _weighted(rng, OLD_OUTCOMES if age > 30 * 86_400 else RECENT_OUTCOMES)
                plan = PLANS[final]
                if final == S.CLOSED:
                    roll = rng.random()
                    if roll < 0.15:
                        plan = PAUSED_CLOSED_PLAN
                    elif roll < 0.5:
                        plan = QUICK_CLOSED_PLAN
                _play(rng, run, plan, number, names[owner], response_target, resolution_target)
            if run.assigned is None:
                owner = None
            order_id = latest.get(customer_id) if rng.random() < 0.3 else None
            product_id = product_of.get(order_id) if order_id else None
            if product_id is None and case_type == "problem" and product_ids:
                product_id = product_ids[rng.randrange(len(product_ids))]
            channel = _weighted(rng, CHANNELS)
            created_by = owner or (merge_into.owner if merge_into else None) or desk.reps[0]
            w["case"].add(
                case_id,
                number,
                subject,
                "",
                customer_id,
                None,
                order_id,
                product_id,
                case_type,
                _weighted(rng, REASONS),
                int(priority),
                channel,
                owner,
                desk.queue.pk,
                run.status,
                run.result,
                merge_into.pk if merge_into else None,
                run.reopens,
                _ts(run.opened),
                created_by,
                _ts(run.at),
                _ts(run.status_at),
                len(run.moves),
                response_target,
                resolution_target,
                _ts(run.response.due),
                _ts(run.response.met),
                run.response.minutes,
                _ts(run.resolution.due),
                _ts(run.resolution.met),
                run.resolution.minutes,
                _ts(run.paused),
                run.response.left,
                run.resolution.left,
                _ts(run.next_due()),
                run.missed,
                _ts(run.closed),
            )
            for from_status, status, when, note, kind, summary in run.moves:
                actor = created_by if not from_status else owner or created_by
                w["history"].add(
                    w["history"].take_id(), case_id, from_status, status, _ts(when), actor, note
                )
                w["journey"].add(
                    w["journey"].take_id(),
                    customer_id,
                    _ts(when),
                    kind,
                    "case",
                    case_id,
                    summary,
                    actor,
                )
            if merge_into is not None:
                status = merge_into.run.status_when(run.at)
                w["history"].add(
                    w["history"].take_id(),
                    merge_into.pk,
                    status,
                    status,
                    _ts(run.at),
                    merge_into.owner,
                    f"{number} merged into this case",
                )
            for when, public, body in run.notes:
                w["note"].add(w["note"].take_id(), case_id, body, public, owner, _ts(when))
            if owner is not None:
                granted = _ts(run.assigned)
                owner_grants.add(case_id, owner, owner, granted)
                if team_access != "private":
                    team_grants.add(case_id, team_group[owner], owner, granted)
            if merge_into is None:
                last = LastCase(case_id, number, run, owner)
            done += 1
            if done % CHUNK == 0 or done == cases:
                owner_grants.write()
                team_grants.write()
                flush_all(w.values())
                rate = done / max(time.monotonic() - started, 1e-9)
                out.write(f"  {done:>10,} / {cases:,} cases  ({rate:,.0f}/s)")
                out.flush()
    owner_grants.write()
    team_grants.write()
    flush_all(w.values())
    out.write("Rows: " + ", ".join(f"{k} {v.written:,}" for k, v in w.items()))
    return w


def _age(rng: random.Random) -> int:
    """Seconds since a case was opened: most over two years, a share in the last month
    (where the open ones are), a few in the last days."""
    roll = rng.random()
    if roll < 0.06:
        return rng.randrange(600, 4 * 86_400)
    if roll < 0.14:
        return rng.randrange(4 * 86_400, 30 * 86_400)
    return rng.randrange(30 * 86_400, 730 * 86_400)


def _wall(rng: random.Random, low: int, high: int) -> int:
    """Seconds of wall-clock time (a customer's reply, a closing a week on), whole minutes."""
    return rng.randrange(low, high) // 60 * 60


def _play(
    rng: random.Random,
    run: CaseRun,
    plan: list[str],
    number: str,
    owner_name: str,
    response_target: int,
    resolution_target: int,
) -> None:
    """The plan's steps in order, until one would come after now. How long the first
    response and the resolution take, as shares of their targets: mostly well within, about
    one in ten late."""
    response_draw = max(2, int(response_target * rng.random() ** 2 * 1.15))
    resolution_draw = max(10, int(resolution_target * rng.random() ** 2 * 1.15))
    if "respond" not in plan:
        # Solved at once: the resolution is the first answer, as quick as one.
        resolution_draw = response_draw + rng.randint(5, 30)
    for step in plan:
        if step == "accept":
            ok = run.assign(
                run.tl.add(run.opened, max(1, response_draw * 7 // 10)), number, owner_name
            )
        elif step == "respond":
            when = max(run.tl.add(run.opened, response_draw), run.later(2))
            ok = run.note(when, True, PUBLIC_NOTES[rng.randrange(len(PUBLIC_NOTES))])
        elif step == "progress":
            ok = run.move(S.IN_PROGRESS, run.later(rng.randint(5, 90)), number)
        elif step == "note":
            body = INTERNAL_NOTES[rng.randrange(len(INTERNAL_NOTES))]
            ok = run.note(run.later(rng.randint(5, 240)), False, body)
        elif step == "pend":
            left = run.tl.minutes_left(run.resolution.due, run.at)
            when = run.later(rng.randint(5, max(10, left // 2)))
            ok = run.move(S.PENDING_CUSTOMER, when, number, "Waiting for the customer's reply.")
        elif step == "resume":
            when = run.at + _wall(rng, 1_800, 5 * 86_400)
            ok = run.move(S.IN_PROGRESS, when, number, "The customer replied.")
        elif step == "resolve":
            if run.resolution.due is None:
                break
            # The business minutes still to work, after those already run.
            ran = run.resolution.target - run.tl.minutes_left(run.resolution.due, run.at)
            when = run.later(max(5, resolution_draw - ran))
            ok = run.move(S.RESOLVED, when, number, result=_weighted(rng, RESOLUTIONS))
        elif step == "close":
            ok = run.move(S.CLOSED, run.at + _wall(rng, 86_400, 10 * 86_400), number)
        elif step == "reopen":
            when = run.at + _wall(rng, 3_600, 5 * 86_400)
            ok = run.move(S.REOPENED, when, number, "The problem is back.")
        elif step == "reject":
            when = run.later(rng.randint(5, 120))
            ok = run.move(S.REJECTED, when, number, "Not a support matter.")
        elif step == "cancel":
            when = run.later(rng.randint(10, 600))
            ok = run.move(S.CANCELLED, when, number, "Withdrawn by the customer.")
        else:  # pragma: no cover
            raise ValueError(step)
        if not ok:
            break  # the rest is still to come


def _big_case(run: CaseRun, number: str, owner_name: str, *, owner_draw: int) -> None:
    """The benchmark's long case: taken, answered, in progress for weeks, 200 notes."""
    run.assign(run.tl.add(run.opened, max(1, owner_draw // 2)), number, owner_name)
    run.note(run.later(owner_draw // 2), True, PUBLIC_NOTES[0])
    run.move(S.IN_PROGRESS, run.later(30), number)
    step = max(60, (run.now - run.at) // (BIG_CASE_NOTES + 1) // 60 * 60)
    for index in range(BIG_CASE_NOTES - 1):
        public = index % 3 == 0
        body = (PUBLIC_NOTES if public else INTERNAL_NOTES)[index % 5]
        if not run.note(run.at + step, public, f"{body} ({index + 2})"):
            break


def _ts(seconds: int | None) -> str | None:
    if seconds is None:
        return None
    return timestamp(datetime.fromtimestamp(seconds, UTC))
