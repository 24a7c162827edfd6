"""Leads and marketing (OFBiz Lead, DataSource, MarketingCampaign, ContactList).

A lead is a Party with the LEAD role plus a Lead row for its lead-only fields; its access
grants are the party's. Converting it adds the CONTACT role to the same party."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.currencies import CURRENCY_CHOICES
from crm.models import TimeStampedModel
from parties.models import ConsentPurpose, ContactMech, Party


def new_capture_token() -> str:
    return secrets.token_urlsafe(24)


class CampaignStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    APPROVED = "approved", _("Approved")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class MarketingCampaign(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=CampaignStatus.choices, default=CampaignStatus.PLANNED
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default="EUR"
    )
    budgeted_cost = models.DecimalField(
        _("budgeted cost"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    actual_cost = models.DecimalField(
        _("actual cost"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    expected_revenue = models.DecimalField(
        _("expected revenue"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    expected_response_percent = models.DecimalField(
        _("expected response %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_campaigns",
        verbose_name=_("owner"),
    )
    # Web-to-lead: the public form at /capture/<token>/ works while enabled.
    capture_enabled = models.BooleanField(_("web form published"), default=False)
    capture_token = models.CharField(max_length=64, unique=True, default=new_capture_token)

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("marketing campaign")
        verbose_name_plural = _("marketing campaigns")
        constraints = [
            models.CheckConstraint(
                name="campaign_dates_ordered",
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
            ),
        ]
        indexes = [models.Index(fields=["status", "name"], name="campaign_status_name_idx")]

    def __str__(self) -> str:
        return self.name


class LeadStatus(models.TextChoices):
    NEW = "NEW", _("New")
    ASSIGNED = "ASSIGNED", _("Assigned")
    QUALIFIED = "QUALIFIED", _("Qualified")
    CONVERTED = "CONVERTED", _("Converted")
    DISQUALIFIED = "DISQUALIFIED", _("Disqualified")


# The moves a user makes from the lead's page; CONVERTED is reached only by conversion and
# DISQUALIFIED -> ASSIGNED is "recycling".
LEAD_TRANSITIONS = {
    LeadStatus.NEW: [LeadStatus.ASSIGNED, LeadStatus.QUALIFIED, LeadStatus.DISQUALIFIED],
    LeadStatus.ASSIGNED: [LeadStatus.QUALIFIED, LeadStatus.DISQUALIFIED],
    LeadStatus.QUALIFIED: [LeadStatus.ASSIGNED, LeadStatus.DISQUALIFIED],
    LeadStatus.DISQUALIFIED: [LeadStatus.ASSIGNED],
    LeadStatus.CONVERTED: [],
}
CONVERTIBLE_STATUSES = [LeadStatus.NEW, LeadStatus.ASSIGNED, LeadStatus.QUALIFIED]


class Lead(TimeStampedModel):
    party = models.OneToOneField(
        Party, on_delete=models.CASCADE, primary_key=True, related_name="lead"
    )
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=LeadStatus.choices, default=LeadStatus.NEW
    )
    campaign = models.ForeignKey(
        MarketingCampaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leads",
        verbose_name=_("marketing campaign"),
    )
    # The partner who brought the lead (a party with a partnership: parties.Partnership).
    partner = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_leads",
        verbose_name=_("partner"),
    )
    disqualification_reason = models.CharField(
        _("disqualification reason"), max_length=500, blank=True
    )
    converted_at = models.DateTimeField(_("converted at"), null=True, blank=True)
    converted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    converted_account = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    converted_contact = models.ForeignKey(
        Party, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        constraints = [
            models.CheckConstraint(
                name="lead_converted_has_date",
                condition=~Q(status="CONVERTED") | Q(converted_at__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "party"], name="lead_status_idx"),
            models.Index(fields=["campaign", "status"], name="lead_campaign_status_idx"),
        ]

    def __str__(self) -> str:
        return self.party.display_name

    @property
    def is_converted(self) -> bool:
        return self.status == LeadStatus.CONVERTED


class LeadStatusChange(models.Model):
    """Append-only: every status a lead went through, with who and when."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=LeadStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=LeadStatus.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["lead", "-changed_at"], name="leadstatus_lead_idx")]
        verbose_name = _("lead status change")

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"


class ContactListType(models.TextChoices):
    MARKETING = "marketing", _("Marketing")
    NEWSLETTER = "newsletter", _("Newsletter")
    ANNOUNCEMENT = "announcement", _("Announcement")


class ContactListChannel(models.TextChoices):
    """How the list reaches its members, and so which consent a member needs."""

    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    SMS = "sms", _("SMS")
    POST = "post", _("Post")


CHANNEL_CONSENT = {
    ContactListChannel.EMAIL: ConsentPurpose.MARKETING_EMAIL,
    ContactListChannel.PHONE: ConsentPurpose.MARKETING_PHONE,
    ContactListChannel.SMS: ConsentPurpose.SMS,
    ContactListChannel.POST: ConsentPurpose.POST,
}


class ContactList(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    list_type = models.CharField(
        _("type"), max_length=12, choices=ContactListType.choices, default=ContactListType.MARKETING
    )
    channel = models.CharField(
        _("channel"),
        max_length=8,
        choices=ContactListChannel.choices,
        default=ContactListChannel.EMAIL,
    )
    campaign = models.ForeignKey(
        MarketingCampaign,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_lists",
        verbose_name=_("marketing campaign"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_contact_lists",
        verbose_name=_("owner"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact list")
        verbose_name_plural = _("contact lists")

    def __str__(self) -> str:
        return self.name

    @property
    def consent_purpose(self) -> str:
        return CHANNEL_CONSENT[ContactListChannel(self.channel)]


class MemberStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class ContactListMember(models.Model):
    contact_list = models.ForeignKey(ContactList, on_delete=models.CASCADE, related_name="members")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="list_memberships")
    status = models.CharField(
        _("status"), max_length=12, choices=MemberStatus.choices, default=MemberStatus.PENDING
    )
    status_changed_at = models.DateTimeField(_("status since"), default=timezone.now)
    preferred_contact_mech = models.ForeignKey(
        ContactMech,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("preferred contact mechanism"),
    )
    from_date = models.DateTimeField(_("member since"), default=timezone.now)
    thru_date = models.DateTimeField(_("member until"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["from_date", "id"]
        constraints = [
            # A party is a current member of a list at most once; removed members stay as history.
            models.UniqueConstraint(
                fields=["contact_list", "party"],
                condition=Q(thru_date__isnull=True),
                name="contactlistmember_one_current",
            )
        ]
        indexes = [
            models.Index(fields=["contact_list", "status", "thru_date"], name="clmember_list_idx"),
            models.Index(fields=["party", "thru_date"], name="clmember_party_idx"),
        ]
        verbose_name = _("contact list member")

    def __str__(self) -> str:
        return f"{self.party} in {self.contact_list}"

    @property
    def is_current(self) -> bool:
        return self.thru_date is None
