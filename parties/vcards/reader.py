"""Reading vCards (2.1, 3.0 and 4.0) into ParsedCards."""

from __future__ import annotations

import datetime
import io
import quopri
import re

import vobject
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries
from vobject.base import getLogicalLines
from vobject.vcard import Address, Name

from parties.normalize import normalize_phone
from parties.vcards.cards import CardError, ParsedAddress, ParsedCard, ParsedPhone

_BEGIN = re.compile(r"^[ \t]*BEGIN:VCARD[ \t]*$", re.IGNORECASE | re.MULTILINE)
_END = re.compile(r"^[ \t]*END:VCARD[ \t]*$", re.IGNORECASE | re.MULTILINE)
# Pictures, logos, sounds and keys are not kept, and real exports often break their base64.
_BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
# Single-valued text: address books write bare commas in them, which vobject would read as
# list separators and cut the value at the first comma.
_TEXT = {"FN", "TITLE", "NOTE", "ROLE", "UID"}
_NOT_KINDS = {"internet", "x400", "quoted-printable", "base64", "b", "7bit", "8bit"}
_QP = re.compile(r";(ENCODING=)?QUOTED-PRINTABLE\b", re.IGNORECASE)
_CHARSET = re.compile(r";CHARSET=([^;:]*)", re.IGNORECASE)
_UNESCAPED_COMMA = re.compile(r"(?<!\\),")
_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})")
COUNTRY_ALIASES = {
    "usa": "US",
    "u.s.a.": "US",
    "u.s.": "US",
    "united states": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "holland": "NL",
    "the netherlands": "NL",
    "deutschland": "DE",
    "russia": "RU",
    "south korea": "KR",
    "korea": "KR",
}


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _split_cards(text: str) -> list[str | None]:
    """Each BEGIN:VCARD ... END:VCARD block; None for a card that is never closed."""
    starts = [m.start() for m in _BEGIN.finditer(text)]
    cards: list[str | None] = []
    for i, start in enumerate(starts):
        chunk = text[start : starts[i + 1] if i + 1 < len(starts) else len(text)]
        end = _END.search(chunk)
        cards.append(chunk[: end.end()] if end else None)
    return cards


def _qp_reencoded(head: str, payload: str, text_property: bool) -> str:
    """A quoted-printable line re-encoded as valid UTF-8: bytes its charset cannot decode
    become U+FFFD instead of losing the whole card."""
    match = _CHARSET.search(head)
    charset = (match.group(1) if match else "").strip() or "utf-8"
    raw = quopri.decodestring(payload.rstrip("=").encode("utf-8", "replace"))
    try:
        value = raw.decode(charset, "replace")
    except LookupError:
        value = raw.decode("utf-8", "replace")
    if text_property:
        value = _UNESCAPED_COMMA.sub(r"\\,", value.replace("\r\n", "\\n").replace("\n", "\\n"))
    encoded = "".join(
        chr(b) if 33 <= b < 127 and b != ord("=") else f"={b:02X}" for b in value.encode("utf-8")
    )
    return f"{_CHARSET.sub('', head)};CHARSET=UTF-8:{encoded}"


def _cleaned(card_text: str) -> str:
    """The card's logical lines, without binary properties and with QP and commas repaired."""
    lines = []
    for line, _n in getLogicalLines(io.StringIO(card_text), allowQP=True):
        head, sep, payload = line.partition(":")
        name = re.split(r"[;]", head, maxsplit=1)[0].rsplit(".", 1)[-1].strip().upper()
        if name in _BINARY:
            continue
        if sep and _QP.search(head):
            line = _qp_reencoded(head, payload, name in _TEXT)
        elif sep and name in _TEXT:
            line = head + ":" + _UNESCAPED_COMMA.sub(r"\\,", payload)
        lines.append(line)
    return "\r\n".join(lines) + "\r\n"


def _text(value) -> str:
    if isinstance(value, list | tuple):
        return " ".join(str(v).strip() for v in value if v and str(v).strip())
    return str(value or "").strip()


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\:;,])", r"\1", value or "").strip()


def _kinds(line) -> list[str]:
    tokens = [*line.params.get("TYPE", []), *line.singletonparams]
    kinds: list[str] = []
    for token in tokens:
        for part in str(token).split(","):
            kind = part.strip().strip('"').lower()
            if kind and kind not in _NOT_KINDS and kind not in kinds:
                kinds.append(kind)
    if "PREF" in line.params and "pref" not in kinds:
        kinds.append("pref")
    return kinds


def country_code_for(name: str) -> str | None:
    """The ISO code of a country written in a vCard, or None when it is not recognized."""
    text = (name or "").strip()
    if not text:
        return None
    if text.lower() in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[text.lower()]
    code = countries.by_name(text) or countries.by_name(text, language=get_language() or "en")
    if not code and len(text) in (2, 3):
        code = countries.alpha2(text)
    return code or None


def _phone(line) -> ParsedPhone:
    raw = _unescape(str(line.value))
    if raw.lower().startswith("tel:"):
        raw = raw[4:]
    try:
        e164 = normalize_phone(raw.split(";", 1)[0])
    except ValidationError:
        e164 = None
    return ParsedPhone(raw=raw, e164=e164, kinds=_kinds(line))


def _address(line) -> ParsedAddress:
    adr = line.value
    lines = [_text(adr.box), _text(adr.extended), _text(adr.street)]
    country = _text(adr.country)
    return ParsedAddress(
        street="\n".join(part for part in lines if part),
        city=_text(adr.city),
        region=_text(adr.region),
        postal_code=_text(adr.code),
        country_name=country,
        country_code=country_code_for(country),
        kinds=_kinds(line),
    )


def _birth_date(value: str) -> datetime.date | None:
    match = _DATE.match((value or "").strip())
    if not match:
        return None
    try:
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _card(index: int, component) -> ParsedCard:
    contents = component.contents
    card = ParsedCard(index=index)

    def first(name: str):
        return contents[name][0].value if contents.get(name) else None

    card.uid = _text(first("uid"))
    card.formatted_name = _text(first("fn"))
    name = first("n")
    if isinstance(name, Name):
        card.prefix = _text(name.prefix)
        card.first_name = _text(name.given)
        card.middle_name = _text(name.additional)
        card.last_name = _text(name.family)
        suffix = name.suffix
        card.suffix = (
            ", ".join(s.strip() for s in suffix if s.strip())
            if isinstance(suffix, list)
            else _text(suffix)
        )
    organization = first("org")
    if isinstance(organization, list):
        organization = next((o for o in organization if o.strip()), "")
    card.organization = _text(organization)
    card.job_title = _text(first("title"))
    card.emails = [e for line in contents.get("email", []) if (e := _unescape(str(line.value)))]
    card.phones = [_phone(line) for line in contents.get("tel", []) if _text(line.value)]
    card.addresses = [
        _address(line) for line in contents.get("adr", []) if isinstance(line.value, Address)
    ]
    card.urls = [u for line in contents.get("url", []) if (u := _unescape(str(line.value)))]
    card.birth_date = _birth_date(str(first("bday") or ""))
    card.note = "\n".join(_text(line.value) for line in contents.get("note", []))
    return card


def _parse_card(index: int, text: str) -> ParsedCard:
    component = vobject.readOne(_cleaned(text))
    if component.name.upper() != "VCARD":
        raise ValueError(_("it is not a vCard"))
    return _card(index, component)


def parse_vcards(data: bytes | str) -> tuple[list[ParsedCard], list[CardError]]:
    """Every card in a .vcf file. A card that cannot be read, or has neither a name nor an
    organization, is reported as a CardError; the other cards are still returned."""
    # Line ends seen in the wild: LF, CRLF, a bare CR (old Macs), CR CR LF (iPhone exports).
    text = re.sub(r"\r*\n|\r", "\n", _decode(data))
    if not text.strip():
        raise ValueError(_("The file is empty."))
    chunks = _split_cards(text)
    if not chunks:
        raise ValueError(_("This file is not a vCard file."))
    cards: list[ParsedCard] = []
    errors: list[CardError] = []
    for index, chunk in enumerate(chunks, start=1):
        if chunk is None:
            errors.append(CardError(index, _("The card is incomplete: it has no END:VCARD.")))
            continue
        try:
            card = _parse_card(index, chunk)
        # Anything vobject or a decoder raises on one card must not lose the other cards.
        except Exception as exc:
            errors.append(
                CardError(index, _("The card could not be read: %(reason)s") % {"reason": exc})
            )
            continue
        if not (card.formatted_name or card.first_name or card.last_name or card.organization):
            detail = next(iter(card.emails), None) or next((p.raw for p in card.phones), None)
            message = _("The card has neither a name nor an organization.")
            if detail:
                message = _("The card (%(detail)s) has neither a name nor an organization.") % {
                    "detail": detail
                }
            errors.append(CardError(index, message))
            continue
        cards.append(card)
    return cards, errors
