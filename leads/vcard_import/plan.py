"""Planning: what each parsed card becomes, with warnings for what is left out."""

from __future__ import annotations

import re

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_countries import countries

from leads.models import Lead
from leads.vcard_import.planned import ImportPlan, PlannedAddress, PlannedLead, PlannedPhone
from parties.models import ContactMech, ContactMechPurpose, Party, PartyContactMech
from parties.normalize import normalize_email, normalize_url
from parties.vcards import ADDRESS_TYPES, CardError, ParsedAddress, ParsedCard, ParsedPhone

_EXTENSION = re.compile(r"(?:;\s*ext=|\s*(?:ext\.?|x|#)\s*)(\d+)\s*$", re.IGNORECASE)
# Fax machines and pagers are kept as numbers, but are neither mobile nor work phones.
_NOT_VOICE = {"fax", "pager"}
# The address types only our export writes (X-BILLING, X-SHIPPING) give back their purpose.
_ADDRESS_PURPOSES = {
    kind.lower(): purpose
    for purpose, kinds in ADDRESS_TYPES.items()
    for kind in kinds
    if kind.startswith("X-")
}


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class _CardRefused(Exception):
    pass


def _too_long(label: str, value: str, limit: int) -> str | None:
    if len(value) > limit:
        return _("The %(field)s “%(value)s…” is longer than %(limit)d characters.") % {
            "field": label,
            "value": value[:40],
            "limit": limit,
        }
    return None


def _split_name(full: str) -> tuple[str, str] | None:
    """First and last name from one written name: the last word is the last name."""
    words = full.split()
    if len(words) < 2:
        return None
    return " ".join(words[:-1]), words[-1]


def _rest_of(full: str, part: str) -> str:
    """`full` without `part` at its start or end ("" when it is not there)."""
    if full.endswith(part):
        return full[: -len(part)].strip()
    if full.startswith(part):
        return full[len(part) :].strip()
    return ""


def _person_names(card: ParsedCard) -> tuple[str, str] | None:
    """First and last name, or None when the card names no person (a company card)."""
    first, last, full = card.first_name, card.last_name, card.formatted_name
    if first and last:
        return first, last
    if last and full and (rest := _rest_of(full, last)):
        return rest, last  # N holds only the family name; the given names are the rest of FN
    if first and full and (rest := _rest_of(full, first)):
        return first, rest
    if not (first or last) and (not full or full.casefold() == card.organization.casefold()):
        return None  # a company's card names the company in FN (and so does our export)
    written = full or first or last
    return _split_name(written) or ("", written)


def _plan_names(card: ParsedCard, planned: PlannedLead) -> None:
    names = _person_names(card)
    if names is not None and not names[0]:
        # One word only: the CRM needs a first and a last name for a person.
        single = names[1]
        if not card.organization:
            raise _CardRefused(
                _(
                    "It has only one name (“%(name)s”): a lead needs a first and a last name, "
                    "or a company."
                )
                % {"name": single}
            )
        planned.warnings.append(
            _(
                "“%(name)s” is a single name, and a person needs a first and a last name: the "
                "lead is the company only, with the name in its description."
            )
            % {"name": single}
        )
        planned.description = _("Name on the card: %(name)s") % {"name": single}
        names = None
    for label, value, limit in (
        (_("company name"), card.organization, _max_length(Lead, "company_name")),
        (_("first name"), names[0] if names else "", _max_length(Party, "first_name")),
        (_("last name"), names[1] if names else "", _max_length(Party, "last_name")),
    ):
        if message := _too_long(label, value, limit):
            raise _CardRefused(message)
    if names is None:
        if card.job_title:
            planned.warnings.append(
                _("The title “%(title)s” is left out: a lead for a company has no job title.")
                % {"title": card.job_title}
            )
        return
    planned.first_name, planned.last_name = names
    # The parts only a card with N has; too long ones are left out, not the whole card.
    for attribute, label, value in (
        ("salutation", _("salutation"), card.prefix),
        ("middle_name", _("middle name"), card.middle_name),
        ("suffix", _("suffix"), card.suffix),
        ("job_title", _("title"), card.job_title),
    ):
        if message := _too_long(label, value, _max_length(Party, attribute)):
            planned.warnings.append(message + " " + _("It is left out."))
        else:
            setattr(planned, attribute, value)


def _plan_emails(card: ParsedCard, planned: PlannedLead) -> None:
    limit = _max_length(ContactMech, "value")
    for raw in card.emails:
        try:
            value = normalize_email(raw)
        except ValidationError:
            value = ""
        if not value or len(value) > limit:
            planned.warnings.append(
                _("“%(value)s” is not a valid e-mail address; it is left out.") % {"value": raw}
            )
        elif value not in planned.emails:
            planned.emails.append(value)


def _extension(phone: ParsedPhone) -> str:
    match = _EXTENSION.search(phone.raw)
    if not match:
        return ""
    try:
        number = phonenumbers.parse(
            phone.raw.replace(";ext=", " ext. "), settings.PHONENUMBER_DEFAULT_REGION
        )
    except phonenumbers.NumberParseException:
        return match.group(1)
    return number.extension or match.group(1)


def _phone_purposes(phone: ParsedPhone) -> list[str]:
    kinds = set(phone.kinds)
    if kinds & _NOT_VOICE:
        return []
    purposes = []
    if "cell" in kinds:
        purposes.append(ContactMechPurpose.MOBILE_PHONE)
    if "work" in kinds:
        purposes.append(ContactMechPurpose.WORK_PHONE)
    return purposes


def _preferred_first(items: list, kinds_of) -> list:
    """The item the card marks as preferred first, else the card's order."""
    preferred = next((item for item in items if "pref" in kinds_of(item)), None)
    if preferred is None:
        return list(items)
    return [preferred, *(item for item in items if item is not preferred)]


def _plan_phones(card: ParsedCard, planned: PlannedLead) -> None:
    limit = _max_length(PartyContactMech, "extension")
    seen = set()
    for phone in _preferred_first(card.phones, lambda p: p.kinds):
        if not phone.e164:
            planned.warnings.append(
                _("“%(value)s” is not a valid phone number; it is left out.") % {"value": phone.raw}
            )
            continue
        extension = _extension(phone)
        if len(extension) > limit:
            planned.warnings.append(
                _("The extension of “%(value)s” is too long; it is left out.")
                % {"value": phone.raw}
            )
            extension = ""
        if (phone.e164, extension) in seen:
            continue
        seen.add((phone.e164, extension))
        purposes = _phone_purposes(phone)
        if not planned.phones:
            purposes = [ContactMechPurpose.PRIMARY_PHONE, *purposes]
        planned.phones.append(PlannedPhone(phone.e164, extension, purposes))


def _address_problem(address: ParsedAddress, lines: list[str]) -> str | None:
    missing = []
    if not lines:
        missing.append(_("street"))
    if not address.city:
        missing.append(_("city"))
    if not address.country_code:
        missing.append(_("country"))
    if missing:
        return _("it has no %(fields)s") % {"fields": _(" or ").join(str(m) for m in missing)}
    return None


def _plan_addresses(card: ParsedCard, planned: PlannedLead) -> None:
    for address in _preferred_first(card.addresses, lambda a: a.kinds):
        lines = [line.strip() for line in address.street.split("\n") if line.strip()]
        written = ", ".join(
            p for p in (*lines, address.postal_code, address.city, address.region) if p
        ) + (f", {address.country_name}" if address.country_name else "")
        problem = _address_problem(address, lines)
        if problem is None and address.country_code not in countries:
            problem = _("its country is not known")
        planned_address = PlannedAddress(
            address1=lines[0] if lines else "",
            address2=", ".join(lines[1:]),
            city=address.city,
            postal_code=address.postal_code,
            state=address.region,
            country=address.country_code or "",
            purposes=[
                *([] if planned.addresses else [ContactMechPurpose.GENERAL_LOCATION]),
                *dict.fromkeys(
                    _ADDRESS_PURPOSES[k] for k in address.kinds if k in _ADDRESS_PURPOSES
                ),
            ],
        )
        if problem is None:
            for name, value in planned_address.fields.items():
                if len(value) > _max_length(ContactMech, name):
                    problem = _("its %(field)s is too long") % {
                        "field": ContactMech._meta.get_field(name).verbose_name
                    }
                    break
        if problem is not None:
            planned.warnings.append(
                _("The address “%(address)s” is left out: %(problem)s.")
                % {"address": written, "problem": problem}
            )
        elif planned_address.fields not in [a.fields for a in planned.addresses]:
            planned.addresses.append(planned_address)


def _plan_urls(card: ParsedCard, planned: PlannedLead) -> None:
    limit = _max_length(ContactMech, "value")
    for raw in card.urls:
        try:
            value = normalize_url(raw)
        except ValidationError:
            value = ""
        if not value or len(value) > limit:
            planned.warnings.append(
                _("“%(value)s” is not a valid web address; it is left out.") % {"value": raw}
            )
        elif value not in planned.urls:
            planned.urls.append(value)


def vcard_import_plan(
    *, cards: list[ParsedCard], errors: list[CardError] = (), known: dict[int, str] | None = None
) -> ImportPlan:
    """What each card becomes, with what is left out; `errors` (from reading the file) are
    merged with the cards that cannot become a lead. `known`: the cards (by index) that are
    our own export of a record still here, with its name (see known_cards); they are left
    out rather than imported a second time."""
    planned_leads: list[PlannedLead] = []
    refused = list(errors)
    known = known or {}
    for card in cards:
        if card.index in known:
            refused.append(
                CardError(
                    card.index,
                    _(
                        "“%(name)s” is already in the CRM (this card was downloaded from it); "
                        "it is not imported again."
                    )
                    % {"name": known[card.index]},
                )
            )
            continue
        planned = PlannedLead(index=card.index, company_name=card.organization)
        try:
            _plan_names(card, planned)
        except _CardRefused as exc:
            refused.append(CardError(card.index, str(exc)))
            continue
        if card.note:
            planned.description = "\n\n".join(p for p in (planned.description, card.note) if p)
        _plan_emails(card, planned)
        _plan_phones(card, planned)
        _plan_addresses(card, planned)
        _plan_urls(card, planned)
        planned.warnings = list(dict.fromkeys(planned.warnings))
        planned_leads.append(planned)
    refused.sort(key=lambda error: error.index)
    return ImportPlan(leads=planned_leads, errors=refused)
