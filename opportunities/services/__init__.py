"""Every write on opportunities. Keyword-only, validated, one transaction each; every change
of stage, amount, probability, currency, close date or owner writes OpportunityHistory rows."""

from opportunities.services.opportunities import (
    ACCESS_KEY,
    EDITABLE,
    TRACKED,
    Field,
    can_reopen,
    default_currency,
    opportunity_close,
    opportunity_create,
    opportunity_move,
    opportunity_reassign,
    opportunity_reopen,
    opportunity_update,
)
from opportunities.services.related import (
    competitor_add,
    competitor_remove,
    contact_role_add,
    contact_role_remove,
)
