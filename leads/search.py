"""The leads app's kinds of the global search (crm.search): leads (parties, found as the
party kinds are, and by their company), campaigns and contact lists (few, and seen by whoever
has their pages), by name: containing the term, or starting with a two-character one."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from crm.search import COUNT_CAP, Found, Hit, SearchKind, found, name_match, visible_matches
from leads.models import ContactList, MarketingCampaign
from parties.kinds import LEADS
from parties.models import Party
from parties.search import (
    broad_hits,
    broad_matches,
    hits_for_ids,
    other_hits,
    visible_matches_by_kind,
)
from parties.selectors import page_queryset


def _named(model, url_name: str, detail):
    def search(user: User, text: str, limit: int) -> Found:
        return found(
            model.objects.filter(name_match("name", text)),
            order=(Lower("name"), "pk"),
            limit=limit,
            hit=lambda r: Hit(r.name, reverse(url_name, args=[r.pk]), detail(r)),
        )

    return search


def lead_search(user: User, text: str, limit: int) -> Found:
    """Leads match as parties do, and by the company they named (a person lead's company
    is not a party yet; the trigram and prefix indexes of leads.0004 and leads.0006)."""
    by_company = visible_matches(
        Party, name_match("lead__company_name", text), lambda: page_queryset(user, LEADS)
    )
    by_kind = visible_matches_by_kind(user, text)
    if by_kind is None:
        return broad_hits(user, LEADS, broad_matches(user, LEADS, text) | by_company, limit)
    ids = set(by_kind[LEADS.slug])
    extra = set(by_company.values_list("pk", flat=True)[: COUNT_CAP + 1]) - ids
    if not extra:
        also = other_hits(by_kind, limit)
        return hits_for_ids(user, LEADS, by_kind[LEADS.slug], limit, also=also)
    ordered = Party.objects.filter(pk__any=ids | extra).order_by(Lower("display_name"), "pk")
    return hits_for_ids(user, LEADS, list(ordered.values_list("pk", flat=True)), limit)


LEAD_SEARCH = SearchKind("leads", _("Leads"), lead_search, order=40)
CAMPAIGN_SEARCH = SearchKind(
    "campaigns",
    _("Campaigns"),
    _named(MarketingCampaign, "campaigns:detail", lambda c: c.get_status_display()),
    allowed=lambda user: user.has_perm("leads.view_marketingcampaign"),
    order=70,
)
CONTACT_LIST_SEARCH = SearchKind(
    "contact-lists",
    _("Contact lists"),
    _named(ContactList, "contact_lists:detail", lambda c: c.get_list_type_display()),
    allowed=lambda user: user.has_perm("leads.view_contactlist"),
    order=80,
)
