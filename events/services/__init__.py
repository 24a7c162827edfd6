"""Every write on events. Keyword-only, validated, one transaction each.

Access: the owner gets every right and the owner's team what `CRM_TEAM_ACCESS_EVENT` says
(private by default); each user participant gets view (cause "participant"), taken back when
they are removed. What an event is about (party, lead, opportunity) and its party
participants must be records the actor may see."""

from events.services.conversion import events_move_on_conversion
from events.services.events import (
    ACCESS_KEY,
    EDITABLE,
    event_cancel,
    event_complete,
    event_create,
    event_reassign,
    event_reopen,
    event_update,
)
from events.services.feeds import feed_disable, feed_token_regenerate
from events.services.participants import participant_respond
from events.services.reminders import due_moment, reminders_send_due, reminders_set
