"""The Party core (OFBiz Party, PartyRole, PartyRelationship, ContactMech, Consent)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from crm.currencies import CURRENCY_CHOICES
from crm.models import GrantMetadata, TimeStampedModel


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


class PartyUserObjectPermission(UserObjectPermissionBase, GrantMetadata):
    content_object = models.ForeignKey(Party, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("party user permission")
        indexes = [
            models.Index(fields=["user", "cause", "-granted_at"], name="partyuserperm_shares_idx")
        ]


class PartyGroupObjectPermission(GroupObjectPermissionBase, GrantMetadata):
    content_object = models.ForeignKey(Party, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("party team permission")
        indexes = [
            models.Index(fields=["group", "cause", "-granted_at"], name="partygroupperm_shares_idx")
        ]


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


class ContactMechKind(models.TextChoices):
    EMAIL = "EMAIL", _("E-mail")
    PHONE = "PHONE", _("Phone")
    POSTAL_ADDRESS = "POSTAL_ADDRESS", _("Postal address")
    WEB = "WEB", _("Web address")


class ContactMech(models.Model):
    """An e-mail address, phone number, postal address or web address. `value` holds the
    normalized form (lower-cased e-mail, E.164 phone, URL, one-line address) for search."""

    kind = models.CharField(_("kind"), max_length=16, choices=ContactMechKind.choices)
    value = models.CharField(_("value"), max_length=500, db_index=True)
    to_name = models.CharField(_("to name"), max_length=200, blank=True)
    address1 = models.CharField(_("address line 1"), max_length=200, blank=True)
    address2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    state = models.CharField(_("state / province"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "value"], name="contactmech_kind_value_idx")]
        constraints = [
            models.CheckConstraint(
                name="contactmech_postal_has_country",
                condition=~Q(kind="POSTAL_ADDRESS") | ~Q(country=""),
            )
        ]
        verbose_name = _("contact mechanism")

    def __str__(self) -> str:
        return self.value


class ContactMechPurpose(models.TextChoices):
    PRIMARY_EMAIL = "PRIMARY_EMAIL", _("Primary e-mail")
    PRIMARY_PHONE = "PRIMARY_PHONE", _("Primary phone")
    MOBILE_PHONE = "MOBILE_PHONE", _("Mobile phone")
    WORK_PHONE = "WORK_PHONE", _("Work phone")
    GENERAL_LOCATION = "GENERAL_LOCATION", _("General address")
    BILLING_LOCATION = "BILLING_LOCATION", _("Billing address")
    SHIPPING_LOCATION = "SHIPPING_LOCATION", _("Shipping address")
    PRIMARY_WEB_URL = "PRIMARY_WEB_URL", _("Primary web address")


PURPOSES_BY_KIND = {
    ContactMechKind.EMAIL: [ContactMechPurpose.PRIMARY_EMAIL],
    ContactMechKind.PHONE: [
        ContactMechPurpose.PRIMARY_PHONE,
        ContactMechPurpose.MOBILE_PHONE,
        ContactMechPurpose.WORK_PHONE,
    ],
    ContactMechKind.POSTAL_ADDRESS: [
        ContactMechPurpose.GENERAL_LOCATION,
        ContactMechPurpose.BILLING_LOCATION,
        ContactMechPurpose.SHIPPING_LOCATION,
    ],
    ContactMechKind.WEB: [ContactMechPurpose.PRIMARY_WEB_URL],
}
# A party has at most one current contact mechanism with each of these purposes.
SINGLE_PURPOSES = [
    ContactMechPurpose.PRIMARY_EMAIL,
    ContactMechPurpose.PRIMARY_PHONE,
    ContactMechPurpose.PRIMARY_WEB_URL,
]


class PartyContactMech(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="contact_mechs")
    contact_mech = models.ForeignKey(ContactMech, on_delete=models.CASCADE, related_name="parties")
    from_date = models.DateTimeField(_("from"), default=timezone.now)
    thru_date = models.DateTimeField(_("until"), null=True, blank=True)
    extension = models.CharField(_("extension"), max_length=10, blank=True)
    verified = models.BooleanField(_("verified"), default=False)

    history = HistoricalRecords()

    class Meta:
        indexes = [
            models.Index(fields=["party", "thru_date"], name="partycm_party_current_idx"),
            models.Index(fields=["contact_mech", "party"], name="partycm_mech_party_idx"),
        ]
        ordering = ["from_date", "id"]
        verbose_name = _("party contact mechanism")

    def __str__(self) -> str:
        return f"{self.party}: {self.contact_mech}"

    @property
    def is_current(self) -> bool:
        return self.thru_date is None


class PartyContactMechPurpose(models.Model):
    party_contact_mech = models.ForeignKey(
        PartyContactMech, on_delete=models.CASCADE, related_name="purposes"
    )
    # Denormalized from party_contact_mech so the database can enforce one current primary.
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ContactMechPurpose.choices)
    from_date = models.DateTimeField(default=timezone.now)
    thru_date = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["party", "purpose"],
                condition=Q(thru_date__isnull=True) & Q(purpose__in=SINGLE_PURPOSES),
                name="partycmpurpose_one_current_primary",
            )
        ]
        indexes = [
            models.Index(fields=["party", "purpose", "thru_date"], name="partycmp_party_idx")
        ]
        verbose_name = _("contact mechanism purpose")

    def __str__(self) -> str:
        return self.get_purpose_display()


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
