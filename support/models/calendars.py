"""Business hours: a calendar per support team (working days and hours in its time zone, and
its holidays). Service-level clocks run only inside them (support.sla)."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from crm import timezones


class BusinessCalendar(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    # An IANA name ("Europe/Berlin"): the working hours are wall-clock times there.
    time_zone = models.CharField(_("time zone"), max_length=64, choices=timezones.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("business-hours calendar")

    def __str__(self) -> str:
        return f"{self.name} ({self.time_zone})"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class WorkingHours(models.Model):
    """One stretch of working time on a weekday (a day may have several: 9-12 and 13-17)."""

    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["calendar", "weekday", "opens"]
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        constraints = [
            models.CheckConstraint(
                name="workinghours_opens_before_closes", condition=Q(closes__gt=F("opens"))
            ),
            models.UniqueConstraint(
                fields=["calendar", "weekday", "opens"], name="workinghours_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Holiday(models.Model):
    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="holidays"
    )
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["calendar", "date"]
        verbose_name = _("holiday")
        constraints = [models.UniqueConstraint(fields=["calendar", "date"], name="holiday_unique")]

    def __str__(self) -> str:
        return f"{self.date}: {self.name}"
