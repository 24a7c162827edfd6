"""Shared base pieces: timestamps, teams, user profiles, and the audit trail of access changes."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class Team(models.Model):
    """A sales team. Its Django group carries the team's object permissions."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="team")
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_teams",
    )

    class Meta:
        ordering = ["group__name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.group.name


class UserProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    home_team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    # An IANA name ("Europe/Berlin"); empty: the site's TIME_ZONE.
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("user profile")

    def __str__(self) -> str:
        return str(self.user)


class GrantCause(models.TextChoices):
    OWNER = "owner", _("Owner")
    TEAM = "team", _("Team")
    SHARE = "share", _("Shared")
    CONVERSION = "conversion", _("Conversion")
    PARTICIPANT = "participant", _("Participant")


class GrantColumns(models.Model):
    """Who granted a right, when and why, on every grant row. `cause` is one of GrantCause,
    checked by the access layer rather than by `choices` (a new cause is no migration)."""

    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A default rather than auto_now_add: rows made in bulk keep when their record was shared.
    granted_at = models.DateTimeField(default=timezone.now)
    cause = models.CharField(max_length=16, default=GrantCause.SHARE)

    class Meta:
        abstract = True


class UserGrant(UserObjectPermissionBase, GrantColumns):
    """A guarded model's direct foreign-key table of user grants (DESIGN §4). A subclass
    declares only `content_object = models.ForeignKey(<Model>, on_delete=models.CASCADE)`.
    The index serves "shared with me lately" (crm.access.recently_shared_with)."""

    class Meta(UserObjectPermissionBase.Meta):
        abstract = True
        indexes = [models.Index(fields=["user", "cause", "-granted_at"])]


class GroupGrant(GroupObjectPermissionBase, GrantColumns):
    """A guarded model's direct foreign-key table of team grants; see UserGrant."""

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = True
        indexes = [models.Index(fields=["group", "cause", "-granted_at"])]


class AccessChange(models.Model):
    """Append-only record of every grant, revocation and change of owner."""

    class Action(models.TextChoices):
        GRANT = "grant", _("Granted")
        REVOKE = "revoke", _("Revoked")
        REASSIGN = "reassign", _("Owner changed")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    action = models.CharField(max_length=16, choices=Action.choices)
    permission = models.CharField(max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    group = models.ForeignKey(Group, on_delete=models.SET_NULL, null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-at"], name="accesschange_record_idx"
            )
        ]
        verbose_name = _("access change")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.permission} ({self.at:%Y-%m-%d})"
