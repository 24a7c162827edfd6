"""The form of a lead's conversion into an account and a contact (apps above add their
sections: leads.hooks)."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parties.forms import PartyLookupField


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

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts
        self.fields["account"].widget.lookup_url = reverse("accounts:lookup")

    def clean(self):
        cleaned = super().clean()
        missing = cleaned.get("account_mode") == "existing" and not cleaned.get("account")
        if missing and "account" not in self.errors:
            self.add_error("account", _("Choose the account."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        if data["account_mode"] == "existing":
            kwargs = {"account": data["account"]}
        else:
            kwargs = {"account_name": data["account_name"]}
        return kwargs
