"""Granting and revoking: the only code that writes the grant tables (one record at a time,
or in bulk for the seeders), sharing, reassignment, and the history of access changes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

from crm.access.roles import (
    CHANGE,
    DELETE,
    OWNER_ACTIONS,
    SHARE,
    SHAREABLE_ACTIONS,
    VIEW,
    codename,
    home_team,
    is_administrator,
    manages_owner,
)
from crm.models import AccessChange, GrantCause


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
    a dict of the grant table's columns (`grant_table(model, holder)`). A pair may also say who
    made that grant and when, (record id, holder id, granted by id, granted at), for records
    each made by their own owner; otherwise `granted_by_id` and `granted_at` (default: now)
    apply to all. Nothing is logged: like `grant_initial`, these follow from how the records
    were made."""
    from django.utils import timezone

    validate_cause(cause)
    model = model._meta.concrete_model
    grant_table(model, holder)  # validates the holder
    permission_ids = _permission_ids(model, actions)
    holder_column = f"{holder}_id"
    granted_at = granted_at or timezone.now()
    for object_id, holder_id, *made in pairs:
        by_id, at = made if made else (granted_by_id, granted_at)
        for action in actions:
            yield {
                "permission_id": permission_ids[action],
                holder_column: holder_id,
                "content_object_id": object_id,
                "granted_by_id": by_id,
                "granted_at": at,
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
        .select_related("user__profile__home_team__group", "permission", "granted_by")
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
