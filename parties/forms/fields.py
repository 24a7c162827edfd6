"""Form fields and widgets shared by the party forms and other apps."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from parties.models import Party
from parties.normalize import normalize_email, normalize_phone, normalize_url

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EmailField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return normalize_email(value) if value else ""


class PhoneField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return normalize_phone(value) if value else ""


class WebField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return normalize_url(value) if value else ""


def email_field(required=False):
    return EmailField(
        label=_("E-mail"),
        required=required,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


def phone_field(required=False):
    return PhoneField(
        label=_("Phone"),
        required=required,
        max_length=40,
        help_text=_("With the country code for numbers abroad, e.g. +44 20 7946 0958."),
        widget=forms.TextInput(attrs={"type": "tel"}),
    )


class PartyLookupInput(forms.TextInput):
    """A text input that suggests matching records as the user types (htmx fills a
    <datalist> from the page kind's lookup URL). Without JavaScript, typing the exact name or
    the number works just as well."""

    template_name = "parties/widgets/party_lookup.html"

    def __init__(self, lookup_url: str = "", attrs=None):
        super().__init__(attrs)
        self.lookup_url = lookup_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["lookup_url"] = self.lookup_url
        return context


NUMBERED = re.compile(r"^(?:.*\(#(\d+)\)|#?(\d+))\s*$")


class PartyLookupField(forms.Field):
    """Picks one record from a permission-filtered queryset by "Name (#id)", "#id" or its exact
    name, so the form never has to list every record the user may see."""

    def __init__(self, *, queryset=None, noun=None, lookup_url="", **kwargs):
        kwargs.setdefault("widget", PartyLookupInput(lookup_url))
        super().__init__(**kwargs)
        self.queryset = queryset if queryset is not None else Party.objects.none()
        self.noun = noun or _("record")

    def prepare_value(self, value):
        if isinstance(value, Party):
            return f"{value.display_name} (#{value.pk})"
        return value

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return None
        match = NUMBERED.match(text)
        if match:
            try:
                found = self.queryset.filter(pk=int(match.group(1) or match.group(2))).first()
            except (OverflowError, ValueError):
                found = None
            if found is None:
                raise ValidationError(
                    _("No %(noun)s you may see has that number.") % {"noun": self.noun}
                )
            return found
        named = list(self.queryset.filter(display_name__iexact=text)[:2])
        if len(named) == 1:
            return named[0]
        if named:
            raise ValidationError(
                _("Several %(noun)ss are named “%(name)s”: pick one from the suggestions.")
                % {"noun": self.noun, "name": text}
            )
        raise ValidationError(
            _("No %(noun)s you may see is named “%(name)s”: pick one from the suggestions.")
            % {"noun": self.noun, "name": text}
        )
