"""Every read the event pages make, permission-filtered in SQL."""

# The pages' own reads are submodules, imported by name (`from events.selectors import work`):
# `calendar` (month and week grids, the private feed), `work` (My work) and `activity` (team
# activity). They are not re-exported here: `work` and `activity` build on `events.panels` and
# `events.filters`, which read this package, so importing them here would make a cycle; and
# their tunables (`MAX_EVENTS`, `TASK_LIMIT`, `FEW_GRANTS`...) are read where they are defined.
from events.selectors.events import (
    FEW_GRANTS,
    SORTS,
    about_q,
    event_actions,
    event_for_page,
    events_visible_to,
    happened_q,
    lookup_parties,
    mark_visible_related,
    mine_q,
    open_tasks_q,
    overdue_before,
    overlapping,
    participants_for,
    scoped,
    today_bounds,
    with_columns,
)
