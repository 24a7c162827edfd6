"""Forms of the lead pages. Validation that needs the database lives in leads.services."""

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from crm.forms import (
    PersonChoiceField,
    RecordChoiceField,
    RecordMultipleChoiceField,
    VersionedFormMixin,
    record_formfield,
)
from leads.models import ContactList, Lead, LeadStatus
from leads.selectors.campaigns import campaigns_for_choice
from parties.forms import (
    AddressFields,
    email_field,
    phone_field,
)
from parties.models import LeadSource, Party
from parties.selectors import partners_for_choice

NAME_HELP = _("Give the first and last name, the company, or both.")


def _source_field():
    return RecordChoiceField(
        label=_("Lead source"),
        queryset=LeadSource.objects.filter(active=True),
        required=False,
    )


def _campaign_field():
    return RecordChoiceField(
        label=_("Marketing campaign"), queryset=campaigns_for_choice(), required=False
    )


def partner_field(keep: int | None = None) -> RecordChoiceField:
    """The partner who brought a lead or a deal: a current partner (or the one it has)."""
    return RecordChoiceField(
        label=_("Partner"),
        queryset=partners_for_choice(keep),
        required=False,
        help_text=_("The partner who brought it. Without a lead source, the source is “Partner”."),
    )


class OptionalAddressFields(AddressFields):
    """A lead's address: optional, but complete when given (checked by the service)."""

    to_name = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class LeadCreateForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    company_name = forms.CharField(
        label=_("Company"), max_length=200, required=False, help_text=NAME_HELP
    )
    job_title = forms.CharField(label=_("Job title"), max_length=100, required=False)
    email = email_field()
    phone = phone_field()
    source = _source_field()
    campaign = _campaign_field()
    partner = partner_field()
    contact_lists = RecordMultipleChoiceField(
        label=_("Contact lists"),
        queryset=ContactList.objects.order_by("name"),
        required=False,
        help_text=_("Added as pending: a member is accepted once their consent is recorded."),
    )
    owner = PersonChoiceField(label=_("Owner"), queryset=User.objects.none())
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, data=None, *, owners, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["owner"].queryset = owners
        self.address = OptionalAddressFields(data, prefix="address")

    def clean(self):
        cleaned = super().clean()
        names = [(cleaned.get(f) or "").strip() for f in ("first_name", "last_name")]
        if not any(names) and not (cleaned.get("company_name") or "").strip():
            self.add_error("company_name", _("Give the lead's first and last name, or a company."))
        return cleaned

    def is_valid(self):
        return all([super().is_valid(), self.address.is_valid()])

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["address"] = self.address.cleaned_data
        return data


class LeadEditForm(VersionedFormMixin, forms.ModelForm):
    """The lead's own fields; its contact details are edited from its page."""

    company_name = forms.CharField(label=_("Company"), max_length=200, required=False)
    campaign = _campaign_field()
    partner = partner_field()

    class Meta:
        model = Party
        fields = ["salutation", "first_name", "last_name", "job_title", "source", "description"]
        formfield_callback = record_formfield
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, lead: Lead, **kwargs):
        kwargs.setdefault("initial", {}).update(
            company_name=lead.company_name, campaign=lead.campaign_id, partner=lead.partner_id
        )
        super().__init__(*args, **kwargs)
        # Keep a partner whose agreement has ended since, so saving does not drop it.
        self.fields["partner"].queryset = partners_for_choice(lead.partner_id)
        self.fields["source"].queryset = LeadSource.objects.filter(active=True)
        if lead.campaign_id:
            # Keep a campaign that has ended since, so saving does not drop it.
            self.fields["campaign"].queryset = (
                campaigns_for_choice() | type(lead.campaign).objects.filter(pk=lead.campaign_id)
            ).distinct()
        if self.instance.is_person:
            self.fields["first_name"].required = True
            self.fields["last_name"].required = True
        else:
            for name in ("salutation", "first_name", "last_name", "job_title"):
                del self.fields[name]
            self.fields["company_name"].required = True

    def party_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.fields}


class LeadStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=LeadStatus.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
