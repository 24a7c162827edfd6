"""The forms of the party pages, and the party fields other apps' forms build on."""

from parties.forms.consent import ConsentForm
from parties.forms.contact_mechs import AddressFields, ContactMechForm
from parties.forms.fields import (
    DATE_INPUT,
    NUMBERED,
    EmailField,
    PartyLookupField,
    PartyLookupInput,
    PhoneField,
    WebField,
    email_field,
    phone_field,
)
from parties.forms.parties import (
    ORGANIZATION_FIELDS,
    PERSON_FIELDS,
    AccountCreateForm,
    ContactCreateForm,
    CustomerCreateForm,
    CustomerOrganizationEditForm,
    CustomerPersonEditForm,
    OrganizationEditForm,
    OrganizationForm,
    PersonEditForm,
    PersonForm,
)
from parties.forms.partners import (
    CommissionField,
    PartnerCreateForm,
    PartnershipEditForm,
    PartnershipEndForm,
)
from parties.forms.relationships import EmploymentForm
