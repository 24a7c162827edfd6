"""Which parties a user may see and do things with, and the querysets built on that."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from crm import access
from crm.access import CHANGE, CUSTOMER_SERVICE, VIEW
from parties.kinds import PageKind
from parties.models import Party, PartyKind, PartyRole, RoleType

# What Customer Service may change on any customer (a global right: parties 0016), and
# whoever may change a party: its contact details, payment preference and consent. Not its
# owner, sharing, names or other fields (those need `change`).
CONTACT = "contact"
CUSTOMER_CONTACT_PERMISSION = "parties.change_customer_contact"
# Marketing sees every customer's names, e-mail addresses, phone numbers and consent for list
# building (a
# reduced customer page, the customer list, the contact-list picker), nothing that follows
# the customer (orders, cases, reviews, journey): a listing, not a view.
CUSTOMER_LISTING_PERMISSION = "parties.list_customers"


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
    """What `user` may do on a party they can see: Customer Service views customers and
    changes their contact details, payment preference and consent (`CONTACT`), which anyone
    who may change the party may do too."""
    actions = access.record_actions(user, party)
    is_customer = any(r.role == RoleType.CUSTOMER for r in party.roles.all())
    if is_customer and access.in_group(user, CUSTOMER_SERVICE):
        actions.add(VIEW)
    if CHANGE in actions or (is_customer and user.has_perm(CUSTOMER_CONTACT_PERMISSION)):
        actions.add(CONTACT)
    return actions


def lists_customers(user: User) -> bool:
    """Whether `user` sees every customer for list building (Marketing) without seeing them."""
    return user.has_perm(CUSTOMER_LISTING_PERMISSION)


def listable_q(user: User, field: str = "pk") -> Q | None:
    """The parties `user` may name in a list (the customer list, a contact list's picker):
    what they may see, and every customer for Marketing (None: no restriction)."""
    q = visible_q(user, field)
    if q is not None and lists_customers(user):
        q |= _customer_q(field)
    return q


def listable_ids(user: User, ids) -> set[int]:
    """Which of these party ids `user` may name in a list: `visible_ids`, and customers for
    Marketing (one more index read)."""
    ids = sorted({pk for pk in ids if pk is not None})
    found = visible_ids(user, ids)
    if lists_customers(user) and len(found) < len(ids):
        found |= set(
            PartyRole.objects.filter(party_id__any=ids, role=RoleType.CUSTOMER).values_list(
                "party_id", flat=True
            )
        )
    return found


def parties_listable_by(user: User) -> QuerySet[Party]:
    q = listable_q(user)
    return Party.objects.all() if q is None else Party.objects.filter(q)


def list_queryset(user: User, kind: PageKind) -> QuerySet[Party]:
    """The parties of a list page: `page_queryset`, and for Marketing every customer."""
    if kind.role == RoleType.CUSTOMER and lists_customers(user):
        queryset = with_role(Party.objects.all(), kind.role)
        return queryset.filter(kind=kind.party_kind) if kind.party_kind else queryset
    return page_queryset(user, kind)


def customer_listing_for_page(user: User, kind: PageKind, pk) -> Party:
    """A customer for the customer page of a user who lists customers (Marketing): the
    customer, with `listing_only` set when they may not see it (the page then shows its
    names, e-mail addresses, phone numbers and consent only). 404 for an id that is no
    customer's."""
    visible = visible_q(user)
    queryset = with_role(Party.objects.all(), RoleType.CUSTOMER)
    if kind.party_kind:
        queryset = queryset.filter(kind=kind.party_kind)
    if visible is not None:
        queryset = queryset.annotate(seen=ExpressionWrapper(visible, output_field=BooleanField()))
    party = access.get_or_404(
        queryset.select_related(
            "owner", "owner__profile__home_team__group", "created_by", "updated_by"
        ).prefetch_related("roles"),
        pk,
    )
    party.listing_only = visible is not None and not party.seen
    return party


def listing_actions(user: User, party: Party) -> set[str]:
    """A customer Marketing lists but may not see: the reduced page only (`VIEW` of it);
    one they may see: what they may do on it."""
    if getattr(party, "listing_only", False):
        return {VIEW}
    return party_actions(user, party)
