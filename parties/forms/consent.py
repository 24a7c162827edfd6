"""The consent form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from parties.models import ConsentPurpose, ConsentSource


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    granted = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Granted")), ("0", _("Withdrawn"))],
        coerce=lambda v: v == "1",
    )
    # No default: a withdrawal by phone must not be recorded as a web form.
    source = forms.ChoiceField(
        label=_("Source"),
        choices=[("", _("Source…")), *ConsentSource.choices],
        error_messages={"required": _("Choose where the decision came from.")},
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
