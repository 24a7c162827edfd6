"""Writing a party as a vCard 3.0."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import vobject
from vobject.vcard import Address, Name

from parties.models import ContactMechKind, ContactMechPurpose, Party, PartyContactMech
from parties.normalize import format_phone
from parties.vcards.uid import vcard_uid

PHONE_TYPES = {
    ContactMechPurpose.PRIMARY_PHONE: "PREF",
    ContactMechPurpose.MOBILE_PHONE: "CELL",
    ContactMechPurpose.WORK_PHONE: "WORK",
}
# vCard has no billing or shipping address: each is written as the vCard 3.0 type nearest to
# it, for address books, and as an x-name type (allowed by vCard 3.0 and 4.0), which the
# import reads back; POSTAL and PARCEL alone would not do, as address books write them for
# home and work addresses too.
ADDRESS_TYPES = {
    ContactMechPurpose.GENERAL_LOCATION: ["PREF"],
    ContactMechPurpose.BILLING_LOCATION: ["POSTAL", "X-BILLING"],
    ContactMechPurpose.SHIPPING_LOCATION: ["PARCEL", "X-SHIPPING"],
}


def _purposes(pcm: PartyContactMech) -> list[str]:
    if hasattr(pcm, "current_purposes"):
        return [p.purpose for p in pcm.current_purposes]
    return list(pcm.purposes.filter(thru_date__isnull=True).values_list("purpose", flat=True))


def _revision(updated_at: datetime.datetime, party_contact_mechs: list[PartyContactMech]) -> str:
    """REV: the latest of the record's update and its contact mechanisms' start and end, in
    UTC (vCard's basic ISO 8601 form, valid in 3.0 and 4.0)."""
    moments = [updated_at]
    for pcm in party_contact_mechs:
        moments += [pcm.from_date, *([pcm.thru_date] if pcm.thru_date else [])]
    return max(moments).astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def party_to_vcard(
    party: Party,
    party_contact_mechs: Iterable[PartyContactMech],
    *,
    host: str,
    organization: str = "",
    updated_at: datetime.datetime | None = None,
) -> str:
    """A vCard 3.0 of a party and its current contact mechanisms (ended ones are left out),
    with its description as NOTE, the UID of the party at `host` (see parties.vcards.uid) and
    REV from `updated_at` (the record's last update; the party's by default)."""
    party_contact_mechs = list(party_contact_mechs)
    card = vobject.vCard()
    card.add("uid").value = vcard_uid(party.pk, host)
    if party.is_person:
        card.add("n").value = Name(
            family=party.last_name,
            given=party.first_name,
            additional=party.middle_name,
            prefix=party.salutation,
            suffix=party.suffix,
        )
    else:
        card.add("n").value = Name()
        organization = organization or party.name
    card.add("fn").value = party.display_name
    if organization:
        card.add("org").value = [organization]
    if party.job_title:
        card.add("title").value = party.job_title
    if party.birth_date:
        card.add("bday").value = party.birth_date.isoformat()
    if party.description.strip():
        card.add("note").value = party.description.strip()
    for pcm in party_contact_mechs:
        if not pcm.is_current:
            continue
        mech = pcm.contact_mech
        purposes = _purposes(pcm)
        if mech.kind == ContactMechKind.EMAIL:
            line = card.add("email")
            line.value = mech.value
            line.params["TYPE"] = ["INTERNET"] + (
                ["PREF"] if ContactMechPurpose.PRIMARY_EMAIL in purposes else []
            )
        elif mech.kind == ContactMechKind.PHONE:
            line = card.add("tel")
            number = format_phone(mech.value)
            line.value = f"{number} ext. {pcm.extension}" if pcm.extension else number
            line.params["TYPE"] = ["VOICE"] + [PHONE_TYPES[p] for p in purposes if p in PHONE_TYPES]
        elif mech.kind == ContactMechKind.POSTAL_ADDRESS:
            line = card.add("adr")
            line.value = Address(
                street="\n".join(s for s in (mech.address1, mech.address2) if s),
                city=mech.city,
                region=mech.state,
                code=mech.postal_code,
                country=str(mech.country.name) if mech.country else "",
            )
            types = [t for p in purposes for t in ADDRESS_TYPES.get(p, [])]
            if types:
                line.params["TYPE"] = types
        elif mech.kind == ContactMechKind.WEB:
            line = card.add("url")
            line.value = mech.value
    card.add("rev").value = _revision(updated_at or party.updated_at, party_contact_mechs)
    return card.serialize()
