"""The party itself (people and organizations), its enums and its lead source."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from crm.currencies import CURRENCY_CHOICES
from crm.models import TimeStampedModel


class PartyKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANIZATION = "organization", _("Organization")


class PartyStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DISABLED = "disabled", _("Disabled")


class PaymentPreference(models.TextChoices):
    CREDIT_CARD = "credit_card", _("Credit card")
    CASH_ON_DELIVERY = "cash_on_delivery", _("Cash on delivery")
    INSTALLMENTS = "installments", _("Installments")


class LeadSource(models.Model):
    """Where a lead or party came from (OFBiz DataSource of type LEAD_SOURCE)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        # Created by the leads app, whose table it keeps (it moved here: parties point at it).
        db_table = "leads_leadsource"
        ordering = ["position", "name"]
        verbose_name = _("lead source")
        verbose_name_plural = _("lead sources")

    def __str__(self) -> str:
        return self.name


class Party(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=12, choices=PartyKind.choices)
    # Person
    salutation = models.CharField(_("salutation"), max_length=20, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    middle_name = models.CharField(_("middle name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    suffix = models.CharField(_("suffix"), max_length=20, blank=True)
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    # Organization (OFBiz PartyGroup)
    name = models.CharField(_("name"), max_length=200, blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    employee_count = models.PositiveIntegerField(_("number of employees"), null=True, blank=True)
    annual_revenue = models.DecimalField(
        _("annual revenue"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    # Common
    display_name = models.CharField(_("name"), max_length=255, db_index=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=PartyStatus.choices, default=PartyStatus.ACTIVE
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_parties",
        verbose_name=_("owner"),
    )
    description = models.TextField(_("description"), blank=True)
    preferred_currency = models.CharField(
        _("preferred currency"), max_length=3, choices=CURRENCY_CHOICES, blank=True
    )
    source = models.ForeignKey(
        LeadSource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source"),
    )
    payment_preference = models.CharField(
        _("payment preference"), max_length=20, choices=PaymentPreference.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    # A tombstone: this party was merged into another (duplicates app); its old URLs
    # redirect there. Null for every live party.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_parties",
        editable=False,
        verbose_name=_("merged into"),
    )
    merged_at = models.DateTimeField(_("merged"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "display_name"])

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        permissions = [("share_party", _("Can share party"))]
        constraints = [
            models.CheckConstraint(
                name="party_person_has_names",
                condition=~Q(kind="person") | (~Q(first_name="") & ~Q(last_name="")),
            ),
            models.CheckConstraint(
                name="party_organization_has_name",
                condition=~Q(kind="organization") | ~Q(name=""),
            ),
        ]
        indexes = [
            models.Index(fields=["display_name", "id"], name="party_name_sort_idx"),
            models.Index(fields=["owner", "display_name"], name="party_owner_name_idx"),
            # Covers the dashboard's count of my active records per role (index-only).
            models.Index(fields=["owner", "status", "id"], name="party_owner_status_idx"),
            models.Index(fields=["status", "display_name"], name="party_status_name_idx"),
            models.Index(fields=["-created_at", "id"], name="party_created_sort_idx"),
            models.Index(fields=["-updated_at", "id"], name="party_updated_sort_idx"),
            models.Index(fields=["updated_by", "-updated_at"], name="party_updated_by_idx"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_person(self) -> bool:
        return self.kind == PartyKind.PERSON

    @property
    def is_active(self) -> bool:
        return self.status == PartyStatus.ACTIVE

    def compute_display_name(self) -> str:
        if self.kind == PartyKind.ORGANIZATION:
            return self.name.strip()
        parts = [self.first_name, self.middle_name, self.last_name, self.suffix]
        return " ".join(p.strip() for p in parts if p and p.strip())


class PersonManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=PartyKind.PERSON)


class OrganizationManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=PartyKind.ORGANIZATION)


class Person(Party):
    objects = PersonManager()

    class Meta:
        proxy = True
        verbose_name = _("person")
        verbose_name_plural = _("people")


class Organization(Party):
    objects = OrganizationManager()

    class Meta:
        proxy = True
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
