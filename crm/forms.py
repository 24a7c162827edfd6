import datetime

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.access import CHANGE
from crm.ids import parse_id, parse_text
from crm.models import Team
from crm.people import EXCLUDE_MAX, people, people_named, person_label, person_pick_label


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
    record pickers that refuse what `parse_id` refuses (a colleague's a PersonChoiceField,
    typed, never a list of every user), its dates DayFields."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", DayField)
    elif isinstance(db_field, models.ForeignKey) and db_field.related_model is User:
        kwargs.setdefault("form_class", PersonChoiceField)
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


class PersonInput(forms.TextInput):
    """A text input for one colleague, with suggestions as the user types (htmx fills a
    <datalist> from the people lookup). Without JavaScript the same text is resolved when the
    form is sent, so it works alike with and without suggestions."""

    template_name = "crm/widgets/person_input.html"

    def __init__(self, attrs=None, lookup_url: str = ""):
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.lookup_url = lookup_url
        # Ids left out of the suggestions (who could not be chosen anyway).
        self.exclude: list[int] = []

    def format_value(self, value):
        """The chosen person as the input shows them, "Name (username)": an id (the initial,
        or one posted) is shown by name, what was typed as typed."""
        if isinstance(value, User):
            return person_pick_label(value)
        pk = parse_id(value)
        if pk is not None:
            user = User.objects.filter(pk=pk).first()
            if user is not None:
                return person_pick_label(user)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # The lookup is told which parameter holds the text: htmx sends the input's own name.
        url = self.lookup_url or reverse("people_lookup")
        query = {"field": name}
        if self.exclude:
            query["exclude"] = ",".join(str(pk) for pk in sorted(set(self.exclude))[:EXCLUDE_MAX])
        context["widget"]["lookup_url"] = f"{url}?{urlencode(query)}"
        return context


class PersonChoiceField(RecordChoiceField):
    """A pick of one colleague from `queryset`, typed instead of chosen from a list of every
    user (which does not scale): a suggestion's "Name (username)", a username, an e-mail, a
    full name no one else has, or an id. Who may be chosen is still the queryset; what cannot
    be chosen is refused next to the field, saying why, with the typed text kept."""

    widget = PersonInput
    default_error_messages = {
        "unknown": gettext_lazy(
            "No colleague is called “%(name)s”: type a name, username or e-mail address, "
            "or pick a suggestion."
        ),
        "ambiguous": gettext_lazy(
            "Several colleagues are called “%(name)s”: type the username or e-mail address, "
            "or pick a suggestion."
        ),
        "inactive": gettext_lazy("%(name)s is no longer active and cannot be chosen."),
        "invalid_choice": gettext_lazy("%(name)s cannot be chosen here."),
    }

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault(
            "help_text", gettext_lazy("Type a name, username or e-mail and pick a suggestion.")
        )
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, obj: User) -> str:
        return person_label(obj)

    def _refuse(self, code: str, name: str) -> ValidationError:
        return ValidationError(
            self.error_messages[code], code=code, params={"name": name, "value": name}
        )

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, User):
            found = [value]
            text = person_pick_label(value)
        else:
            text = parse_text(str(value))
            if not text:
                return None
            found = people_named(text)
        active = [user for user in found if user.is_active]
        if not found:
            raise self._refuse("unknown", text)
        if len(active) > 1:
            raise self._refuse("ambiguous", text)
        if not active:
            raise self._refuse("inactive", person_pick_label(found[0]))
        chosen = self.queryset.filter(pk=active[0].pk).first()
        if chosen is None:
            raise self._refuse("invalid_choice", person_pick_label(active[0]))
        return chosen

    def has_changed(self, initial, data) -> bool:
        if self.disabled:
            return False
        try:
            chosen = self.to_python(data)
        except ValidationError:
            return True
        initial_pk = initial.pk if isinstance(initial, User) else parse_id(initial)
        return (chosen.pk if chosen is not None else None) != initial_pk


class ShareForm(AudienceMixin):
    """Share with a user or a team. `held` is what each user already holds on the record by
    their own grants (user id -> actions): sharing what someone has (the owner holds
    everything), or with oneself, is refused next to the field."""

    user = PersonChoiceField(label=_("User"), queryset=User.objects.none(), required=False)
    team = RecordChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    access = forms.ChoiceField(
        label=_("Access"), choices=[("view", _("View")), ("change", _("View and change"))]
    )

    def __init__(self, *args, actor: User, held: dict[int, set[str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.actor, self.held = actor, held
        # Anyone active may be typed: the refusals below say why one cannot be given access.
        # The suggestions leave out oneself and whoever already holds change (the owner).
        self.fields["user"].queryset = people()
        self.fields["user"].widget.exclude = [actor.pk] + [
            pk for pk, actions in held.items() if CHANGE in actions
        ]
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
