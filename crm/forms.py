from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from crm.ids import parse_id
from crm.models import Team


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


class RecordChoiceField(forms.ModelChoiceField):
    """A pick of one record: a posted value that cannot be an id (crm.ids) is an invalid
    choice, like an id the (permission-filtered) queryset does not hold."""

    def to_python(self, value):
        if (
            value not in self.empty_values
            and self.to_field_name is None
            and not isinstance(value, self.queryset.model)
            and parse_id(value) is None
        ):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class RecordMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A pick of several records: any posted value that cannot be an id is refused with the
    field's message, before the database sees it."""

    def _check_values(self, value):
        for pk in value:
            if parse_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


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


class AudienceMixin(forms.Form):
    """A user or a team (exactly one), and the access given to or taken from them."""

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("user")) == bool(cleaned.get("team")):
            raise ValidationError(_("Choose either a user or a team."))
        return cleaned

    def audience(self) -> dict:
        team = self.cleaned_data["team"]
        return {
            "action": self.cleaned_data["access"],
            "user": self.cleaned_data["user"],
            "group": team.group if team else None,
        }


class ShareForm(AudienceMixin):
    user = forms.ModelChoiceField(label=_("User"), queryset=User.objects.none(), required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    access = forms.ChoiceField(
        label=_("Access"), choices=[("view", _("View")), ("change", _("View and change"))]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("username")
        self.fields["team"].queryset = Team.objects.select_related("group")


class RevokeForm(AudienceMixin):
    user = forms.ModelChoiceField(queryset=User.objects.all(), required=False)
    team = forms.ModelChoiceField(queryset=Team.objects.select_related("group"), required=False)
    access = forms.ChoiceField(choices=[("view", _("View")), ("change", _("Change"))])


class ReassignForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("New owner"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by("username")
