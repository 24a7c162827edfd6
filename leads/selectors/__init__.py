"""Every read of the lead, campaign, lead-source and contact-list pages, permission-filtered
in SQL where records are guarded."""

from leads.selectors.campaigns import (
    CAMPAIGN_SORTS,
    CampaignStats,
    campaign_for_capture,
    campaign_for_page,
    campaign_recent_leads,
    campaign_stats,
    campaigns_for_choice,
    campaigns_for_list,
)
from leads.selectors.contact_lists import (
    CHANNEL_MECH_KIND,
    CHANNEL_PURPOSES,
    FORMER_MEMBERS_SHOWN,
    LIST_SORTS,
    MEMBER_ORDERING,
    ExportSummary,
    MemberPage,
    channel_address,
    consent_granted,
    contact_list_for_page,
    contact_lists_for_page,
    export_rows,
    export_summary,
    lookup_member_candidates,
    member_candidates,
    member_of,
    members_for_page,
)
from leads.selectors.lead_sources import lead_sources_for_list
from leads.selectors.leads import (
    OPEN_STATUSES,
    SORTS,
    lead_detail_extras,
    lead_for_page,
    leads_for_list,
    my_open_leads,
)
