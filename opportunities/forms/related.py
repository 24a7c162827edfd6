"""The add forms of an opportunity's competitors and contact roles. Parties are picked among
those the user may see (PartyLookupField), so a tampered id finds nothing."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from opportunities.models import ContactRoleKind
from parties.forms import PartyLookupField


class CompetitorForm(forms.Form):
    competitor = PartyLookupField(
        label=_("Competitor"),
        noun=_("organization"),
        help_text=_("Type to search; any organization you may see."),
    )
    strengths = forms.CharField(
        label=_("Strengths"), required=False, max_length=2000, widget=forms.Textarea
    )
    weaknesses = forms.CharField(
        label=_("Weaknesses"), required=False, max_length=2000, widget=forms.Textarea
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["competitor"]
        field.queryset = organizations
        field.widget.lookup_url = reverse("accounts:lookup")


class ContactRoleForm(forms.Form):
    contact = PartyLookupField(label=_("Contact"), noun=_("contact"))
    role = forms.ChoiceField(label=_("Role"), choices=ContactRoleKind.choices)

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["contact"]
        field.queryset = contacts
        field.widget.lookup_url = reverse("contacts:lookup")
