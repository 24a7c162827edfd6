"""The three pages built on the Party core: contacts, accounts and customers."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from parties.models import PartyKind, RoleType


@dataclass(frozen=True)
class PageKind:
    slug: str  # URL prefix and URL name prefix
    role: str
    party_kind: str | None  # None: people and organizations
    singular: Promise
    plural: Promise


CONTACTS = PageKind("contacts", RoleType.CONTACT, PartyKind.PERSON, _("contact"), _("Contacts"))
ACCOUNTS = PageKind(
    "accounts", RoleType.ACCOUNT, PartyKind.ORGANIZATION, _("account"), _("Accounts")
)
CUSTOMERS = PageKind("customers", RoleType.CUSTOMER, None, _("customer"), _("Customers"))
# Leads are parties too: their pages live in the leads app, which reuses the party sub-pages
# (contact details, consent, sharing) under /leads/<pk>/.
LEADS = PageKind("leads", RoleType.LEAD, None, _("lead"), _("Leads"))
PAGE_KINDS = {k.slug: k for k in (CONTACTS, ACCOUNTS, CUSTOMERS, LEADS)}


def page_kind_for(party) -> PageKind | None:
    """The page a party is best shown on (contact, then account, customer, lead)."""
    roles = {r.role for r in party.roles.all()}
    for kind in (CONTACTS, ACCOUNTS, CUSTOMERS, LEADS):
        if kind.role in roles and kind.party_kind in (None, party.kind):
            return kind
    return None


def page_url(party) -> str:
    """The address of the page a party is best shown on ("" if none fits)."""
    from django.urls import reverse

    kind = page_kind_for(party)
    return reverse(f"{kind.slug}:detail", args=[party.pk]) if kind else ""
