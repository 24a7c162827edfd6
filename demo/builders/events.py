"""The demo's calls, meetings and tasks: six weeks of activity and three of plans."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from demo import data as demo_data
from demo.builders.common import Demo
from demo.builders.schedule import Schedule, first_name
from events.models import EventKind, EventStatus, floating
from leads.models import Lead, LeadStatus
from opportunities.models import Opportunity
from parties.models import Party, PartyRelationship, RelationshipKind, RoleType
from parties.selectors import with_role

# rep, teammates invited to their meetings, share of a full rep's activity (a manager sells
# less)
SELLERS = (
    ("alice", ["bob"], 1.0),
    ("bob", ["alice"], 1.0),
    ("dan", ["wendy"], 1.0),
    ("carol", [], 0.4),
)


def build(demo: Demo) -> None:
    """The last six weeks and the next three of the sales users and customer service:
    logged calls, meetings with contacts and teammates (most accepted), tasks overdue,
    due this week and done, a few cancelled; the manager's weekly pipeline review."""
    schedule = Schedule(demo)
    users = demo.users
    for username, teammates, share in SELLERS:
        sales_events(schedule, users[username], [users[n] for n in teammates], share)
    pipeline_reviews(schedule, users["carol"], [users["alice"], users["bob"]])
    customer_service_events(schedule, users["erin"])
    demo_next_tuesday(schedule, users["alice"], users["bob"])


def sales_events(s: Schedule, owner: User, teammates: list[User], share: float) -> None:
    """A rep's calls, meetings and tasks; `share` of the full amount."""
    rng = s.rng
    contacts = list(with_role(Party.objects.filter(owner=owner), RoleType.CONTACT).order_by("pk"))
    leads = list(
        Lead.objects.filter(
            party__owner=owner,
            status__in=[LeadStatus.NEW, LeadStatus.ASSIGNED, LeadStatus.QUALIFIED],
        )
        .select_related("party")
        .order_by("pk")
    )
    deals = list(
        Opportunity.objects.filter(owner=owner, closed_at__isnull=True)
        .select_related("account")
        .order_by("pk")
    )
    if not contacts:
        return

    def count(n: int) -> int:
        return max(1, round(n * share))

    # Calls logged after the fact, a few planned, one of those called off.
    for _ in range(count(14)):
        about, name = s.about(contacts, leads, deals)
        subjects = demo_data.LEAD_CALL_SUBJECTS if "lead" in about else demo_data.CALL_SUBJECTS
        s.event(
            owner,
            EventKind.CALL,
            rng.choice(subjects).format(name=name),
            s.at(s.past_day(1, 42)),
            minutes=rng.choice([10, 15, 20, 30, 45]),
            outcome=EventStatus.COMPLETED,
            description=rng.choice(demo_data.CALL_NOTES),
            **about,
        )
    for index in range(count(3)):
        about, name = s.about(contacts, leads, deals)
        s.event(
            owner,
            EventKind.CALL,
            rng.choice(demo_data.CALL_SUBJECTS).format(name=name),
            s.at(s.future_day(1, 14)),
            minutes=15,
            outcome=EventStatus.CANCELLED if index == 0 else EventStatus.SCHEDULED,
            **about,
        )
    # Meetings with one or two contacts and often a teammate, held or coming up.
    for index in range(count(8)):
        contact = rng.choice(contacts)
        guests = [contact, rng.choice(contacts)] if rng.random() < 0.5 else [contact]
        users = teammates if teammates and rng.random() < 0.6 else []
        past = index % 2 == 0
        day = s.past_day(1, 42) if past else s.future_day(1, 21)
        if past:
            outcome = EventStatus.COMPLETED
        else:
            outcome = EventStatus.CANCELLED if index == 1 else EventStatus.SCHEDULED
        s.event(
            owner,
            EventKind.MEETING,
            rng.choice(demo_data.MEETING_SUBJECTS).format(name=first_name(contact)),
            s.at(day, rng.randint(9, 15)),
            minutes=rng.choice([30, 60, 90]),
            outcome=outcome,
            accepted_by=tuple(u for u in users if rng.random() < 0.7),
            participant_users=users,
            participant_parties=list(dict.fromkeys(guests)),
            location=rng.choice(demo_data.MEETING_LOCATIONS),
            party=contact,
        )
    # Tasks: overdue, due this week, done, later, and one no longer needed.
    end_of_week = 6 - s.today.weekday()
    plans = (
        [(s.today - datetime.timedelta(days=rng.randint(1, 10)), "open") for _ in range(count(2))]
        + [
            (s.today + datetime.timedelta(days=rng.randint(0, end_of_week)), "open")
            for _ in range(count(3))
        ]
        + [(s.past_day(2, 40), "done") for _ in range(count(4))]
        + [(s.future_day(8, 21), "open") for _ in range(count(2))]
        + [(s.future_day(2, 10), "cancelled")]
    )
    for due, state in plans:
        about, name = s.about(contacts, leads, deals)
        s.event(
            owner,
            EventKind.TASK,
            rng.choice(demo_data.TASK_SUBJECTS).format(name=name),
            floating(due),
            outcome={"open": EventStatus.SCHEDULED, "done": EventStatus.COMPLETED}.get(
                state, EventStatus.CANCELLED
            ),
            priority=rng.choice([1, 2, 2, 2, 3]),
            **about,
        )


def pipeline_reviews(s: Schedule, manager: User, team: list[User]) -> None:
    """The manager's weekly pipeline review with the team, Monday mornings."""
    monday = s.today - datetime.timedelta(days=s.today.weekday())
    for week in range(-6, 4):
        day = monday + datetime.timedelta(weeks=week)
        starts_at = s.at(day, 9).replace(minute=0)
        held = starts_at < s.now
        s.event(
            manager,
            EventKind.MEETING,
            demo_data.TEAM_MEETING_SUBJECTS[0],
            starts_at,
            minutes=60,
            outcome=EventStatus.COMPLETED if held else EventStatus.SCHEDULED,
            accepted_by=tuple(team),
            participant_users=team,
            location="Our office, room 2",
        )
    for rep in team:
        s.event(
            manager,
            EventKind.MEETING,
            demo_data.TEAM_MEETING_SUBJECTS[1],
            s.at(s.future_day(1, 10), 14).replace(minute=0),
            minutes=30,
            accepted_by=(rep,),
            participant_users=[rep],
        )


def customer_service_events(s: Schedule, csr: User) -> None:
    """Customer service's calls with customers and the follow-ups they led to."""
    rng = s.rng
    customers = list(with_role(Party.objects.all(), RoleType.CUSTOMER).order_by("pk"))
    for _ in range(10):
        customer = rng.choice(customers)
        s.event(
            csr,
            EventKind.CALL,
            rng.choice(demo_data.CUSTOMER_CALL_SUBJECTS).format(name=first_name(customer)),
            s.at(s.past_day(1, 42)),
            minutes=rng.choice([5, 10, 15]),
            outcome=EventStatus.COMPLETED,
            party=customer,
        )
    end_of_week = 6 - s.today.weekday()
    for due, outcome in (
        (s.today - datetime.timedelta(days=2), EventStatus.SCHEDULED),
        (s.today - datetime.timedelta(days=5), EventStatus.SCHEDULED),
        (s.today + datetime.timedelta(days=min(1, end_of_week)), EventStatus.SCHEDULED),
        (s.today + datetime.timedelta(days=end_of_week), EventStatus.SCHEDULED),
        (s.past_day(3, 30), EventStatus.COMPLETED),
        (s.past_day(3, 30), EventStatus.COMPLETED),
        (s.past_day(3, 30), EventStatus.COMPLETED),
        (s.future_day(1, 5), EventStatus.CANCELLED),
    ):
        customer = rng.choice(customers)
        s.event(
            csr,
            EventKind.TASK,
            rng.choice(demo_data.CUSTOMER_TASK_SUBJECTS).format(name=first_name(customer)),
            floating(due),
            outcome=outcome,
            party=customer,
        )


def demo_next_tuesday(s: Schedule, rep: User, teammate: User) -> None:
    """A product demo next Tuesday with two people of one of the rep's accounts and a
    teammate."""
    staff: dict[Party, list[Party]] = {}
    for job in (
        PartyRelationship.objects.filter(
            kind=RelationshipKind.EMPLOYMENT,
            thru_date__isnull=True,
            from_party__owner=rep,
            to_party__owner=rep,
        )
        .select_related("from_party", "to_party")
        .order_by("to_party_id", "from_party_id")
    ):
        staff.setdefault(job.to_party, []).append(job.from_party)
    account, people = next(((a, p) for a, p in staff.items() if len(p) >= 2), (None, []))
    if account is None:
        return
    tuesday = s.today + datetime.timedelta(days=(1 - s.today.weekday()) % 7 or 7)
    s.event(
        rep,
        EventKind.MEETING,
        f"Product demo for {account.display_name}",
        s.at(tuesday, 10).replace(minute=0),
        minutes=90,
        accepted_by=(teammate,),
        participant_users=[teammate],
        participant_parties=people[:2],
        location=f"{account.display_name}, meeting room",
        description="Walk through the pipeline board and the forecasts with their team.",
        party=account,
    )
