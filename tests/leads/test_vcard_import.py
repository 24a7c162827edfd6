"""New lead(s) from a vCard file: upload, preview, confirm — real address-book exports, a
round trip through our own export, and bad input (never a 500, nothing saved in part)."""

import re
import time

import pytest
from django.contrib.messages import get_messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from leads import vcard_import
from leads.models import Lead, LeadStatus
from leads.vcard_import import leads_import_vcards
from parties import services as party_services
from parties.models import ContactMechKind, ContactMechPurpose, LeadSource, PartyKind
from parties.selectors import contact_mechs_for
from parties.vcards import parse_vcards, party_to_vcard
from tests import vcard_samples
from tests.factories import make_account, make_contact, make_lead, make_user
from tests.helpers import count_queries, field_error

pytestmark = pytest.mark.django_db

URL = "/leads/import/"
SAMPLES = vcard_samples.NAMES
PRIMARY = ContactMechPurpose.PRIMARY_PHONE
MOBILE = ContactMechPurpose.MOBILE_PHONE
WORK = ContactMechPurpose.WORK_PHONE
GENERAL = ContactMechPurpose.GENERAL_LOCATION
BILLING = ContactMechPurpose.BILLING_LOCATION
SHIPPING = ContactMechPurpose.SHIPPING_LOCATION
# Round trips export as another CRM would: a card this one (the test client's "testserver")
# wrote, of a record still here, is not imported again.
OTHER_CRM = "crm.example.com"


def sample(name: str) -> bytes:
    return vcard_samples.sample_bytes(name)


def upload(client, data: bytes | str, name: str = "cards.vcf", **fields):
    if isinstance(data, str):
        data = data.encode("utf-8")
    file = SimpleUploadedFile(name, data, content_type="text/vcard")
    return client.post(URL, {"file": file, **fields})


def payload_of(preview) -> str:
    match = re.search(r'name="payload" value="([^"]+)"', preview.content.decode())
    assert match, "the preview has no confirm form"
    return match.group(1)


def import_file(client, data: bytes | str, **fields):
    """Upload, then confirm the preview; the confirm step's response."""
    preview = upload(client, data, **fields)
    assert preview.status_code == 200
    return client.post(URL, {"payload": payload_of(preview)})


def mechs(lead: Lead, kind: str) -> list[tuple[str, list[str]]]:
    return [
        (pcm.contact_mech.value, sorted(p.purpose for p in pcm.current_purposes))
        for pcm in contact_mechs_for(lead.party)
        if pcm.contact_mech.kind == kind
    ]


def values(lead: Lead, kind: str) -> list[str]:
    return [value for value, _ in mechs(lead, kind)]


def only_lead() -> Lead:
    [lead] = Lead.objects.select_related("party")
    return lead


def card(*lines: str) -> str:
    return (
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        + "".join(f"{line}\r\n" for line in lines)
        + "END:VCARD\r\n"
    )


ADA = card("N:Lovelace;Ada;;;", "FN:Ada Lovelace", "EMAIL:ada@example.com")
GRACE = card("N:Hopper;Grace;;;", "FN:Grace Hopper", "ORG:US Navy")


# The page -----------------------------------------------------------------------------------


def test_page_shows_the_upload_form_with_active_lead_sources(alice, client_for):
    LeadSource.objects.filter(code="other").update(active=False)

    response = client_for(alice).get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<label[^>]*for="id_file"[^>]*>\s*vCard file \(\.vcf\)', page)
    assert 'enctype="multipart/form-data"' in page
    assert "Trade show" in page
    assert ">Other<" not in page


@pytest.mark.parametrize(
    ("max_bytes", "max_cards"),
    [(vcard_import.MAX_FILE_BYTES, vcard_import.MAX_CARDS), (2 * 1024 * 1024, 3)],
    ids=["as-configured", "changed"],
)
def test_page_states_the_limits_the_refusals_enforce(
    max_bytes, max_cards, alice, client_for, monkeypatch
):
    monkeypatch.setattr("leads.vcard_import.file.MAX_FILE_BYTES", max_bytes)
    monkeypatch.setattr("leads.vcard_import.file.MAX_CARDS", max_cards)
    client = client_for(alice)

    page = client.get(URL).content.decode()
    too_large = upload(client, ADA.encode() + b"NOTE:" + b"x" * max_bytes + b"\r\n")
    too_many = upload(client, ADA * (max_cards + 1))
    just_enough = upload(client, ADA * max_cards)

    stated = re.search(r"up to (\d+) MB and (\d+) cards", page)
    assert stated, "the upload page states no limits"
    size, count = int(stated.group(1)), int(stated.group(2))
    assert (size * 1024 * 1024, count) == (max_bytes, max_cards)
    assert field_error(too_large, "file") == (
        f"The file is larger than {size} MB. Split it into smaller files."
    )
    assert field_error(too_many, "file") == (
        f"The file holds more than {count} cards. Split it into smaller files."
    )
    assert f"Import {max_cards} leads<" in just_enough.content.decode()


def test_user_without_add_lead_gets_403(client_for, role_groups):
    nobody = make_user("nobody")

    assert client_for(nobody).get(URL).status_code == 403
    assert upload(client_for(nobody), ADA).status_code == 403
    assert Lead.objects.count() == 0


def test_anonymous_is_sent_to_sign_in(client_for):
    response = client_for(None).get(URL)

    assert response.status_code == 302
    assert response.url.startswith("/login/")


@pytest.mark.parametrize("persona", ["alice", "carol", "erin", "mark", "admin_user"])
def test_every_role_with_add_lead_may_import(persona, request, client_for):
    user = request.getfixturevalue(persona)

    response = import_file(client_for(user), ADA)

    assert response.status_code == 302
    assert only_lead().party.owner == user


# Preview ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_file_previews_without_saving(name, alice, client_for):
    response = upload(client_for(alice), sample(name), name=name)

    assert response.status_code == 200
    assert "Preview of the vCard import" in response.content.decode()
    assert re.search(r"Import \d+ leads?<", response.content.decode())
    assert Lead.objects.count() == 0


def test_preview_lists_the_cards_that_will_become_leads(alice, client_for):
    response = upload(client_for(alice), sample("John_Doe_IPHONE.vcf"))

    page = response.content.decode()
    assert "Mr. John Richter James Doe Sr." in page
    assert "IBM" in page and "Money Counter" in page
    assert "john.doe@ibm.com" in page
    assert "+1 905-555-1234" in page
    assert "Silicon Alley 5, 12345 New York, New York, United States of America" in page
    assert "Import 1 lead<" in page


def test_preview_warns_of_a_phone_that_is_not_valid(alice, client_for):
    response = upload(client_for(alice), sample("John_Doe_IPHONE.vcf"))

    assert "“905-111-1234” is not a valid phone number; it is left out." in (
        response.content.decode()
    )


def test_preview_warns_of_an_address_without_country(alice, client_for):
    response = upload(client_for(alice), sample("gmail-single.vcf"))

    assert (
        "The address “123 Home St, Home City, HM 12345” is left out: it has no city or country."
        in response.content.decode()
    )


def test_preview_names_cards_without_name_or_company_by_number(alice, client_for):
    response = upload(client_for(alice), sample("John_Doe_ANDROID.vcf"))

    page = response.content.decode()
    assert "2 cards cannot be imported" in page
    assert "Card 1: The card (john.doe@company.com) has neither a name nor an organization." in page
    assert "Card 2: The card (jane.doe@company.com) has neither a name nor an organization." in page
    assert "Import 4 leads<" in page


def test_preview_of_a_file_without_any_good_card_offers_no_import(alice, client_for):
    response = upload(client_for(alice), card("EMAIL:nobody@example.com"))

    page = response.content.decode()
    assert "Card 1: The card (nobody@example.com) has neither a name nor an organization." in page
    assert "No card in this file can be imported." in page
    assert 'name="payload"' not in page


def test_preview_shows_the_chosen_lead_source(alice, client_for):
    source = LeadSource.objects.get(code="trade-show")

    response = upload(client_for(alice), ADA, source=source.pk)

    assert "Lead source: Trade show." in response.content.decode()


# Importing the sample files -----------------------------------------------------------------


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_file_imports(name, alice, client_for):
    preview = upload(client_for(alice), sample(name), name=name)
    expected = int(re.search(r"Import (\d+) leads?<", preview.content.decode()).group(1))

    response = client_for(alice).post(URL, {"payload": payload_of(preview)})

    assert response.status_code == 302
    assert Lead.objects.filter(party__owner=alice, status=LeadStatus.NEW).count() == expected


def test_gmail_john_doe_keeps_names_company_title_email_and_phones(alice, client_for):
    import_file(client_for(alice), sample("John_Doe_GMAIL.vcf"))

    lead = only_lead()
    party = lead.party
    assert (party.salutation, party.first_name, party.middle_name, party.last_name) == (
        "Mr.",
        "John",
        "Richter, James",
        "Doe",
    )
    assert party.suffix == "Sr."
    assert (lead.company_name, party.job_title) == ("IBM", "Money Counter")
    assert mechs(lead, ContactMechKind.EMAIL) == [("john.doe@ibm.com", ["PRIMARY_EMAIL"])]
    assert mechs(lead, ContactMechKind.PHONE) == [
        ("+19055551234", sorted([MOBILE, PRIMARY])),
        ("+19056661234", []),
    ]
    assert mechs(lead, ContactMechKind.WEB) == [("http://www.ibm.com", ["PRIMARY_WEB_URL"])]
    # The folded note is the lead's description.
    assert party.description.endswith(
        "ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.\nFavotire Color: Blue"
    )


def test_gmail_unstructured_address_is_left_out_with_a_warning(alice, client_for):
    preview = upload(client_for(alice), sample("John_Doe_GMAIL.vcf"))
    client_for(alice).post(URL, {"payload": payload_of(preview)})

    assert "it has no city or country" in preview.content.decode()
    assert values(only_lead(), ContactMechKind.POSTAL_ADDRESS) == []


def test_iphone_john_doe_keeps_phones_and_both_addresses(alice, client_for):
    import_file(client_for(alice), sample("John_Doe_IPHONE.vcf"))

    lead = only_lead()
    assert (lead.party.first_name, lead.party.middle_name, lead.party.last_name) == (
        "John",
        "Richter James",
        "Doe",
    )
    assert (lead.company_name, lead.party.job_title) == ("IBM", "Money Counter")
    assert values(lead, ContactMechKind.EMAIL) == ["john.doe@ibm.com"]
    assert mechs(lead, ContactMechKind.PHONE) == [
        ("+19055551234", sorted([MOBILE, PRIMARY])),
        ("+19056661234", []),
        ("+19057771234", [WORK]),
        ("+19058881234", []),  # home fax
        ("+19059991234", []),  # work fax: not a work phone
        ("+19052221234", []),
    ]
    assert mechs(lead, ContactMechKind.POSTAL_ADDRESS) == [
        ("Silicon Alley 5, 12345, New York, New York, US", [GENERAL]),
        ("Street4, Building 6, Floor 8, 12345, New York, US", []),
    ]
    home, work = [
        pcm.contact_mech
        for pcm in contact_mechs_for(lead.party)
        if pcm.contact_mech.kind == ContactMechKind.POSTAL_ADDRESS
    ]
    assert (work.address1, work.address2, work.city, work.country) == (
        "Street4",
        "Building 6, Floor 8",
        "New York",
        "US",
    )


def test_outlook_john_doe_keeps_the_preferred_address_as_general(alice, client_for):
    import_file(client_for(alice), sample("John_Doe_MS_OUTLOOK.vcf"))

    lead = only_lead()
    assert (lead.party.first_name, lead.party.last_name, lead.company_name) == (
        "John",
        "Doe",
        "IBM",
    )
    assert values(lead, ContactMechKind.EMAIL) == ["john.doe@ibm.cm"]
    assert mechs(lead, ContactMechKind.PHONE) == [
        ("+19055551234", sorted([PRIMARY, WORK])),
        ("+19056661234", []),
    ]
    assert mechs(lead, ContactMechKind.POSTAL_ADDRESS) == [
        ("Cresent moon drive, 12345, Albaney, New York, US", [GENERAL]),
        ("Silicon Alley 5, 12345, New York, New York, US", []),
    ]


def test_gmail_single_keeps_its_structured_address_and_leaves_out_fictional_phones(
    alice, client_for
):
    import_file(client_for(alice), sample("gmail-single.vcf"))

    lead = only_lead()
    assert (lead.party.first_name, lead.party.last_name) == ("Greg", "Dartmouth")
    assert (lead.company_name, lead.party.job_title) == ("TheCompany", "TheJobTitle")
    assert values(lead, ContactMechKind.EMAIL) == ["gdartmouth@hotmail.com"]
    assert values(lead, ContactMechKind.PHONE) == []  # 555 numbers are not valid
    assert mechs(lead, ContactMechKind.POSTAL_ADDRESS) == [
        ("321 Custom St, 98765, Custom City, TX, US", [GENERAL])
    ]
    assert values(lead, ContactMechKind.WEB) == ["http://theprofile.com"]


def test_outlook_2007_keeps_salutation_suffix_and_address_lines(alice, client_for):
    import_file(client_for(alice), sample("outlook-2007.vcf"))

    lead = only_lead()
    party = lead.party
    assert (party.salutation, party.first_name, party.last_name, party.suffix) == (
        "Mr.",
        "Michael",
        "Angstadt",
        "Jr.",
    )
    assert (lead.company_name, party.job_title) == ("TheCompany", "TheJobTitle")
    assert mechs(lead, ContactMechKind.EMAIL) == [("mike.angstadt@gmail.com", ["PRIMARY_EMAIL"])]
    [address] = [
        pcm.contact_mech
        for pcm in contact_mechs_for(party)
        if pcm.contact_mech.kind == ContactMechKind.POSTAL_ADDRESS
    ]
    assert (address.address1, address.address2, address.city, address.state) == (
        "TheOffice",
        "222 Broadway",
        "New York",
        "NY",
    )
    assert (address.postal_code, address.country) == ("99999", "US")
    # The same web address twice is kept once.
    assert values(lead, ContactMechKind.WEB) == ["http://mikeangstadt.name"]


def test_rfc6350_example_keeps_the_extension_and_a_canadian_address(alice, client_for):
    import_file(client_for(alice), sample("rfc6350-example.vcf"))

    lead = only_lead()
    assert (lead.party.first_name, lead.party.last_name, lead.party.suffix) == (
        "Simon",
        "Perreault",
        "ing. jr, M.Sc.",
    )
    assert lead.company_name == "Viagenie"
    assert values(lead, ContactMechKind.EMAIL) == ["simon.perreault@viagenie.ca"]
    phones = [
        (pcm.contact_mech.value, pcm.extension, sorted(p.purpose for p in pcm.current_purposes))
        for pcm in contact_mechs_for(lead.party)
        if pcm.contact_mech.kind == ContactMechKind.PHONE
    ]
    assert phones == [
        ("+14186569254", "102", sorted([PRIMARY, WORK])),
        ("+14182626501", "", sorted([MOBILE, WORK])),
    ]
    assert values(lead, ContactMechKind.POSTAL_ADDRESS) == [
        "Suite D2-630, 2875 Laurier, G1V 2M2, Quebec, QC, CA"
    ]
    assert values(lead, ContactMechKind.WEB) == ["http://nomis80.org"]


def test_thunderbird_keeps_every_email_and_both_addresses(alice, client_for):
    import_file(client_for(alice), sample("thunderbird-MoreFunctionsForAddressBook-extension.vcf"))

    lead = only_lead()
    assert (lead.party.first_name, lead.party.last_name) == ("John", "Doe")
    assert (lead.company_name, lead.party.job_title) == ("TheOrganization", "TheTitle")
    assert mechs(lead, ContactMechKind.EMAIL) == [
        ("doe.john@hotmail.com", ["PRIMARY_EMAIL"]),
        ("additional-email@company.com", []),
        ("additional-email1@company.com", []),
        ("additional-email2@company.com", []),
        ("additional-email3@company.com", []),
    ]
    assert values(lead, ContactMechKind.POSTAL_ADDRESS) == [
        "222 Broadway, Suite 100, 98765, New York, NY, US",
        "123 Main St, Apt 10, 12345, Austin, TX, US",
    ]
    assert mechs(lead, ContactMechKind.WEB) == [
        ("http://www.private-webpage.com", ["PRIMARY_WEB_URL"]),
        ("http://www.work-webpage.com", []),
    ]


def test_android_export_keeps_non_ascii_names_and_organizations(alice, client_for):
    import_file(client_for(alice), sample("John_Doe_ANDROID.vcf"))

    leads = Lead.objects.select_related("party").order_by("party_id")
    names = [(lead.party.first_name, lead.party.last_name, lead.company_name) for lead in leads]
    assert names == [
        # Card 3: N holds the family name; the given name is the rest of FN.
        ("Ñ", "Ñ Ñ Ñ Ñ", ""),
        # Card 4: FN and N are one long family name: its last word is the last name.
        (" ".join(["Ñ"] * 10), "Ñ", ""),
        ("Ñ Ñ Ñ", "Ñ Ñ", "Ñ" * 12),
        # Card 6: a single name with an organization becomes a lead for the company.
        ("", "", "Ñ" * 44),
    ]
    fifth, sixth = leads[2], leads[3]
    assert values(fifth, ContactMechKind.EMAIL) == ["bob@company.com"]
    assert values(fifth, ContactMechKind.WEB) == [
        "https://www.company.com",
        "http://www.company.com",
    ]
    assert sixth.party.kind == PartyKind.ORGANIZATION
    assert sixth.party.name == "Ñ" * 44
    assert sixth.party.description == "Name on the card: ÑÑÑÑ"
    assert values(sixth, ContactMechKind.EMAIL) == ["henry@company.com"]


def test_android_preview_warns_of_a_broken_email_address(alice, client_for):
    response = upload(client_for(alice), sample("John_Doe_ANDROID.vcf"))

    assert f"“{'Ñ' * 14}” is not a valid e-mail address; it is left out." in (
        response.content.decode()
    )


# Names, sources, redirects -------------------------------------------------------------------


def test_card_with_only_fn_is_split_into_first_and_last_name(alice, client_for):
    import_file(client_for(alice), card("FN:Mary Ann Evans"))

    party = only_lead().party
    assert (party.first_name, party.last_name) == ("Mary Ann", "Evans")


def test_card_with_only_an_organization_becomes_a_company_lead(alice, client_for):
    import_file(
        client_for(alice), card("ORG:Analytical Engines Ltd", "TEL;TYPE=WORK:+44 20 7946 0000")
    )

    lead = only_lead()
    assert lead.party.kind == PartyKind.ORGANIZATION
    assert (lead.party.name, lead.company_name) == (
        "Analytical Engines Ltd",
        "Analytical Engines Ltd",
    )
    assert mechs(lead, ContactMechKind.PHONE) == [("+442079460000", sorted([PRIMARY, WORK]))]


def test_single_name_without_organization_is_refused_by_number(alice, client_for):
    response = upload(client_for(alice), ADA + card("FN:Madonna"))

    assert (
        "Card 2: It has only one name (“Madonna”): a lead needs a first and a last name, "
        "or a company." in response.content.decode()
    )
    assert "Import 1 lead<" in response.content.decode()


def test_imported_lead_gets_the_chosen_source_owner_and_status(alice, client_for):
    source = LeadSource.objects.get(code="trade-show")

    import_file(client_for(alice), ADA, source=source.pk)

    lead = only_lead()
    assert (lead.party.source, lead.party.owner, lead.status) == (source, alice, LeadStatus.NEW)


def test_one_lead_redirects_to_its_page(alice, client_for):
    response = import_file(client_for(alice), ADA)

    assert response.url == f"/leads/{only_lead().pk}/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["1 lead imported."]


def test_several_leads_redirect_to_my_leads(alice, client_for):
    response = import_file(client_for(alice), ADA + GRACE)

    assert response.url == "/leads/?scope=mine"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["2 leads imported."]
    assert set(Lead.objects.values_list("party__last_name", flat=True)) == {"Lovelace", "Hopper"}


def test_a_lead_source_deactivated_before_confirming_is_refused(alice, client_for):
    source = LeadSource.objects.get(code="trade-show")
    preview = upload(client_for(alice), ADA, source=source.pk)
    LeadSource.objects.filter(pk=source.pk).update(active=False)

    response = client_for(alice).post(URL, {"payload": payload_of(preview)})

    assert response.status_code == 200
    assert "The lead source you chose is no longer active." in response.content.decode()
    assert Lead.objects.count() == 0


# Round trip ---------------------------------------------------------------------------------


def test_exported_contact_imports_back_unchanged(alice, client_for):
    account = make_account(alice, name="Globex, Inc.")
    contact = make_contact(
        alice,
        salutation="Dr.",
        first_name="Zoë",
        middle_name="King",
        last_name="Çelik",
        suffix="PhD",
        job_title="Head of R&D; EMEA, North",
        email="zoe@globex.example",
        phone="+44 20 7946 0000",
        account=account,
    )
    party_services.contact_mech_add(
        actor=alice,
        party=contact,
        kind=ContactMechKind.POSTAL_ADDRESS,
        purposes=[GENERAL],
        address1="1 High Street, Flat 2",
        address2="Back door; ring twice",
        city="London",
        postal_code="N1 9GU",
        state="Greater London",
        country="GB",
    )
    text = party_to_vcard(
        contact, contact_mechs_for(contact), host=OTHER_CRM, organization=account.name
    )

    import_file(client_for(alice), text)

    lead = only_lead()
    party = lead.party
    assert (party.salutation, party.first_name, party.middle_name, party.last_name) == (
        "Dr.",
        "Zoë",
        "King",
        "Çelik",
    )
    assert (party.suffix, party.job_title, lead.company_name) == (
        "PhD",
        "Head of R&D; EMEA, North",
        "Globex, Inc.",
    )
    assert mechs(lead, ContactMechKind.EMAIL) == mechs_of(contact, ContactMechKind.EMAIL)
    assert mechs(lead, ContactMechKind.PHONE) == mechs_of(contact, ContactMechKind.PHONE)
    [address] = [
        pcm.contact_mech
        for pcm in contact_mechs_for(party)
        if pcm.contact_mech.kind == ContactMechKind.POSTAL_ADDRESS
    ]
    assert (address.address1, address.address2, address.city, address.postal_code) == (
        "1 High Street, Flat 2",
        "Back door; ring twice",
        "London",
        "N1 9GU",
    )
    assert (address.state, address.country) == ("Greater London", "GB")


def mechs_of(party, kind: str) -> list[tuple[str, list[str]]]:
    return [
        (pcm.contact_mech.value, sorted(p.purpose for p in pcm.current_purposes))
        for pcm in contact_mechs_for(party)
        if pcm.contact_mech.kind == kind
    ]


def test_exported_lead_imports_back_unchanged(alice, client_for):
    original = make_lead(
        alice,
        first_name="Grace",
        last_name="Hopper",
        company_name="US Navy",
        job_title="Rear admiral",
        email="grace@navy.example",
        phone="+1 202 555 0143",
        address={
            "address1": "1000 Navy Pentagon",
            "city": "Washington",
            "state": "DC",
            "postal_code": "20350",
            "country": "US",
        },
    )
    party_services.contact_mech_add(
        actor=alice,
        party=original.party,
        kind=ContactMechKind.PHONE,
        value="+1 202 555 0199",
        extension="12",
        purposes=[MOBILE],
    )
    text = party_to_vcard(
        original.party,
        contact_mechs_for(original.party),
        host=OTHER_CRM,
        organization=original.company_name,
    )

    import_file(client_for(alice), text)

    copy = Lead.objects.exclude(pk=original.pk).select_related("party").get()
    fields = ("first_name", "last_name", "job_title", "display_name")
    assert [getattr(copy.party, f) for f in fields] == [getattr(original.party, f) for f in fields]
    assert copy.company_name == original.company_name
    for kind in ContactMechKind.values:
        assert mechs(copy, kind) == mechs(original, kind)
    assert [pcm.extension for pcm in contact_mechs_for(copy.party)] == [
        pcm.extension for pcm in contact_mechs_for(original.party)
    ]


def test_exported_company_lead_imports_back_as_a_company(alice, client_for):
    original = make_lead(alice, company_name="Initech", email="info@initech.example")
    text = party_to_vcard(
        original.party,
        contact_mechs_for(original.party),
        host=OTHER_CRM,
        organization=original.company_name,
    )

    import_file(client_for(alice), text)

    copy = Lead.objects.exclude(pk=original.pk).select_related("party").get()
    assert (copy.party.kind, copy.party.name, copy.company_name) == (
        PartyKind.ORGANIZATION,
        "Initech",
        "Initech",
    )
    assert mechs(copy, ContactMechKind.EMAIL) == [("info@initech.example", ["PRIMARY_EMAIL"])]


def test_exported_lead_keeps_its_description_and_address_purposes(alice, client_for):
    address = {"city": "Washington", "postal_code": "20350", "country": "US"}
    original = make_lead(
        alice,
        first_name="Grace",
        last_name="Hopper",
        company_name="US Navy",
        description="Met at the fair; wants a demo, then a quote.\nBudget: 40,000 USD.",
        address={"address1": "1000 Navy Pentagon", **address},
    )
    for street, purposes in (
        ("1 Invoice Way", [BILLING]),
        ("2 Dock Road", [SHIPPING, BILLING]),
        ("3 Spare Street", []),
    ):
        party_services.contact_mech_add(
            actor=alice,
            party=original.party,
            kind=ContactMechKind.POSTAL_ADDRESS,
            purposes=purposes,
            address1=street,
            **address,
        )
    text = party_to_vcard(
        original.party,
        contact_mechs_for(original.party),
        host=OTHER_CRM,
        organization=original.company_name,
    )

    preview = upload(client_for(alice), text)
    client_for(alice).post(URL, {"payload": payload_of(preview)})

    assert "Billing address" in preview.content.decode()
    copy = Lead.objects.exclude(pk=original.pk).select_related("party").get()
    assert copy.party.description == original.party.description
    assert mechs(copy, ContactMechKind.POSTAL_ADDRESS) == [
        ("1000 Navy Pentagon, 20350, Washington, US", [GENERAL]),
        ("1 Invoice Way, 20350, Washington, US", [BILLING]),
        ("2 Dock Road, 20350, Washington, US", sorted([BILLING, SHIPPING])),
        ("3 Spare Street, 20350, Washington, US", []),
    ]
    assert mechs(copy, ContactMechKind.POSTAL_ADDRESS) == mechs(
        original, ContactMechKind.POSTAL_ADDRESS
    )


def test_postal_and_parcel_of_other_address_books_are_not_billing_or_shipping(alice, client_for):
    # Thunderbird writes POSTAL for home and work addresses alike.
    import_file(
        client_for(alice),
        card(
            "N:Lovelace;Ada;;;",
            "FN:Ada Lovelace",
            "ADR;TYPE=HOME,POSTAL:;;1 High Street;London;;N1 9GU;United Kingdom",
            "ADR;TYPE=WORK,PARCEL:;;2 Low Street;London;;N1 9GU;United Kingdom",
        ),
    )

    assert [p for _, p in mechs(only_lead(), ContactMechKind.POSTAL_ADDRESS)] == [[GENERAL], []]


# Re-importing our own vCards ----------------------------------------------------------------


def test_our_vcard_of_a_record_still_here_is_not_imported_again(alice, client_for):
    contact = make_contact(alice, first_name="Zoë", last_name="Çelik")
    lead = make_lead(alice, first_name="Grace", last_name="Hopper")
    client = client_for(alice)
    ours = [
        client.get(f"/contacts/{contact.pk}/vcard/").content.decode(),
        client.get(f"/leads/{lead.pk}/vcard/").content.decode(),
    ]

    preview = upload(client, ours[0] + ADA + ours[1])
    response = client.post(URL, {"payload": payload_of(preview)})

    page = preview.content.decode()
    assert (
        "Card 1: “Zoë Çelik” is already in the CRM (this card was downloaded from it); it is "
        "not imported again." in page
    )
    assert "Card 3: “Grace Hopper” is already in the CRM" in page
    assert "Import 1 lead<" in page
    assert response.status_code == 302
    assert Lead.objects.exclude(pk=lead.pk).get().party.display_name == "Ada Lovelace"


def test_our_vcard_of_a_record_gone_since_the_preview_is_imported(alice, client_for):
    lead = make_lead(alice, first_name="Grace", last_name="Hopper")
    client = client_for(alice)
    text = client.get(f"/leads/{lead.pk}/vcard/").content.decode()
    lead.party.delete()

    import_file(client, text)

    assert only_lead().party.display_name == "Grace Hopper"


def test_our_vcard_of_a_record_the_user_may_not_see_is_imported_without_naming_it(
    alice, dan, client_for
):
    contact = make_contact(dan, first_name="Zoë", last_name="Çelik")
    text = client_for(dan).get(f"/contacts/{contact.pk}/vcard/").content.decode()

    preview = upload(client_for(alice), text)
    client_for(alice).post(URL, {"payload": payload_of(preview)})

    assert "already in the CRM" not in preview.content.decode()
    assert only_lead().party.display_name == "Zoë Çelik"
    assert only_lead().party.owner == alice


def test_recognizing_our_vcards_takes_one_query_for_any_number_of_them(alice, client_for):
    client = client_for(alice)
    contacts = [make_contact(alice) for _ in range(5)]
    cards = [client.get(f"/contacts/{c.pk}/vcard/").content for c in contacts]

    def preview_queries(data: bytes) -> int:
        file = SimpleUploadedFile("cards.vcf", data, content_type="text/vcard")
        return count_queries(client, URL, method="post", data={"file": file})

    preview_queries(cards[0])  # warm up
    assert preview_queries(b"".join(cards)) == preview_queries(cards[0])


# Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,email\nAda,ada@example.com\n", "This file is not a vCard file."),
        (b"", "The submitted file is empty."),
        (b" \r\n\r\n", "The file is empty."),
        (bytes(range(256)) * 40, "This file is not a vCard file: it holds binary data."),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)) * 20, "This file is not a vCard file."),
    ],
    ids=["csv", "zero-bytes", "blank", "binary-with-nul", "binary"],
)
def test_bad_file_shows_an_error_next_to_the_file_field(data, message, alice, client_for):
    response = upload(client_for(alice), data)

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert message in response.content.decode()
    assert Lead.objects.count() == 0


def test_missing_file_is_an_error_next_to_the_field(alice, client_for):
    response = client_for(alice).post(URL, {})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["This field is required."]


def test_file_over_the_size_limit_is_refused(alice, client_for):
    big = ADA.encode() + b"NOTE:" + b"x" * vcard_import.MAX_FILE_BYTES + b"\r\n"

    response = upload(client_for(alice), big)

    assert response.context["form"].errors["file"] == [
        "The file is larger than 1 MB. Split it into smaller files."
    ]


def test_file_with_too_many_cards_is_refused(alice, client_for):
    response = upload(client_for(alice), ADA * (vcard_import.MAX_CARDS + 1))

    assert response.context["form"].errors["file"] == [
        "The file holds more than 500 cards. Split it into smaller files."
    ]
    assert Lead.objects.count() == 0


def test_utf16_file_is_read(alice, client_for):
    import_file(client_for(alice), card("N:Çelik;Zoë;;;", "FN:Zoë Çelik").encode("utf-16"))

    assert (only_lead().party.first_name, only_lead().party.last_name) == ("Zoë", "Çelik")


def test_broken_card_among_good_ones_is_named_and_only_the_good_ones_are_imported(
    alice, client_for
):
    broken = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Broken Card\r\nthis is not a property\r\nEND:VCARD\r\n"
    )

    preview = upload(client_for(alice), ADA + broken + GRACE)
    assert "Card 2: The card could not be read" in preview.content.decode()
    assert "Import 2 leads<" in preview.content.decode()
    assert Lead.objects.count() == 0
    response = client_for(alice).post(URL, {"payload": payload_of(preview)})

    assert response.status_code == 302
    assert sorted(Lead.objects.values_list("party__display_name", flat=True)) == [
        "Ada Lovelace",
        "Grace Hopper",
    ]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda payload: payload[:-1] + ("A" if payload[-1] != "A" else "B"),
        lambda payload: "x" + payload,
        lambda payload: "",
    ],
    ids=["signature", "data", "missing"],
)
def test_tampered_payload_is_refused_and_nothing_is_saved(tamper, alice, client_for):
    preview = upload(client_for(alice), ADA)

    response = client_for(alice).post(URL, {"payload": tamper(payload_of(preview))})

    assert response.status_code == 200
    assert "The import could not be confirmed" in response.content.decode()
    assert Lead.objects.count() == 0


def test_payload_older_than_an_hour_is_refused(alice, client_for, monkeypatch):
    preview = upload(client_for(alice), ADA)
    later = time.time() + 61 * 60
    monkeypatch.setattr(signing.time, "time", lambda: later)

    response = client_for(alice).post(URL, {"payload": payload_of(preview)})

    assert "The import could not be confirmed" in response.content.decode()
    assert Lead.objects.count() == 0


def test_payload_of_another_user_is_refused(alice, bob, client_for):
    preview = upload(client_for(alice), ADA)

    response = client_for(bob).post(URL, {"payload": payload_of(preview)})

    assert "The import could not be confirmed" in response.content.decode()
    assert Lead.objects.count() == 0


def test_failure_on_one_lead_saves_none(alice, monkeypatch):
    cards, _ = parse_vcards(ADA + GRACE)
    real = vcard_import.create._lead_create_from
    calls = []

    def fail_on_second(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise ValidationError("the database said no")
        return real(**kwargs)

    monkeypatch.setattr(vcard_import.create, "_lead_create_from", fail_on_second)

    with pytest.raises(ValidationError, match="Card 2 could not be imported"):
        leads_import_vcards(actor=alice, cards=cards)
    assert Lead.objects.count() == 0


def test_failure_on_confirm_shows_an_error_and_saves_nothing(alice, client_for, monkeypatch):
    preview = upload(client_for(alice), ADA + GRACE)
    real = vcard_import.create._lead_create_from

    def fail_on_grace(*, planned, **kwargs):
        if planned.last_name == "Hopper":
            raise ValidationError("the database said no")
        return real(planned=planned, **kwargs)

    monkeypatch.setattr(vcard_import.create, "_lead_create_from", fail_on_grace)

    response = client_for(alice).post(URL, {"payload": payload_of(preview)})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Card 2 could not be imported: the database said no" in page
    assert "Nothing was imported." in page
    assert Lead.objects.count() == 0
