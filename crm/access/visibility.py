"""Who may see what: visibility as SQL over the direct foreign-key grant tables, and the
actions a user holds on one record."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import Http404
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from crm.access.roles import (
    CHANGE,
    OWNER_ACTIONS,
    VIEW,
    codename,
    is_administrator,
    managed_q,
    managers_change,
    manages_owner,
    user_groups,
)
from crm.ids import parse_id
from crm.models import GrantCause


def permission_id_subquery(model: type[models.Model], action: str) -> Subquery:
    """The permission's id as a scalar subquery: the database looks it up once per query."""
    from django.contrib.auth.models import Permission

    return Subquery(
        Permission.objects.filter(
            content_type__app_label=model._meta.app_label, codename=codename(model, action)
        ).values("pk")[:1]
    )


def granted_q(user: User, model: type[models.Model], action: str = VIEW, field: str = "pk") -> Q:
    """Rows on which `user` holds `action` on the `model` record named by `field` (its own
    primary key by default, or a foreign key to such a record) through a user or team grant.

    Correlated EXISTS probes of the (user|group, permission, object) unique indexes: the cost
    follows the rows the database looks at, not the size of the user's visible set."""
    permission = permission_id_subquery(model, action)
    user_grants = get_user_obj_perms_model(model).objects.filter(
        user_id=user.pk, permission_id=permission, content_object_id=OuterRef(field)
    )
    q = Q(Exists(user_grants))
    group_ids = sorted(user_groups(user).values())
    if group_ids:
        team_grants = get_group_obj_perms_model(model).objects.filter(
            group_id__in=group_ids, permission_id=permission, content_object_id=OuterRef(field)
        )
        q |= Q(Exists(team_grants))
    return q


def visible_q(user: User, model: type[models.Model], field: str = "pk") -> Q | None:
    """The record-level rule every guarded model shares: what `user` holds view on by a grant,
    plus, for a manager, what their team's members own (None: administrators see all)."""
    if is_administrator(user):
        return None
    q = granted_q(user, model, VIEW, field)
    managed = managed_q(user, model, field)
    if managed is not None:
        q |= managed
    return q


def changeable_q(user: User, model: type[models.Model], field: str = "pk") -> Q | None:
    """Rows `user` may change (None: administrators change all): a change grant, and for a
    manager, when `managers_change(model)`, what the members of their teams own (EXISTS over
    the team membership, crm.access.roles.managed_q). The same rule as `record_actions`."""
    if is_administrator(user):
        return None
    q = granted_q(user, model, CHANGE, field)
    if managers_change(model):
        managed = managed_q(user, model, field)
        if managed is not None:
            q |= managed
    return q


def granted_set_q(user: User, model: type[models.Model], action: str = VIEW) -> Q:
    """The same rows as `granted_q`, written as `pk IN (the user's and their teams' grants)`:
    a semi-join driven by the grant tables. The better plan for a user who holds few grants
    on a large table, where `granted_q`'s probes, made row by row in a list's order, would
    read the whole table to fill a page (see `holds_few_grants`)."""
    permission = permission_id_subquery(model, action)
    user_grants = get_user_obj_perms_model(model).objects.filter(
        user_id=user.pk, permission_id=permission
    )
    team_grants = get_group_obj_perms_model(model).objects.filter(
        group_id__in=sorted(user_groups(user).values()), permission_id=permission
    )
    return Q(
        pk__in=user_grants.values("content_object_id").union(
            team_grants.values("content_object_id"), all=True
        )
    )


def holds_few_grants(user: User, model: type[models.Model], limit: int) -> bool:
    """Whether the user holds view on fewer than `limit` records of `model` by grants: one
    index-only read of at most `limit` grant rows, once per request (cached on the user)."""
    cache = getattr(user, "_crm_few_grants", None)
    if cache is None:
        cache = user._crm_few_grants = {}
    if model not in cache:
        permission = permission_id_subquery(model, VIEW)
        user_grants = get_user_obj_perms_model(model).objects.filter(
            user_id=user.pk, permission_id=permission
        )
        team_grants = get_group_obj_perms_model(model).objects.filter(
            group_id__in=sorted(user_groups(user).values()), permission_id=permission
        )
        rows = (
            user_grants.values("content_object_id")
            .union(team_grants.values("content_object_id"), all=True)[:limit]
            .count()
        )
        cache[model] = rows < limit
    return cache[model]


def record_actions(user: User, obj: models.Model) -> set[str]:
    """What `user` may do on a record: their grants; a manager may also view the team's, and
    change them where `managers_change` (never share or disable them: that is the owner's)."""
    if is_administrator(user):
        return set(OWNER_ACTIONS)
    actions = granted_actions(user, obj)
    if manages_owner(user, obj):
        actions.add(VIEW)
        if managers_change(type(obj)):
            actions.add(CHANGE)
    return actions


def recently_shared_with(user: User, model: type[models.Model], limit: int = 10) -> list[int]:
    """Ids of the records most recently shared with `user` or one of their teams, newest
    share first: two short reads of the grant tables' (user|group, cause, granted_at) indexes."""
    user_shares = (
        get_user_obj_perms_model(model)
        .objects.filter(user_id=user.pk, cause=GrantCause.SHARE)
        .order_by("-granted_at")
        .values_list("granted_at", "content_object_id")[: limit * 2]
    )
    group_shares = (
        get_group_obj_perms_model(model)
        .objects.filter(group_id__in=sorted(user_groups(user).values()), cause=GrantCause.SHARE)
        .order_by("-granted_at")
        .values_list("granted_at", "content_object_id")[: limit * 2]
    )
    ids: list[int] = []
    for _granted_at, pk in sorted([*user_shares, *group_shares], reverse=True):
        if pk not in ids:
            ids.append(pk)
    return ids[:limit]


def granted_ids(user: User, model: type[models.Model], ids, action: str = VIEW) -> models.QuerySet:
    """Which of these record ids `user` holds `action` on through a grant: index-only lookups
    in the grant tables, without reading the records themselves. For `change`, also those a
    manager may change as their team's (`changeable_q`), so that lists agree with pages."""
    permission = permission_id_subquery(model, action)
    user_grants = get_user_obj_perms_model(model).objects.filter(
        user_id=user.pk, permission_id=permission, content_object_id__any=ids
    )
    team_grants = get_group_obj_perms_model(model).objects.filter(
        group_id__in=sorted(user_groups(user).values()),
        permission_id=permission,
        content_object_id__any=ids,
    )
    parts = [team_grants.order_by().values("content_object_id")]
    if action == CHANGE and managers_change(model):
        managed = managed_q(user, model)
        if managed is not None:
            parts.append(model.objects.filter(managed, pk__any=ids).order_by().values("pk"))
    return user_grants.order_by().values("content_object_id").union(*parts)


def granted_actions(user: User, obj: models.Model) -> set[str]:
    """Actions `user` holds on `obj` through grants (one query)."""
    if not user.is_authenticated:
        return set()
    model = type(obj)._meta.concrete_model
    user_rows = get_user_obj_perms_model(model).objects.filter(user=user, content_object=obj)
    team_rows = get_group_obj_perms_model(model).objects.filter(
        group__user=user, content_object=obj
    )
    codenames = user_rows.values_list("permission__codename", flat=True).union(
        team_rows.values_list("permission__codename", flat=True)
    )
    suffix = f"_{model._meta.model_name}"
    return {c.removesuffix(suffix) for c in codenames}


def require(actions: set[str], action: str) -> None:
    """Visible but not allowed answers 403 (the caller has already answered 404 if unseen)."""
    if action not in actions:
        raise PermissionDenied


def get_or_404(queryset: models.QuerySet, pk) -> models.Model:
    """Fetch by primary key from an already permission-filtered queryset; anything else
    (unknown, unseen, or no id at all: crm.ids) is 404."""
    number = parse_id(pk)
    if number is None:
        raise Http404
    try:
        return queryset.get(pk=number)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
