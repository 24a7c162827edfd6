"""Forms of the lead, campaign, lead-source, contact-list and vCard-import pages and of the
public web-to-lead form. Validation that needs the database lives in leads.services."""

from leads.forms.campaigns import CAMPAIGN_FORM_FIELDS, CampaignForm, CampaignListOptionsForm
from leads.forms.capture import CaptureForm
from leads.forms.contact_lists import (
    LIST_SORT_CHOICES,
    ContactListFilterForm,
    ContactListForm,
    ContactListMemberForm,
    MemberLookupField,
    MemberStatusFilterForm,
    MemberStatusForm,
)
from leads.forms.conversion import LeadConvertForm
from leads.forms.lead_sources import LeadSourceForm
from leads.forms.leads import (
    NAME_HELP,
    LeadCreateForm,
    LeadEditForm,
    LeadStatusForm,
    OptionalAddressFields,
)
from leads.forms.vcards import (
    PAYLOAD_MAX_AGE,
    PAYLOAD_SALT,
    VCardConfirmForm,
    VCardUploadForm,
    payload_fits,
)
