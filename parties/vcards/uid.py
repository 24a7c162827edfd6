"""The UID our vCards carry, and recognizing it in a card read back.

The UID is `party-<pk>@<host>`, the form the events' iCalendar UIDs take (events/ical.py):
the party's primary key never changes (a person's lead converted to a contact keeps its
party) and the host names the CRM the card came from, so an address book updates the card it
already has instead of adding a second one. It is a text UID, which vCard 3.0 allows; a
`urn:uuid:` would hide the key, and the import could not tell which record a card of ours
is without storing every UID it ever wrote. The host is the one the user reached the CRM by:
a card downloaded from another host name is not recognized (and is imported as a new lead)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_UID = re.compile(r"^party-(\d+)@(\S+)$", re.IGNORECASE)


def _host_name(host: str) -> str:
    """The host name of a request's host (`request.get_host()`), without its port."""
    return urlsplit(f"//{host}").hostname or host.lower()


def vcard_uid(party_pk: int, host: str) -> str:
    """The UID of the party's vCard written by the CRM at `host` (`request.get_host()`)."""
    return f"party-{party_pk}@{_host_name(host)}"


def party_pk_from_uid(uid: str, host: str) -> int | None:
    """The primary key in a UID the CRM at `host` wrote, or None for any other UID."""
    match = _UID.match((uid or "").strip())
    if not match or match.group(2).lower() != _host_name(host):
        return None
    return int(match.group(1))
