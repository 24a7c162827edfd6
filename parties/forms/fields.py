"""Form fields and widgets shared by the party forms and other apps."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crm.ids import parse_id
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
    name, so the form never has to list every record the user may see. A number that cannot be
    an id (crm.ids) finds nothing, like the id of a record the user may not see."""

    def __init__(self, *, queryset=None, noun=None, lookup_url="", **kwargs):
        kwargs.setdefault("widget", PartyLookupInput(lookup_url))
        super().__init__(**kwargs)
        self.queryset = queryset if queryset is not None else Party.objects.none()
        self.noun = noun or _("record")

    def prepare_value(self, value):
        if isinstance(value, Party):
            return f"{value.display_name} (#{value.pk})"
        return value

    def messages(self) -> dict[str, str]:
        """The refusals: `number` (no record the user may see has that number),
        `name` and `ambiguous` (none, or several, has that name). Formatted with %(noun)s and
        %(name)s, the text typed."""
        return {
            "number": _("No %(noun)s you may see has that number."),
            "ambiguous": _(
                "Several %(noun)ss are named “%(name)s”: pick one from the suggestions."
            ),
            "name": _(
                "No %(noun)s you may see is named “%(name)s”: pick one from the suggestions."
            ),
        }

    def _refuse(self, key: str, text: str = "") -> ValidationError:
        return ValidationError(
            self.messages()[key],
            code="ambiguous" if key == "ambiguous" else "not_found",
            params={"noun": self.noun, "name": text},
        )

    def to_python(self, value):
        if isinstance(value, Party):
            return value
        text = "" if value is None else str(value).strip()
        if not text:
            return None
        if "\x00" in text:  # no name holds one (and PostgreSQL refuses it in a query)
            raise self._refuse("name", text.replace("\x00", ""))
        match = NUMBERED.match(text)
        if match:
            pk = parse_id(match.group(1) or match.group(2))
            found = self.queryset.filter(pk=pk).first() if pk is not None else None
            if found is None:
                raise self._refuse("number")
            return found
        named = list(self.queryset.filter(display_name__iexact=text)[:2])
        if len(named) == 1:
            return named[0]
        raise self._refuse("ambiguous" if named else "name", text)
