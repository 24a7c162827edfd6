"""The event form and its participant pickers."""

from events.forms.events import (
    ABOUT_FIELDS,
    DATETIME_INPUT,
    OPPORTUNITY_OPTIONS_ID,
    EventEditForm,
    EventForm,
    OpportunityLookupField,
)
from events.forms.participants import (
    CHOSEN_LIST_IDS,
    Chosen,
    ParticipantPickersForm,
    user_pick_label,
)
