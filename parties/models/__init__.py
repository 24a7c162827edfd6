"""The Party core (OFBiz Party, PartyRole, PartyRelationship, ContactMech, Consent)."""

# Imported in the order the models were declared in, which is the order they register in
# (content types, reverse relations). isort must not reorder them.
# isort: off
from parties.models.parties import (
    PartyKind,
    PartyStatus,
    PaymentPreference,
    LeadSource,
    Party,
    PersonManager,
    OrganizationManager,
    Person,
    Organization,
)
from parties.models.grants import PartyUserObjectPermission, PartyGroupObjectPermission
from parties.models.roles import RoleType, PartyRole
from parties.models.relationships import RelationshipKind, PartyRelationship
from parties.models.contact_mechs import (
    ContactMechKind,
    ContactMech,
    ContactMechPurpose,
    PURPOSES_BY_KIND,
    SINGLE_PURPOSES,
    PartyContactMech,
    PartyContactMechPurpose,
)
from parties.models.consent import ConsentPurpose, ConsentSource, Consent
from parties.models.journey import JourneyEntry
from parties.models.partnerships import PartnerType, Partnership
from parties.models.tags import TagColour, Tag, PartyTag
from parties.models.identifications import PartyIdentification
# isort: on
