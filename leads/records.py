"""The record types of the lead and marketing pages. A lead's access is its party's grants;
campaigns, contact lists and lead sources have no grants of their own: the role groups'
model permissions decide, for every one of them alike."""

from crm import access
from crm.access import CHANGE, VIEW
from crm.records import RecordType, model_actions
from leads import selectors
from leads.models import ContactList, MarketingCampaign
from parties import selectors as party_selectors
from parties.models import LeadSource

LEAD = RecordType("lead", load=selectors.lead_for_page, actions=party_selectors.party_actions)
CAMPAIGN = RecordType(
    "campaign",
    load=lambda user, pk: selectors.campaign_for_page(pk),
    actions=model_actions(MarketingCampaign),
    permission="leads.view_marketingcampaign",
)
CONTACT_LIST = RecordType(
    "contact list",
    load=lambda user, pk: selectors.contact_list_for_page(pk),
    actions=model_actions(ContactList),
    permission="leads.view_contactlist",
)
# Everyone with the lead pages reads the sources; administrators maintain them.
LEAD_SOURCE = RecordType(
    "lead source",
    load=lambda user, pk: access.get_or_404(LeadSource.objects.all(), pk),
    actions=lambda user, source: {VIEW, CHANGE} if access.is_administrator(user) else {VIEW},
    permission="parties.view_leadsource",
)
