"""Relationships between parties (employment, parent account, ...)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parties.models.parties import Party


class RelationshipKind(models.TextChoices):
    EMPLOYMENT = "EMPLOYMENT", _("Employment")
    PARENT_ACCOUNT = "PARENT_ACCOUNT", _("Parent account")
    PARTNERSHIP = "PARTNERSHIP", _("Partnership")
    COMPETITOR_OF = "COMPETITOR_OF", _("Competitor of")
    REPORTS_TO = "REPORTS_TO", _("Reports to")


class PartyRelationship(models.Model):
    """from_party is <kind> to_party: a person EMPLOYMENT at an organization, an account
    PARENT_ACCOUNT of another, a person REPORTS_TO another person."""

    from_party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="relationships_from"
    )
    to_party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="relationships_to")
    kind = models.CharField(_("kind"), max_length=16, choices=RelationshipKind.choices)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    from_date = models.DateField(_("from"), default=timezone.localdate)
    thru_date = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="partyrelationship_not_self", condition=~Q(from_party=models.F("to_party"))
            ),
            models.CheckConstraint(
                name="partyrelationship_dates_ordered",
                condition=Q(thru_date__isnull=True) | Q(thru_date__gte=models.F("from_date")),
            ),
        ]
        indexes = [
            models.Index(fields=["from_party", "kind", "thru_date"], name="partyrel_from_idx"),
            models.Index(fields=["to_party", "kind", "thru_date"], name="partyrel_to_idx"),
        ]
        ordering = ["thru_date", "-from_date", "-id"]
        verbose_name = _("party relationship")

    def __str__(self) -> str:
        return f"{self.from_party} {self.get_kind_display()} {self.to_party}"

    @property
    def is_current(self) -> bool:
        # Ending a relationship sets its thru date; an open one has none.
        return self.thru_date is None
