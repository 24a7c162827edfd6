"""The terms of a partnership: who our partners are, on which agreement."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parties.models.parties import Party


class PartnerType(models.TextChoices):
    RESELLER = "reseller", _("Reseller")
    REFERRAL = "referral", _("Referral partner")
    DISTRIBUTOR = "distributor", _("Distributor")
    AFFILIATE = "affiliate", _("Affiliate")


class Partnership(models.Model):
    """The terms of a PARTNERSHIP relationship between an organization (with the PARTNER
    role) and us: its type, the channel manager who owns it, the commission rate and the
    agreement's dates.

    The codebase has no party that stands for our own organization, so the relationship's
    other side is implied and its terms get their own rows here, rather than a
    PartyRelationship pointing at a made-up party. One row is one agreement: it is current
    while it has no thru date; ending it sets the thru date (its last day); a later
    agreement with the same partner is a new row, so the history stays and commission on a
    deal is reckoned at the rate in force on the day it was won. A partner has at most one
    current agreement (the `partnership_one_current` constraint)."""

    partner = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="partnerships", verbose_name=_("partner")
    )
    type = models.CharField(_("type"), max_length=12, choices=PartnerType.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="managed_partnerships",
        verbose_name=_("channel manager"),
    )
    commission_rate = models.DecimalField(
        _("commission rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    from_date = models.DateField(_("from"), default=timezone.localdate)
    thru_date = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["partner", "-from_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner"],
                condition=Q(thru_date__isnull=True),
                name="partnership_one_current",
            ),
            models.CheckConstraint(
                name="partnership_dates_ordered",
                condition=Q(thru_date__isnull=True) | Q(thru_date__gte=models.F("from_date")),
            ),
            models.CheckConstraint(
                name="partnership_commission_percent",
                condition=Q(commission_rate__gte=0) & Q(commission_rate__lte=100),
            ),
        ]
        indexes = [
            # The partner's terms, latest first (its page, the list's columns and filters).
            models.Index(fields=["partner", "-from_date", "-id"], name="partnership_partner_idx"),
            # "Mine": the partners a channel manager owns.
            models.Index(fields=["owner", "thru_date"], name="partnership_owner_idx"),
            models.Index(fields=["type", "thru_date"], name="partnership_type_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.partner} — {self.get_type_display()}"

    @property
    def is_current(self) -> bool:
        return self.thru_date is None

    def in_force_on(self, day) -> bool:
        return self.from_date <= day and (self.thru_date is None or day <= self.thru_date)
