"""A vCard as read: ParsedCard with its phones and addresses, and CardError for one that fails."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass
class ParsedPhone:
    raw: str
    e164: str | None
    kinds: list[str] = field(default_factory=list)


@dataclass
class ParsedAddress:
    street: str
    city: str
    region: str
    postal_code: str
    country_name: str
    country_code: str | None
    kinds: list[str] = field(default_factory=list)


@dataclass
class ParsedCard:
    index: int  # 1-based position in the file
    uid: str = ""
    formatted_name: str = ""
    prefix: str = ""
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    suffix: str = ""
    organization: str = ""
    job_title: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[ParsedPhone] = field(default_factory=list)
    addresses: list[ParsedAddress] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    birth_date: datetime.date | None = None
    note: str = ""


@dataclass
class CardError:
    index: int
    message: str
