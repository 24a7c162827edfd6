from django import forms
from django.utils.translation import gettext_lazy as _

from crm import preferences, timezones


class UserSettingsForm(forms.Form):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("Dates and times are shown in this zone."),
        error_messages={"invalid_choice": _("Choose a time zone from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = timezones.choices()


class PreferencesForm(forms.Form):
    """The user's language (from those that exist: settings.LANGUAGES) and date format."""

    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        help_text=_("Pages are shown in this language (where a translation exists)."),
        error_messages={"invalid_choice": _("Choose a language from the list.")},
    )
    date_format = forms.ChoiceField(
        label=_("Date format"),
        required=False,
        help_text=_("How dates are written on the pages."),
        error_messages={"invalid_choice": _("Choose a date format from the list.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = preferences.language_choices()
        self.fields["date_format"].choices = preferences.date_format_choices()
