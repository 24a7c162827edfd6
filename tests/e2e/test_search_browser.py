import pytest

from tests.factories import make_account, make_contact, make_opportunity

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_slash_opens_the_quick_jump_box_and_a_result_opens_its_record(
    live_server, page, sign_in, screenshot, alice, dan
):
    account = make_account(alice, name="Globex")
    make_contact(alice, first_name="Hank", last_name="Scorpio", account=account)
    make_opportunity(alice, account=account, name="Globex volcano lair")
    make_contact(dan, first_name="Sam", last_name="Scorpion")  # not alice's to see
    sign_in("alice")

    page.keyboard.press("/")
    box = page.locator("#nav-search")
    assert box.evaluate("element => element === document.activeElement")
    box.press_sequentially("glob", delay=40)
    results = page.get_by_test_id("quick-search")
    results.get_by_role("link", name="Globex volcano lair").wait_for()
    assert "Accounts" in results.inner_text()
    screenshot("quick-search")

    page.keyboard.press("Escape")
    assert page.get_by_test_id("quick-search").count() == 0
    box.fill("scorp")
    page.get_by_test_id("quick-search").get_by_role("link", name="Hank Scorpio").click()
    page.get_by_role("heading", name="Hank Scorpio").wait_for()
    assert "Scorpion" not in page.content()


def test_search_page_groups_what_alice_may_see_by_kind(
    live_server, page, sign_in, screenshot, alice
):
    account = make_account(alice, name="Initrode")
    make_contact(alice, first_name="Peter", last_name="Initrode-Gibbons", account=account)
    make_opportunity(alice, account=account, name="Initrode printers")
    sign_in("alice")

    page.locator("#nav-search").fill("initrode")
    page.locator("#nav-search").press("Enter")
    page.get_by_role("heading", name="Accounts").wait_for()
    body = page.inner_text("main")
    for kind in ("Contacts", "Accounts", "Opportunities"):
        assert kind in body
    assert page.get_by_role("link", name="Initrode printers").count() == 1
    screenshot("search-page")
