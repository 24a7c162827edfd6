import pytest

from leads.models import Lead, MarketingCampaign
from parties.models import Consent, ConsentSource

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_mark_publishes_a_web_form_and_the_campaign_counts_its_lead(
    live_server, browser, page, sign_in, screenshot, mark
):
    sign_in("mark")
    page.locator("#nav").get_by_role("link", name="Campaigns", exact=True).click()
    page.get_by_role("link", name="New campaign").click()
    page.get_by_label("Name").fill("Winter expo")
    page.get_by_label("Actual cost").fill("500")
    page.get_by_label("Web form published").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Winter expo").wait_for()
    capture_url = page.get_by_label("Public address").input_value()
    assert "/capture/" in capture_url

    # A visitor, not signed in, fills in the form embedded on the expo's web site.
    visitor = browser.new_context().new_page()
    visitor.goto(capture_url)
    visitor.get_by_label("First name").fill("Olivia")
    visitor.get_by_label("Last name").fill("Visitor")
    visitor.get_by_label("Company").fill("Frost & Co")
    visitor.get_by_label("E-mail", exact=True).fill("olivia@frost.example")
    visitor.get_by_label("Yes, you may e-mail me").check()
    visitor.get_by_role("button", name="Send").click()
    visitor.get_by_text("Thank you").first.wait_for()
    visitor.context.close()

    lead = Lead.objects.select_related("party__source").get()
    campaign = MarketingCampaign.objects.get(name="Winter expo")
    assert (lead.campaign, lead.party.owner, lead.party.source.code) == (campaign, mark, "web-site")
    consent = Consent.objects.get(party=lead.party)
    assert consent.granted and consent.source == ConsentSource.WEB_FORM

    page.reload()
    assert page.locator("[data-stat=leads-generated]").inner_text() == "1"
    assert page.locator("[data-stat=cost-per-lead]").inner_text().startswith("500.00")
    assert page.get_by_role("link", name="Olivia Visitor").count() == 1
    screenshot("campaign-with-web-lead")
