"""Reading and writing vCards (2.1, 3.0 and 4.0 in; 3.0 out) with vobject."""

from parties.vcards.cards import CardError, ParsedAddress, ParsedCard, ParsedPhone
from parties.vcards.reader import COUNTRY_ALIASES, country_code_for, parse_vcards
from parties.vcards.uid import party_pk_from_uid, vcard_uid
from parties.vcards.writer import ADDRESS_TYPES, PHONE_TYPES, party_to_vcard
