"""The "Add a tag" form of a record's page (parties and deals)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parties.models.tags import NAME_MAX_LENGTH
from parties.services.tags import tag_name_clean


class TagAddForm(forms.Form):
    # Room for a few characters more than a name may have, so that the error says why.
    name = forms.CharField(
        label=_("Add a tag"),
        max_length=NAME_MAX_LENGTH + 20,
        error_messages={"required": _("Type a tag's name.")},
    )

    def clean_name(self) -> str:
        try:
            return tag_name_clean(self.cleaned_data["name"])
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
