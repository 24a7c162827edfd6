"""Contact mechanism forms: a postal address and the add/edit form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField

from parties.models import PURPOSES_BY_KIND, ContactMechKind, ContactMechPurpose
from parties.normalize import normalize_email, normalize_phone, normalize_url


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
