"""Contact mechanisms (e-mail, phone, postal, web), their parties and purposes."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from parties.models.parties import Party
from parties.normalize import phone_for_people


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

    @property
    def shown_value(self) -> str:
        """`value` as people read it: a phone formatted (tel: links and search keep E.164)."""
        return phone_for_people(self.value) if self.kind == ContactMechKind.PHONE else self.value


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
