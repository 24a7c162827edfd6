"""Access rights of issue 17 in the browser: Customer Service corrects a customer's address
and records an unsubscribe (the 360 page offers only those changes); a manager converts a lead
of her team; on a 1400 px screen and on a 390 px phone."""

from pathlib import Path

import pytest

from leads.models import Lead, LeadStatus
from parties.models import Consent, ContactMechKind, PartyContactMech
from parties.services import consent_record
from tests.factories import make_customer, make_lead

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"access-{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1400, 390])
def test_erin_corrects_an_address_and_records_an_unsubscribe(
    live_server, page, sign_in, alice, erin, width
):
    customer = make_customer(alice, first_name="Marge", last_name="Bouvier")
    consent_record(
        actor=alice, party=customer, purpose="MARKETING_EMAIL", granted=True, source="WEB_FORM"
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in("erin")
    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    page.get_by_role("heading", name="Marge Bouvier").wait_for()
    # Only the contact details, payment and consent are hers to change.
    assert page.locator(f'a[href="/customers/{customer.pk}/edit/"]').count() == 0
    assert page.locator(f'a[href="/customers/{customer.pk}/payment/"]').count() == 1
    assert page.get_by_role("link", name="Add employment").count() == 0
    if width == 1400:
        _shot(page, "erin-360")

    address = PartyContactMech.objects.get(
        party=customer, contact_mech__kind=ContactMechKind.POSTAL_ADDRESS
    )
    page.locator(f'a[href="/customers/{customer.pk}/contact-mechs/{address.pk}/edit/"]').click()
    page.get_by_label("Address line 1").fill("742 Evergreen Terrace")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Contact details saved.").wait_for()
    assert "742 Evergreen Terrace" in page.content()

    row = page.locator("tr", has_text="Marketing e-mail")
    row.get_by_label("Source").select_option(label="Phone")
    row.get_by_role("button", name="Withdraw consent").click()
    page.get_by_text("Consent withdrawn.").wait_for()
    consent = Consent.objects.filter(party=customer).latest("captured_at")
    assert (consent.granted, consent.source, consent.captured_by) == (False, "PHONE", erin)
    timeline = page.locator("#history-h").locator("xpath=..")
    assert "Changed contact details: 742 Evergreen Terrace" in timeline.inner_text()
    if width == 390:
        _shot(page, "erin-phone")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width", [1400, 390])
def test_carol_converts_alices_lead(live_server, page, sign_in, alice, carol, width):
    lead = make_lead(alice, first_name="Lisa", last_name="Lead", company_name="Initech")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in("carol")
    page.goto(f"{live_server.url}/leads/{lead.party.pk}/")
    page.get_by_role("heading", name="Lisa Lead").wait_for()
    page.get_by_role("link", name="Convert lead").click()
    page.get_by_label("Also create an opportunity").uncheck()
    if width == 390:
        _shot(page, "carol-convert-phone")
    page.get_by_role("button", name="Convert lead").click()
    page.wait_for_url("**/contacts/**")
    assert Lead.objects.get(pk=lead.pk).status == LeadStatus.CONVERTED
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
