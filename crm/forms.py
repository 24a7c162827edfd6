from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names (or above the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class VersionedFormMixin(forms.Form):
    """Carries the record's `version` through an edit so a concurrent save is detected."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def full_clean(self):
        super().full_clean()
        # A hidden field's error would not show next to anything: say it above the form.
        if self.is_bound and "version" in self.errors and self.non_field_errors() == []:
            self.add_error(
                None, _("This form was incomplete or tampered with. Reload the page and try again.")
            )
