"""Scheduled notification work (`manage.py run_schedule` enqueues them once a day):

- `tasks_due_notify`: one "task_due" notification per open task due today or overdue, for its
  owner, at most one per task and day (the owner's day, in their time zone): a dedupe key.
- `digest_send`: one e-mail (plain text and HTML) to each user who wants some kinds in the
  daily digest, listing their unread notifications of those kinds from the last day that no
  digest has listed yet.

They live here because they read events (tasks) and render workspace templates; crm below
knows neither."""

from __future__ import annotations

import datetime
import logging
import smtplib
import zoneinfo

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from crm import notifications, timezones
from crm.jobs import job_task, scheduled
from crm.models import Job, Notification
from events.models import Event, EventKind, EventStatus, floating

logger = logging.getLogger(__name__)

DAILY = datetime.timedelta(days=1)
DIGEST_WINDOW = datetime.timedelta(days=1)


def _local_today(user: User, now: datetime.datetime) -> datetime.date:
    return now.astimezone(zoneinfo.ZoneInfo(timezones.of_user(user))).date()


def _due_text(task: Event, today: datetime.date) -> str:
    due = task.start_date
    if due == today:
        return _("Your task “%(subject)s” is due today.") % {"subject": task.subject}
    return _("Your task “%(subject)s” is overdue: it was due on %(day)s.") % {
        "subject": task.subject,
        "day": date_format(due, "SHORT_DATE_FORMAT"),
    }


def tasks_due_notify(*, now: datetime.datetime | None = None) -> int:
    """Notify each owner of their open tasks due today or earlier (their today); how many
    notifications are new. Safe to run as often as one likes: a task notifies once a day."""
    now = now or timezone.now()
    created = 0
    owners = (
        User.objects.filter(
            is_active=True,
            owned_events__kind=EventKind.TASK,
            owned_events__status=EventStatus.SCHEDULED,
        )
        .select_related("profile")
        .distinct()
        .order_by("pk")
    )
    for owner in owners.iterator(chunk_size=500):
        today = _local_today(owner, now)
        # event_work_idx: (owner, status, kind, starts_at); a task's date is floating UTC.
        tasks = (
            Event.objects.filter(
                owner=owner,
                status=EventStatus.SCHEDULED,
                kind=EventKind.TASK,
                starts_at__lt=floating(today + datetime.timedelta(days=1)),
            )
            .only("pk", "subject", "starts_at", "kind", "all_day", "owner_id", "status")
            .order_by("starts_at", "pk")
        )
        batch = []
        for task in tasks.iterator(chunk_size=1000):
            batch.append(
                Notification(
                    recipient_id=owner.pk,
                    kind=notifications.TASK_DUE,
                    text=_due_text(task, today),
                    url=reverse("events:detail", args=[task.pk]),
                    dedupe_key=f"task_due:{task.pk}:{today.isoformat()}",
                    created_at=now,
                    **notifications.record_columns(task),
                )
            )
            if len(batch) >= 1000:
                created += notifications.notify_many(batch)
                batch = []
        created += notifications.notify_many(batch)
    return created


def _absolute(url: str) -> str:
    return f"{settings.CRM_SITE_URL}{url}" if url.startswith("/") else url


def digest_message(user: User, items: list[Notification], connection=None):
    """The digest e-mail of `user` listing `items`, in their time zone."""
    with timezone.override(zoneinfo.ZoneInfo(timezones.of_user(user))):
        for item in items:
            item.absolute_url = _absolute(item.url) if item.url else ""
            item.kind_label = notifications.KINDS.get(item.kind, item.kind)
        context = {
            "user": user,
            "items": items,
            "list_url": _absolute(reverse("notification_list")),
            "settings_url": _absolute(reverse("notification_settings")),
        }
        text = render_to_string("workspace/notification_digest.txt", context)
        html = render_to_string("workspace/notification_digest.html", context)
    subject = ngettext(
        "%(count)d new notification in the CRM",
        "%(count)d new notifications in the CRM",
        len(items),
    ) % {"count": len(items)}
    message = EmailMultiAlternatives(subject, text, to=[user.email], connection=connection)
    message.attach_alternative(html, "text/html")
    return message


def digest_send(*, now: datetime.datetime | None = None) -> int:
    """Send the daily digest to everyone who wants one and has something unread; how many
    e-mails went out. A notification is listed in one digest at most."""
    now = now or timezone.now()
    since = now - DIGEST_WINDOW
    sent = 0
    with get_connection() as connection:
        for user in notifications.digest_recipients().select_related("profile"):
            items = list(notifications.digest_items(user, since=since))
            if not items:
                continue
            try:
                digest_message(user, items, connection=connection).send()
            except (smtplib.SMTPException, OSError):
                # One refused address does not keep the others' digests: theirs go out, this
                # one's notifications stay unsent (and are listed again while in the window).
                logger.exception("Notification digest to user %s failed", user.pk)
                continue
            notifications.digest_mark_sent(notification_ids=[n.pk for n in items], at=now)
            sent += 1
    logger.info("Notification digest: %d e-mails sent", sent)
    return sent


@scheduled(every=DAILY, label="Notify owners of tasks due today or overdue")
@job_task
def notify_tasks_due(job: Job) -> dict:
    """Notify owners of tasks due today or overdue."""
    count = tasks_due_notify()
    return {"summary": _("%(count)d task notifications made.") % {"count": count}}


@scheduled(every=DAILY, label="Send the daily notification digest")
@job_task
def send_notification_digest(job: Job) -> dict:
    """Send the daily notification digest."""
    count = digest_send()
    return {"summary": _("%(count)d digest e-mails sent.") % {"count": count}}
