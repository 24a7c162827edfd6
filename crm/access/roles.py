"""Role groups, the actions on a record, and who manages whom (read once per request)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from crm.exceptions import PageDenied
from crm.models import Team, UserProfile

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
# Who opens the pages of team managers (team activity, quotas, figures): no role group says it.
TEAM_MANAGERS = _("managers of a team")


def codename(model: type[models.Model], action: str) -> str:
    return f"{action}_{model._meta.model_name}"


def require_perm(user: User, permission: str, *, also: str = "") -> None:
    """A page that needs a model permission ("app_label.codename"): without it 403, and the
    403 page names the role groups holding it (and `also`, whoever else may open the page)."""
    if not user.has_perm(permission):
        raise PageDenied(permission, also=also)


def groups_holding(permission: str) -> list[str]:
    """The names of the role groups holding a model permission (one query). Teams are groups
    too, for record grants; they hold no model permissions and are left out."""
    app_label, codename = permission.split(".", 1)
    return list(
        Group.objects.filter(
            team__isnull=True,
            permissions__content_type__app_label=app_label,
            permissions__codename=codename,
        )
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )


def user_groups(user: User) -> dict[str, int]:
    """The user's groups, name -> id, read once per request (cached on the user object)."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_crm_groups", None)
    if cached is None:
        cached = dict(user.groups.values_list("name", "id"))
        user._crm_groups = cached
    return cached


def group_names(user: User) -> frozenset[str]:
    return frozenset(user_groups(user))


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


# The records a manager may change for the members of their teams (a setting, on by default):
# parties (contacts, accounts, customers, leads) and deals. Events stay their owner's (a
# manager sees them), forecasts have the manager's own commit; sharing and disabling stay the
# owner's everywhere.
MANAGER_CHANGE_MODELS = frozenset({"parties.party", "opportunities.opportunity"})


def managers_change(model: type[models.Model]) -> bool:
    """Whether a manager may change `model` records of their teams' members."""
    return (
        settings.CRM_MANAGERS_CHANGE_TEAM_RECORDS
        and model._meta.concrete_model._meta.label_lower in MANAGER_CHANGE_MODELS
    )


def home_team(user: User) -> Team | None:
    profile = getattr(user, "profile", None)
    return profile.home_team if profile else None
