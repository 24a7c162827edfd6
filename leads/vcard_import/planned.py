"""What the cards of a file become: planned leads with their contact details."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django_countries import countries

from parties.models import ContactMechPurpose
from parties.normalize import format_phone
from parties.vcards import CardError


@dataclass
class PlannedPhone:
    value: str  # E.164
    extension: str
    purposes: list[str]

    @property
    def display(self) -> str:
        number = format_phone(self.value)
        if not self.extension:
            return number
        return _("%(number)s ext. %(extension)s") % {"number": number, "extension": self.extension}

    @property
    def purpose_labels(self) -> list[str]:
        return [str(ContactMechPurpose(p).label) for p in self.purposes]


@dataclass
class PlannedAddress:
    address1: str
    address2: str
    city: str
    postal_code: str
    state: str
    country: str  # ISO code
    purposes: list[str]

    @property
    def fields(self) -> dict[str, str]:
        return {
            "address1": self.address1,
            "address2": self.address2,
            "city": self.city,
            "postal_code": self.postal_code,
            "state": self.state,
            "country": self.country,
        }

    @property
    def display(self) -> str:
        parts = [
            self.address1,
            self.address2,
            " ".join(p for p in (self.postal_code, self.city) if p),
            self.state,
            str(countries.name(self.country)),
        ]
        return ", ".join(p for p in parts if p)

    @property
    def purpose_labels(self) -> list[str]:
        return [str(ContactMechPurpose(p).label) for p in self.purposes]


@dataclass
class PlannedLead:
    """What one card becomes. No names: a lead for the company only."""

    index: int
    company_name: str
    first_name: str = ""
    last_name: str = ""
    salutation: str = ""
    middle_name: str = ""
    suffix: str = ""
    job_title: str = ""
    description: str = ""
    emails: list[str] = field(default_factory=list)  # the first is the primary one
    phones: list[PlannedPhone] = field(default_factory=list)
    addresses: list[PlannedAddress] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def is_person(self) -> bool:
        return bool(self.first_name)

    @property
    def display_name(self) -> str:
        if not self.is_person:
            return self.company_name
        parts = [self.first_name, self.middle_name, self.last_name, self.suffix]
        return " ".join(p for p in parts if p)


@dataclass
class ImportPlan:
    leads: list[PlannedLead]
    errors: list[CardError]  # the cards that will not be imported, in file order
