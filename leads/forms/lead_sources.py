"""The form of the lead-source pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from parties.models import LeadSource


class LeadSourceForm(forms.ModelForm):
    class Meta:
        model = LeadSource
        fields = ["name", "code", "active", "position"]
        help_texts = {
            "code": _("A short identifier: lower-case letters, digits and hyphens."),
            "position": _("Lists show lead sources in this order."),
        }
