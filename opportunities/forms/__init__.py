"""The opportunity forms: create and edit, close and reopen, the pipeline board, related rows."""

from opportunities.forms.opportunities import (
    FIELDS,
    CloseForm,
    OpportunityEditForm,
    OpportunityForm,
    ReopenForm,
)
from opportunities.forms.pipeline import (
    NEXT_MONTH,
    NEXT_QUARTER,
    OVERDUE,
    PERIODS,
    THIS_MONTH,
    THIS_QUARTER,
    MoveForm,
    PipelineFilterForm,
    board_url,
    period_range,
)
from opportunities.forms.related import CompetitorForm, ContactRoleForm
