"""Phone numbers as people read them wherever a page shows one: the site's region's numbers
(PHONENUMBER_DEFAULT_REGION, US here) in national format, others in international format;
tel: links and the stored value keep E.164."""

import pytest
from django.urls import reverse

from parties.models import PartyContactMech
from parties.normalize import phone_for_people
from tests.factories import make_contact

pytestmark = pytest.mark.django_db

US = "+14155550199"
UK = "+442079460000"


@pytest.fixture(autouse=True)
def us_site(settings):
    settings.PHONENUMBER_DEFAULT_REGION = "US"


def test_phone_for_people_is_national_at_home_and_international_abroad():
    assert phone_for_people(US) == "(415) 555-0199"
    assert phone_for_people(UK) == "+44 20 7946 0000"
    assert phone_for_people("not a number") == "not a number"


def test_a_duplicate_warning_formats_the_phone(client_for, alice):
    make_contact(alice, first_name="Grace", last_name="Hopper", phone=US)
    response = client_for(alice).post(
        reverse("contacts:new"), {"first_name": "Ada", "last_name": "Byron", "phone": US}
    )
    content = response.content.decode()
    warning = content[content.index('data-testid="duplicates"') :].split("</div>", 1)[0]
    assert "Grace Hopper" in warning and "(415) 555-0199" in warning
    assert US not in warning  # (the phone field keeps what was typed)


def test_contact_details_format_the_phone_and_link_e164(client_for, alice):
    contact = make_contact(alice, first_name="Grace", last_name="Hopper", phone=UK)
    content = client_for(alice).get(reverse("contacts:detail", args=[contact.pk])).content
    assert f'<a href="tel:{UK}">+44 20 7946 0000</a>' in content.decode()


def test_the_list_formats_the_phone(client_for, alice):
    make_contact(alice, first_name="Grace", last_name="Hopper", phone=US)
    content = client_for(alice).get(reverse("contacts:list")).content.decode()
    assert "(415) 555-0199" in content and US not in content


def test_editing_a_phone_shows_it_formatted_and_saves_it_unchanged(client_for, alice):
    contact = make_contact(alice, first_name="Grace", last_name="Hopper", phone=US)
    pcm = PartyContactMech.objects.get(party=contact, contact_mech__kind="PHONE")
    url = reverse("contacts:contact_mech_edit", args=[contact.pk, pcm.pk])
    client = client_for(alice)
    assert 'value="(415) 555-0199"' in client.get(url).content.decode()
    client.post(url, {"kind": "PHONE", "value": "(415) 555-0199", "purposes": ["PRIMARY_PHONE"]})
    current = PartyContactMech.objects.get(
        party=contact, contact_mech__kind="PHONE", thru_date__isnull=True
    )
    assert current.contact_mech.value == US
