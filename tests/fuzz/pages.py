"""The pages the fuzz tests cover: every view a form of the CRM posts to, and every page that
reads parameters from its query string (lists, boards, lookups, forms pre-filled from links).
test_form_pages checks, from a crawl of every named URL, that none is missing."""

# Every view a form of the CRM posts to (found by the crawl: test_every_form_is_fuzzed).
FORM_VIEWS = [
    *(
        f"{kind}:{name}"
        for kind in ("contacts", "accounts", "customers", "leads")
        for name in (
            "edit",
            "new",
            "consent",
            "contact_mech_new",
            "contact_mech_edit",
            "contact_mech_end",
            "employment_new",
            "relationship_end",
            "sharing",
            "disable",
        )
    ),
    "leads:assign",
    "leads:convert",
    "leads:import_vcard",
    "leads:status",
    "campaigns:new",
    "campaigns:edit",
    "campaigns:capture_token",
    "capture:form",
    "contact_lists:new",
    "contact_lists:edit",
    "contact_lists:member_add",
    "contact_lists:member_status",
    "contact_lists:member_remove",
    "lead_sources:new",
    "lead_sources:edit",
    "opportunities:new",
    "opportunities:edit",
    "opportunities:close",
    "opportunities:reopen",
    "opportunities:move",
    "opportunities:sharing",
    "opportunities:competitor_add",
    "opportunities:competitor_remove",
    "opportunities:contact_role_add",
    "opportunities:contact_role_remove",
    "events:new",
    "events:edit",
    "events:respond",
    "events:complete",
    "events:cancel",
    "events:reopen",
    "events:sharing",
    "events:feed_regenerate",
    "events:feed_disable",
    "forecasts:detail",
    "forecasts:quotas",
    "user_settings",
]

# What every list page may be given in its query string, besides its filter form's fields.
COMMON_PARAMETERS = ["after", "before", "sort", "scope", "page", "q"]
# Page -> the query parameters its view reads itself (its GET forms' fields are read from
# the page).
LIST_PAGES = {
    "dashboard": [],
    "search": ["kind"],
    "search_quick": ["kind"],
    "contacts:list": [],
    "accounts:list": [],
    "customers:list": [],
    "leads:list": [],
    "opportunities:list": [],
    "opportunities:pipeline": ["owner", "team", "period"],
    "events:list": ["party", "opportunity"],
    "events:calendar": ["view", "date", "scope"],
    "events:my_work": [],
    "events:activity": ["end", "team", "weeks"],
    "campaigns:list": ["status"],
    "contact_lists:list": ["list_type"],
    "contact_lists:detail": ["status"],
    "lead_sources:list": [],
    "forecasts:overview": ["period", "owner"],
    "forecasts:detail": ["period"],
    "forecasts:quotas": ["period"],
    # Lookups (htmx sends the field's own name, e.g. ?account=)
    "contacts:lookup": ["account", "primary_contact", "contact"],
    "accounts:lookup": ["account", "competitor", "other"],
    "customers:lookup": ["other"],
    "leads:lookup": ["lead"],
    "events:party_lookup": ["party", "add_participant_1"],
    "contact_lists:member_add": ["lookup", "party"],
    # Forms pre-filled from a record's page
    "events:new": ["kind", "log", "party", "lead", "opportunity", "next"],
    "opportunities:new": ["account", "contact"],
    "customers:new": ["kind"],
    "contacts:contact_mech_new": ["kind"],
}
# Lists paginated by keyset cursors (?after=, ?before=).
KEYSET_LISTS = [
    "contacts:list",
    "accounts:list",
    "customers:list",
    "leads:list",
    "opportunities:list",
    "events:list",
    "contact_lists:list",
    "contact_lists:detail",
]
