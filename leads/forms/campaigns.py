"""Forms of the campaign pages: a campaign, and the list's options."""

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from crm.forms import PersonChoiceField, record_formfield
from leads.models import CampaignStatus, MarketingCampaign
from parties.forms import DATE_INPUT

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
    owner = PersonChoiceField(
        label=_("Owner"),
        queryset=User.objects.filter(is_active=True).order_by("username"),
        help_text=_("Leads from the campaign's web form are owned by this user."),
    )

    class Meta:
        model = MarketingCampaign
        fields = CAMPAIGN_FORM_FIELDS
        formfield_callback = record_formfield
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
