"""Every write on the Party core. Keyword-only, validated, one transaction each."""

from parties.services.consent import consent_record
from parties.services.contact_mechs import (
    ADDRESS_FIELDS,
    contact_mech_add,
    contact_mech_end,
    contact_mech_update,
    primary_contact_mechs_add,
)
from parties.services.journey import journey_append
from parties.services.parties import (
    ACCESS_KEY,
    account_create,
    contact_create,
    customer_create,
    party_create,
    party_role_add,
    party_set_status,
    party_update,
)
from parties.services.partners import (
    credited_partner,
    partner_create,
    partnership_end,
    partnership_update,
)
from parties.services.relationships import employment_start, relationship_end
from parties.services.sharing import party_reassign, party_share, party_unshare
