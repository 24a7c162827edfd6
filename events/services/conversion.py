"""What a lead's conversion does to its events: they move to what the lead became."""

from __future__ import annotations

from events.models import Event, EventParticipant
from parties.models import Party


def events_move_on_conversion(*, lead, account: Party, contact: Party | None, opportunity) -> int:
    """Lead conversion (DESIGN.md §3): the lead's events are now about what it became — the
    contact (or the account, for a company-only lead) and the new opportunity. A lead merged
    into an existing account hands its events and participations to that account."""
    became = contact or account
    events = Event.objects.filter(lead=lead)
    moved = events.filter(party__isnull=True).update(party=became)
    if became.pk != lead.pk:
        moved += Event.objects.filter(party_id=lead.pk).update(party=became)
        for participation in EventParticipant.objects.filter(party_id=lead.pk):
            if EventParticipant.objects.filter(event_id=participation.event_id, party=became):
                participation.delete()
            else:
                participation.party = became
                participation.save(update_fields=["party"])
    if opportunity is not None:
        events.filter(opportunity__isnull=True).update(opportunity=opportunity)
    return moved


def events_on_conversion(*, conversion, **_) -> None:
    """The events app's receiver of leads.hooks.lead_converted (after the deal, if any)."""
    events_move_on_conversion(
        lead=conversion.lead,
        account=conversion.account,
        contact=conversion.contact,
        opportunity=conversion.opportunity,
    )
