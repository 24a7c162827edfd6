"""Every read the Party pages make, permission-filtered in SQL."""

from parties.selectors.dashboard import dashboard_for
from parties.selectors.detail import (
    ConsentState,
    RelatedParty,
    consents_for,
    contact_mechs_for,
    history_for,
    party_for_page,
    relationships_for,
    timeline_for,
)
from parties.selectors.duplicates import DUPLICATE_LIMIT, possible_duplicates
from parties.selectors.lists import SORTS, mark_visible_employers, scoped, with_list_columns
from parties.selectors.lookup import (
    LOOKUP_MIN_LENGTH,
    employees_of_visible_accounts,
    lookup_parties,
    visible_accounts_named,
)
from parties.selectors.partners import (
    all_partners,
    attach_terms,
    can_add_partner,
    current_partners,
    is_current_partner,
    partner_actions,
    partner_contacts,
    partner_for_page,
    partners_for_choice,
    partners_for_filter,
    partners_for_list,
    terms_in_force,
)
from parties.selectors.search import (
    SEARCH_CANDIDATE_CAP,
    name_condition,
    search_candidates,
)
from parties.selectors.visibility import (
    CONTACT,
    CUSTOMER_CONTACT_PERMISSION,
    CUSTOMER_LISTING_PERMISSION,
    accounts_for_choice,
    contacts_for_choice,
    customer_listing_for_page,
    list_queryset,
    listable_ids,
    listable_q,
    listing_actions,
    lists_customers,
    page_queryset,
    parties_listable_by,
    parties_visible_to,
    party_actions,
    visible_ids,
    visible_q,
    with_role,
)
