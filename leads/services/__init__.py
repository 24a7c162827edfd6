"""Every write on leads and marketing. Keyword-only, validated, one transaction each."""

from leads.services.campaigns import CAMPAIGN_FIELDS, campaign_create, campaign_update
from leads.services.capture import campaign_regenerate_token, lead_capture
from leads.services.contact_lists import (
    LIST_ROLES,
    contact_list_create,
    contact_list_member_add,
    contact_list_member_remove,
    contact_list_member_set_status,
    contact_list_update,
    has_current_consent,
)
from leads.services.conversion import Conversion, lead_convert
from leads.services.leads import (
    ACCESS_KEY,
    assignable_owners,
    lead_assign,
    lead_create,
    lead_set_status,
    lead_update,
)
