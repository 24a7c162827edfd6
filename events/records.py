"""The record type of the event pages."""

from crm.records import RecordType
from events import selectors

EVENT = RecordType("event", load=selectors.event_for_page, actions=selectors.event_actions)
