"""Forms of the marketing pages: campaigns, lead sources and the public web-to-lead form."""

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from leads.models import CampaignStatus, MarketingCampaign
from parties.forms import DATE_INPUT, EmailField, PhoneField
from parties.models import LeadSource

CAMPAIGN_FORM_FIELDS = [
    "name",
    "status",
    "start_date",
    "end_date",
    "currency",
    "budgeted_cost",
    "actual_cost",
    "expected_revenue",
    "expected_response_percent",
    "owner",
    "capture_enabled",
    "description",
]


class CampaignForm(forms.ModelForm):
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=User.objects.filter(is_active=True).order_by("username"),
        help_text=_("Leads from the campaign's web form are owned by this user."),
    )

    class Meta:
        model = MarketingCampaign
        fields = CAMPAIGN_FORM_FIELDS
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "expected_response_percent": _("Share of the people reached expected to respond."),
            "capture_enabled": _("While published, the campaign's web form accepts new leads."),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return cleaned

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in CAMPAIGN_FORM_FIELDS}


class CampaignListOptionsForm(forms.Form):
    SORTS = [
        ("-start", _("Start date, newest first")),
        ("start", _("Start date, oldest first")),
        ("name", _("Name, A to Z")),
        ("-name", _("Name, Z to A")),
    ]

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *CampaignStatus.choices],
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)


class LeadSourceForm(forms.ModelForm):
    class Meta:
        model = LeadSource
        fields = ["name", "code", "active", "position"]
        help_texts = {
            "code": _("A short identifier: lower-case letters, digits and hyphens."),
            "position": _("Lists show lead sources in this order."),
        }


class CaptureForm(forms.Form):
    """The public web-to-lead form. The lead service applies the names-or-company rule; this
    form checks the contact details so that their errors show next to their fields."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    company_name = forms.CharField(
        label=_("Company"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    email = EmailField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = PhoneField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("With the country code for numbers abroad, e.g. +44 20 7946 0958."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    marketing_consent = forms.BooleanField(
        label=_("Yes, you may e-mail me about your products, news and offers."),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        email, phone = cleaned.get("email"), cleaned.get("phone")
        if self.has_error("email") or self.has_error("phone"):
            return cleaned
        if not email and not phone:
            self.add_error("email", _("Give your e-mail address or your phone number."))
        elif cleaned.get("marketing_consent") and not email:
            self.add_error("email", _("Give your e-mail address so that we can write to you."))
        return cleaned
