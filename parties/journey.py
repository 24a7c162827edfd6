"""The customer journey's vocabulary and how its rows link to their records.

Every app that writes journey rows (`parties.services.journey_append`) names a record type
and registers, in its `AppConfig.ready()`, a `JourneyRecordType`: which of a page's ids the
viewer may see (one query for the page, whatever its size) and each one's address. An entry
about a record the viewer may not see is shown as "restricted": its kind and time, never its
summary. Kinds are labelled here, so the filter lists them all."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# The kinds of touch point, in the order the journey's filter lists them.
KINDS = {
    "lead_captured": _("Lead captured"),
    "lead_converted": _("Lead converted"),
    "consent": _("Consent"),
    "event": _("Activity"),
    "deal": _("Deal"),
    "order": _("Order"),
    "review": _("Review"),
    "shopping_list": _("Shopping list"),
    "case_opened": _("Case opened"),
    "case_status": _("Case status"),
    "case_resolved": _("Case resolved"),
}


@dataclass(frozen=True)
class JourneyRecordType:
    name: str  # JourneyEntry.record_type
    # Which of these record ids `user` may see (rows about the page's own party: all of them).
    visible_ids: Callable[[User, list[int]], Iterable[int]] = field(repr=False)
    url: Callable[[int], str] = field(repr=False)


_registry: dict[str, JourneyRecordType] = {}


def register(record_type: JourneyRecordType) -> None:
    known = _registry.get(record_type.name)
    if known is not None and known != record_type:
        raise ImproperlyConfigured(f"two journey record types named {record_type.name}")
    _registry[record_type.name] = record_type


def record_type(name: str) -> JourneyRecordType | None:
    return _registry.get(name)


def follows_party(user: User, ids: list[int]) -> list[int]:
    """For records that follow their party (consents, orders, reviews, shopping lists):
    whoever sees the journey's party sees them."""
    return ids


def no_page(pk: int) -> str:
    return ""
