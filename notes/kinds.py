"""Which records carry notes and files, and how a note finds its record again.

A page names its record as `<kind>:<pk>` (`?record=contact:12`): the kind is one of the record
types of the apps below (crm.records), whose `load` answers 404 for a record the user may not
see and whose `actions` say what they may do on it. A note keeps its record as content type and
id: every kind of one model (contacts, accounts, customers and leads are all parties) shares
one record type for that (`by_model`), so a party's notes stay with it when a lead becomes a
contact."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from commerce.models import Order
from commerce.records import ORDER
from crm.records import RecordType
from events.models import Event
from events.records import EVENT
from leads.records import LEAD
from opportunities.models import Opportunity
from opportunities.records import OPPORTUNITY
from parties import selectors as party_selectors
from parties.kinds import page_url
from parties.models import Party
from parties.records import ACCOUNT, CONTACT, CUSTOMER
from support.models import Case
from support.records import CASE


def _any_party(user: User, pk: int) -> Party:
    """A party the user may see, whichever page it is shown on (a note follows its party
    from lead to contact)."""
    return party_selectors.parties_visible_to(user).prefetch_related("roles").get(pk=pk)


PARTY = RecordType("party", load=_any_party, actions=party_selectors.party_actions)


@dataclass(frozen=True)
class RecordKind:
    slug: str  # in `?record=<slug>:<pk>`
    label: Promise
    record_type: RecordType
    model: type[models.Model]
    # Cases keep their own notes (internal and public: support.CaseNote); only files here.
    notes: bool = True


KINDS: dict[str, RecordKind] = {
    k.slug: k
    for k in (
        RecordKind("contact", _("contact"), CONTACT, Party),
        RecordKind("account", _("account"), ACCOUNT, Party),
        RecordKind("customer", _("customer"), CUSTOMER, Party),
        RecordKind("lead", _("lead"), LEAD, Party),
        RecordKind("opportunity", _("opportunity"), OPPORTUNITY, Opportunity),
        RecordKind("event", _("event"), EVENT, Event),
        RecordKind("order", _("order"), ORDER, Order),
        RecordKind("case", _("case"), CASE, Case, notes=False),
    )
}


@dataclass(frozen=True)
class ModelRecords:
    record_type: RecordType  # loads any record of the model the user may see
    url: Callable[[models.Model], str]
    name: Callable[[models.Model], str]
    kind: Callable[[models.Model], RecordKind]


def _party_kind(party: Party) -> RecordKind:
    slug = page_url(party).strip("/").split("/")[0]
    return KINDS.get(
        {"contacts": "contact", "accounts": "account", "customers": "customer"}.get(slug, "lead"),
        KINDS["lead"],
    )


BY_MODEL: dict[type[models.Model], ModelRecords] = {
    Party: ModelRecords(PARTY, page_url, lambda p: p.display_name, _party_kind),
    Opportunity: ModelRecords(
        OPPORTUNITY,
        lambda o: reverse("opportunities:detail", args=[o.pk]),
        lambda o: o.name,
        lambda o: KINDS["opportunity"],
    ),
    Event: ModelRecords(
        EVENT,
        lambda e: reverse("events:detail", args=[e.pk]),
        lambda e: e.subject,
        lambda e: KINDS["event"],
    ),
    Order: ModelRecords(
        ORDER,
        lambda o: reverse("orders:detail", args=[o.pk]),
        str,
        lambda o: KINDS["order"],
    ),
    Case: ModelRecords(
        CASE, lambda c: reverse("cases:detail", args=[c.pk]), str, lambda c: KINDS["case"]
    ),
}


def by_model(model: type[models.Model]) -> ModelRecords:
    return BY_MODEL[model._meta.concrete_model]


def record_url(record: models.Model) -> str:
    return by_model(type(record)).url(record)


def record_name(record: models.Model) -> str:
    return by_model(type(record)).name(record)


def parse_record(value: str) -> tuple[RecordKind, str] | None:
    """`contact:12` as (its kind, "12"); None for anything else."""
    slug, _sep, pk = (value or "").partition(":")
    kind = KINDS.get(slug)
    return (kind, pk) if kind and pk else None
