"""Notifications (issue 17): what happened to a user's work, in the bell and on
/notifications/, and in a daily e-mail digest for those who ask for it.

Services call `notify(...)` inside their write's transaction, so that a notification stands
or falls with the write. The recipient chooses per kind whether to get it in the app and/or in
the digest (`NotificationPreference`; no row is the default: in the app, not in the digest).
Nobody is notified of their own doing.

The text is written at notify time and must say only what the recipient may see at that
moment (the record's name when they can see it, never the fields of a record they cannot).
The record is kept as type and id, and the link is the record's page: if they may no longer
see it, the link answers what the record answers (404)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.models import Notification, NotificationPreference

SHARED = "shared"
LEAD_ASSIGNED = "lead_assigned"
DEAL_REASSIGNED = "deal_reassigned"
EVENT_INVITATION = "event_invitation"
TASK_DUE = "task_due"
CASE_ASSIGNED = "case_assigned"
MENTION = "mention"
REMINDER = "reminder"

# Every kind, in the order the settings page lists them, with its label there.
KINDS: dict[str, str] = {
    SHARED: _("A record is shared with me"),
    LEAD_ASSIGNED: _("A lead is assigned to me"),
    DEAL_REASSIGNED: _("A deal is reassigned to me"),
    EVENT_INVITATION: _("I am invited to an event"),
    TASK_DUE: _("A task of mine is due today or overdue"),
    CASE_ASSIGNED: _("A case is assigned to me"),
    MENTION: _("Someone mentions me in a note"),
    REMINDER: _("A reminder of an event or task"),
}

# The most the bell counts; beyond it shows "99+" (the count reads no more rows than this).
COUNT_CAP = 99
# Texts are cut to the column's length.
TEXT_LENGTH = Notification._meta.get_field("text").max_length


@dataclass(frozen=True)
class Preference:
    kind: str
    label: str
    in_app: bool = True
    digest: bool = False


def name_of(user: User | None) -> str:
    """A user as a notification's text names them: their full name, else their username."""
    if user is None:
        return str(_("Someone"))
    return user.get_full_name() or user.get_username()


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}; declare it in KINDS")


def _record_columns(record: models.Model | None) -> dict:
    if record is None:
        return {"content_type": None, "object_id": None}
    return {
        "content_type": ContentType.objects.get_for_model(record, for_concrete_model=True),
        "object_id": record.pk,
    }


def _clip(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= TEXT_LENGTH else text[: TEXT_LENGTH - 1] + "…"


def _record_url(record: models.Model | None, url: str) -> str:
    if url or record is None:
        return url
    get_url = getattr(record, "get_absolute_url", None)
    return get_url() if callable(get_url) else ""


def notify(
    *,
    recipient: User | None,
    kind: str,
    actor: User | None,
    record: models.Model | None = None,
    text: str,
    url: str = "",
    dedupe_key: str = "",
) -> Notification | None:
    """Store a notification for `recipient`, unless they are the actor (or inactive, or
    nobody), or turned this kind off both in the app and in the digest. With a `dedupe_key`,
    at most one notification per recipient and key: a second call returns None. The link is
    `url`, or the record's own page. Call it inside the write's transaction."""
    _check_kind(kind)
    if recipient is None or not recipient.is_active:
        return None
    if actor is not None and actor.pk == recipient.pk:
        return None
    choice = (
        NotificationPreference.objects.filter(user=recipient, kind=kind)
        .values_list("in_app", "digest")
        .first()
    )
    in_app, digest = choice if choice is not None else (True, False)
    if not in_app and not digest:
        return None
    notification = Notification(
        recipient=recipient,
        kind=kind,
        actor=actor,
        text=_clip(text),
        url=_record_url(record, url),
        in_app=in_app,
        dedupe_key=dedupe_key,
        **_record_columns(record),
    )
    if not dedupe_key:
        notification.save()
        return notification
    try:
        with transaction.atomic():  # a savepoint: a duplicate leaves the caller's write intact
            notification.save()
    except IntegrityError:
        return None
    return notification


def notify_shared(
    *, recipient: User, actor: User, record: models.Model, action: str, url: str
) -> Notification | None:
    """A record shared with a user (its Sharing page): "<actor> shared <record> with you"."""
    access = _("view and change") if action == "change" else _("view")
    return notify(
        recipient=recipient,
        kind=SHARED,
        actor=actor,
        record=record,
        text=_("%(actor)s shared %(name)s with you (%(access)s).")
        % {"actor": name_of(actor), "name": str(record), "access": access},
        url=url,
    )


def notify_many(notifications: Iterable[Notification]) -> int:
    """Store many unsaved notifications at once (a scheduled job's), applying the same rules
    as `notify` with one query for the preferences and inserts in batches; duplicates of a
    `dedupe_key` are skipped. Returns how many were new."""
    pending = [
        n
        for n in notifications
        if n.recipient_id is not None and (n.actor_id is None or n.actor_id != n.recipient_id)
    ]
    for notification in pending:
        _check_kind(notification.kind)
        notification.text = _clip(notification.text)
    if not pending:
        return 0
    choices = {
        (row["user_id"], row["kind"]): (row["in_app"], row["digest"])
        for row in NotificationPreference.objects.filter(
            user_id__in={n.recipient_id for n in pending},
            kind__in={n.kind for n in pending},
        ).values("user_id", "kind", "in_app", "digest")
    }
    keep = []
    for notification in pending:
        in_app, digest = choices.get((notification.recipient_id, notification.kind), (True, False))
        if in_app or digest:
            notification.in_app = in_app
            keep.append(notification)
    keys = [n.dedupe_key for n in keep if n.dedupe_key]
    known = set()
    if keys:
        known = set(
            Notification.objects.filter(
                recipient_id__in={n.recipient_id for n in keep}, dedupe_key__in=keys
            ).values_list("recipient_id", "dedupe_key")
        )
    fresh = [n for n in keep if not n.dedupe_key or (n.recipient_id, n.dedupe_key) not in known]
    # ignore_conflicts: a job running twice at once still makes one row per key.
    Notification.objects.bulk_create(fresh, batch_size=500, ignore_conflicts=True)
    return len(fresh)


def record_columns(record: models.Model) -> dict:
    """The columns that name `record` on an unsaved Notification (for `notify_many`)."""
    return _record_columns(record)


# Reads


def inbox(user: User) -> QuerySet[Notification]:
    """The user's notifications shown in the app (not those they get only by e-mail)."""
    return Notification.objects.filter(recipient=user, in_app=True)


def unread_count(user: User) -> int:
    """How many unread notifications the bell shows, up to COUNT_CAP + 1 rows read."""
    return (
        Notification.objects.filter(recipient=user, read_at__isnull=True, in_app=True)
        .order_by()[: COUNT_CAP + 1]
        .count()
    )


def preferences_for(user: User) -> list[Preference]:
    """Every kind with the user's choice for it (the default where they made none)."""
    chosen = {
        row["kind"]: row
        for row in NotificationPreference.objects.filter(user=user).values(
            "kind", "in_app", "digest"
        )
    }
    return [
        Preference(
            kind=kind,
            label=label,
            in_app=chosen.get(kind, {}).get("in_app", True),
            digest=chosen.get(kind, {}).get("digest", False),
        )
        for kind, label in KINDS.items()
    ]


def digest_recipients() -> QuerySet[User]:
    """Users who want at least one kind in the daily e-mail digest and have an address."""
    return (
        User.objects.filter(
            is_active=True,
            notification_preferences__digest=True,
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def digest_items(user: User, *, since: datetime.datetime) -> QuerySet[Notification]:
    """What a user's digest lists: their unread notifications since `since` of the kinds they
    want in the digest, not yet sent in one, oldest first."""
    kinds = NotificationPreference.objects.filter(user=user, digest=True).values("kind")
    return Notification.objects.filter(
        recipient=user,
        read_at__isnull=True,
        digested_at__isnull=True,
        created_at__gte=since,
        kind__in=kinds,
    ).order_by("created_at", "pk")


# Writes


@transaction.atomic
def notification_open(*, user: User, notification_id: int) -> Notification:
    """Mark one of the user's notifications read (raises Notification.DoesNotExist for
    another user's) and return it."""
    notification = Notification.objects.select_for_update().get(pk=notification_id, recipient=user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark all of the user's unread notifications read; how many were."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notification_preferences_set(
    *, user: User, in_app: Iterable[str], digest: Iterable[str]
) -> None:
    """Save the user's choice for every kind: in the app for the kinds in `in_app`, in the
    digest for those in `digest`. A kind left at the default keeps no row."""
    in_app, digest = set(in_app), set(digest)
    for kind in in_app | digest:
        _check_kind(kind)
    default = []
    for kind in KINDS:
        wants = (kind in in_app, kind in digest)
        if wants == (True, False):
            default.append(kind)
            continue
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"in_app": wants[0], "digest": wants[1]}
        )
    NotificationPreference.objects.filter(user=user, kind__in=default).delete()


def digest_mark_sent(*, notification_ids: list[int], at: datetime.datetime) -> None:
    Notification.objects.filter(pk__in=notification_ids).update(digested_at=at)
