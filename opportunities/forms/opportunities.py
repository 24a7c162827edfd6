"""The opportunity's create and edit forms, and its close and reopen forms."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from crm.forms import RecordChoiceField, VersionedFormMixin, record_formfield
from leads.models import MarketingCampaign
from opportunities.models import Opportunity, OpportunityStage, StageKind
from opportunities.services.opportunities import EDITABLE
from parties.forms import DATE_INPUT, PartyLookupField
from parties.models import LeadSource
from parties.selectors import partners_for_choice

FIELDS = list(EDITABLE)


class OpportunityForm(forms.ModelForm):
    """Create and edit. Accounts and contacts are picked among those the user may see; only
    open stages are offered (closing has its own button, with a reason)."""

    account = PartyLookupField(
        label=_("Account"), noun=_("account"), help_text=_("Type to search your accounts.")
    )
    primary_contact = PartyLookupField(
        label=_("Primary contact"), noun=_("contact"), required=False
    )

    class Meta:
        model = Opportunity
        fields = FIELDS
        formfield_callback = record_formfield
        widgets = {
            "expected_close_date": DATE_INPUT,
            "next_step_date": DATE_INPUT,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "name": _("Usually “Account - what is sold”."),
            "probability": _("Leave as it is to take the new stage's default."),
        }

    def __init__(self, *args, accounts, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts
        self.fields["account"].widget.lookup_url = reverse("accounts:lookup")
        self.fields["primary_contact"].queryset = contacts
        self.fields["primary_contact"].widget.lookup_url = reverse("contacts:lookup")
        self.fields["stage"].queryset = OpportunityStage.objects.filter(
            kind=StageKind.OPEN, active=True
        )
        self.fields["stage"].empty_label = None
        self.fields["lead_source"].queryset = LeadSource.objects.filter(active=True)
        self.fields["campaign"].queryset = MarketingCampaign.objects.order_by("name")
        # Current partners, and the one the deal has (its agreement may have ended since).
        partner = self.fields["partner"]
        partner.queryset = partners_for_choice(self.instance.partner_id)
        partner.help_text = _(
            "The partner who brought the deal. Without a lead source, the source is “Partner”."
        )
        self.fields["probability"].required = False
        self.fields["currency"].required = False
        self.fields["amount"].widget.attrs["min"] = 0
        self.fields["probability"].widget.attrs.update(min=0, max=100)

    def service_fields(self) -> dict:
        """What changed, for an edit: a probability left as it was is not sent, so a new
        stage brings its own default."""
        data = {name: self.cleaned_data[name] for name in FIELDS}
        if "probability" not in self.changed_data or data["probability"] is None:
            data["probability"] = None
        return data


class OpportunityEditForm(VersionedFormMixin, OpportunityForm):
    pass


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("won", _("Won")), ("lost", _("Lost"))]
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class ReopenForm(forms.Form):
    stage = RecordChoiceField(
        label=_("Reopen in stage"),
        queryset=OpportunityStage.objects.filter(kind=StageKind.OPEN, active=True),
        required=False,
    )
