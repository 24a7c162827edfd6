"""The activities panel shown on party, lead and opportunity pages: quick actions ("Log a
call", "Schedule a meeting", "Add a task", pre-filled with the record) and the record's
timeline of events the viewer may see, newest first. A fixed number of queries whatever the
number of events: the events with their columns, the roles of the parties they are about
(to link each to its page), and which related records the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.pagination import Ordering
from crm.panels import Panel
from events import selectors
from events.models import Event, EventKind
from parties.kinds import page_url
from parties.selectors.rollup import account_contacts_q, rollup_panel

PANEL_SIZE = 20


@dataclass
class AboutLink:
    """A record an event is about, other than the page's own: `name` and `url` are empty
    when the viewer may not see it (shown as "restricted")."""

    label: str
    name: str = ""
    url: str = ""


@dataclass
class RecordActivities:
    rows: list[Event] = field(default_factory=list)
    has_more: bool = False  # more than PANEL_SIZE events: link to the filtered event list
    all_url: str = ""
    can_add: bool = False
    log_call_url: str = ""
    schedule_meeting_url: str = ""
    add_task_url: str = ""


def about_links(event: Event, *, page_party_id: int | None, page_opportunity_id: int | None):
    """What an event is about, as links, leaving out the page's own record; a record the
    viewer may not see is a link-less "restricted" (`selectors.mark_visible_related` first)."""
    links = []
    if event.party_id and event.party_id != page_party_id:
        visible = event.party_visible
        links.append(
            AboutLink(
                _("About"),
                event.party.display_name if visible else "",
                page_url(event.party) if visible else "",
            )
        )
    if event.lead_id and event.lead_id not in (page_party_id, event.party_id):
        visible = event.lead_visible
        links.append(
            AboutLink(
                _("Lead"),
                event.lead.party.display_name if visible else "",
                reverse("leads:detail", args=[event.lead_id]) if visible else "",
            )
        )
    if event.opportunity_id and event.opportunity_id != page_opportunity_id:
        visible = event.opportunity_visible
        links.append(
            AboutLink(
                _("Opportunity"),
                event.opportunity.name if visible else "",
                reverse("opportunities:detail", args=[event.opportunity_id]) if visible else "",
            )
        )
    return links


def _is_upcoming(event: Event, now, today) -> bool:
    if not event.is_open:
        return False
    if event.is_dated:
        return event.start_date >= today
    return event.starts_at >= now


def record_activities(
    user: User,
    *,
    party=None,
    lead=None,
    opportunity=None,
    next_url: str = "",
) -> RecordActivities:
    """The panel of a party's (contact, account, customer), a lead's or an opportunity's
    page. A lead's key is its party's, so a lead's timeline also shows what was logged on the
    party, and after conversion the contact's shows what was logged on the lead. `next_url`:
    where the event form returns after saving (the page itself)."""
    if opportunity is not None:
        about = {"opportunity": opportunity.pk}
        timeline_q = selectors.about_q(opportunity_id=opportunity.pk)
        page_party_id, page_opportunity_id = None, opportunity.pk
    else:
        record = party if party is not None else lead
        about = {"party": record.pk} if party is not None else {"lead": record.pk}
        timeline_q = selectors.about_q(party_id=record.pk)
        page_party_id, page_opportunity_id = record.pk, None
    queryset = (
        selectors.with_columns(selectors.events_visible_to(user).filter(timeline_q))
        .prefetch_related("party__roles")
        .order_by("-starts_at", "-id")
    )
    rows = selectors.mark_visible_related(user, list(queryset[: PANEL_SIZE + 1]))
    now, today = timezone.now(), timezone.localdate()
    for event in rows:
        event.is_upcoming = _is_upcoming(event, now, today)
        event.about_links = about_links(
            event, page_party_id=page_party_id, page_opportunity_id=page_opportunity_id
        )
    list_filter = {"opportunity": opportunity.pk} if opportunity else {"party": page_party_id}
    panel = RecordActivities(
        rows=rows[:PANEL_SIZE],
        has_more=len(rows) > PANEL_SIZE,
        all_url=f"{reverse('events:list')}?{urlencode(list_filter)}",
        can_add=user.has_perm("events.add_event"),
    )
    if panel.can_add:
        new = reverse("events:new")
        back = {"next": next_url} if next_url else {}

        def action(kind: str, **extra) -> str:
            return f"{new}?{urlencode({'kind': kind, **extra, **about, **back})}"

        panel.log_call_url = action(EventKind.CALL, log=1)
        panel.schedule_meeting_url = action(EventKind.MEETING)
        panel.add_task_url = action(EventKind.TASK)
    return panel


# The activities panel on other apps' pages (crm.panels; registered in apps.py) ----------------

TEMPLATE = "events/_activity_panel.html"


def _party_activities(request, party, *, next_url: str = "", **page) -> dict:
    return {"activities": record_activities(request.user, party=party, next_url=next_url)}


def _lead_activities(request, lead_party, *, next_url: str = "", **page) -> dict:
    """Quick actions pre-filled with the lead rather than its party."""
    lead = lead_party.lead
    return {"activities": record_activities(request.user, lead=lead, next_url=next_url)}


def _opportunity_activities(request, opportunity, *, next_url: str = "", **page) -> dict:
    return {
        "activities": record_activities(request.user, opportunity=opportunity, next_url=next_url)
    }


PARTY_ACTIVITIES = Panel("activities", TEMPLATE, _party_activities, order=20)
LEAD_ACTIVITIES = Panel("activities", TEMPLATE, _lead_activities, order=20)
OPPORTUNITY_ACTIVITIES = Panel("activities", TEMPLATE, _opportunity_activities, order=20)


# An account's roll-up: its contacts' activities, "from <contact>" (parties.selectors.rollup) --


def _account_contact_activities(request, account, **page) -> dict | None:
    queryset = selectors.with_columns(
        selectors.events_visible_to(request.user).filter(account_contacts_q(account, "party"))
    )
    return rollup_panel(
        "contact_events",
        request,
        queryset,
        Ordering("starts_at", descending=True),
        anchor="contact-events-h",
        contact_field="party",
    )


ACCOUNT_CONTACT_ACTIVITIES = Panel(
    "contact_activities",
    "events/_account_contact_activities.html",
    _account_contact_activities,
    order=25,
)
