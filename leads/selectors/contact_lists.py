"""Reads of the contact-list pages and of the mailing export, permission-filtered in SQL.

Lists themselves are guarded by model permissions only; their members are parties, and a
member the viewer may not see is never named, linked or exported."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    Expression,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Lower

from crm import access
from crm.ids import parse_text
from crm.pagination import Ordering, Window, keyset_page
from leads.models import (
    CHANNEL_CONSENT,
    ContactList,
    ContactListChannel,
    ContactListMember,
    MemberStatus,
)
from leads.services.contact_lists import LIST_ROLES
from parties.kinds import page_kind_for
from parties.models import (
    Consent,
    ContactMechKind,
    ContactMechPurpose,
    Party,
    PartyContactMech,
    PartyContactMechPurpose,
    PartyRole,
    PartyStatus,
)
from parties.selectors import (
    LOOKUP_MIN_LENGTH,
    SEARCH_CANDIDATE_CAP,
    listable_ids,
    listable_q,
    parties_listable_by,
)

LIST_SORTS = {
    "name": Ordering("name"),
    "-name": Ordering("name", descending=True),
}
MEMBER_ORDERING = Ordering("from_date")
FORMER_MEMBERS_SHOWN = 50

# Which contact mechanism reaches a member on each channel: the member's preferred one when it
# is of the right kind and still current, else the first current one with these purposes.
CHANNEL_MECH_KIND = {
    ContactListChannel.EMAIL: ContactMechKind.EMAIL,
    ContactListChannel.PHONE: ContactMechKind.PHONE,
    ContactListChannel.SMS: ContactMechKind.PHONE,
    ContactListChannel.POST: ContactMechKind.POSTAL_ADDRESS,
}
CHANNEL_PURPOSES = {
    ContactListChannel.EMAIL: [ContactMechPurpose.PRIMARY_EMAIL],
    ContactListChannel.PHONE: [ContactMechPurpose.PRIMARY_PHONE],
    ContactListChannel.SMS: [ContactMechPurpose.MOBILE_PHONE, ContactMechPurpose.PRIMARY_PHONE],
    ContactListChannel.POST: [
        ContactMechPurpose.GENERAL_LOCATION,
        ContactMechPurpose.SHIPPING_LOCATION,
    ],
}


# Lists -------------------------------------------------------------------------------------


def contact_lists_for_page(
    *, list_type: str = "", sort: str = "name", after: str | None = None, before: str | None = None
) -> Window:
    """One page of lists with their owner, campaign and member counts (one grouped query)."""
    current = Q(members__thru_date__isnull=True)
    queryset = ContactList.objects.select_related("owner", "campaign").annotate(
        current_count=Count("members", filter=current),
        accepted_count=Count("members", filter=current & Q(members__status=MemberStatus.ACCEPTED)),
    )
    if list_type:
        queryset = queryset.filter(list_type=list_type)
    return keyset_page(
        queryset, LIST_SORTS.get(sort, LIST_SORTS["name"]), after=after, before=before
    )


def contact_list_for_page(pk) -> ContactList:
    return access.get_or_404(ContactList.objects.select_related("owner", "campaign"), pk)


def member_of(contact_list: ContactList, member_pk) -> ContactListMember:
    """A member (current or former) of this list; any other id is 404."""
    return access.get_or_404(
        ContactListMember.objects.filter(contact_list=contact_list).select_related("party"),
        member_pk,
    )


# Member columns ----------------------------------------------------------------------------


def consent_granted(purpose: str, field: str = "party_id") -> Expression:
    """Whether the latest consent row for (party, purpose) grants it; never asked is False."""
    latest = (
        Consent.objects.filter(party=OuterRef(field), purpose=purpose)
        .order_by("-captured_at", "-id")
        .values("granted")[:1]
    )
    return Coalesce(Subquery(latest), Value(False), output_field=BooleanField())


def _purpose_value(purpose: str, field: str) -> Subquery:
    return Subquery(
        PartyContactMechPurpose.objects.filter(
            party=OuterRef(field),
            purpose=purpose,
            thru_date__isnull=True,
            party_contact_mech__thru_date__isnull=True,
        )
        .order_by("-from_date", "-id")
        .values("party_contact_mech__contact_mech__value")[:1]
    )


def channel_address(channel: str) -> Expression:
    """A member's address on the channel: their preferred contact mechanism if it is of the
    channel's kind and still theirs, else their current one with the channel's purposes."""
    preferred = Subquery(
        PartyContactMech.objects.filter(
            party=OuterRef("party_id"),
            contact_mech=OuterRef("preferred_contact_mech_id"),
            contact_mech__kind=CHANNEL_MECH_KIND[channel],
            thru_date__isnull=True,
        ).values("contact_mech__value")[:1]
    )
    fallbacks = [_purpose_value(p, "party_id") for p in CHANNEL_PURPOSES[channel]]
    return Coalesce(preferred, *fallbacks)


def _with_columns(queryset: QuerySet, contact_list: ContactList) -> QuerySet:
    return queryset.annotate(
        consent_granted=consent_granted(CHANNEL_CONSENT[ContactListChannel(contact_list.channel)]),
        address=channel_address(contact_list.channel),
    )


def _mark_visible(user: User, members: list[ContactListMember]) -> None:
    """One query for every row shown: a member the viewer may not see is "restricted"."""
    visible = listable_ids(user, (m.party_id for m in members))
    for member in members:
        member.visible = member.party_id in visible
        kind = page_kind_for(member.party) if member.visible else None
        member.page_slug = kind.slug if kind else None


@dataclass
class MemberPage:
    current: Window
    former: list[ContactListMember]
    former_more: bool


def members_for_page(
    user: User,
    contact_list: ContactList,
    *,
    status: str = "",
    after: str | None = None,
    before: str | None = None,
    size: int = 50,
) -> MemberPage:
    """A page of current members (oldest first) and the most recently removed ones, each with
    consent for the list's channel and the channel address."""
    members = ContactListMember.objects.filter(contact_list=contact_list).select_related("party")
    current = _with_columns(members.filter(thru_date__isnull=True), contact_list)
    if status:
        current = current.filter(status=status)
    window = keyset_page(
        current.prefetch_related("party__roles"),
        MEMBER_ORDERING,
        after=after,
        before=before,
        size=size,
    )
    former = list(
        members.filter(thru_date__isnull=False)
        .prefetch_related("party__roles")
        .order_by("-thru_date", "-id")[: FORMER_MEMBERS_SHOWN + 1]
    )
    former_more = len(former) > FORMER_MEMBERS_SHOWN
    former = former[:FORMER_MEMBERS_SHOWN]
    _mark_visible(user, [*window.items, *former])
    return MemberPage(current=window, former=former, former_more=former_more)


# Export ------------------------------------------------------------------------------------


def _accepted_members(contact_list: ContactList) -> QuerySet:
    return _with_columns(
        ContactListMember.objects.filter(
            contact_list=contact_list, thru_date__isnull=True, status=MemberStatus.ACCEPTED
        ),
        contact_list,
    )


@dataclass
class ExportSummary:
    accepted: int
    exported: int
    not_visible: int
    no_consent: int
    no_address: int

    @property
    def left_out(self) -> int:
        return self.accepted - self.exported


def export_summary(user: User, contact_list: ContactList) -> ExportSummary:
    """How many accepted members the export holds and why the others are left out (one
    aggregate query). The reasons do not overlap: a member the viewer may not see counts only
    as such, whatever their consent."""
    seen = listable_q(user, "party_id")
    seen_q = Q() if seen is None else seen
    with_consent = seen_q & Q(consent_granted=True)
    # Grouped by the list (one row) rather than aggregate(): aggregating over subquery
    # annotations would wrap the query and lose the member columns the filters use.
    rows = list(
        _accepted_members(contact_list)
        .order_by()
        .values("contact_list_id")
        .annotate(
            accepted=Count("pk"),
            not_visible=Count("pk", filter=~seen) if seen is not None else Value(0),
            no_consent=Count("pk", filter=seen_q & Q(consent_granted=False)),
            no_address=Count("pk", filter=with_consent & Q(address__isnull=True)),
            exported=Count("pk", filter=with_consent & Q(address__isnull=False)),
        )[:1]
    )
    counts = {
        name: 0 for name in ("accepted", "not_visible", "no_consent", "no_address", "exported")
    }
    if rows:
        counts.update({name: rows[0][name] for name in counts})
    return ExportSummary(**counts)


def export_rows(user: User, contact_list: ContactList):
    """(name, company, address, status, member since) of every current, accepted member with
    current consent for the channel and an address on it, whom `user` may see; by name."""
    queryset = _accepted_members(contact_list).filter(consent_granted=True, address__isnull=False)
    seen = listable_q(user, "party_id")
    if seen is not None:
        queryset = queryset.filter(seen)
    return (
        queryset.order_by(Lower("party__display_name"), "pk")
        .values_list(
            "party__display_name", "party__lead__company_name", "address", "status", "from_date"
        )
        .iterator(chunk_size=2000)
    )


# Picking a member --------------------------------------------------------------------------


def _has_list_role():
    return Exists(PartyRole.objects.filter(party=OuterRef("pk"), role__in=LIST_ROLES))


def member_candidates(user: User) -> QuerySet[Party]:
    """Leads, contacts and customers `user` may see: what the add-member field accepts."""
    return parties_listable_by(user).filter(_has_list_role())


def lookup_member_candidates(user: User, query: str, limit: int = 20) -> list[Party]:
    """Suggestions for the add-member field: active leads, contacts and customers whose name
    contains `query`, bounded like parties.selectors.lookup_parties (the matching ids first,
    then which of them the user may see)."""
    text = parse_text(query)
    if len(text) < LOOKUP_MIN_LENGTH:
        return []
    matches = Party.objects.filter(
        _has_list_role(), display_name__icontains=text, status=PartyStatus.ACTIVE
    )
    ids = list(matches.values_list("pk", flat=True)[:SEARCH_CANDIDATE_CAP])
    return list(
        Party.objects.filter(pk__any=listable_ids(user, ids)).order_by(Lower("display_name"), "id")[
            :limit
        ]
    )
