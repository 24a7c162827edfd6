"""Ids a party has in other systems (OFBiz PartyIdentification): the external id of a CSV
import's rows, the partyId of an OFBiz import. A re-run of an import finds its parties by
them, so importing the same file twice creates nothing new."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parties.models.parties import Party


class PartyIdentification(models.Model):
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="identifications", verbose_name=_("party")
    )
    # Which system the id belongs to: "ofbiz", or the name a user gave an import's source
    # ("salesforce", "old-crm"); lower case.
    system = models.CharField(_("system"), max_length=40)
    value = models.CharField(_("external id"), max_length=100)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("external id")
        verbose_name_plural = _("external ids")
        constraints = [
            models.UniqueConstraint(fields=["system", "value"], name="party_ident_unique"),
        ]
        indexes = [models.Index(fields=["party", "system"], name="party_ident_party_idx")]

    def __str__(self) -> str:
        return f"{self.system}:{self.value}"
