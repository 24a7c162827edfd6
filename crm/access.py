"""The access layer: who may see and do what on a guarded record.

Record-level rights live in django-guardian's direct foreign-key tables
(`<Model>UserObjectPermission`, `<Model>GroupObjectPermission`). This module is the only
place that reads or writes them. Visibility is always expressed as SQL (`pk IN (subquery)`),
never as a Python list of ids.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from crm.models import AccessChange, GrantCause, Team, UserProfile

ADMINISTRATOR = "Administrator"
SALES_REP = "Sales Rep"
SALES_MANAGER = "Sales Manager"
CUSTOMER_SERVICE = "Customer Service"
MARKETING = "Marketing"
ROLE_GROUPS = [SALES_REP, SALES_MANAGER, CUSTOMER_SERVICE, MARKETING, ADMINISTRATOR]

VIEW, CHANGE, DELETE, SHARE = "view", "change", "delete", "share"
OWNER_ACTIONS = (VIEW, CHANGE, DELETE, SHARE)
# What users read for each action: records are disabled, never deleted, from the UI.
ACTION_LABELS = {
    VIEW: _("view"),
    CHANGE: _("change"),
    DELETE: _("disable"),
    SHARE: _("share"),
}
SHAREABLE_ACTIONS = (VIEW, CHANGE)


def codename(model: type[models.Model], action: str) -> str:
    return f"{action}_{model._meta.model_name}"


def _groups(user: User) -> dict[str, int]:
    """The user's groups, name -> id, read once per request (cached on the user object)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_crm_groups", None)
    if cached is None:
        cached = dict(user.groups.values_list("name", "id"))
        user._crm_groups = cached
    return cached


def group_names(user: User) -> frozenset[str]:
    return frozenset(_groups(user))


def is_administrator(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or ADMINISTRATOR in group_names(user))


def in_group(user: User, name: str) -> bool:
    return name in group_names(user)


def manages_a_team(user: User) -> bool:
    """Read once per request (cached on the user object)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_crm_manages_a_team", None)
    if cached is None:
        cached = Team.objects.filter(manager=user).exists()
        user._crm_manages_a_team = cached
    return cached


def managed_q(user: User, model: type[models.Model], field: str = "pk") -> Q | None:
    """Records owned by members of the teams `user` manages (None if they manage none).
    A manager sees the team's records whatever the team grants are."""
    if not manages_a_team(user):
        return None
    owners = UserProfile.objects.filter(home_team__manager=user).values("user_id")
    if field == "pk":
        return Q(owner_id__in=owners)
    return Q(Exists(model.objects.filter(pk=OuterRef(field), owner_id__in=owners)))


def manages_owner(user: User, obj: models.Model) -> bool:
    team = home_team(obj.owner)
    return team is not None and team.manager_id == user.pk


def home_team(user: User) -> Team | None:
    profile = getattr(user, "profile", None)
    return profile.home_team if profile else None


def _permission_id(model: type[models.Model], action: str) -> Subquery:
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
    permission = _permission_id(model, action)
    user_grants = get_user_obj_perms_model(model).objects.filter(
        user_id=user.pk, permission_id=permission, content_object_id=OuterRef(field)
    )
    q = Q(Exists(user_grants))
    group_ids = sorted(_groups(user).values())
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


def granted_set_q(user: User, model: type[models.Model], action: str = VIEW) -> Q:
    """The same rows as `granted_q`, written as `pk IN (the user's and their teams' grants)`:
    a semi-join driven by the grant tables. The better plan for a user who holds few grants
    on a large table, where `granted_q`'s probes, made row by row in a list's order, would
    read the whole table to fill a page (see `holds_few_grants`)."""
    permission = _permission_id(model, action)
    user_grants = get_user_obj_perms_model(model).objects.filter(
        user_id=user.pk, permission_id=permission
    )
    team_grants = get_group_obj_perms_model(model).objects.filter(
        group_id__in=sorted(_groups(user).values()), permission_id=permission
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
        permission = _permission_id(model, VIEW)
        user_grants = get_user_obj_perms_model(model).objects.filter(
            user_id=user.pk, permission_id=permission
        )
        team_grants = get_group_obj_perms_model(model).objects.filter(
            group_id__in=sorted(_groups(user).values()), permission_id=permission
        )
        rows = (
            user_grants.values("content_object_id")
            .union(team_grants.values("content_object_id"), all=True)[:limit]
            .count()
        )
        cache[model] = rows < limit
    return cache[model]


def record_actions(user: User, obj: models.Model) -> set[str]:
    """What `user` may do on a record: their grants; a manager may also view the team's."""
    if is_administrator(user):
        return set(OWNER_ACTIONS)
    actions = granted_actions(user, obj)
    if manages_owner(user, obj):
        actions.add(VIEW)
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
        .objects.filter(group_id__in=sorted(_groups(user).values()), cause=GrantCause.SHARE)
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
    in the grant tables, without reading the records themselves."""
    permission = _permission_id(model, action)
    user_grants = get_user_obj_perms_model(model).objects.filter(
        user_id=user.pk, permission_id=permission, content_object_id__any=ids
    )
    team_grants = get_group_obj_perms_model(model).objects.filter(
        group_id__in=sorted(_groups(user).values()),
        permission_id=permission,
        content_object_id__any=ids,
    )
    return (
        user_grants.order_by()
        .values("content_object_id")
        .union(team_grants.order_by().values("content_object_id"))
    )


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
    """Fetch by primary key from an already permission-filtered queryset; anything else is 404."""
    try:
        return queryset.get(pk=int(pk))
    except (ValueError, TypeError, OverflowError, queryset.model.DoesNotExist) as exc:
        raise Http404 from exc


def _permission(model: type[models.Model], action: str):
    from django.contrib.auth.models import Permission

    ct = ContentType.objects.get_for_model(model, for_concrete_model=True)
    return Permission.objects.get(content_type=ct, codename=codename(model, action))


def _log(obj, *, action, actor, permission="", user=None, group=None, note=""):
    AccessChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        action=action,
        permission=permission,
        user=user,
        group=group,
        actor=actor,
        note=note,
    )


def grant(
    *,
    obj: models.Model,
    action: str,
    actor: User | None,
    cause: str,
    user: User | None = None,
    group: Group | None = None,
    log: bool = True,
) -> bool:
    """Give a user or a team one action on a record. Returns False if it was already held.
    The grant row itself keeps who, when and why; `log` also adds it to the access history."""
    if (user is None) == (group is None):
        raise ValueError("grant needs exactly one of user or group")
    validate_cause(cause)
    model = type(obj)._meta.concrete_model
    perm = _permission(model, action)
    if user is not None:
        row, created = get_user_obj_perms_model(model).objects.get_or_create(
            user=user,
            permission=perm,
            content_object=obj,
            defaults={"granted_by": actor, "cause": cause},
        )
    else:
        row, created = get_group_obj_perms_model(model).objects.get_or_create(
            group=group,
            permission=perm,
            content_object=obj,
            defaults={"granted_by": actor, "cause": cause},
        )
    if not created and row.cause == GrantCause.PARTICIPANT and cause == GrantCause.SHARE:
        # Shared with someone who was only invited: the share outlives the invitation.
        row.cause, row.granted_by = cause, actor
        row.save(update_fields=["cause", "granted_by"])
        created = True
    if created and log:
        _log(
            obj,
            action=AccessChange.Action.GRANT,
            actor=actor,
            permission=action,
            user=user,
            group=group,
        )
    return created


def revoke(
    *,
    obj: models.Model,
    action: str,
    actor: User | None,
    user: User | None = None,
    group: Group | None = None,
) -> bool:
    if (user is None) == (group is None):
        raise ValueError("revoke needs exactly one of user or group")
    model = type(obj)._meta.concrete_model
    name = codename(model, action)
    if user is not None:
        rows = get_user_obj_perms_model(model).objects.filter(user=user, content_object=obj)
    else:
        rows = get_group_obj_perms_model(model).objects.filter(group=group, content_object=obj)
    deleted, _ = rows.filter(permission__codename=name).delete()
    if deleted:
        _log(
            obj,
            action=AccessChange.Action.REVOKE,
            actor=actor,
            permission=action,
            user=user,
            group=group,
        )
    return bool(deleted)


def revoke_caused(*, obj: models.Model, user_id: int, cause: str) -> None:
    """Take back what a user was granted for one reason (a participant removed from an
    event); grants they hold for other reasons (a share) stay."""
    model = type(obj)._meta.concrete_model
    get_user_obj_perms_model(model).objects.filter(
        content_object=obj, user_id=user_id, cause=cause
    ).delete()


def grant_initial(*, obj: models.Model, owner: User, actor: User | None, access_key: str) -> None:
    """On create: the owner gets every action, the owner's team what the setting says. These
    follow from ownership, so they are not logged one by one (creation and reassignment are)."""
    for action in OWNER_ACTIONS:
        grant(obj=obj, action=action, actor=actor, cause=GrantCause.OWNER, user=owner, log=False)
    team = home_team(owner)
    team_access = settings.CRM_TEAM_ACCESS.get(access_key, "read")
    if team is None or team_access == "private":
        return
    team_actions = (VIEW, CHANGE) if team_access == "write" else (VIEW,)
    for action in team_actions:
        grant(
            obj=obj, action=action, actor=actor, cause=GrantCause.TEAM, group=team.group, log=False
        )


def copy_grants(*, source: models.Model, target: models.Model, actor: User, cause: str) -> None:
    """Give a record made from another (a lead's new account) every grant the source has:
    the owner's and the team's keep their cause, the others get `cause`."""
    model = type(source)._meta.concrete_model
    for perms_model, holder, kept in (
        (get_user_obj_perms_model(model), "user", GrantCause.OWNER),
        (get_group_obj_perms_model(model), "group", GrantCause.TEAM),
    ):
        rows = perms_model.objects.filter(content_object=source).select_related(
            "permission", holder
        )
        for row in rows:
            grant(
                obj=target,
                action=row.permission.codename.removesuffix(f"_{model._meta.model_name}"),
                actor=actor,
                cause=kept if row.cause == kept else cause,
                log=False,
                **{holder: getattr(row, holder)},
            )


@transaction.atomic
def share(
    *, obj: models.Model, action: str, actor: User, user: User | None = None, group=None
) -> None:
    """The owner's consent: grant view, or view and change, to a user or a team's group."""
    if action not in SHAREABLE_ACTIONS:
        raise ValidationError(_("Only view or change can be shared."))
    actions = [VIEW] if action == VIEW else [VIEW, CHANGE]
    for each in actions:
        grant(obj=obj, action=each, actor=actor, cause=GrantCause.SHARE, user=user, group=group)


@transaction.atomic
def unshare(
    *, obj: models.Model, action: str, actor: User, user: User | None = None, group=None
) -> None:
    """Revoke view (and with it everything else) or change alone. The owner's rights stay."""
    if user is not None and user.pk == obj.owner_id:
        raise ValidationError(_("The owner's access cannot be revoked; change the owner instead."))
    actions = [CHANGE] if action == CHANGE else [VIEW, CHANGE, DELETE, SHARE]
    for each in actions:
        revoke(obj=obj, action=each, actor=actor, user=user, group=group)


def can_reassign(user: User, obj: models.Model) -> bool:
    """The owner, the manager of the owner's team, and administrators may change the owner."""
    return is_administrator(user) or obj.owner_id == user.pk or manages_owner(user, obj)


@transaction.atomic
def reassign(*, obj: models.Model, new_owner: User, actor: User, access_key: str) -> None:
    """Hand a record to a new owner: the owner's grants move, the team grants follow the
    new owner's team, and grants made by sharing stay."""
    model = type(obj)._meta.concrete_model
    old_owner = obj.owner
    if old_owner.pk == new_owner.pk:
        return
    get_user_obj_perms_model(model).objects.filter(
        content_object=obj, user=old_owner, cause=GrantCause.OWNER
    ).delete()
    get_group_obj_perms_model(model).objects.filter(
        content_object=obj, cause=GrantCause.TEAM
    ).delete()
    obj.owner = new_owner
    obj.save(update_fields=["owner", "updated_at"])
    grant_initial(obj=obj, owner=new_owner, actor=actor, access_key=access_key)
    _log(
        obj,
        action=AccessChange.Action.REASSIGN,
        actor=actor,
        user=new_owner,
        note=f"{old_owner.get_username()} → {new_owner.get_username()}",
    )


HOLDERS = ("user", "group")


def validate_cause(cause: str) -> str:
    """Why a grant exists: one of GrantCause (checked here, not by a `choices` on the column,
    so a new cause costs no migration of every grant table)."""
    if cause not in GrantCause.values:
        raise ValueError(f"unknown grant cause: {cause!r}")
    return cause


def grant_table(model: type[models.Model], holder: str) -> type[models.Model]:
    """The direct foreign-key grant table of `model` for users (`holder="user"`) or teams."""
    if holder not in HOLDERS:
        raise ValueError(f"holder must be one of {HOLDERS}")
    model = model._meta.concrete_model
    if holder == "user":
        return get_user_obj_perms_model(model)
    return get_group_obj_perms_model(model)


def bulk_grant_rows(
    model: type[models.Model],
    *,
    holder: str,
    pairs,
    actions=(VIEW,),
    cause: str,
    granted_by_id: int | None = None,
    granted_at=None,
):
    """Grant rows for records made in bulk (the seeders, imports), for the caller to stream
    (COPY) or bulk-create: for each (record id, user or team id) pair, one row per action, as
    a dict of the grant table's columns (`grant_table(model, holder)`). Nothing is logged:
    like `grant_initial`, these follow from how the records were made."""
    from django.utils import timezone

    validate_cause(cause)
    model = model._meta.concrete_model
    permission_ids = _permission_ids(model, actions)
    holder_column = f"{holder}_id"
    granted_at = granted_at or timezone.now()
    grant_table(model, holder)  # validates the holder
    for object_id, holder_id in pairs:
        for action in actions:
            yield {
                "permission_id": permission_ids[action],
                holder_column: holder_id,
                "content_object_id": object_id,
                "granted_by_id": granted_by_id,
                "granted_at": granted_at,
                "cause": cause,
            }


def bulk_grant(model: type[models.Model], *, holder: str, batch_size: int = 1000, **kwargs) -> int:
    """`bulk_grant_rows` written with bulk_create; returns the number of rows."""
    table = grant_table(model, holder)
    rows = [table(**row) for row in bulk_grant_rows(model, holder=holder, **kwargs)]
    table.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def _permission_ids(model: type[models.Model], actions) -> dict[str, int]:
    from django.contrib.auth.models import Permission

    ct = ContentType.objects.get_for_model(model, for_concrete_model=True)
    by_codename = dict(
        Permission.objects.filter(
            content_type=ct, codename__in=[codename(model, a) for a in actions]
        ).values_list("codename", "pk")
    )
    return {action: by_codename[codename(model, action)] for action in actions}


def grants_for(obj: models.Model) -> tuple[list, list]:
    """Every user and team grant on a record, for its Sharing page."""
    model = type(obj)._meta.concrete_model
    users = list(
        get_user_obj_perms_model(model)
        .objects.filter(content_object=obj)
        .select_related("user", "permission", "granted_by")
        .order_by("user__username", "permission__codename")
    )
    groups = list(
        get_group_obj_perms_model(model)
        .objects.filter(content_object=obj)
        .select_related("group", "permission", "granted_by")
        .order_by("group__name", "permission__codename")
    )
    return users, groups


def access_changes_for(obj: models.Model, limit: int = 50) -> list[AccessChange]:
    return list(
        AccessChange.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=obj.pk,
        ).select_related("user", "group", "actor")[:limit]
    )
