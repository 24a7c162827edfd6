"""Every read the event pages make, permission-filtered in SQL."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from crm import access
from crm.pagination import Ordering
from events.models import Event, EventKind, EventParticipant, EventStatus, floating
from parties import selectors as party_selectors
from parties.models import Party, PartyStatus

SORTS = {
    "-start": Ordering("starts_at", descending=True),
    "start": Ordering("starts_at"),
    "subject": Ordering("subject"),
}


def events_visible_to(user: User) -> QuerySet[Event]:
    """The owner's, the user participants' (both through grants), the shared ones, and for a
    manager the team's."""
    q = access.visible_q(user, Event)
    return Event.objects.all() if q is None else Event.objects.filter(q)


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
    participants = list(event.participants.select_related("user", "party").order_by("id"))
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


def mine_q(user: User) -> Q:
    taking_part = EventParticipant.objects.filter(event=OuterRef("pk"), user=user)
    return Q(owner=user) | Q(Exists(taking_part))


def about_q(*, party_id: int | None = None, opportunity_id: int | None = None) -> Q:
    """Events about a party (or the lead it is: a lead's key is its party's), or in which it
    takes part; or events about an opportunity."""
    if opportunity_id is not None:
        return Q(opportunity_id=opportunity_id)
    taking_part = EventParticipant.objects.filter(event=OuterRef("pk"), party_id=party_id)
    return Q(party_id=party_id) | Q(lead_id=party_id) | Q(Exists(taking_part))


def today_bounds() -> tuple[datetime.datetime, datetime.datetime]:
    """Today in the current time zone, as UTC instants [start, end)."""
    today = timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def open_tasks_q() -> Q:
    return Q(kind=EventKind.TASK, status=EventStatus.SCHEDULED)


def overdue_before() -> datetime.datetime:
    """Tasks are due on a date (stored at 00:00 UTC): one due before today is overdue."""
    return floating(timezone.localdate())


def lookup_parties(user: User, query: str, limit: int = 20) -> list[Party]:
    """Suggestions for the event form: parties of every kind (contacts, accounts, customers,
    leads) the user may see whose name contains `query` — the matching ids (bounded), then
    which of them the user may see."""
    text = (query or "").strip()
    if len(text) < party_selectors.LOOKUP_MIN_LENGTH:
        return []
    matches = Party.objects.filter(display_name__icontains=text, status=PartyStatus.ACTIVE)
    ids = list(matches.values_list("pk", flat=True)[: party_selectors.SEARCH_CANDIDATE_CAP])
    return list(
        Party.objects.filter(pk__any=party_selectors.visible_ids(user, ids)).order_by(
            Lower("display_name"), "id"
        )[:limit]
    )
