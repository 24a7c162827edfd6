"""Reading a .vcf file: its size and card limits, its encoding, its cards."""

from __future__ import annotations

import codecs
import re

from django.utils.translation import gettext as _

from parties.vcards import CardError, ParsedCard, parse_vcards

MB = 1024 * 1024
# The preview carries the file to the confirmation in a signed form field: keep it well under
# DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), and the one-transaction import under a request timeout.
MAX_FILE_BYTES = 1 * MB
MAX_CARDS = 500

_BEGIN = re.compile(r"^[ \t]*BEGIN:VCARD[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)


def _decoded(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", "replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    # NUL characters mean a binary file (and PostgreSQL refuses them in text).
    if "\x00" in text:
        raise ValueError(_("This file is not a vCard file: it holds binary data."))
    return text


def vcard_file_limits() -> dict[str, int]:
    """The limits a file must keep, as the upload page and the refusals state them."""
    return {"size": MAX_FILE_BYTES // MB, "count": MAX_CARDS}


def vcard_file_size_check(size: int) -> None:
    """ValueError with a message for the user when a file of `size` bytes is too large."""
    if size > MAX_FILE_BYTES:
        raise ValueError(
            _("The file is larger than %(size)d MB. Split it into smaller files.")
            % vcard_file_limits()
        )


def vcard_file_read(*, data: bytes) -> tuple[str, list[ParsedCard], list[CardError]]:
    """The file's text, its readable cards and the cards that cannot be read. ValueError with
    a message for the user when the file as a whole cannot be used."""
    vcard_file_size_check(len(data))
    text = _decoded(data)
    if len(_BEGIN.findall(text)) > MAX_CARDS:
        raise ValueError(
            _("The file holds more than %(count)d cards. Split it into smaller files.")
            % vcard_file_limits()
        )
    cards, errors = parse_vcards(text)
    return text, cards, errors
