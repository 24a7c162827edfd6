"""The public web-to-lead form of a campaign."""

from django import forms
from django.utils.translation import gettext_lazy as _

from parties.forms import EmailField, PhoneField


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
