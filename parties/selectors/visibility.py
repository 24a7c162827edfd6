"""Which parties a user may see and do things with, and the querysets built on that."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet

from crm import access
from crm.access import CUSTOMER_SERVICE, VIEW
from parties.kinds import PageKind
from parties.models import Party, PartyKind, PartyRole, RoleType


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
