import datetime

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.access import CHANGE, home_team
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


# The days a date of the CRM may be. Filters and services add days and time zones to dates
# (the day after a filter's last day, an all-day event's end, a fiscal year around a close
# date), which the calendar's own ends (0001-01-01, 9999-12-31) do not survive.
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2999, 12, 31)


class DayField(forms.DateField):
    """A date from FIRST_DAY to LAST_DAY; another one is an error next to the field."""

    default_error_messages = {
        "out_of_range": gettext_lazy("Enter a date from %(first)s to %(last)s."),
    }

    def validate(self, value):
        super().validate(value)
        if value is not None and not FIRST_DAY <= value <= LAST_DAY:
            raise ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
            )


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


def record_formfield(db_field, **kwargs):
    """A ModelForm's `formfield_callback`: its foreign keys and many-to-many fields become
    record pickers that refuse what `parse_id` refuses, its dates DayFields."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", DayField)
    elif isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", RecordChoiceField)
    elif isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", RecordMultipleChoiceField)
    return db_field.formfield(**kwargs)


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


def person_label(user: User) -> str:
    """A user as colleagues know them: "Bob Brown · Team East" (the username when there is no
    full name, no team when they have none)."""
    name = user.get_full_name() or user.get_username()
    team = home_team(user)
    return f"{name} · {team.group.name}" if team else name


def people() -> models.QuerySet[User]:
    """The active users, by name, with what `person_label` reads."""
    return (
        User.objects.filter(is_active=True)
        .select_related("profile__home_team__group")
        .order_by("first_name", "last_name", "username")
    )


class PersonChoiceField(RecordChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return person_label(obj)


class ShareForm(AudienceMixin):
    """Share with a user or a team. `held` is what each user already holds on the record by
    their own grants (user id -> actions): whoever holds change is not offered (the owner
    among them), and sharing what someone has, or with oneself, is refused next to the field."""

    user = PersonChoiceField(label=_("User"), queryset=User.objects.none(), required=False)
    team = RecordChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    access = forms.ChoiceField(
        label=_("Access"), choices=[("view", _("View")), ("change", _("View and change"))]
    )

    def __init__(self, *args, actor: User, held: dict[int, set[str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.actor, self.held = actor, held
        field = self.fields["user"]
        # Anyone active may be posted (a stale page): the refusals below say why.
        field.queryset = people()
        offered = ModelChoiceIterator(field)
        offered.queryset = field.queryset.exclude(
            pk__in=[pk for pk, actions in held.items() if CHANGE in actions]
        ).exclude(pk=actor.pk)
        field.widget.choices = offered
        self.fields["team"].queryset = Team.objects.select_related("group")

    def clean(self):
        cleaned = super().clean()
        user, action = cleaned.get("user"), cleaned.get("access")
        if user is None or not action:
            return cleaned
        if user.pk == self.actor.pk:
            self.add_error("user", _("You cannot share a record with yourself."))
        elif action in self.held.get(user.pk, set()):
            self.add_error(
                "user",
                _("%(name)s already has this access.") % {"name": person_label(user)},
            )
        return cleaned


class RevokeForm(AudienceMixin):
    user = RecordChoiceField(queryset=User.objects.all(), required=False)
    team = RecordChoiceField(queryset=Team.objects.select_related("group"), required=False)
    access = forms.ChoiceField(choices=[("view", _("View")), ("change", _("Change"))])


class ReassignForm(forms.Form):
    owner = PersonChoiceField(label=_("New owner"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people()
