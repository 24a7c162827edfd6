"""Reads for the support pages, permission-filtered in SQL (support.selectors.visibility)."""

from support.selectors.cases import (
    case_events,
    case_for_page,
    case_history,
    case_notes,
    cases_for_list,
    customer_cases,
)
from support.selectors.clocks import (
    DUE_SOON,
    ClockState,
    breached_q,
    case_clocks,
    due_soon_q,
    with_sla,
)
from support.selectors.figures import CaseFigures, QueueRow, WeekRow, case_figures
from support.selectors.queues import QueueSummary, StatusCount, queue_summary
from support.selectors.visibility import (
    NOTE,
    REASSIGN,
    TAKE,
    case_actions,
    cases_visible_q,
    cases_visible_to,
    mine_q,
    team_queue_q,
    works_cases,
)

__all__ = [
    "DUE_SOON",
    "NOTE",
    "REASSIGN",
    "TAKE",
    "CaseFigures",
    "ClockState",
    "QueueRow",
    "QueueSummary",
    "StatusCount",
    "WeekRow",
    "breached_q",
    "case_actions",
    "case_clocks",
    "case_events",
    "case_figures",
    "case_for_page",
    "case_history",
    "case_notes",
    "cases_for_list",
    "cases_visible_q",
    "cases_visible_to",
    "customer_cases",
    "due_soon_q",
    "mine_q",
    "queue_summary",
    "team_queue_q",
    "with_sla",
]
