from django import forms
from django.core.exceptions import ValidationError


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
