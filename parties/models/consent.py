"""Consent records per party and purpose."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parties.models.contact_mechs import ContactMech
from parties.models.parties import Party


class ConsentPurpose(models.TextChoices):
    MARKETING_EMAIL = "MARKETING_EMAIL", _("Marketing e-mail")
    MARKETING_PHONE = "MARKETING_PHONE", _("Marketing phone calls")
    SMS = "SMS", _("SMS")
    POST = "POST", _("Post")
    PROFILING = "PROFILING", _("Profiling")


class ConsentSource(models.TextChoices):
    WEB_FORM = "WEB_FORM", _("Web form")
    PHONE = "PHONE", _("Phone")
    IMPORT = "IMPORT", _("Import")
    PAPER = "PAPER", _("Paper")
    IN_PERSON = "IN_PERSON", _("In person")


class Consent(models.Model):
    """Append-only: the current state of (party, purpose) is its latest row."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    contact_mech = models.ForeignKey(
        ContactMech,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("contact mechanism"),
    )
    granted = models.BooleanField(_("granted"))
    source = models.CharField(_("source"), max_length=12, choices=ConsentSource.choices)
    captured_at = models.DateTimeField(_("captured at"), default=timezone.now)
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["party", "purpose", "-captured_at", "-id"], name="consent_latest_idx"
            )
        ]
        ordering = ["-captured_at", "-id"]
        verbose_name = _("consent")

    def __str__(self) -> str:
        state = _("granted") if self.granted else _("withdrawn")
        return f"{self.party}: {self.get_purpose_display()} {state}"
