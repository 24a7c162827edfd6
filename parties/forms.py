import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from crm.forms import VersionedFormMixin
from parties.models import (
    PURPOSES_BY_KIND,
    ConsentPurpose,
    ConsentSource,
    ContactMechKind,
    ContactMechPurpose,
    Party,
    PaymentPreference,
)
from parties.normalize import normalize_email, normalize_phone, normalize_url

PERSON_FIELDS = [
    "salutation",
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "job_title",
    "birth_date",
    "preferred_currency",
    "description",
]
ORGANIZATION_FIELDS = [
    "name",
    "industry",
    "employee_count",
    "annual_revenue",
    "preferred_currency",
    "description",
]
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EmailField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return normalize_email(value) if value else ""


class PhoneField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return normalize_phone(value) if value else ""


class WebField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return normalize_url(value) if value else ""


def email_field(required=False):
    return EmailField(
        label=_("E-mail"),
        required=required,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


def phone_field(required=False):
    return PhoneField(
        label=_("Phone"),
        required=required,
        max_length=40,
        help_text=_("With the country code for numbers abroad, e.g. +44 20 7946 0958."),
        widget=forms.TextInput(attrs={"type": "tel"}),
    )


class PartyLookupInput(forms.TextInput):
    """A text input that suggests matching records as the user types (htmx fills a
    <datalist> from the page kind's lookup URL). Without JavaScript, typing the exact name or
    the number works just as well."""

    template_name = "parties/widgets/party_lookup.html"

    def __init__(self, lookup_url: str = "", attrs=None):
        super().__init__(attrs)
        self.lookup_url = lookup_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["lookup_url"] = self.lookup_url
        return context


NUMBERED = re.compile(r"^(?:.*\(#(\d+)\)|#?(\d+))\s*$")


class PartyLookupField(forms.Field):
    """Picks one record from a permission-filtered queryset by "Name (#id)", "#id" or its exact
    name, so the form never has to list every record the user may see."""

    def __init__(self, *, queryset=None, noun=None, lookup_url="", **kwargs):
        kwargs.setdefault("widget", PartyLookupInput(lookup_url))
        super().__init__(**kwargs)
        self.queryset = queryset if queryset is not None else Party.objects.none()
        self.noun = noun or _("record")

    def prepare_value(self, value):
        if isinstance(value, Party):
            return f"{value.display_name} (#{value.pk})"
        return value

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return None
        match = NUMBERED.match(text)
        if match:
            try:
                found = self.queryset.filter(pk=int(match.group(1) or match.group(2))).first()
            except (OverflowError, ValueError):
                found = None
            if found is None:
                raise ValidationError(
                    _("No %(noun)s you may see has that number.") % {"noun": self.noun}
                )
            return found
        named = list(self.queryset.filter(display_name__iexact=text)[:2])
        if len(named) == 1:
            return named[0]
        if named:
            raise ValidationError(
                _("Several %(noun)ss are named “%(name)s”: pick one from the suggestions.")
                % {"noun": self.noun, "name": text}
            )
        raise ValidationError(
            _("No %(noun)s you may see is named “%(name)s”: pick one from the suggestions.")
            % {"noun": self.noun, "name": text}
        )


class PersonForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = PERSON_FIELDS
        widgets = {"birth_date": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = ORGANIZATION_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True


class ContactCreateForm(PersonForm):
    email = email_field()
    phone = phone_field()
    account = PartyLookupField(
        label=_("Account"),
        required=False,
        noun=_("account"),
        help_text=_("The organization this contact works at (job title above). Type to search."),
    )

    def __init__(self, *args, accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if accounts is not None:
            self.fields["account"].queryset = accounts
        self.fields["account"].widget.lookup_url = reverse("accounts:lookup")


class AccountCreateForm(OrganizationForm):
    phone = phone_field()
    email = email_field()
    website = WebField(label=_("Web site"), required=False, max_length=300)


class PersonEditForm(VersionedFormMixin, PersonForm):
    pass


class OrganizationEditForm(VersionedFormMixin, OrganizationForm):
    pass


class CustomerPersonEditForm(VersionedFormMixin, PersonForm):
    class Meta(PersonForm.Meta):
        fields = PERSON_FIELDS + ["payment_preference"]


class CustomerOrganizationEditForm(VersionedFormMixin, OrganizationForm):
    class Meta(OrganizationForm.Meta):
        fields = ORGANIZATION_FIELDS + ["payment_preference"]


class AddressFields(forms.Form):
    """A postal address; the prefix tells shipping and billing apart."""

    to_name = forms.CharField(label=_("To name"), max_length=200, required=False)
    address1 = forms.CharField(label=_("Address line 1"), max_length=200)
    address2 = forms.CharField(label=_("Address line 2"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=100)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    state = forms.CharField(label=_("State / province"), max_length=100, required=False)
    country = LazyTypedChoiceField(
        label=_("Country"), choices=[("", "---------")] + list(countries)
    )


class CustomerCreateForm(forms.Form):
    """The critical fields of a new customer: name, phone, e-mail, payment preference and
    shipping address (billing = shipping unless told otherwise)."""

    kind = forms.ChoiceField(
        label=_("Customer type"),
        choices=[("person", _("Person (B2C)")), ("organization", _("Organization (B2B)"))],
        widget=forms.RadioSelect,
        initial="person",
    )
    salutation = forms.CharField(label=_("Salutation"), max_length=20, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    name = forms.CharField(label=_("Organization name"), max_length=200, required=False)
    email = email_field(required=True)
    phone = phone_field(required=True)
    payment_preference = forms.ChoiceField(
        label=_("Payment preference"),
        choices=[("", "---------")] + list(PaymentPreference.choices),
        help_text=_("The preference only: card details are never stored here."),
    )
    billing_same = forms.BooleanField(
        label=_("Billing address is the shipping address"), required=False, initial=True
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.shipping = AddressFields(data, prefix="shipping")
        self.billing = AddressFields(data, prefix="billing")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == "person":
            for field, label in (("first_name", _("First name")), ("last_name", _("Last name"))):
                if not (cleaned.get(field) or "").strip():
                    self.add_error(field, _("%(field)s is required.") % {"field": label})
        elif cleaned.get("kind") == "organization" and not (cleaned.get("name") or "").strip():
            self.add_error("name", _("Organization name is required."))
        return cleaned

    def is_valid(self):
        valid = super().is_valid()
        shipping_valid = self.shipping.is_valid()
        billing_valid = True
        if self.is_bound and not self.cleaned_data.get("billing_same"):
            billing_valid = self.billing.is_valid()
        elif self.is_bound:
            # Unused billing fields must not be shown as errors when the form is re-rendered.
            self.billing = AddressFields(
                prefix="billing",
                initial={
                    name: self.data.get(f"billing-{name}", "") for name in AddressFields.base_fields
                },
            )
        return valid and shipping_valid and billing_valid

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            "kind": data["kind"],
            "email": data["email"],
            "phone": data["phone"],
            "payment_preference": data["payment_preference"],
            "shipping_address": self.shipping.cleaned_data,
            "billing_address": None if data["billing_same"] else self.billing.cleaned_data,
        }
        if data["kind"] == "person":
            kwargs.update(
                salutation=data["salutation"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        else:
            kwargs["name"] = data["name"]
        return kwargs


class ContactMechForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactMechKind.choices)
    value = forms.CharField(
        label=_("E-mail, phone or web address"),
        max_length=500,
        required=False,
        help_text=_("Not needed for a postal address."),
    )
    extension = forms.CharField(label=_("Extension"), max_length=10, required=False)
    to_name = forms.CharField(label=_("To name"), max_length=200, required=False)
    address1 = forms.CharField(label=_("Address line 1"), max_length=200, required=False)
    address2 = forms.CharField(label=_("Address line 2"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    state = forms.CharField(label=_("State / province"), max_length=100, required=False)
    country = LazyTypedChoiceField(
        label=_("Country"), choices=[("", "---------")] + list(countries), required=False
    )
    purposes = forms.MultipleChoiceField(
        label=_("Purposes"),
        choices=ContactMechPurpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    verified = forms.BooleanField(label=_("Verified"), required=False)

    def __init__(self, *args, fixed_kind: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_kind:
            self.fields["kind"].disabled = True
            self.fields["kind"].initial = fixed_kind
            allowed = PURPOSES_BY_KIND[ContactMechKind(fixed_kind)]
            self.fields["purposes"].choices = [(p.value, p.label) for p in allowed]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and kind != ContactMechKind.POSTAL_ADDRESS and not cleaned.get("value", "").strip():
            self.add_error(
                "value", _("Enter the %(kind)s.") % {"kind": ContactMechKind(kind).label.lower()}
            )
        if kind == ContactMechKind.EMAIL and cleaned.get("value"):
            self._normalize("value", normalize_email)
        elif kind == ContactMechKind.PHONE and cleaned.get("value"):
            self._normalize("value", normalize_phone)
        elif kind == ContactMechKind.WEB and cleaned.get("value"):
            self._normalize("value", normalize_url)
        elif kind == ContactMechKind.POSTAL_ADDRESS:
            for field in ("address1", "city", "country"):
                if not cleaned.get(field):
                    self.add_error(field, _("This field is required for a postal address."))
        return cleaned

    def _normalize(self, field, normalizer):
        try:
            self.cleaned_data[field] = normalizer(self.cleaned_data[field])
        except ValidationError as exc:
            self.add_error(field, exc)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("kind")
        return data


class EmploymentForm(forms.Form):
    other = PartyLookupField(label=_("Account"), help_text=_("Type to search."))
    title = forms.CharField(label=_("Job title"), max_length=100, required=False)
    from_date = forms.DateField(label=_("Since"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, choices, other_label, noun, lookup_url, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["other"]
        field.queryset = choices
        field.label = other_label
        field.noun = noun
        field.widget.lookup_url = lookup_url


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    granted = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Granted")), ("0", _("Withdrawn"))],
        coerce=lambda v: v == "1",
    )
    source = forms.ChoiceField(label=_("Source"), choices=ConsentSource.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
