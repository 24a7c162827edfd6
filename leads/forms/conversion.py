"""The form of a lead's conversion into an account, a contact and an opportunity."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from opportunities.models import OpportunityStage, StageKind
from parties.forms import DATE_INPUT, PartyLookupField


class LeadConvertForm(forms.Form):
    account_mode = forms.ChoiceField(
        label=_("Account"),
        choices=[
            ("new", _("Create a new account")),
            ("existing", _("Use an existing account")),
        ],
        widget=forms.RadioSelect,
        initial="new",
    )
    account_name = forms.CharField(label=_("New account's name"), max_length=200, required=False)
    account = PartyLookupField(
        label=_("Existing account"),
        required=False,
        noun=_("account"),
        help_text=_("Type to search the accounts you may see."),
    )
    create_opportunity = forms.BooleanField(
        label=_("Also create an opportunity"), required=False, initial=True
    )
    opportunity_name = forms.CharField(
        label=_("Opportunity name"),
        max_length=200,
        required=False,
        help_text=_("Usually “Account - what is sold”."),
    )
    amount = forms.DecimalField(
        label=_("Amount"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    expected_close_date = forms.DateField(
        label=_("Expected close date"), required=False, widget=DATE_INPUT
    )
    stage = forms.ModelChoiceField(
        label=_("Stage"),
        queryset=OpportunityStage.objects.filter(kind=StageKind.OPEN, active=True),
        required=False,
        empty_label=None,
    )

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts
        self.fields["account"].widget.lookup_url = reverse("accounts:lookup")

    def clean(self):
        cleaned = super().clean()
        missing = cleaned.get("account_mode") == "existing" and not cleaned.get("account")
        if missing and "account" not in self.errors:
            self.add_error("account", _("Choose the account."))
        if cleaned.get("create_opportunity"):
            for name, message in (
                ("opportunity_name", _("Name the opportunity.")),
                ("expected_close_date", _("When is it expected to close?")),
                ("stage", _("Choose a stage.")),
            ):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        if data["account_mode"] == "existing":
            kwargs = {"account": data["account"]}
        else:
            kwargs = {"account_name": data["account_name"]}
        if data["create_opportunity"]:
            kwargs["opportunity"] = {
                "name": data["opportunity_name"],
                "amount": data["amount"] or 0,
                "expected_close_date": data["expected_close_date"],
                "stage": data["stage"],
            }
        return kwargs
