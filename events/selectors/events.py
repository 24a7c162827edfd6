"""Event reads: visibility, one event's page, list columns and scopes, Q filters, party lookup."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from crm import access
from crm.ids import parse_text
from crm.pagination import Ordering
from crm.timezones import local_midnight
from events.models import (
    MAX_DURATION,
    Event,
    EventKind,
    EventParticipant,
    EventStatus,
    floating,
)
from parties import selectors as party_selectors
from parties.models import Party, PartyStatus

SORTS = {
    "-start": Ordering("starts_at", descending=True),
    "start": Ordering("starts_at"),
    "subject": Ordering("subject"),
}


# Below this many granted events, visibility is read from the grants outward (see below).
FEW_GRANTS = 2000


def events_visible_to(user: User) -> QuerySet[Event]:
    """The owner's, the user participants' (both through grants), the shared ones, and for a
    manager the team's.

    Events are private by default, so some users (Customer Service, Marketing, a new rep) hold
    few grants on a table of millions: for them the rule is a semi-join from their grants, as
    probing the grants row by row in a list's order would read the whole table to fill a
    page. For everyone else the probes stop after a page."""
    if access.is_administrator(user):
        return Event.objects.all()
    if not access.holds_few_grants(user, Event, FEW_GRANTS):
        return Event.objects.filter(access.visible_q(user, Event))
    q = access.granted_set_q(user, Event)
    managed = access.managed_q(user, Event)
    return Event.objects.filter(q if managed is None else q | managed)


def event_actions(user: User, event: Event) -> set[str]:
    return access.record_actions(user, event)


def with_columns(queryset: QuerySet[Event]) -> QuerySet[Event]:
    return queryset.select_related("owner", "party", "lead__party", "opportunity")


def event_for_page(user: User, pk) -> Event:
    queryset = with_columns(events_visible_to(user)).select_related(
        "created_by", "updated_by", "completed_by", "owner__profile__home_team__group"
    )
    return access.get_or_404(queryset, pk)


def participants_for(user: User, event: Event) -> list[EventParticipant]:
    """Users first, then parties; a party the viewer may not see has `visible` False."""
    participants = list(
        event.participants.select_related("user__profile__home_team__group", "party").order_by("id")
    )
    seen = party_selectors.visible_ids(user, [p.party_id for p in participants])
    for participant in participants:
        participant.visible = participant.party_id is None or participant.party_id in seen
    return sorted(participants, key=lambda p: (p.user_id is None, p.pk))


def mark_visible_related(user: User, events: list[Event]) -> list[Event]:
    """Sets `party_visible`, `lead_visible` and `opportunity_visible`: a related record the
    viewer may not see is shown as "restricted", never by name (two queries per page)."""
    # Imported here: the opportunities app does not depend on events, and events on it lazily.
    from opportunities.selectors import opportunities_visible_to

    seen = party_selectors.visible_ids(
        user, [e.party_id for e in events] + [e.lead_id for e in events]
    )
    opportunity_ids = {e.opportunity_id for e in events if e.opportunity_id}
    seen_opportunities = (
        set(
            opportunities_visible_to(user)
            .filter(pk__any=sorted(opportunity_ids))
            .values_list("pk", flat=True)
        )
        if opportunity_ids
        else set()
    )
    for event in events:
        event.party_visible = event.party_id in seen
        event.lead_visible = event.lead_id in seen
        event.opportunity_visible = event.opportunity_id in seen_opportunities
    return events


def scoped(user: User, queryset: QuerySet[Event], scope: str) -> QuerySet[Event]:
    """ "mine" (I own or take part in it), "team" (owned by my home team's members) or "all"
    I may see."""
    if scope == "mine":
        return queryset.filter(mine_q(user))
    if scope == "team":
        team = access.home_team(user)
        if team is None:
            return queryset.filter(mine_q(user))
        return queryset.filter(owner__profile__home_team=team)
    return queryset


def mine_q(user: User, within: Q | None = None) -> Q:
    """Events I own or take part in.

    Without `within`, an OR that an index scan in the list's order filters row by row (the
    lists stop after a page). With `within` (a date range, open tasks), `pk IN (mine owned
    within ∪ mine invited within)`: each branch reads its own index — (owner, start) and the
    participants' (user) — so the cost follows my events in the range, not the whole table."""
    if within is None:
        taking_part = EventParticipant.objects.filter(event=OuterRef("pk"), user=user)
        return Q(owner=user) | Q(Exists(taking_part))
    owned = Event.objects.filter(within, owner=user).values("pk")
    invited = Event.objects.filter(within, participants__user=user).values("pk")
    return Q(pk__in=owned.union(invited, all=True))


def about_q(*, party_id: int | None = None, opportunity_id: int | None = None) -> Q:
    """Events about a party (or the lead it is: a lead's key is its party's), or in which it
    takes part; or events about an opportunity. As `pk IN (union)`, one index per branch: a
    record's events are few, whatever the size of the table."""
    if opportunity_id is not None:
        return Q(opportunity_id=opportunity_id)
    about = Event.objects.filter(party_id=party_id).values("pk")
    as_lead = Event.objects.filter(lead_id=party_id).values("pk")
    taking_part = EventParticipant.objects.filter(party_id=party_id).values("event_id")
    return Q(pk__in=about.union(as_lead, taking_part, all=True))


def overlapping(start: datetime.datetime, end: datetime.datetime) -> Q:
    """Events on any moment of [start, end): starting before `end` and ending at or after
    `start` (no end: starting in the range). Starts are looked for no earlier than the longest
    an event may last before `start`, so the range stays bounded."""
    return Q(starts_at__gte=start - MAX_DURATION, starts_at__lt=end) & (
        Q(ends_at__gte=start) | Q(ends_at__isnull=True, starts_at__gte=start)
    )


def today_bounds() -> tuple[datetime.datetime, datetime.datetime]:
    """Today in the current time zone, as UTC instants [start, end)."""
    today = timezone.localdate()
    start = local_midnight(today)
    return start, start + datetime.timedelta(days=1)


def happened_q(now: datetime.datetime) -> Q:
    """Events that took place: completed ones, and scheduled ones already begun at `now` — a
    timed one that started, a task or an all-day event whose date has come in the current
    time zone. Cancelled ones never; scheduled ones still ahead not yet."""
    dated = Q(all_day=True) | Q(kind=EventKind.TASK)
    tomorrow = floating(timezone.localdate(now) + datetime.timedelta(days=1))
    begun = (dated & Q(starts_at__lt=tomorrow)) | (~dated & Q(starts_at__lte=now))
    return Q(status=EventStatus.COMPLETED) | (Q(status=EventStatus.SCHEDULED) & begun)


def open_tasks_q() -> Q:
    return Q(kind=EventKind.TASK, status=EventStatus.SCHEDULED)


def overdue_before() -> datetime.datetime:
    """Tasks are due on a date (stored at 00:00 UTC): one due before today is overdue."""
    return floating(timezone.localdate())


def lookup_parties(user: User, query: str, limit: int = 20) -> list[Party]:
    """Suggestions for the event form: parties of every kind (contacts, accounts, customers,
    leads) the user may see whose name contains `query` — the matching ids (bounded), then
    which of them the user may see."""
    text = parse_text(query)
    if len(text) < party_selectors.LOOKUP_MIN_LENGTH:
        return []
    matches = Party.objects.filter(display_name__icontains=text, status=PartyStatus.ACTIVE)
    ids = list(matches.values_list("pk", flat=True)[: party_selectors.SEARCH_CANDIDATE_CAP])
    return list(
        Party.objects.filter(pk__any=party_selectors.visible_ids(user, ids)).order_by(
            Lower("display_name"), "id"
        )[:limit]
    )
