"""The employment form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.forms import DayField
from parties.forms.fields import DATE_INPUT, PartyLookupField


class EmploymentForm(forms.Form):
    other = PartyLookupField(label=_("Account"), help_text=_("Type to search."))
    title = forms.CharField(label=_("Job title"), max_length=100, required=False)
    from_date = DayField(label=_("Since"), required=False, widget=DATE_INPUT)

    def __init__(self, *args, choices, other_label, noun, lookup_url, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["other"]
        field.queryset = choices
        field.label = other_label
        field.noun = noun
        field.widget.lookup_url = lookup_url
