"""Creating and editing people, organizations and customers."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from crm.forms import VersionedFormMixin
from parties.forms.contact_mechs import AddressFields
from parties.forms.fields import DATE_INPUT, PartyLookupField, WebField, email_field, phone_field
from parties.models import Party, PaymentPreference

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
