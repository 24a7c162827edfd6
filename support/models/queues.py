"""Support queues (a support team's cases, worked in its business hours) and the service
levels: per priority, a first-response and a resolution target in business minutes."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from crm.models import Team
from support.models.calendars import BusinessCalendar
from support.models.choices import CasePriority


class Queue(models.Model):
    """A support team's queue: its members work the cases, its manager reassigns them."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    team = models.OneToOneField(
        Team, on_delete=models.PROTECT, related_name="support_queue", verbose_name=_("team")
    )
    calendar = models.ForeignKey(
        BusinessCalendar,
        on_delete=models.PROTECT,
        related_name="queues",
        verbose_name=_("business hours"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("queue")

    def __str__(self) -> str:
        return self.name


class ServiceLevel(models.Model):
    """The targets for one priority, in business minutes (support.sla counts them)."""

    priority = models.PositiveSmallIntegerField(
        _("priority"), unique=True, choices=CasePriority.choices
    )
    first_response_minutes = models.PositiveIntegerField(
        _("first response within (business minutes)"), validators=[MinValueValidator(1)]
    )
    resolution_minutes = models.PositiveIntegerField(
        _("resolution within (business minutes)"), validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["priority"]
        verbose_name = _("service level")
        constraints = [
            models.CheckConstraint(
                name="servicelevel_targets_positive",
                condition=Q(first_response_minutes__gt=0) & Q(resolution_minutes__gt=0),
            )
        ]

    def __str__(self) -> str:
        return str(self.get_priority_display())
