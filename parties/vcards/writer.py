"""Writing a party as a vCard 3.0."""

from __future__ import annotations

from collections.abc import Iterable

import vobject
from vobject.vcard import Address, Name

from parties.models import ContactMechKind, ContactMechPurpose, Party, PartyContactMech
from parties.normalize import format_phone

PHONE_TYPES = {
    ContactMechPurpose.PRIMARY_PHONE: "PREF",
    ContactMechPurpose.MOBILE_PHONE: "CELL",
    ContactMechPurpose.WORK_PHONE: "WORK",
}
ADDRESS_TYPES = {
    ContactMechPurpose.GENERAL_LOCATION: "PREF",
    ContactMechPurpose.BILLING_LOCATION: "POSTAL",
    ContactMechPurpose.SHIPPING_LOCATION: "PARCEL",
}


def _purposes(pcm: PartyContactMech) -> list[str]:
    if hasattr(pcm, "current_purposes"):
        return [p.purpose for p in pcm.current_purposes]
    return list(pcm.purposes.filter(thru_date__isnull=True).values_list("purpose", flat=True))


def party_to_vcard(
    party: Party, party_contact_mechs: Iterable[PartyContactMech], *, organization: str = ""
) -> str:
    """A vCard 3.0 of a party and its current contact mechanisms (ended ones are left out)."""
    card = vobject.vCard()
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
            types = [ADDRESS_TYPES[p] for p in purposes if p in ADDRESS_TYPES]
            if types:
                line.params["TYPE"] = types
        elif mech.kind == ContactMechKind.WEB:
            line = card.add("url")
            line.value = mech.value
    return card.serialize()
