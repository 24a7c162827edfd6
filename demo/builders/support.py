"""The demo support desk: two support teams with business hours (Berlin and New York) and a
queue each, the service levels, a support manager (sam) over erin's Europe team and a CSR
(nina) in New York, and 60 cases over the demo customers in every status — opened, taken,
answered, waiting on the customer, resolved, closed, rejected, cancelled, one reopened and
one merged into another — made through the support services at the times they happened, so
their history, journey rows, grants and service-level clocks are what the app would make:
the flags the pages show (some breached) are what the service-level rules give."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.utils import timezone

from crm.access import CUSTOMER_SERVICE
from crm.models import Team, UserProfile
from demo.builders.commerce import FEATURED_COMPANY
from demo.builders.common import Demo
from demo.builders.users import PASSWORD
from demo.calendars import BERLIN, NEW_YORK, ensure_calendar
from events.models import EventKind
from parties.models import ContactMechKind, Party, RoleType
from parties.selectors import with_role
from support import services
from support.models import CasePriority, CaseStatus, Queue, ServiceLevel
from support.sla import Hours, add_business_minutes

S = CaseStatus
P = CasePriority
CASES = 60
# Business minutes: first response, resolution.
SERVICE_LEVELS = {
    P.URGENT: (60, 8 * 60),
    P.HIGH: (2 * 60, 16 * 60),
    P.NORMAL: (4 * 60, 40 * 60),
    P.LOW: (8 * 60, 80 * 60),
}
# team name, calendar, manager, members
TEAMS = [
    ("Support Europe", BERLIN, "sam", ["erin"]),
    ("Support Americas", NEW_YORK, "", ["nina"]),
]
# username, first and last name (their teams: TEAMS)
SUPPORT_USERS = [("sam", "Sam", "Schulz"), ("nina", "Nina", "Novak")]
AMERICAS = {"US", "CA"}

# Where the 60 cases end, in this order (the first ones go to the featured customer).
OUTCOMES = (
    [S.IN_PROGRESS, "merged", S.CLOSED]
    + [S.NEW] * 6
    + [S.ACCEPTED] * 5
    + [S.IN_PROGRESS] * 9
    + [S.PENDING_CUSTOMER] * 6
    + [S.REOPENED]
    + [S.RESOLVED] * 8
    + [S.CLOSED] * 15
    + [S.REJECTED] * 3
    + [S.CANCELLED] * 4
)
SUBJECTS = {
    "question": [
        "How do I descale the espresso machine?",
        "Which grind for our new filter machines?",
        "Question about the last invoice",
        "Can we change the delivery day to Thursdays?",
    ],
    "problem": [
        "Espresso machine leaks at the group head",
        "Grinder stops after a few seconds",
        "Milk frother no longer heats",
        "Portal login fails with the new password",
    ],
    "complaint": [
        "Beans arrived stale",
        "Delivery two days late again",
        "Charged twice for one order",
    ],
    "return": ["Return request: wrong kettle delivered", "Return request: damaged cups"],
    "feature": ["Please offer oat milk capsules", "Monthly invoice as one PDF"],
}
PUBLIC_NOTES = [
    "Thank you for letting us know: we are looking into it and will be back to you today.",
    "Could you send us a photo of the type plate underneath the machine?",
    "A replacement is on its way; the tracking number follows by e-mail.",
    "We have credited the amount to your customer account.",
    "Please run the descaling programme once more and tell us whether the light goes out.",
]
INTERNAL_NOTES = [
    "Second time this quarter for this customer: checked the order history.",
    "Asked the warehouse to check the roasting date of the batch.",
    "Known issue with this model, see the service bulletin from March.",
    "Key account: keep alice in the loop.",
    "Escalated to the product team.",
]
RESOLUTIONS = ["fixed", "fixed", "fixed", "works_as_designed", "wont_fix"]
TYPES = ["question", "problem", "problem", "complaint", "return", "question", "feature"]
CHANNELS = ["email", "phone", "email", "web", "portal", "phone", "in_person"]


@dataclass
class Desk:
    queue: Queue
    hours: Hours
    workers: list[User]


def build(demo: Demo) -> None:
    now = timezone.now().replace(second=0, microsecond=0)
    desks = build_desks(demo, now)
    build_cases(demo, desks, now)


def build_desks(demo: Demo, now: datetime.datetime) -> dict[str, Desk]:
    """The calendars (holidays of last year to next), the teams with their queues, sam and
    nina, erin in Europe, and the service levels."""
    years = range(now.year - 1, now.year + 2)
    password = make_password(PASSWORD)
    csr_group = Group.objects.get(name=CUSTOMER_SERVICE)
    teams: dict[str, Team] = {}
    desks: dict[str, Desk] = {}
    for name, *_rest in TEAMS:
        group, _ = Group.objects.get_or_create(name=f"Team {name}")
        teams[name], _ = Team.objects.get_or_create(group=group)
    for username, first_name, last_name in SUPPORT_USERS:
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@example.com",
                "password": password,
            },
        )
        demo.users[username] = user
        demo.summary.users += 1
    for name, spec, manager, members in TEAMS:
        team = teams[name]
        workers = [demo.users[m] for m in (manager, *members) if m]
        for user in workers:
            user.groups.add(csr_group, team.group)
            UserProfile.objects.update_or_create(user=user, defaults={"home_team": team})
        if manager:
            team.manager = demo.users[manager]
            team.save(update_fields=["manager"])
        calendar = ensure_calendar(spec, years)
        queue, _ = Queue.objects.get_or_create(
            team=team, defaults={"name": name, "calendar": calendar}
        )
        desks[name] = Desk(queue, Hours.of(calendar), workers)
    for priority, (response, resolution) in SERVICE_LEVELS.items():
        ServiceLevel.objects.get_or_create(
            priority=priority,
            defaults={"first_response_minutes": response, "resolution_minutes": resolution},
        )
    return desks


class Story:
    """One case's life, step by step through the services, each at its own time: so many
    business minutes after the last step (working steps), or wall-clock time (the
    customer's replies), never after now."""

    def __init__(self, demo: Demo, desk: Desk, case, worker: User, now: datetime.datetime):
        self.demo, self.desk, self.case, self.worker, self.now = demo, desk, case, worker, now
        self.at = case.created_at

    def later(self, minutes: int) -> datetime.datetime | None:
        """`minutes` business minutes on (None: that is still to come)."""
        when = add_business_minutes(self.desk.hours, self.at, max(1, minutes))
        return None if when >= self.now else when

    def wall(self, hours: float) -> datetime.datetime | None:
        when = self.at + datetime.timedelta(hours=hours)
        return None if when >= self.now else when

    def _step(self, when) -> bool:
        if when is None:
            return False
        self.at = when
        return True

    def take(self, minutes: int) -> bool:
        if not self._step(self.later(minutes)):
            return False
        services.case_assign(actor=self.worker, case=self.case, owner=self.worker, at=self.at)
        return True

    def note(self, minutes: int, *, public: bool) -> bool:
        if not self._step(self.later(minutes)):
            return False
        rng = self.demo.rng
        body = rng.choice(PUBLIC_NOTES if public else INTERNAL_NOTES)
        services.case_note_add(
            actor=self.worker, case=self.case, body=body, public=public, at=self.at
        )
        return True

    def call(self, minutes: int) -> bool:
        """A call to the customer, logged on the case (it answers the customer too)."""
        if not self._step(self.later(minutes)):
            return False
        services.case_event_log(
            actor=self.worker,
            case=self.case,
            kind=EventKind.CALL,
            subject=f"Called about {self.case.number}",
            description="Went through the problem step by step on the phone.",
            starts_at=self.at,
        )
        return True

    def move(self, status: str, when, note: str = "", resolution: str = "") -> bool:
        if not self._step(when):
            return False
        services.case_status_change(
            actor=self.worker,
            case=self.case,
            status=status,
            note=note,
            resolution=resolution,
            at=self.at,
        )
        return True


def build_cases(demo: Demo, desks: dict[str, Desk], now: datetime.datetime) -> None:
    rng = demo.rng
    customers = list(
        with_role(Party.objects.all(), RoleType.CUSTOMER)
        .prefetch_related("contact_mechs__contact_mech")
        .order_by("pk")
    )
    featured = next(c for c in customers if c.display_name == FEATURED_COMPANY)
    others = [c for c in customers if c != featured]
    rng.shuffle(others)
    erin = demo.users["erin"]
    previous = None
    for index, outcome in enumerate(OUTCOMES):
        customer = featured if index < 3 else others[index % len(others)]
        country = _country_of(customer)
        desk = desks["Support Americas" if country in AMERICAS else "Support Europe"]
        worker = erin if desk.queue.name == "Support Europe" else demo.users["nina"]
        if index < 3:
            worker = erin
        case_type = TYPES[index % len(TYPES)]
        priority = _priority(index, outcome)
        opened = _opened(rng, desk, outcome, index, now)
        if outcome == "merged":
            opened = previous.created_at + datetime.timedelta(hours=2)
        case = services.case_create(
            actor=worker,
            customer=customer,
            subject=rng.choice(SUBJECTS[case_type]),
            type=case_type,
            channel=CHANNELS[index % len(CHANNELS)],
            priority=priority,
            description="Reported by the customer; details in the notes.",
            reason=rng.choice(["new_problem", "existing_problem", "instructions", "other"]),
            queue=desk.queue,
            opened_at=opened,
        )
        story = Story(demo, desk, case, worker, now)
        play(story, outcome, previous, *SERVICE_LEVELS[priority])
        if index == 0:
            previous = case
    demo.summary.cases = len(OUTCOMES)


def _country_of(customer: Party) -> str:
    for link in customer.contact_mechs.all():
        if link.contact_mech.kind == ContactMechKind.POSTAL_ADDRESS and link.contact_mech.country:
            return link.contact_mech.country
    return ""


def _priority(index: int, outcome: str) -> int:
    if index == 0:
        return P.HIGH
    return [P.NORMAL, P.HIGH, P.NORMAL, P.LOW, P.URGENT, P.NORMAL, P.HIGH][index % 7]


def _opened(rng, desk: Desk, outcome: str, index: int, now) -> datetime.datetime:
    """Closed cases over the last two months, open ones over the last two weeks (a few
    today), inside the queue's working hours."""
    if outcome in (S.CLOSED, S.RESOLVED, S.REJECTED, S.CANCELLED, S.REOPENED):
        days = rng.randint(25, 70)
    elif outcome == S.NEW:
        days = rng.choice([0, 0, 1, 3, 6, 9])
    else:
        days = rng.randint(0, 8)
    start = now - datetime.timedelta(days=days, hours=rng.randint(0, 8))
    # Where business time starts from there (a case e-mailed at night is counted from the
    # morning, but opened when it came).
    opened = start.replace(minute=rng.choice([0, 10, 25, 40, 55]))
    return min(opened, now - datetime.timedelta(minutes=30))


def play(story: Story, outcome: str, previous, response: int, resolution: int) -> None:
    """The case's steps to `outcome`; how long they take as shares of the targets (mostly
    within, now and then not)."""
    rng = story.demo.rng

    def share(target: int, low: float, high: float) -> int:
        return max(5, int(target * rng.uniform(low, high)))

    if outcome == S.NEW:
        return
    if outcome == "merged":
        if story._step(story.later(20)):
            services.case_merge(
                actor=story.worker,
                case=story.case,
                into=previous,
                note="The customer wrote again about the same machine.",
                at=story.at,
            )
        return
    if outcome == S.REJECTED:
        story.move(S.REJECTED, story.later(rng.randint(10, 90)), "Not a support matter.")
        return
    if not story.take(share(response, 0.05, 0.4)):
        return
    if outcome == S.ACCEPTED:
        return
    answered = story.note(share(response, 0.05, 0.75), public=True)
    if outcome == S.CANCELLED:
        story.move(S.CANCELLED, story.later(rng.randint(30, 300)), "Withdrawn by the customer.")
        return
    if not answered or not story.move(S.IN_PROGRESS, story.later(rng.randint(5, 60))):
        return
    story.note(rng.randint(10, 240), public=False)
    # A call logged about a recent case (the demo's activities span the last six weeks).
    if rng.random() < 0.3 and story.at > story.now - datetime.timedelta(days=40):
        story.call(rng.randint(10, 120))
    if outcome == S.IN_PROGRESS:
        return
    if outcome == S.PENDING_CUSTOMER:
        story.move(S.PENDING_CUSTOMER, story.later(30), "Waiting for the customer's photos.")
        return
    # Now and then the customer is asked for details and answers a day or two later.
    if rng.random() < 0.4 and story.move(
        S.PENDING_CUSTOMER, story.later(rng.randint(30, 240)), "Asked for the serial number."
    ):
        story.move(S.IN_PROGRESS, story.wall(rng.randint(10, 50)), "The customer replied.")
    resolved = story.move(
        S.RESOLVED,
        story.later(share(resolution, 0.15, 1.0)),
        resolution=rng.choice(RESOLUTIONS),
    )
    if not resolved or outcome == S.RESOLVED:
        return
    if outcome == S.REOPENED:
        story.move(S.REOPENED, story.wall(rng.randint(24, 96)), "The leak is back.")
        return
    story.move(S.CLOSED, story.wall(rng.randint(48, 200)))
