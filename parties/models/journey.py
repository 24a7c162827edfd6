"""The customer journey: one append-only row per touch point of a party (a lead captured, a
consent given, a call held, a deal moved, an order placed, a review posted, ...).

Written by the services that make the touch point (never signals), read by the journey panel
and page as one index range per party. The app that owns a record type registers how to
link its rows and who may see them (`parties.journey`)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parties.models.parties import Party


class JourneyEntry(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="journey")
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    # What happened, e.g. "order_status" (labels: parties.journey.KINDS).
    kind = models.CharField(_("kind"), max_length=32)
    # The record it is about ("order", "event", ...: parties.journey record types) and its id.
    record_type = models.CharField(max_length=32, blank=True)
    record_id = models.BigIntegerField(null=True, blank=True)
    summary = models.CharField(_("what happened"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        indexes = [
            models.Index(fields=["party", "-occurred_at", "-id"], name="journey_party_idx"),
            models.Index(
                fields=["party", "kind", "-occurred_at", "-id"], name="journey_party_kind_idx"
            ),
        ]
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("journey entry")
        verbose_name_plural = _("journey entries")

    def __str__(self) -> str:
        return f"{self.party_id} {self.occurred_at:%Y-%m-%d}: {self.summary}"
