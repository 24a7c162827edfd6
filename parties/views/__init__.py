"""Contacts, accounts and customers: one set of views, configured by the page kind."""

from parties.views.consent import consent_record
from parties.views.contact_mechs import ContactMechFormView, contact_mech_end
from parties.views.journey import JourneyView
from parties.views.lists import PartyListView, list_page_context
from parties.views.lookup import party_lookup
from parties.views.parties import (
    CREATE_FORMS,
    EDIT_FORMS,
    DuplicateWarningMixin,
    PageKindMixin,
    PartyCreateView,
    PartyDetailView,
    PartyEditView,
    PartyRecordMixin,
    PaymentPreferenceView,
    party_set_status,
)
from parties.views.partners import (
    PartnerCreateView,
    PartnerDetailView,
    PartnerEditView,
    PartnerListView,
    partner_end,
)
from parties.views.relationships import EmploymentFormView, relationship_end
from parties.views.sharing import SharingView
from parties.views.vcard import contact_vcard
