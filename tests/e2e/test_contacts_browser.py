import pytest

from parties.models import Party

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_alice_creates_a_contact_and_finds_it_in_list_and_search(
    live_server, page, sign_in, screenshot, alice
):
    sign_in("alice")
    page.locator("#nav").get_by_role("link", name="Contacts", exact=True).click()
    page.get_by_role("link", name="New contact").click()
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Hopper")
    page.get_by_label("Job title").fill("Rear Admiral")
    page.get_by_label("E-mail").fill("Grace.Hopper@Navy.example")
    page.get_by_label("Phone").fill("+44 20 7946 0991")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("heading", name="Grace Hopper").wait_for()
    assert "grace.hopper@navy.example" in page.content()
    assert "+44 20 7946 0991" in page.inner_text("body")
    screenshot("contact-detail")
    contact = Party.objects.get(display_name="Grace Hopper")
    assert contact.owner == alice

    page.locator("#nav").get_by_role("link", name="Contacts", exact=True).click()
    row = page.get_by_role("row").filter(has_text="Grace Hopper")
    assert row.count() == 1
    assert "grace.hopper@navy.example" in row.inner_text()
    screenshot("contact-list")

    page.get_by_label("Search").fill("navy.example")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Grace Hopper").wait_for()
    screenshot("search")


def test_blank_names_show_errors_and_keep_what_was_typed(live_server, page, sign_in, alice):
    sign_in("alice")
    page.goto(f"{live_server.url}/contacts/new/")
    page.get_by_label("E-mail").fill("someone@example.com")
    page.get_by_role("button", name="Save").click()
    assert page.locator("#error_1_id_first_name, .invalid-feedback").first.is_visible()
    assert page.get_by_label("E-mail").input_value() == "someone@example.com"
    assert Party.objects.count() == 0


def test_account_type_ahead_suggests_and_links_the_account(live_server, page, sign_in, alice, dan):
    from parties.models import PartyRelationship
    from tests.factories import make_account

    account = make_account(alice, name="Summit Ridge Construction")
    make_account(dan, name="Summit Secret Lab")  # not alice's to see
    sign_in("alice")
    page.goto(f"{live_server.url}/contacts/new/")
    page.get_by_label("First name").fill("Kate")
    page.get_by_label("Last name").fill("Lookup")
    page.get_by_label("Account").press_sequentially("summ", delay=40)
    options = page.locator("#id_account-options option")
    options.first.wait_for(state="attached")
    assert options.evaluate_all("els => els.map(e => e.value)") == [
        f"Summit Ridge Construction (#{account.pk})"
    ]
    page.get_by_label("Account").fill(f"Summit Ridge Construction (#{account.pk})")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Kate Lookup").wait_for()
    assert PartyRelationship.objects.get().to_party == account
    assert page.get_by_role("link", name="Summit Ridge Construction").is_visible()
