"""The party kinds of the global search (crm.search): contacts, accounts and customers here,
and the leads app's leads through `kind_search`. One set of matching ids per request serves
every kind: the parties whose name, e-mail, phone, web address or current employer contains
the term, or whose name starts with a two-character term (parties.selectors.search),
narrowed to those the user may see, split by kind with their names in two reads, and the
rows of every kind's hits read once."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.models import User
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.search import COUNT_CAP, Found, Hit, SearchKind, found, is_short
from parties.kinds import ACCOUNTS, CONTACTS, CUSTOMERS, LEADS, PageKind
from parties.models import Party, PartyContactMech, PartyRole
from parties.normalize import phone_for_people
from parties.selectors import (
    mark_visible_employers,
    name_condition,
    page_queryset,
    search_candidates,
    visible_ids,
    with_list_columns,
)

KINDS = (CONTACTS, ACCOUNTS, CUSTOMERS, LEADS)


def visible_matches_by_kind(user: User, text: str) -> dict[str, list[int]] | None:
    """Per page kind, the ids of its parties the user may see that match `text`, in name
    order; None when the term matches too many parties to look at one by one. Worked out
    once per request (kept on the user object, like the access layer's per-request reads)."""
    memo = user.__dict__.setdefault("_crm_party_search", {})
    if text not in memo:
        candidates = search_candidates(user, text)
        memo[text] = None if candidates is None else _by_kind(visible_ids(user, candidates))
    return memo[text]


def _by_kind(ids: set[int]) -> dict[str, list[int]]:
    if not ids:
        return {kind.slug: [] for kind in KINDS}
    names = {
        pk: (name, party_kind)
        for pk, name, party_kind in Party.objects.filter(pk__any=ids).values_list(
            "pk", Lower("display_name"), "kind"
        )
    }
    roles = defaultdict(set)
    for party_id, role in PartyRole.objects.filter(party_id__any=ids).values_list(
        "party_id", "role"
    ):
        roles[party_id].add(role)
    ordered = sorted(names, key=lambda pk: (names[pk][0], pk))
    return {
        kind.slug: [
            pk
            for pk in ordered
            if kind.role in roles[pk] and kind.party_kind in (None, names[pk][1])
        ]
        for kind in KINDS
    }


def _with_company(queryset):
    """The company a lead named (`lead_company`; none for other parties): a lead found by it
    says so on its result line. One join on the lead row, in the same query."""
    return queryset.annotate(lead_company=F("lead__company_name"))


def _detail(party: Party) -> str:
    """Employer (if the viewer may see it) or else the company a lead named, e-mail, phone
    and owner, as the lists show them."""
    employer = party.employer_name if getattr(party, "employer_visible", False) else ""
    company = getattr(party, "lead_company", "") or ""
    employer = employer or (company if company != party.display_name else "")
    phone = phone_for_people(party.primary_phone) if party.primary_phone else ""
    owner = _("owner %(name)s") % {"name": party.owner.get_username()}
    return " · ".join(v for v in (employer, party.primary_email, phone, owner) if v)


def _hit(kind: PageKind, party: Party) -> Hit:
    return Hit(party.display_name, reverse(f"{kind.slug}:detail", args=[party.pk]), _detail(party))


def _rows(user: User, ids: list[int], also: list[int]) -> dict[int, Party]:
    """The list rows of `ids` (employers marked), read together with `also` (the other
    kinds' hits of the request) and kept on the user object for them: one read of the party
    rows per request, however many party kinds show hits."""
    memo = user.__dict__.setdefault("_crm_party_hit_rows", {})
    missing = {pk for pk in (*ids, *also) if pk not in memo}
    if set(ids) & missing:
        parties = list(_with_company(with_list_columns(Party.objects.filter(pk__any=missing))))
        mark_visible_employers(user, parties)
        memo.update((p.pk, p) for p in parties)
    return memo


def hits_for_ids(
    user: User, kind: PageKind, ids: list[int], limit: int, *, also: list[int] = ()
) -> Found:
    """The first `limit` of these party ids (already the user's, in name order) as hits;
    `also`: ids the request will ask for next, read in the same query."""
    if not ids:
        return Found([], 0)
    shown = ids[:limit]
    rows = _rows(user, shown, list(also))
    hits = [_hit(kind, rows[pk]) for pk in shown if pk in rows]
    return Found(hits, min(len(ids), COUNT_CAP + 1))


def other_hits(by_kind: dict[str, list[int]], limit: int) -> list[int]:
    """Every party kind's first `limit` hits, for hits_for_ids' `also`."""
    return [pk for ids in by_kind.values() for pk in ids[:limit]]


def broad_matches(user: User, kind: PageKind, text: str):
    """For a term too broad to look at match by match: the database filters and orders."""
    if is_short(text):  # names only, as search_candidates matches them
        return page_queryset(user, kind).filter(name_condition(text))
    mechs = PartyContactMech.objects.filter(
        thru_date__isnull=True, contact_mech__value__icontains=text
    ).values("party_id")
    return page_queryset(user, kind).filter(name_condition(text) | Q(pk__in=mechs))


def broad_hits(user: User, kind: PageKind, queryset, limit: int) -> Found:
    result = found(
        _with_company(with_list_columns(queryset)),
        order=(Lower("display_name"), "id"),
        limit=limit,
        hit=lambda party: party,
    )
    mark_visible_employers(user, result.hits)
    return Found([_hit(kind, party) for party in result.hits], result.count)


def kind_search(kind: PageKind):
    """The search of one page kind: its parties the user may see, in name order."""

    def search(user: User, text: str, limit: int) -> Found:
        by_kind = visible_matches_by_kind(user, text)
        if by_kind is None:
            return broad_hits(user, kind, broad_matches(user, kind, text), limit)
        return hits_for_ids(user, kind, by_kind[kind.slug], limit, also=other_hits(by_kind, limit))

    return search


CONTACT_SEARCH = SearchKind("contacts", gettext_lazy("Contacts"), kind_search(CONTACTS), order=10)
ACCOUNT_SEARCH = SearchKind("accounts", gettext_lazy("Accounts"), kind_search(ACCOUNTS), order=20)
CUSTOMER_SEARCH = SearchKind(
    "customers", gettext_lazy("Customers"), kind_search(CUSTOMERS), order=30
)
