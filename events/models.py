"""Events and activities (OFBiz WorkEffort of type event/task): calls, meetings, tasks,
e-mails and notes, their participants, and each user's private calendar feed.

Times are stored in UTC. An all-day event or a task has a *date*, not a time: it is stored as
that date at 00:00 UTC ("floating"), and always shown as that date, whatever the viewer's time
zone (`Event.is_dated`)."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.models import GroupGrant, TimeStampedModel, UserGrant
from parties.models import Party


class EventKind(models.TextChoices):
    CALL = "call", _("Call")
    MEETING = "meeting", _("Meeting")
    TASK = "task", _("Task")
    EMAIL = "email", _("E-mail")
    NOTE = "note", _("Note")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Priority(models.IntegerChoices):
    HIGH = 1, _("High")
    NORMAL = 2, _("Normal")
    LOW = 3, _("Low")


# The longest an event may last. A range read (a calendar month, a week) then looks for starts
# no earlier than this before the range: a bounded index scan, not the whole past.
MAX_DURATION = datetime.timedelta(days=62)


def floating(day: datetime.date) -> datetime.datetime:
    """A date as it is stored for all-day events and tasks: 00:00 UTC that day."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


class Event(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=8, choices=EventKind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # A task's due date, an all-day event's first day (00:00 UTC), or a timed event's start.
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    all_day = models.BooleanField(_("all day"), default=False)
    location = models.CharField(_("location"), max_length=255, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_events",
        verbose_name=_("owner"),
    )
    # What the event is about: any of a party, a lead and an opportunity.
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("about"),
    )
    lead = models.ForeignKey(
        "leads.Lead",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("lead"),
    )
    opportunity = models.ForeignKey(
        "opportunities.Opportunity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("opportunity"),
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [("share_event", _("Can share event"))]
        constraints = [
            models.CheckConstraint(
                name="event_ends_after_start",
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
            ),
        ]
        indexes = [
            models.Index(fields=["starts_at", "id"], name="event_start_sort_idx"),
            models.Index(fields=["owner", "starts_at"], name="event_owner_start_idx"),
            models.Index(fields=["owner", "status", "kind", "starts_at"], name="event_work_idx"),
            models.Index(fields=["party", "starts_at"], name="event_party_idx"),
            models.Index(fields=["lead", "starts_at"], name="event_lead_idx"),
            models.Index(fields=["opportunity", "starts_at"], name="event_opportunity_idx"),
            models.Index(fields=["owner", "completed_at"], name="event_owner_completed_idx"),
            models.Index(fields=["subject", "id"], name="event_subject_sort_idx"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_dated(self) -> bool:
        """Tasks and all-day events carry a date, shown the same in every time zone."""
        return self.all_day or self.kind == EventKind.TASK

    @property
    def start_date(self) -> datetime.date:
        """The day the event starts, as the current user sees it."""
        if self.is_dated:
            return self.starts_at.astimezone(datetime.UTC).date()
        return timezone.localtime(self.starts_at).date()

    @property
    def end_date(self) -> datetime.date:
        if self.ends_at is None:
            return self.start_date
        if self.is_dated:
            return self.ends_at.astimezone(datetime.UTC).date()
        return timezone.localtime(self.ends_at).date()

    @property
    def is_open(self) -> bool:
        return self.status == EventStatus.SCHEDULED

    @property
    def has_ended(self) -> bool:
        """A task due (an all-day event ending) before today, or a timed event that ended."""
        if self.is_dated:
            return self.end_date < timezone.localdate()
        return (self.ends_at or self.starts_at) < timezone.now()

    @property
    def is_overdue(self) -> bool:
        """A scheduled task due before today, or a scheduled event that ended in the past."""
        return self.is_open and self.has_ended


class ReminderLead(models.IntegerChoices):
    """How long before an event starts (a task: before its due date begins) its reminder
    goes off, in minutes."""

    MINUTES_5 = 5, _("5 minutes before")
    MINUTES_15 = 15, _("15 minutes before")
    MINUTES_30 = 30, _("30 minutes before")
    HOUR_1 = 60, _("1 hour before")
    HOURS_2 = 120, _("2 hours before")
    DAY_1 = 1440, _("1 day before")
    DAYS_2 = 2880, _("2 days before")
    WEEK_1 = 10080, _("1 week before")


# The longest lead: a reminder still to send is due at most this long before its event, so
# the job reads a bounded range of the reminders' index.
MAX_REMINDER_LEAD = datetime.timedelta(minutes=max(ReminderLead.values))


class EventReminder(models.Model):
    """A reminder of an event or a task, delivered once (`sent_at`) as a notification to the
    owner and the user participants, and written into iCalendar as a VALARM.

    `due_at` is the moment the reminder counts from — a timed event's start, or the first
    moment of a task's (or an all-day event's) date in its owner's time zone — and
    `remind_at` = `due_at` − the lead: both kept in step with the event by its services, so
    the job finds what is due by an index range."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reminders")
    minutes_before = models.PositiveIntegerField(_("when"), choices=ReminderLead.choices)
    due_at = models.DateTimeField()
    remind_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        ordering = ["minutes_before"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "minutes_before"], name="event_reminder_unique_lead"
            ),
        ]
        indexes = [
            models.Index(
                fields=["remind_at"],
                name="event_reminder_due_idx",
                condition=Q(sent_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.get_minutes_before_display()}"

    @property
    def lead(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.minutes_before)


class EventUserObjectPermission(UserGrant):
    content_object = models.ForeignKey(Event, on_delete=models.CASCADE)


class EventGroupObjectPermission(GroupGrant):
    content_object = models.ForeignKey(Event, on_delete=models.CASCADE)


class ParticipantRole(models.TextChoices):
    ORGANIZER = "organizer", _("Organizer")
    ATTENDEE = "attendee", _("Attendee")


class ParticipantResponse(models.TextChoices):
    NEEDS_ACTION = "needs_action", _("Needs action")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    TENTATIVE = "tentative", _("Tentative")


class EventParticipant(models.Model):
    """A user or a party (contact, lead, customer) taking part in an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_participations",
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_participations",
    )
    role = models.CharField(
        _("role"), max_length=10, choices=ParticipantRole.choices, default=ParticipantRole.ATTENDEE
    )
    response = models.CharField(
        _("response"),
        max_length=12,
        choices=ParticipantResponse.choices,
        default=ParticipantResponse.NEEDS_ACTION,
    )

    class Meta:
        verbose_name = _("participant")
        constraints = [
            models.CheckConstraint(
                name="participant_user_xor_party",
                condition=(Q(user__isnull=False) & Q(party__isnull=True))
                | (Q(user__isnull=True) & Q(party__isnull=False)),
            ),
            models.UniqueConstraint(fields=["event", "user"], name="participant_unique_user"),
            models.UniqueConstraint(fields=["event", "party"], name="participant_unique_party"),
        ]
        indexes = [
            models.Index(fields=["user", "event"], name="participant_user_idx"),
            models.Index(fields=["party", "event"], name="participant_party_idx"),
        ]

    def __str__(self) -> str:
        return str(self.user or self.party)


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's private iCalendar feed: whoever holds the token reads the user's calendar, so
    it can be regenerated (the old address stops working) or turned off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self) -> str:
        return f"{self.user} calendar feed"
