"""The record type of the case pages: a case is loaded only among those the user may see
(support.selectors: 404 otherwise), and what they may do on it is
support.selectors.case_actions (403 for the rest)."""

from crm.records import RecordType
from support import selectors

CASE = RecordType(
    "case",
    load=selectors.case_for_page,
    actions=selectors.case_actions,
    permission="support.view_case",
)
