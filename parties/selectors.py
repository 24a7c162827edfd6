"""Every read the Party pages make, permission-filtered in SQL."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Lower

from crm import access
from crm.access import CUSTOMER_SERVICE, VIEW
from crm.pagination import Ordering
from parties.kinds import PageKind
from parties.models import (
    Consent,
    ConsentPurpose,
    ContactMechKind,
    ContactMechPurpose,
    Party,
    PartyContactMech,
    PartyContactMechPurpose,
    PartyKind,
    PartyRelationship,
    PartyRole,
    PartyStatus,
    RelationshipKind,
    RoleType,
)
from parties.normalize import normalize_email, normalize_phone, phone_search_digits


def _customer_q(field: str) -> Q:
    return Q(
        **{f"{field}__in": PartyRole.objects.filter(role=RoleType.CUSTOMER).values("party_id")}
    )


def visible_q(user: User, field: str = "pk") -> Q | None:
    """The condition for parties `user` may see (None: no restriction): the common rule, and
    Customer Service sees every customer."""
    q = access.visible_q(user, Party, field)
    if q is not None and access.in_group(user, CUSTOMER_SERVICE):
        q |= _customer_q(field)
    return q


def visible_ids(user: User, ids) -> set[int]:
    """Which of these party ids `user` may see: one UNION over the grant indexes and the
    manager and Customer Service rules, reading no party row it does not have to."""
    ids = sorted({pk for pk in ids if pk is not None})
    if not ids:
        return set()
    if access.is_administrator(user):
        return set(Party.objects.filter(pk__any=ids).values_list("pk", flat=True))
    parts = []
    managed = access.managed_q(user, Party)
    if managed is not None:
        parts.append(Party.objects.filter(managed, pk__any=ids).order_by().values("pk"))
    if access.in_group(user, CUSTOMER_SERVICE):
        parts.append(
            PartyRole.objects.filter(party_id__any=ids, role=RoleType.CUSTOMER)
            .order_by()
            .values("party_id")
        )
    return {row["content_object_id"] for row in access.granted_ids(user, Party, ids).union(*parts)}


def parties_visible_to(user: User) -> QuerySet[Party]:
    q = visible_q(user)
    return Party.objects.all() if q is None else Party.objects.filter(q)


def with_role(queryset: QuerySet[Party], role: str) -> QuerySet[Party]:
    return queryset.filter(Exists(PartyRole.objects.filter(party=OuterRef("pk"), role=role)))


def page_queryset(user: User, kind: PageKind) -> QuerySet[Party]:
    """The parties `user` may see on a page: contacts, accounts or customers."""
    if kind.role == RoleType.CUSTOMER and access.in_group(user, CUSTOMER_SERVICE):
        # Customer Service sees every customer: the role filter alone is the whole rule.
        queryset = with_role(Party.objects.all(), kind.role)
    else:
        queryset = with_role(parties_visible_to(user), kind.role)
    if kind.party_kind:
        queryset = queryset.filter(kind=kind.party_kind)
    return queryset


def accounts_for_choice(user: User) -> QuerySet[Party]:
    """Accounts a user may pick in a form or a filter."""
    return (
        with_role(parties_visible_to(user), RoleType.ACCOUNT)
        .filter(kind=PartyKind.ORGANIZATION)
        .order_by("display_name", "id")
    )


def contacts_for_choice(user: User) -> QuerySet[Party]:
    return (
        with_role(parties_visible_to(user), RoleType.CONTACT)
        .filter(kind=PartyKind.PERSON)
        .order_by("display_name", "id")
    )


def party_actions(user: User, party: Party) -> set[str]:
    """What `user` may do on a party they can see (Customer Service views customers)."""
    actions = access.record_actions(user, party)
    if access.in_group(user, CUSTOMER_SERVICE) and any(
        r.role == RoleType.CUSTOMER for r in party.roles.all()
    ):
        actions.add(VIEW)
    return actions


def _current_value(purpose: str) -> Subquery:
    return Subquery(
        PartyContactMechPurpose.objects.filter(
            party=OuterRef("pk"), purpose=purpose, thru_date__isnull=True
        ).values("party_contact_mech__contact_mech__value")[:1]
    )


def _current_employment():
    return PartyRelationship.objects.filter(
        from_party=OuterRef("pk"), kind=RelationshipKind.EMPLOYMENT, thru_date__isnull=True
    ).order_by("-from_date", "-id")


def with_list_columns(queryset: QuerySet[Party]) -> QuerySet[Party]:
    """What a list row shows: owner, primary e-mail and phone, and for people their current
    employer (see mark_visible_employers)."""
    employment = _current_employment()
    return queryset.select_related("owner").annotate(
        primary_email=_current_value(ContactMechPurpose.PRIMARY_EMAIL),
        primary_phone=_current_value(ContactMechPurpose.PRIMARY_PHONE),
        employer_id=Subquery(employment.values("to_party_id")[:1]),
        employer_name=Subquery(employment.values("to_party__display_name")[:1]),
    )


def mark_visible_employers(user: User, parties: list[Party]) -> list[Party]:
    """Sets `employer_visible` on list rows: an employer the viewer may not see is shown as
    restricted, never by name."""
    visible = visible_ids(user, (p.employer_id for p in parties))
    for party in parties:
        party.employer_visible = party.employer_id in visible
    return parties


SORTS = {
    "name": Ordering("display_name"),
    "-name": Ordering("display_name", descending=True),
    "created": Ordering("created_at"),
    "-created": Ordering("created_at", descending=True),
    "updated": Ordering("updated_at"),
    "-updated": Ordering("updated_at", descending=True),
}


def scoped(user: User, queryset: QuerySet[Party], scope: str) -> QuerySet[Party]:
    """ "mine", "team" (owned by my home team's members) or "all" I may see."""
    if scope == "mine":
        return queryset.filter(owner=user)
    if scope == "team":
        team = access.home_team(user)
        if team is None:
            return queryset.filter(owner=user)
        return queryset.filter(owner__profile__home_team=team)
    return queryset


# Detail page -------------------------------------------------------------------------------


def party_for_page(user: User, kind: PageKind, pk) -> Party:
    queryset = (
        page_queryset(user, kind)
        .select_related("owner", "owner__profile__home_team__group", "created_by", "updated_by")
        .prefetch_related("roles")
    )
    return access.get_or_404(queryset, pk)


def contact_mechs_for(party: Party) -> list[PartyContactMech]:
    """Current ones first, then ended ones, each with its current purposes."""
    return list(
        PartyContactMech.objects.filter(party=party)
        .select_related("contact_mech")
        .prefetch_related(
            Prefetch(
                "purposes",
                queryset=PartyContactMechPurpose.objects.filter(thru_date__isnull=True),
                to_attr="current_purposes",
            )
        )
        .order_by("thru_date", "contact_mech__kind", "from_date", "id")
    )


@dataclass
class RelatedParty:
    relationship: PartyRelationship
    other: Party
    visible: bool
    page_slug: str | None


def relationships_for(user: User, party: Party) -> list[RelatedParty]:
    """Both directions; the other party is named only when the viewer may see it."""
    rows = list(
        PartyRelationship.objects.filter(Q(from_party=party) | Q(to_party=party))
        .select_related("from_party", "to_party")
        .prefetch_related("from_party__roles", "to_party__roles")
    )
    others = visible_ids(
        user, (r.to_party_id if r.from_party_id == party.pk else r.from_party_id for r in rows)
    )
    from parties.kinds import page_kind_for

    related = []
    for rel in rows:
        outgoing = rel.from_party_id == party.pk
        other = rel.to_party if outgoing else rel.from_party
        visible = other.pk in others
        kind = page_kind_for(other) if visible else None
        related.append(RelatedParty(rel, other, visible, kind.slug if kind else None))
    return related


@dataclass
class ConsentState:
    purpose: str
    label: str
    latest: Consent | None

    @property
    def granted(self) -> bool:
        return bool(self.latest and self.latest.granted)


def consents_for(party: Party) -> tuple[list[ConsentState], list[Consent]]:
    """The current state per purpose (the latest row) and the full history, newest first."""
    history = list(party.consents.select_related("captured_by", "contact_mech"))
    latest: dict[str, Consent] = {}
    for row in history:
        latest.setdefault(row.purpose, row)
    states = [ConsentState(p.value, p.label, latest.get(p.value)) for p in ConsentPurpose]
    return states, history


def timeline_for(party: Party, limit: int = 30) -> list[dict]:
    """Changes to the party's fields and to who may see it, newest first."""
    entries = history_for(party, limit)
    for change in access.access_changes_for(party, limit):
        if change.user:
            target = change.user.get_username()
        else:
            target = change.group.name if change.group else ""
        entries.append(
            {
                "when": change.at,
                "who": change.actor,
                "access": " ".join(
                    str(part)
                    for part in (
                        change.get_action_display(),
                        change.permission,
                        target,
                        change.note,
                    )
                    if part
                ),
            }
        )
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries[:limit]


def history_for(party: Party, limit: int = 30) -> list[dict]:
    """Changes to the party's own fields, newest first, as (when, who, changes)."""
    records = list(
        party.history.select_related("history_user").order_by("-history_date")[: limit + 1]
    )
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=False):
        if len(entries) == limit:
            break
        if older is None:
            changes = []
        else:
            delta = newer.diff_against(
                older, excluded_fields=["version", "updated_by", "created_by"]
            )
            changes = [(c.field, c.old, c.new) for c in delta.changes]
            if not changes:
                continue
        entries.append(
            {
                "when": newer.history_date,
                "who": newer.history_user,
                "created": older is None,
                "changes": [
                    (Party._meta.get_field(f).verbose_name, old, new) for f, old, new in changes
                ],
            }
        )
    return entries


# Duplicates --------------------------------------------------------------------------------

DUPLICATE_LIMIT = 10


def possible_duplicates(
    user: User,
    *,
    email: str = "",
    phone: str = "",
    first_name: str = "",
    last_name: str = "",
    company_name: str = "",
) -> list[Party]:
    """Active parties `user` may see that share the e-mail or phone, or the person's name at
    the same company (their lead company or current employer), or the company's name."""
    current = PartyContactMech.objects.filter(thru_date__isnull=True).order_by()
    parts = []
    for kind, value, normalize in (
        (ContactMechKind.EMAIL, email, normalize_email),
        (ContactMechKind.PHONE, phone, normalize_phone),
    ):
        if not value:
            continue
        try:
            normalized = normalize(value)
        except ValidationError:  # the form reports a malformed value itself
            continue
        parts.append(
            current.filter(contact_mech__kind=kind, contact_mech__value=normalized).values_list(
                "party_id", flat=True
            )
        )
    first_name, last_name, company = first_name.strip(), last_name.strip(), company_name.strip()
    if first_name and last_name and company:
        works_there = PartyRelationship.objects.filter(
            kind=RelationshipKind.EMPLOYMENT,
            thru_date__isnull=True,
            to_party__display_name__iexact=company,
        ).values("from_party_id")
        parts.append(
            Party.objects.filter(
                kind=PartyKind.PERSON,
                first_name__iexact=first_name,
                last_name__iexact=last_name,
            )
            .filter(Q(lead__company_name__iexact=company) | Q(pk__in=works_there))
            .order_by()
            .values_list("pk", flat=True)
        )
    elif company and not (first_name or last_name):
        parts.append(
            Party.objects.filter(kind=PartyKind.ORGANIZATION, display_name__iexact=company)
            .order_by()
            .values_list("pk", flat=True)
        )
    if not parts:
        return []
    ids = list(parts[0].union(*parts[1:])[:SEARCH_CANDIDATE_CAP])
    visible = visible_ids(user, ids)
    return list(
        with_list_columns(Party.objects.filter(pk__any=visible, status=PartyStatus.ACTIVE))
        .prefetch_related("roles")
        .order_by(Lower("display_name"), "id")[:DUPLICATE_LIMIT]
    )


# Search and dashboard ----------------------------------------------------------------------


SEARCH_MIN_LENGTH = 3
# Beyond this many matching records a term is too broad to look at one by one; the database
# then filters and orders in one query instead.
SEARCH_CANDIDATE_CAP = 10_000


def _search_candidates(user: User, text: str) -> list[int] | None:
    """Ids of parties whose name contains `text`, or their e-mail, phone or web address
    (when the term has an "@", a "." or digits in it), or whose current employer's name does
    (an employer `user` may see). None when more than SEARCH_CANDIDATE_CAP match."""
    cap = SEARCH_CANDIDATE_CAP + 1
    by_name = Party.objects.filter(display_name__icontains=text).order_by().values("pk")
    parts = []
    current_mechs = PartyContactMech.objects.filter(thru_date__isnull=True).order_by()
    if "@" in text or "." in text or any(ch.isdigit() for ch in text):
        parts.append(current_mechs.filter(contact_mech__value__icontains=text).values("party_id"))
    digits = phone_search_digits(text)
    if digits and digits != text:
        parts.append(
            current_mechs.filter(
                contact_mech__kind=ContactMechKind.PHONE, contact_mech__value__icontains=digits
            ).values("party_id")
        )
    ids = list(by_name.union(*parts).values_list("pk", flat=True)[:cap])
    if len(ids) == cap:
        return None
    organizations = list(
        Party.objects.filter(display_name__icontains=text, kind=PartyKind.ORGANIZATION).values_list(
            "pk", flat=True
        )[:cap]
    )
    employers = (
        visible_ids(
            user,
            PartyRelationship.objects.filter(
                kind=RelationshipKind.EMPLOYMENT,
                thru_date__isnull=True,
                to_party_id__in=organizations,
            ).values_list("to_party_id", flat=True),
        )
        if organizations
        else set()
    )
    employees = PartyRelationship.objects.filter(
        kind=RelationshipKind.EMPLOYMENT, thru_date__isnull=True, to_party_id__any=employers
    ).values_list("from_party_id", flat=True)[:cap]
    ids = set(ids).union(employees)
    return None if len(ids) >= cap else sorted(ids)


def search_parties(user: User, query: str, limit: int = 50) -> list[Party]:
    """Parties the user may see whose name, e-mail, phone, web address or current employer's
    name contains the query (case-insensitive), in name order.

    Steps: the matching ids (bounded), which of them the user may see (grant indexes only),
    then those rows. Each step is an index lookup per id; the database never has to guess how
    many of the user's records match. A term matching more than SEARCH_CANDIDATE_CAP records
    is answered by one query that lets the database walk the name order instead."""
    text = (query or "").strip()
    if len(text) < SEARCH_MIN_LENGTH:
        return []
    candidates = _search_candidates(user, text)
    if candidates is None:
        queryset = parties_visible_to(user).filter(
            Q(display_name__icontains=text)
            | Q(
                pk__in=PartyContactMech.objects.filter(
                    thru_date__isnull=True, contact_mech__value__icontains=text
                ).values("party_id")
            )
        )
    else:
        queryset = Party.objects.filter(pk__any=visible_ids(user, candidates))
    queryset = with_list_columns(queryset.prefetch_related("roles"))
    return list(queryset.order_by(Lower("display_name"), "id")[:limit])


LOOKUP_MIN_LENGTH = 2


def visible_accounts_named(user: User, name: str) -> set[int]:
    """Ids of the accounts the user may see whose name contains `name`: the matching
    accounts (bounded), then which of them the user may see."""
    accounts = with_role(
        Party.objects.filter(kind=PartyKind.ORGANIZATION, display_name__icontains=name.strip()),
        RoleType.ACCOUNT,
    )
    return visible_ids(user, list(accounts.values_list("pk", flat=True)[:SEARCH_CANDIDATE_CAP]))


def employees_of_visible_accounts(user: User, name: str) -> QuerySet:
    """Ids of people currently employed at accounts the user may see whose name contains
    `name`."""
    return PartyRelationship.objects.filter(
        kind=RelationshipKind.EMPLOYMENT,
        thru_date__isnull=True,
        to_party_id__any=visible_accounts_named(user, name),
    ).values("from_party_id")


def lookup_parties(user: User, kind: PageKind, query: str, limit: int = 20) -> list[Party]:
    """Records of a page kind the user may see whose name contains `query`, for suggestions:
    the matching ids (bounded), then which of them the user may see."""
    text = (query or "").strip()
    if len(text) < LOOKUP_MIN_LENGTH:
        return []
    matches = Party.objects.filter(display_name__icontains=text, status=PartyStatus.ACTIVE)
    if kind.party_kind:
        matches = matches.filter(kind=kind.party_kind)
    ids = list(with_role(matches, kind.role).values_list("pk", flat=True)[:SEARCH_CANDIDATE_CAP])
    return list(
        Party.objects.filter(pk__any=visible_ids(user, ids)).order_by(Lower("display_name"), "id")[
            :limit
        ]
    )


def dashboard_for(user: User) -> dict:
    """My active records per role (one grouped query), what I updated lately, and what was
    shared with me lately."""
    counts = dict(
        PartyRole.objects.filter(
            party__owner=user,
            party__status="active",
            role__in=[RoleType.CONTACT, RoleType.ACCOUNT, RoleType.CUSTOMER],
        )
        .values_list("role")
        .annotate(n=Count("party"))
        .order_by()
    )
    visible = with_list_columns(parties_visible_to(user).prefetch_related("roles"))
    recent = list(visible.filter(updated_by=user).order_by("-updated_at", "-id")[:10])
    shared_ids = access.recently_shared_with(user, Party, limit=10)
    shared = sorted(visible.filter(pk__in=shared_ids), key=lambda p: shared_ids.index(p.pk))
    return {
        "counts": {
            "contacts": counts.get(RoleType.CONTACT, 0),
            "accounts": counts.get(RoleType.ACCOUNT, 0),
            "customers": counts.get(RoleType.CUSTOMER, 0),
        },
        "recent": recent,
        "shared": shared,
    }
