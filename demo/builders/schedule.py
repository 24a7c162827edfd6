"""Making one demo event: working days and times around today, and what an event is about."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from demo.builders.common import Demo
from events import services as event_services
from events.models import Event, EventKind, EventStatus, ParticipantResponse
from leads.models import Lead
from opportunities.models import Opportunity
from parties.models import Party


class Schedule:
    """The demo's calendar as of now: the events builder's days, times and events. Events
    are made through the services as planned, then completed or cancelled, so their history
    and grants are what the app would make."""

    def __init__(self, demo: Demo):
        self.demo = demo
        self.rng = demo.rng
        self.now = timezone.now()
        self.today = self.now.date()

    def past_day(self, low: int, high: int) -> datetime.date:
        """A working day `low` to `high` days ago."""
        day = self.today - datetime.timedelta(days=self.rng.randint(low, high))
        while day.weekday() >= 5:
            day -= datetime.timedelta(days=1)
        return day

    def future_day(self, low: int, high: int) -> datetime.date:
        day = self.today + datetime.timedelta(days=self.rng.randint(low, high))
        while day.weekday() >= 5:
            day += datetime.timedelta(days=1)
        return day

    def at(self, day: datetime.date, hour: int | None = None) -> datetime.datetime:
        hour = self.rng.randint(8, 16) if hour is None else hour
        minute = self.rng.choice([0, 15, 30, 45])
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=datetime.UTC)

    def event(
        self,
        owner: User,
        kind: str,
        subject: str,
        starts_at: datetime.datetime,
        *,
        minutes: int = 0,
        outcome: str = EventStatus.SCHEDULED,
        accepted_by: tuple[User, ...] = (),
        **fields,
    ) -> Event:
        """An event through the services; `outcome` completed or cancelled after the fact."""
        if minutes:
            fields["ends_at"] = starts_at + datetime.timedelta(minutes=minutes)
        logged = kind == EventKind.CALL and outcome == EventStatus.COMPLETED
        event = event_services.event_create(
            actor=owner,
            kind=kind,
            subject=subject,
            starts_at=starts_at,
            status=EventStatus.COMPLETED if logged else EventStatus.SCHEDULED,
            **fields,
        )
        for user in accepted_by:
            event_services.participant_respond(
                actor=user, event=event, response=ParticipantResponse.ACCEPTED
            )
        if outcome == EventStatus.COMPLETED and not logged:
            event = event_services.event_complete(actor=owner, event=event)
        elif outcome == EventStatus.CANCELLED:
            event_services.event_cancel(actor=owner, event=event)
        summary = self.demo.summary
        if outcome == EventStatus.COMPLETED:
            # Done when it happened, not when the demo was loaded: the activity figures count
            # completions per week.
            done = event.ends_at or event.starts_at + datetime.timedelta(hours=15)
            Event.objects.filter(pk=event.pk).update(completed_at=min(done, self.now))
            summary.completed_events += 1
        summary.events += 1
        return event

    def about(
        self, contacts: list[Party], leads: list[Lead], deals: list[Opportunity]
    ) -> tuple[dict, str]:
        """What an event is about (a contact, a lead, or a deal's account and the deal) and
        the name its subject mentions."""
        pick = self.rng.random()
        if deals and pick < 0.25:
            deal = self.rng.choice(deals)
            return {"party": deal.account, "opportunity": deal}, deal.account.display_name
        if leads and pick < 0.45:
            lead = self.rng.choice(leads)
            return {"lead": lead}, lead.party.first_name or lead.company_name
        contact = self.rng.choice(contacts)
        return {"party": contact}, first_name(contact)


def first_name(party: Party) -> str:
    """How a subject names the party: a person by first name, an organization by name."""
    return party.first_name or party.display_name
