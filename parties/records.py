"""The record types of the party pages: a contact, an account, a customer, and a lead's party
(for the sub-pages leads share: contact details, consent, sharing). Each loads the party only
under its own kind's pages."""

from crm.records import RecordType
from parties import selectors
from parties.kinds import ACCOUNTS, CONTACTS, CUSTOMERS, LEADS, PageKind


def _party_type(kind: PageKind, name: str) -> RecordType:
    return RecordType(
        name,
        load=lambda user, pk: selectors.party_for_page(user, kind, pk),
        actions=selectors.party_actions,
    )


CONTACT = _party_type(CONTACTS, "contact")
ACCOUNT = _party_type(ACCOUNTS, "account")
CUSTOMER = _party_type(CUSTOMERS, "customer")
LEAD_PARTY = _party_type(LEADS, "lead party")
BY_KIND = {CONTACTS: CONTACT, ACCOUNTS: ACCOUNT, CUSTOMERS: CUSTOMER, LEADS: LEAD_PARTY}

# The customer page of a user who lists customers without seeing them (Marketing): the
# customer's names, e-mail addresses and consent only; every other customer page (journey,
# sharing, orders, cases) stays 404 for them. Used only by the customer detail page.
CUSTOMER_LISTING = RecordType(
    "customer listing",
    load=lambda user, pk: selectors.customer_listing_for_page(user, CUSTOMERS, pk),
    actions=selectors.listing_actions,
)

# Partners are shared business records: every staff role reads them (its model permission);
# an id that is no partner's is 404.
PARTNER = RecordType(
    "partner",
    load=lambda user, pk: selectors.partner_for_page(user, pk),
    actions=selectors.partner_actions,
    permission="parties.view_partnership",
)
