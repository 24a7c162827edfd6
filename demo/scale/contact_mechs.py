"""seed_scale's e-mail addresses, phone numbers and postal addresses of every party."""

from __future__ import annotations

import random

from demo.scale.vocabulary import STREETS
from demo.scale.writer import Writer
from parties.models import ContactMech, PartyContactMech, PartyContactMechPurpose


class ContactMechWriters:
    """The three tables one contact mechanism takes: the mechanism, its link to the party,
    and the link's purpose."""

    def __init__(self):
        self.mech = Writer(
            ContactMech,
            [
                "id",
                "kind",
                "value",
                "to_name",
                "address1",
                "address2",
                "city",
                "postal_code",
                "state",
                "country",
            ],
        )
        self.pcm = Writer(
            PartyContactMech,
            [
                "id",
                "party_id",
                "contact_mech_id",
                "from_date",
                "thru_date",
                "extension",
                "verified",
            ],
        )
        self.purpose = Writer(
            PartyContactMechPurpose,
            ["id", "party_contact_mech_id", "party_id", "purpose", "from_date", "thru_date"],
        )

    def writers(self) -> dict[str, Writer]:
        return {"mech": self.mech, "pcm": self.pcm, "purpose": self.purpose}

    def add(
        self,
        rng: random.Random,
        party_id: int,
        *,
        is_org: bool,
        is_customer: bool,
        first: str,
        last: str,
        display: str,
        domain: str,
        place: tuple[str, str, str, str],
        created: str,
    ) -> None:
        """2-4 contact mechanisms: e-mail and phone always, then maybe a mobile (people) and
        an address (always for a customer, where orders ship to)."""
        city, state, country, prefix = place
        local = (
            (first + "." + last).lower().replace("'", "").replace(" ", "") if not is_org else "info"
        )
        email = f"{local}{party_id}@{domain}"
        phone = f"{prefix}{rng.randrange(2_000_000, 9_999_999)}"
        mechs = [
            ("EMAIL", email, "PRIMARY_EMAIL", None),
            ("PHONE", phone, "PRIMARY_PHONE", None),
        ]
        extra = rng.randrange(3)
        if extra >= 1 and not is_org:
            mobile = f"{prefix}{rng.randrange(2_000_000, 9_999_999)}"
            mechs.append(("PHONE", mobile, "MOBILE_PHONE", None))
        if extra == 2 or is_customer:
            street = f"{rng.randrange(1, 400)} {STREETS[rng.randrange(len(STREETS))]}"
            postal = f"{rng.randrange(10000, 99999)}"
            address = (street, city, postal, state, country)
            value = f"{street}, {postal}, {city}" + (f", {state}" if state else "") + f", {country}"
            purpose = "SHIPPING_LOCATION" if is_customer else "GENERAL_LOCATION"
            mechs.append(("POSTAL_ADDRESS", value, purpose, address))
        for kind, value, purpose, address in mechs:
            mech_id = self.mech.take_id()
            if address:
                street, a_city, postal, a_state, a_country = address
                self.mech.add(
                    mech_id, kind, value, display, street, "", a_city, postal, a_state, a_country
                )
            else:
                self.mech.add(mech_id, kind, value, "", "", "", "", "", "", "")
            pcm_id = self.pcm.take_id()
            self.pcm.add(pcm_id, party_id, mech_id, created, None, "", False)
            self.purpose.add(self.purpose.take_id(), pcm_id, party_id, purpose, created, None)
