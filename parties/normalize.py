"""Validation and normalization of contact mechanism values."""

from urllib.parse import urlsplit, urlunsplit

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _


def normalize_email(raw: str) -> str:
    value = (raw or "").strip().lower()
    try:
        EmailValidator()(value)
    except ValidationError as exc:
        raise ValidationError(
            _("“%(value)s” is not a valid e-mail address."), params={"value": raw}, code="invalid"
        ) from exc
    return value


def normalize_phone(raw: str, region: str | None = None) -> str:
    """E.164 form of a phone number; numbers without +country use the default region."""
    text = (raw or "").strip()
    try:
        number = phonenumbers.parse(text, region or settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("“%(value)s” is not a phone number."), params={"value": raw}, code="invalid"
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(value)s” is not a valid phone number (include the country code, e.g. +44 …)."),
            params={"value": raw},
            code="invalid",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """A stored E.164 number in international format (vCards: it carries the country)."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_for_people(e164: str) -> str:
    """A stored E.164 number as people here read it: a number of the site's region
    (PHONENUMBER_DEFAULT_REGION) in its national format, "(415) 555-0199", any other in
    international format, "+44 20 7946 0000". Both parse back to the same number."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    national = phonenumbers.region_code_for_number(number) == settings.PHONENUMBER_DEFAULT_REGION
    return phonenumbers.format_number(
        number,
        phonenumbers.PhoneNumberFormat.NATIONAL
        if national
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    )


def normalize_url(raw: str) -> str:
    value = (raw or "").strip()
    if value and "://" not in value:
        value = "https://" + value
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as exc:
        raise ValidationError(
            _("“%(value)s” is not a valid web address."), params={"value": raw}, code="invalid"
        ) from exc
    # Scheme and host are case-insensitive; lower-case them so search (lower-cased) finds them.
    parts = urlsplit(value)
    return urlunsplit(parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()))


def phone_search_digits(query: str) -> str | None:
    """The digits of a search term that looks like a phone number, else None."""
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) >= 5 and len(digits) >= len(query.replace(" ", "")) * 0.6:
        return digits
    return None
