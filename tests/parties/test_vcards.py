"""vCards: reading real address-book exports, writing a contact, and the download."""

import datetime

import pytest
import vobject

from parties import services
from parties.models import ContactMechKind, ContactMechPurpose, Party
from parties.selectors import contact_mechs_for
from parties.vcards import parse_vcards, party_pk_from_uid, party_to_vcard, vcard_uid
from tests import vcard_samples
from tests.factories import make_account, make_contact, make_lead

pytestmark = pytest.mark.django_db

HOST = "crm.example.com"


def read_fixture(name: str):
    return parse_vcards(vcard_samples.sample_bytes(name))


def only_card(name: str):
    cards, errors = read_fixture(name)
    assert errors == []
    assert len(cards) == 1
    return cards[0]


def raws(card) -> list[str]:
    return [phone.raw for phone in card.phones]


def test_every_fixture_file_is_checked():
    folder = vcard_samples.folder()
    assert sorted(path.name for path in folder.iterdir() if path.is_file()) == vcard_samples.NAMES


# Real exports -------------------------------------------------------------------------------


def test_gmail_john_doe_is_read():
    card = only_card("John_Doe_GMAIL.vcf")
    assert card.formatted_name == "Mr. John Richter, James Doe Sr."
    assert (card.prefix, card.first_name, card.middle_name, card.last_name, card.suffix) == (
        "Mr.",
        "John",
        "Richter, James",
        "Doe",
        "Sr.",
    )
    assert (card.organization, card.job_title) == ("IBM", "Money Counter")
    assert card.emails == ["john.doe@ibm.com"]
    assert raws(card) == ["905-555-1234", "905-666-1234"]
    assert [p.kinds for p in card.phones] == [["cell"], ["home"]]
    assert card.phones[0].e164 == "+19055551234"
    # Gmail puts the whole address, folded over two lines, into the street field.
    [address] = card.addresses
    assert address.street == (
        "Crescent moon drive\n555-asd\nNice Area, Albaney, New York 12345\nUnited States of America"
    )
    assert address.kinds == ["home"]
    assert card.urls == ["http://www.ibm.com"]
    assert card.birth_date == datetime.date(1980, 3, 22)
    assert card.note.startswith("THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIB")
    assert card.note.endswith("DAMAGE.\nFavotire Color: Blue")


def test_iphone_john_doe_is_read():
    card = only_card("John_Doe_IPHONE.vcf")
    assert card.formatted_name == "Mr. John Richter James Doe Sr."
    assert (card.prefix, card.first_name, card.middle_name, card.last_name, card.suffix) == (
        "Mr.",
        "John",
        "Richter James",
        "Doe",
        "Sr.",
    )
    assert (card.organization, card.job_title) == ("IBM", "Money Counter")
    assert card.emails == ["john.doe@ibm.com"]
    assert raws(card) == [
        "905-555-1234",
        "905-666-1234",
        "905-777-1234",
        "905-888-1234",
        "905-999-1234",
        "905-111-1234",
        "905-222-1234",
    ]
    assert card.phones[0].kinds == ["cell", "voice", "pref"]
    home, work = card.addresses
    assert (home.street, home.city, home.region, home.postal_code) == (
        "Silicon Alley 5",
        "New York",
        "New York",
        "12345",
    )
    assert (home.country_name, home.country_code) == ("United States of America", "US")
    assert (work.street, work.city, work.postal_code) == (
        "Street4\nBuilding 6\nFloor 8",
        "New York",
        "12345",
    )
    assert (work.country_name, work.country_code) == ("USA", "US")
    assert card.urls == ["http://www.ibm.com"]
    assert card.birth_date == datetime.date(2012, 6, 6)


def test_outlook_john_doe_is_read():
    card = only_card("John_Doe_MS_OUTLOOK.vcf")
    assert (card.first_name, card.middle_name, card.last_name) == ("John", "Richter James", "Doe")
    assert (card.organization, card.job_title) == ("IBM", "Money Counter")
    assert card.emails == ["john.doe@ibm.cm"]
    assert raws(card) == ["(905) 555-1234", "(905) 666-1234"]
    assert [p.kinds for p in card.phones] == [["work", "voice"], ["home", "voice"]]
    work, home = card.addresses
    assert (work.street, work.city, work.region, work.postal_code, work.country_code) == (
        "Cresent moon drive",
        "Albaney",
        "New York",
        "12345",
        "US",
    )
    assert work.kinds == ["work", "pref"]
    assert (home.street, home.city, home.postal_code) == ("Silicon Alley 5", "New York", "12345")
    assert card.birth_date == datetime.date(1980, 3, 22)
    # Outlook writes bare commas in text; they must not cut the note short.
    assert "WARRANTIES, INCLUDING, BUT NOT LIMITED TO" in card.note


def test_gmail_single_is_read():
    card = only_card("gmail-single.vcf")
    assert (card.formatted_name, card.first_name, card.last_name) == (
        "Greg Dartmouth",
        "Greg",
        "Dartmouth",
    )
    assert (card.organization, card.job_title) == ("TheCompany", "TheJobTitle")
    assert card.emails == ["gdartmouth@hotmail.com"]
    # 555 numbers do not validate: the raw number is kept, without an E.164 form.
    assert raws(card) == ["555 555 1111", "555 555 2222"]
    assert [p.e164 for p in card.phones] == [None, None]
    home, custom = card.addresses
    assert home.street == "123 Home St\nHome City, HM 12345"
    assert (custom.street, custom.city, custom.region, custom.postal_code) == (
        "321 Custom St",
        "Custom City",
        "TX",
        "98765",
    )
    assert custom.country_code == "US"
    assert card.urls == ["http://TheProfile.com"]
    assert card.birth_date == datetime.date(1960, 9, 10)
    assert card.note == (
        "This is GMail's note field.\nIt should be added as a NOTE type.\nACustomField: CustomField"
    )


def test_outlook_2007_is_read():
    card = only_card("outlook-2007.vcf")
    assert (card.prefix, card.first_name, card.last_name, card.suffix) == (
        "Mr.",
        "Michael",
        "Angstadt",
        "Jr.",
    )
    assert (card.organization, card.job_title) == ("TheCompany", "TheJobTitle")
    assert card.emails == ["mike.angstadt@gmail.com"]
    assert raws(card) == ["(111) 555-1111", "(111) 555-2222", "(111) 555-4444", "(111) 555-3333"]
    [address] = card.addresses
    assert (address.street, address.city, address.region, address.postal_code) == (
        "TheOffice\n222 Broadway",
        "New York",
        "NY",
        "99999",
    )
    assert address.country_code == "US"
    assert card.birth_date == datetime.date(1922, 3, 10)
    # A quoted-printable note over four lines (vCard 2.1 soft line breaks).
    assert card.note.startswith("This is the NOTE field\t\nI assume it encodes this text")
    assert card.note.endswith("It does not preserve the formatting")


def test_rfc6350_example_is_read():
    card = only_card("rfc6350-example.vcf")
    assert (card.formatted_name, card.first_name, card.last_name, card.suffix) == (
        "Simon Perreault",
        "Simon",
        "Perreault",
        "ing. jr, M.Sc.",
    )
    assert card.organization == "Viagenie"
    assert card.emails == ["simon.perreault@viagenie.ca"]
    assert raws(card) == ["+1-418-656-9254;ext=102", "+1-418-262-6501"]
    assert [p.e164 for p in card.phones] == ["+14186569254", "+14182626501"]
    assert card.phones[1].kinds == ["work", "cell", "voice", "video", "text"]
    [address] = card.addresses
    assert (address.street, address.city, address.region, address.postal_code) == (
        "Suite D2-630\n2875 Laurier",
        "Quebec",
        "QC",
        "G1V 2M2",
    )
    assert (address.country_name, address.country_code) == ("Canada", "CA")
    assert card.urls == ["http://nomis80.org"]
    assert card.birth_date is None  # --0203 has no year


def test_thunderbird_card_is_read():
    card = only_card("thunderbird-MoreFunctionsForAddressBook-extension.vcf")
    assert (card.formatted_name, card.first_name, card.last_name) == ("John Doe", "John", "Doe")
    assert (card.organization, card.job_title) == ("TheOrganization", "TheTitle")
    assert card.emails == [
        "doe.john@hotmail.com",
        "additional-email@company.com",
        "additional-email1@company.com",
        "additional-email2@company.com",
        "additional-email3@company.com",
    ]
    assert raws(card) == [
        "555-555-1111",
        "555-555-2222",
        "555-555-5555",
        "555-555-3333",
        "555-555-4444",
    ]
    work, home = card.addresses
    assert (work.street, work.city, work.region, work.postal_code, work.country_code) == (
        "222 Broadway\nSuite 100",
        "New York",
        "NY",
        "98765",
        "US",
    )
    assert (home.street, home.city, home.postal_code) == ("123 Main St\nApt 10", "Austin", "12345")
    assert card.urls == ["http://www.private-webpage.com", "http://www.work-webpage.com"]
    assert card.birth_date == datetime.date(1970, 9, 21)
    assert card.note.startswith("This is the notes field.\nSecond Line\n\nFourth Line\n")


def test_android_export_is_read_and_nameless_cards_are_reported():
    cards, errors = read_fixture("John_Doe_ANDROID.vcf")
    # Its first two cards hold only an e-mail address: no name, no organization.
    assert [(e.index, e.message) for e in errors] == [
        (1, "The card (john.doe@company.com) has neither a name nor an organization."),
        (2, "The card (jane.doe@company.com) has neither a name nor an organization."),
    ]
    assert [c.index for c in cards] == [3, 4, 5, 6]
    three, four, five, six = cards
    assert (three.formatted_name, three.last_name) == ("Ñ Ñ Ñ Ñ Ñ", "Ñ Ñ Ñ Ñ")
    assert raws(three) == ["123456789"]
    # Quoted-printable names continued over soft line breaks.
    assert four.formatted_name == " ".join(["Ñ"] * 11)
    assert raws(four) == ["123456", "234567", "3456789", "45678901"]
    assert (five.first_name, five.last_name, five.organization) == ("Ñ Ñ Ñ", "Ñ Ñ", "Ñ" * 12)
    assert five.emails == ["bob@company.com", "Ñ" * 14]
    assert five.urls == ["www.company.com", "http://www.company.com"]
    # Card 6 has an ORG whose bytes are not valid UTF-8; the card is still read.
    assert (six.last_name, six.organization) == ("ÑÑÑÑ", "Ñ" * 44)
    assert six.emails == ["henry@company.com"]
    assert raws(six) == ["55556666"]


# Reading edge cases -------------------------------------------------------------------------


def test_folded_long_line_is_read():
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lovelace;Ada;;;\r\nFN:Ada Lovelace\r\n"
        "TITLE:Analyst of the Analytical Engine and writer of the first publish\r\n"
        " ed algorithm\r\nEND:VCARD\r\n"
    )
    [card], errors = parse_vcards(text)
    assert errors == []
    assert card.job_title == (
        "Analyst of the Analytical Engine and writer of the first published algorithm"
    )


def test_quoted_printable_21_card_is_read():
    text = (
        "BEGIN:VCARD\nVERSION:2.1\n"
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Gro=C3=9F;J=C3=BCrgen;;;\n"
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen Gro=C3=9F\n"
        "ADR;WORK;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:;;Stra=C3=9Fe 1;M=C3=BCn=\n"
        "chen;;80331;Germany\n"
        "TEL;WORK;VOICE:+49 89 123456\n"
        "END:VCARD\n"
    )
    [card], errors = parse_vcards(text.encode("utf-8"))
    assert errors == []
    assert (card.first_name, card.last_name, card.formatted_name) == (
        "Jürgen",
        "Groß",
        "Jürgen Groß",
    )
    [address] = card.addresses
    assert (address.street, address.city, address.postal_code, address.country_code) == (
        "Straße 1",
        "München",
        "80331",
        "DE",
    )
    assert card.phones[0].kinds == ["work", "voice"]


def test_latin1_file_is_read():
    text = "BEGIN:VCARD\nVERSION:3.0\nN:Çelik;Zoë;;;\nFN:Zoë Çelik\nEND:VCARD\n"
    [card], errors = parse_vcards(text.encode("latin-1"))
    assert errors == []
    assert card.formatted_name == "Zoë Çelik"


def test_not_a_vcard_file_is_refused():
    with pytest.raises(ValueError, match="This file is not a vCard file."):
        parse_vcards(b"name,email\nAda,ada@example.com\n")


def test_empty_file_is_refused():
    with pytest.raises(ValueError, match="The file is empty."):
        parse_vcards(b"  \r\n")


def test_broken_card_is_reported_and_the_others_kept():
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nN:Lovelace;Ada;;;\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Broken Card\nthis line is not a property\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nORG:Analytical Engines Ltd\nEND:VCARD\n"
    )
    cards, errors = parse_vcards(text)
    assert [(c.index, c.formatted_name, c.organization) for c in cards] == [
        (1, "Ada Lovelace", ""),
        (3, "", "Analytical Engines Ltd"),
    ]
    assert [e.index for e in errors] == [2]
    assert errors[0].message.startswith("The card could not be read")


def test_unclosed_card_is_reported():
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEND:VCARD\nBEGIN:VCARD\nFN:Cut off\n"
    cards, errors = parse_vcards(text)
    assert [c.formatted_name for c in cards] == ["Ada Lovelace"]
    assert [(e.index, e.message) for e in errors] == [
        (2, "The card is incomplete: it has no END:VCARD.")
    ]


def test_country_aliases_and_unknown_countries():
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\n"
        "ADR:;;1 Main St;Springfield;;12345;United States\n"
        "ADR:;;10 Downing St;London;;SW1A 2AA;UK\n"
        "ADR:;;1 Nowhere;Atlantis;;;Atlantis\n"
        "END:VCARD\n"
    )
    [card], _ = parse_vcards(text)
    assert [a.country_code for a in card.addresses] == ["US", "GB", None]
    assert card.addresses[2].country_name == "Atlantis"


# Writing ------------------------------------------------------------------------------------


def _add(alice, party, kind, purposes, **values):
    return services.contact_mech_add(
        actor=alice, party=party, kind=kind, purposes=purposes, **values
    )


def test_exported_contact_parses_back_to_the_same_values(alice):
    account = make_account(alice, name="Globex, Inc.")
    contact = make_contact(
        alice,
        salutation="Dr.",
        first_name="Ada",
        middle_name="King",
        last_name="Lovelace",
        suffix="PhD",
        job_title="Head of R&D; EMEA, North",
        birth_date=datetime.date(1815, 12, 10),
        email="ada@globex.example",
        phone="+44 20 7946 0000",
        account=account,
    )
    _add(
        alice,
        contact,
        ContactMechKind.PHONE,
        [ContactMechPurpose.MOBILE_PHONE],
        value="+44 7911 123456",
        extension="12",
    )
    _add(
        alice,
        contact,
        ContactMechKind.POSTAL_ADDRESS,
        [ContactMechPurpose.GENERAL_LOCATION],
        address1="1 High Street, Flat 2",
        address2="Back door; ring twice",
        city="London",
        postal_code="N1 9GU",
        state="Greater London",
        country="GB",
    )
    _add(alice, contact, ContactMechKind.WEB, [], value="https://ada.example/notes")

    text = party_to_vcard(contact, contact_mechs_for(contact), host=HOST, organization=account.name)

    [card], errors = parse_vcards(text)
    assert errors == []
    assert (card.prefix, card.first_name, card.middle_name, card.last_name, card.suffix) == (
        "Dr.",
        "Ada",
        "King",
        "Lovelace",
        "PhD",
    )
    assert card.formatted_name == "Ada King Lovelace PhD"
    assert (card.organization, card.job_title) == ("Globex, Inc.", "Head of R&D; EMEA, North")
    assert card.emails == ["ada@globex.example"]
    assert [(p.e164, p.kinds) for p in card.phones] == [
        ("+442079460000", ["voice", "pref"]),
        ("+447911123456", ["voice", "cell"]),
    ]
    assert card.phones[1].raw.endswith("ext. 12")
    [address] = card.addresses
    assert address.street == "1 High Street, Flat 2\nBack door; ring twice"
    assert (address.city, address.region, address.postal_code, address.country_code) == (
        "London",
        "Greater London",
        "N1 9GU",
        "GB",
    )
    assert card.urls == ["https://ada.example/notes"]
    assert card.birth_date == datetime.date(1815, 12, 10)


def test_ended_contact_mechs_are_not_exported(alice):
    contact = make_contact(alice, email="old@example.com")
    services.contact_mech_end(actor=alice, party_contact_mech=contact.contact_mechs.get())
    _add(alice, contact, ContactMechKind.EMAIL, [], value="new@example.com")

    [card], _ = parse_vcards(party_to_vcard(contact, contact_mechs_for(contact), host=HOST))

    assert card.emails == ["new@example.com"]


@pytest.mark.parametrize(("first", "last"), [("Zoë", "Çelik"), ("Jürgen", "Groß")])
def test_non_ascii_names_survive_export_and_parse(alice, first, last):
    contact = make_contact(alice, first_name=first, last_name=last)

    text = party_to_vcard(contact, contact_mechs_for(contact), host=HOST)
    [card], _ = parse_vcards(text.encode("utf-8"))

    assert (card.first_name, card.last_name) == (first, last)
    assert card.formatted_name == f"{first} {last}"


def test_long_values_are_folded(alice):
    contact = make_contact(alice, job_title=", ".join(["Chief Analytical Engine Officer"] * 3))

    text = party_to_vcard(contact, [], host=HOST)

    assert max(len(line.encode("utf-8")) for line in text.splitlines()) <= 75
    [card], _ = parse_vcards(text)
    assert card.job_title == contact.job_title


def test_description_is_exported_as_note(alice):
    description = "Met at the fair; wants a demo, then a quote.\nCall back C:\\ in May."
    lead = make_lead(alice, first_name="Grace", last_name="Hopper", description=description)

    [card], _ = parse_vcards(party_to_vcard(lead.party, [], host=HOST))

    assert card.note == description


def test_address_purposes_are_exported_as_adr_types(alice):
    contact = make_contact(alice)
    address = {"address1": "1 Main St", "city": "Springfield", "country": "US"}
    for purposes in (
        [ContactMechPurpose.GENERAL_LOCATION],
        [ContactMechPurpose.BILLING_LOCATION],
        [ContactMechPurpose.SHIPPING_LOCATION, ContactMechPurpose.BILLING_LOCATION],
    ):
        _add(alice, contact, ContactMechKind.POSTAL_ADDRESS, purposes, **address)

    text = party_to_vcard(contact, contact_mechs_for(contact), host=HOST)

    [card], _ = parse_vcards(text)
    assert [sorted(a.kinds) for a in card.addresses] == [
        ["pref"],
        ["postal", "x-billing"],
        ["parcel", "postal", "x-billing", "x-shipping"],
    ]


def test_uid_names_the_party_and_the_host_it_came_from():
    assert vcard_uid(42, "CRM.Example.com:8443") == "party-42@crm.example.com"
    assert party_pk_from_uid("party-42@crm.example.com", "crm.example.com:8443") == 42
    assert party_pk_from_uid("PARTY-42@CRM.EXAMPLE.COM", "crm.example.com") == 42
    for uid in ("party-42@other.example", "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1", ""):
        assert party_pk_from_uid(uid, "crm.example.com") is None


# Download -----------------------------------------------------------------------------------


def _downloaded(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    return vobject.readOne(response.content.decode())


def test_downloaded_vcard_has_a_stable_uid_and_the_last_update_as_rev(alice, client_for):
    contact = make_contact(alice, first_name="Ada", last_name="Lovelace")
    Party.objects.filter(pk=contact.pk).update(
        updated_at=datetime.datetime(2024, 3, 1, 9, 30, 5, tzinfo=datetime.UTC)
    )
    client = client_for(alice)

    before = _downloaded(client, f"/contacts/{contact.pk}/vcard/")
    services.party_update(
        actor=alice,
        party=Party.objects.get(pk=contact.pk),
        expected_version=contact.version,
        job_title="Analyst",
    )
    after = _downloaded(client, f"/contacts/{contact.pk}/vcard/")

    assert before.uid.value == after.uid.value == f"party-{contact.pk}@testserver"
    assert before.rev.value == "20240301T093005Z"
    updated_at = Party.objects.get(pk=contact.pk).updated_at.astimezone(datetime.UTC)
    assert after.rev.value == updated_at.strftime("%Y%m%dT%H%M%SZ") > before.rev.value


def test_rev_counts_a_contact_mechanism_added_since(alice, client_for):
    contact = make_contact(alice)
    Party.objects.filter(pk=contact.pk).update(
        updated_at=datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC)
    )
    pcm = _add(alice, contact, ContactMechKind.WEB, [], value="https://ada.example")

    card = _downloaded(client_for(alice), f"/contacts/{contact.pk}/vcard/")

    assert card.rev.value == pcm.from_date.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def test_downloaded_lead_vcard_keeps_its_description_and_address_type(alice, client_for):
    lead = make_lead(
        alice,
        company_name="US Navy",
        first_name="Grace",
        last_name="Hopper",
        description="Wants 40 seats, maybe more.",
        address={"address1": "1000 Navy Pentagon", "city": "Washington", "country": "US"},
    )

    card = _downloaded(client_for(alice), f"/leads/{lead.pk}/vcard/")

    assert card.uid.value == f"party-{lead.pk}@testserver"
    assert card.note.value == "Wants 40 seats, maybe more."
    assert card.adr.params["TYPE"] == ["PREF"]
    assert card.org.value == ["US Navy"]


def test_owner_downloads_a_contacts_vcard(alice, client_for):
    account = make_account(alice, name="Globex")
    contact = make_contact(
        alice, first_name="Zoë", last_name="Çelik", email="zoe@globex.example", account=account
    )

    response = client_for(alice).get(f"/contacts/{contact.pk}/vcard/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="zoe-celik.vcf"'
    [card], _ = parse_vcards(response.content)
    assert card.emails == ["zoe@globex.example"]
    assert (card.formatted_name, card.organization) == ("Zoë Çelik", "Globex")


def test_detail_page_links_the_vcard(alice, client_for):
    contact = make_contact(alice)
    account = make_account(alice)

    contact_page = client_for(alice).get(f"/contacts/{contact.pk}/")
    account_page = client_for(alice).get(f"/accounts/{account.pk}/")

    assert f'href="/contacts/{contact.pk}/vcard/"' in contact_page.content.decode()
    assert "Download vCard" not in account_page.content.decode()


def test_employer_the_user_may_not_see_is_not_named(alice, bob, dan, client_for):
    # bob sees his teammate alice's contact, but not dan's account it works at.
    account = make_account(dan, name="Secret Corp")
    contact = make_contact(alice, account=account)

    response = client_for(bob).get(f"/contacts/{contact.pk}/vcard/")

    assert response.status_code == 200
    assert b"Secret Corp" not in response.content
    [card], _ = parse_vcards(response.content)
    assert card.organization == ""


def test_outsider_gets_404_for_a_contacts_vcard(alice, dan, client_for):
    contact = make_contact(alice, email="hidden@example.com")

    response = client_for(dan).get(f"/contacts/{contact.pk}/vcard/")

    assert response.status_code == 404
    assert b"hidden@example.com" not in response.content


def test_accounts_have_no_vcard_download(alice, client_for):
    account = make_account(alice)

    response = client_for(alice).get(f"/accounts/{account.pk}/vcard/")

    assert response.status_code == 404


def test_vcard_download_is_get_only(alice, client_for):
    contact = make_contact(alice)

    response = client_for(alice).post(f"/contacts/{contact.pk}/vcard/")

    assert response.status_code == 405
