"""The roles a party plays (contact, account, customer, lead, ...)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from parties.models.parties import Party


class RoleType(models.TextChoices):
    CONTACT = "CONTACT", _("Contact")
    ACCOUNT = "ACCOUNT", _("Account")
    CUSTOMER = "CUSTOMER", _("Customer")
    LEAD = "LEAD", _("Lead")
    PARTNER = "PARTNER", _("Partner")
    COMPETITOR = "COMPETITOR", _("Competitor")


class PartyRole(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=12, choices=RoleType.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["party", "role"], name="partyrole_unique_party_role")
        ]
        indexes = [models.Index(fields=["role", "party"], name="partyrole_role_party_idx")]
        verbose_name = _("party role")

    def __str__(self) -> str:
        return f"{self.party} — {self.get_role_display()}"
