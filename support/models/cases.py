"""Support cases (OFBiz CustRequest), their status history, notes and logged events.

Service levels: a case stores its deadlines (`first_response_due_at`, `resolution_due_at`,
computed in business hours by support.sla when the clock starts or resumes) and
`next_due_at`, the earliest deadline still pending (None while pending the customer, or once
both are met). "Breached" is then plain SQL on indexed columns (support.selectors): a pending
deadline in the past, or `sla_missed` (a target met late)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.models import GroupGrant, UserGrant
from parties.models import Party
from support.models.choices import (
    CLOSED_STATUSES,
    LEGAL_MOVES,
    OPEN_STATUSES,
    CaseChannel,
    CasePriority,
    CaseReason,
    CaseResolution,
    CaseStatus,
    CaseType,
)
from support.models.queues import Queue

__all__ = [
    "CLOSED_STATUSES",
    "LEGAL_MOVES",
    "OPEN_STATUSES",
    "Case",
    "CaseChannel",
    "CaseEvent",
    "CaseGroupObjectPermission",
    "CaseNote",
    "CasePriority",
    "CaseReason",
    "CaseResolution",
    "CaseStatus",
    "CaseStatusChange",
    "CaseType",
    "CaseUserObjectPermission",
]


class Case(models.Model):
    # "CS-000123", from the primary key once inserted (support.services.case_create).
    number = models.CharField(_("case number"), max_length=20, unique=True, null=True)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    customer = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="cases", verbose_name=_("customer")
    )
    contact = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contact_cases",
        verbose_name=_("contact"),
    )
    order = models.ForeignKey(
        "commerce.Order",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("order"),
    )
    product = models.ForeignKey(
        "commerce.Product",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("product"),
    )
    type = models.CharField(_("type"), max_length=12, choices=CaseType.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=CaseReason.choices, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=CasePriority.choices, default=CasePriority.NORMAL
    )
    channel = models.CharField(_("channel"), max_length=12, choices=CaseChannel.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_cases",
        verbose_name=_("owner"),
    )
    queue = models.ForeignKey(
        Queue, on_delete=models.PROTECT, related_name="cases", verbose_name=_("queue")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.NEW
    )
    resolution = models.CharField(
        _("resolution"), max_length=20, choices=CaseResolution.choices, blank=True
    )
    # Merged into another case (its parent): this one is closed as a duplicate, history kept.
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_cases",
        verbose_name=_("merged into"),
    )
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    created_at = models.DateTimeField(_("opened"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    # Service-level clocks (support.sla, kept by support.services.clocks). Deadlines are
    # absolute times; while the case is pending the customer (or once a clock was stopped
    # unmet: rejected, cancelled, merged) they are cleared and the business minutes left are
    # kept instead. A met clock keeps the deadline it was measured against, so "within
    # target" is `met_at <= due_at` in SQL; `*_minutes` are the business minutes it took.
    # The targets the clocks were started with (business minutes, from the ServiceLevel of
    # the priority then): a later change of the service levels does not move open cases'
    # deadlines, and "within target" stays what it was agreed to be. None: no clock.
    first_response_target = models.PositiveIntegerField(
        _("first-response target (business minutes)"), null=True, blank=True
    )
    resolution_target = models.PositiveIntegerField(
        _("resolution target (business minutes)"), null=True, blank=True
    )
    first_response_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    first_response_minutes = models.PositiveIntegerField(null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolution_minutes = models.PositiveIntegerField(null=True, blank=True)
    paused_at = models.DateTimeField(_("clock paused since"), null=True, blank=True)
    response_minutes_left = models.IntegerField(null=True, blank=True)
    resolution_minutes_left = models.IntegerField(null=True, blank=True)
    # The earliest deadline still to be met (None: paused, met, or closed).
    next_due_at = models.DateTimeField(_("next due"), null=True, blank=True)
    # A target was met late (or the case paused or closed after a deadline had passed).
    sla_missed = models.BooleanField(_("service level missed"), default=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case")
        # A guarded record (crm.access): its owner may share it.
        permissions = [("share_case", _("Can share case"))]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="case_created_idx"),
            models.Index(fields=["status", "-created_at", "-id"], name="case_status_idx"),
            models.Index(fields=["priority", "-created_at", "-id"], name="case_priority_idx"),
            models.Index(fields=["queue", "status", "-created_at", "-id"], name="case_queue_idx"),
            models.Index(fields=["owner", "status", "-created_at", "-id"], name="case_owner_idx"),
            models.Index(fields=["customer", "-created_at", "-id"], name="case_customer_idx"),
            models.Index(fields=["product", "-created_at", "-id"], name="case_product_idx"),
            models.Index(fields=["order"], name="case_order_idx"),
            models.Index(fields=["contact"], name="case_contact_idx"),
            models.Index(fields=["parent"], name="case_parent_idx"),
            # The queue's next to breach, and "breached" / "due soon" filters.
            models.Index(fields=["queue", "next_due_at"], name="case_queue_due_idx"),
            models.Index(fields=["next_due_at"], name="case_due_idx"),
            models.Index(
                fields=["-created_at", "-id"],
                condition=Q(sla_missed=True),
                name="case_missed_idx",
            ),
            # The figures (support.selectors.figures): each of their queries is one range of
            # one of these (covering on PostgreSQL: an index-only scan of the period).
            models.Index(
                fields=["first_response_at"],
                include=["first_response_due_at", "first_response_minutes", "queue"],
                name="case_response_met_idx",
            ),
            models.Index(
                fields=["first_response_due_at"],
                include=["queue"],
                condition=Q(first_response_at__isnull=True),
                name="case_response_unmet_idx",
            ),
            models.Index(
                fields=["resolved_at"],
                include=["resolution_due_at", "resolution_minutes", "queue"],
                name="case_resolution_met_idx",
            ),
            models.Index(
                fields=["resolution_due_at"],
                include=["queue"],
                condition=Q(resolved_at__isnull=True),
                name="case_resolution_unmet_idx",
            ),
            models.Index(
                fields=["created_at"],
                include=["queue", "resolved_at", "reopen_count"],
                name="case_opened_idx",
            ),
            # The open cases' counts (the queue page, the figures): an index-only scan of
            # the open ones only.
            models.Index(
                fields=["queue", "priority"],
                include=["status", "next_due_at", "sla_missed", "owner"],
                condition=Q(status__in=OPEN_STATUSES),
                name="case_open_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="case_resolved_has_resolution",
                condition=~Q(status__in=["resolved", "closed"]) | ~Q(resolution=""),
            ),
            models.CheckConstraint(name="case_not_own_parent", condition=~Q(parent=models.F("pk"))),
        ]

    def __str__(self) -> str:
        return f"{self.number or _('new case')}: {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    def legal_moves(self) -> tuple[str, ...]:
        return LEGAL_MOVES[self.status]


class CaseUserObjectPermission(UserGrant):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupGrant):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseStatusChange(models.Model):
    """One row per status change (and per assignment, merge, reopening) of a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("from"), max_length=16, choices=CaseStatus.choices, blank=True)
    status = models.CharField(_("to"), max_length=16, choices=CaseStatus.choices)
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["case", "changed_at", "id"]
        verbose_name = _("case status change")
        indexes = [models.Index(fields=["case", "changed_at", "id"], name="casestatus_case_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_status or '-'} → {self.status}"


class CaseNote(models.Model):
    """A note on a case: internal (staff only) or public (the customer sees it in the portal)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    body = models.TextField(_("note"))
    public = models.BooleanField(_("public (the customer sees it)"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["case", "created_at", "id"]
        verbose_name = _("case note")
        indexes = [models.Index(fields=["case", "created_at", "id"], name="casenote_case_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.body[:40]}"


class CaseEvent(models.Model):
    """A call, e-mail or meeting logged about a case (events sit below support: the link
    lives here)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="event_links")
    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="case_link")

    class Meta:
        verbose_name = _("event about a case")
        indexes = [models.Index(fields=["case", "event"], name="caseevent_case_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.event_id}"
