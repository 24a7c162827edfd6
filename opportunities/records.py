"""The record type of the opportunity pages."""

from crm.records import RecordType
from opportunities import selectors

OPPORTUNITY = RecordType(
    "opportunity", load=selectors.opportunity_for_page, actions=selectors.opportunity_actions
)
