import pytest

from leads.models import Lead, LeadStatus
from opportunities.models import Opportunity
from parties.models import Party, PartyKind

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_alice_captures_qualifies_and_converts_a_trade_show_lead(
    live_server, page, sign_in, screenshot, alice
):
    sign_in("alice")
    page.locator("#nav").get_by_role("link", name="Leads", exact=True).click()
    page.get_by_role("link", name="New lead", exact=True).click()
    page.get_by_label("First name").fill("Zoë")
    page.get_by_label("Last name").fill("Müller")
    page.get_by_label("Job title").fill("Head of Operations")
    page.get_by_label("Company").fill("Sternwarte Optik GmbH")
    page.get_by_label("E-mail").fill("zoe.mueller@sternwarte.example")
    page.get_by_label("Phone").fill("+49 89 1234567")
    page.get_by_label("Lead source").select_option(label="Trade show")
    screenshot("lead-new")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("heading", name="Zoë Müller").wait_for()
    assert page.get_by_test_id("lead-status").inner_text() == "New"
    page.get_by_role("button", name="Mark qualified").click()
    page.get_by_text("The lead is now qualified.").wait_for()
    assert page.get_by_test_id("lead-status").inner_text() == "Qualified"
    screenshot("lead-detail")

    page.get_by_role("link", name="Convert lead").click()
    assert page.get_by_label("New account's name").input_value() == "Sternwarte Optik GmbH"
    assert page.get_by_label("Also create an opportunity").is_checked()
    page.get_by_label("Opportunity name").fill("Sternwarte Optik GmbH - 20 telescopes")
    page.get_by_label("Amount").fill("48000")
    page.get_by_label("Stage").select_option(label="Qualification")
    screenshot("lead-convert")
    page.get_by_role("button", name="Convert lead").click()

    # Lands on the new contact, employed at the new account; the opportunity is open.
    page.get_by_text("and the opportunity Sternwarte Optik GmbH - 20 telescopes").wait_for()
    assert "/contacts/" in page.url
    assert page.get_by_role("link", name="Sternwarte Optik GmbH").count() >= 1
    assert "zoe.mueller@sternwarte.example" in page.content()
    screenshot("lead-converted-contact")

    lead = Lead.objects.get()
    assert lead.status == LeadStatus.CONVERTED
    assert Party.objects.filter(kind=PartyKind.ORGANIZATION, owner=alice).count() == 1
    deal = Opportunity.objects.get()
    assert (deal.amount, deal.probability, deal.lead_id) == (48000, 20, lead.pk)
