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
    # A code from settings.LANGUAGES; empty: the language the browser asks for.
    language = models.CharField(_("language"), max_length=16, blank=True)
    # A key of crm.preferences.DATE_FORMATS; empty: the language's own format.
    date_format = models.CharField(_("date format"), max_length=16, blank=True)

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


class Notification(models.Model):
    """Something that happened to a user's work (a record shared with them, a lead assigned,
    a task due): shown in the bell and on /notifications/, and, if they asked for it, in the
    daily e-mail digest. `kind` is one of crm.notifications.KINDS, checked there rather than
    by `choices` (a new kind is no migration). The text is written at notify time from what
    the recipient could see then; the record is kept by type and id only, so a record they may
    no longer see leaks nothing beyond that text (its link answers what the record answers)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # False: the recipient turned this kind off in the app but wants it in the digest.
    in_app = models.BooleanField(default=True)
    digested_at = models.DateTimeField(null=True, blank=True)
    # Non-empty: at most one notification per recipient and key ("task_due:<pk>:<day>").
    dedupe_key = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The unread count and the digest: recipient, unread, newest first.
            models.Index(
                fields=["recipient", "read_at", "-created_at"], name="notification_unread_idx"
            ),
            # The list, newest first, keyset-paginated.
            models.Index(
                fields=["recipient", "in_app", "-created_at", "-id"], name="notification_list_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notification_dedupe_uniq",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """A user's choice for one kind of notification. No row: the default (in the app, not in
    the digest)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=32)
    in_app = models.BooleanField(_("in the app"), default=True)
    digest = models.BooleanField(_("in the daily e-mail"), default=False)

    class Meta:
        verbose_name = _("notification preference")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notificationpreference_uniq"),
        ]
        indexes = [
            models.Index(fields=["digest", "user"], name="notificationpref_digest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}"


class UserSession(models.Model):
    """A signed-in session of a user (crm.sessions): made at sign-in, its last-seen time kept
    up to date at most every CRM_SESSION_SEEN_MINUTES, gone when the user signs out or the
    session is ended (by the user for their other sessions, or by an administrator)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("signed in at"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    class Meta:
        ordering = ["-last_seen_at", "-id"]
        indexes = [models.Index(fields=["user", "-last_seen_at"], name="usersession_user_seen_idx")]
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    def __str__(self) -> str:
        return f"{self.user} · {self.ip_address or '?'} · {self.last_seen_at:%Y-%m-%d %H:%M}"


class Job(models.Model):
    """A background task as the user sees it (DESIGN §9): what runs, who started it, how far
    it got and how it ended. The task itself runs on django-tasks (crm.jobs); `progress()` is
    called by the task function while it works."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    # The task's import path, e.g. "parties.tasks.contacts_change_owner".
    kind = models.CharField(_("kind"), max_length=200)
    label = models.CharField(_("label"), max_length=255)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    total = models.PositiveBigIntegerField(_("total"), default=0)
    done = models.PositiveBigIntegerField(_("done"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    # A message for the user (never a traceback: that goes to the log).
    error = models.TextField(_("error"), blank=True)
    # None for scheduled work, which nobody started.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The django-tasks result id (DBTaskResult's UUID or an RQ job id).
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["created_by", "-created_at", "-id"], name="job_mine_idx"),
            models.Index(fields=["-created_at", "-id"], name="job_all_idx"),
            models.Index(fields=["state"], name="job_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["queued", "running", "done", "failed", "cancelled"]),
                name="job_state_valid",
            )
        ]
        verbose_name = _("job")

    def __str__(self) -> str:
        return self.label

    ACTIVE_STATES = (State.QUEUED, State.RUNNING)

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE_STATES

    @property
    def percent(self) -> int | None:
        """Rows done of total as a whole percentage; None while the total is unknown."""
        if not self.total:
            return 100 if self.state == self.State.DONE else None
        return min(100, self.done * 100 // self.total)

    def progress(self, done: int, total: int | None = None) -> None:
        """Report `done` of `total` rows (total: unchanged when None). Raises
        crm.jobs.JobCancelled when the user cancelled the job, which rolls the task's work
        back. Cheap enough to call per row: it writes at most a few times a second."""
        from crm.jobs import report_progress

        report_progress(self, done, total)


class ScheduledTask(models.Model):
    """When the scheduler (manage.py run_schedule) last enqueued a @scheduled task: several
    schedulers, or one restarted, enqueue each due run once (a conditional UPDATE claims it)."""

    name = models.CharField(max_length=200, unique=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    last_job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class SavedView(models.Model):
    """A named set of a list's filters, sort and scope (the list's query string), private to
    its owner or shared with the owner's home team (crm.saved_views)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    # The list's URL name ("contacts:list"): crm.saved_views.LISTS.
    list_key = models.CharField(_("list"), max_length=100)
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filters and sort"), max_length=2000, blank=True)
    shared = models.BooleanField(_("shared with my team"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        constraints = [
            # Saving a view under a name the owner already uses for the list replaces it.
            models.UniqueConstraint(
                "owner",
                "list_key",
                models.functions.Lower("name"),
                name="savedview_owner_name_uniq",
            ),
        ]
        indexes = [
            # My views of a list (the constraint's index), my team's shared ones:
            models.Index(fields=["list_key", "shared", "owner"], name="savedview_shared_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class SavedViewDefault(models.Model):
    """The view a user's list opens with when its URL has no query string: one per user and
    list (one of their own views or one their team shares)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_view_defaults"
    )
    list_key = models.CharField(_("list"), max_length=100)
    view = models.ForeignKey(SavedView, on_delete=models.CASCADE, related_name="defaults")

    class Meta:
        verbose_name = _("default view")
        constraints = [
            models.UniqueConstraint(fields=["user", "list_key"], name="savedviewdefault_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.list_key}"
