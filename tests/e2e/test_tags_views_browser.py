"""Tags and saved views in the browser, at 1400 px and on a 390 px phone: alice tags a contact
(the field suggests existing tags as she types; a new name makes a new tag), filters the
contacts by it, saves the view, makes it her default, and the list opens with it."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from crm.models import SavedView, SavedViewDefault
from parties.models import PartyTag, Tag
from parties.services.tags import tag_get_or_create
from tests.factories import make_contact

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"lists-{name}.png"), full_page=True)


def _fits(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the page scrolls sideways: {scroll} > {width}"


@pytest.mark.parametrize("width", [1400, 390])
def test_tag_filter_save_as_default_and_reopen(live_server, browser, alice, width):
    hank = make_contact(alice, first_name="Hank", last_name="Scorpio")
    make_contact(alice, first_name="Lisa", last_name="Simpson")
    tag_get_or_create(actor=alice, name="Trade show 2026")
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    # Tag Hank: typing suggests the existing tag; a new name makes a new tag.
    page.goto(f"{live_server.url}/contacts/{hank.pk}/")
    tags = page.get_by_test_id("tags-panel")
    field = tags.get_by_label("Add a tag")
    field.press_sequentially("trade", delay=30)
    expect(page.locator("#tag-name-options option[value='Trade show 2026']")).to_be_attached()
    field.fill("Hot lead")
    tags.get_by_role("button", name="Add").click()
    page.wait_for_url(f"{live_server.url}/contacts/{hank.pk}/")
    expect(page.get_by_text("Tagged “Hot lead”.")).to_be_visible()
    expect(page.get_by_test_id("tags-panel").get_by_test_id("tag")).to_have_text(["Hot lead ×"])
    assert list(PartyTag.objects.values_list("party_id", "tag__name")) == [(hank.pk, "Hot lead")]
    assert Tag.objects.filter(name="Hot lead", created_by=alice).exists()
    _fits(page, width)
    _shot(page, f"contact-{width}")

    # Filter the contacts by the tag (on a phone the filters fold behind a button).
    page.goto(f"{live_server.url}/contacts/")
    if width < 992:
        page.get_by_role("button", name="Filters").click()
    page.get_by_label("Tagged with").select_option("Hot lead")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("table.table-list tbody tr")).to_have_count(1)
    row = page.locator("table.table-list tbody tr").first
    expect(row).to_contain_text("Hank Scorpio")
    expect(row.get_by_role("link", name="Hot lead")).to_be_visible()

    # Save the view, make it the default.
    page.get_by_test_id("save-view").locator("summary").click()
    page.get_by_label("Name of the view").fill("Hot leads")
    page.get_by_role("button", name="Save view").click()
    expect(page.get_by_text("View “Hot leads” saved.")).to_be_visible()
    expect(page.get_by_test_id("saved-views-menu").locator("summary")).to_have_text(
        "View: Hot leads"
    )
    page.get_by_role("button", name="Make default").click()
    expect(page.get_by_text("The list opens with “Hot leads” from now on.")).to_be_visible()
    view = SavedView.objects.get(owner=alice)
    assert SavedViewDefault.objects.get(user=alice).view == view
    _fits(page, width)
    _shot(page, f"list-{width}")

    # Reopening the list applies the default: the URL shows the filter.
    page.goto(f"{live_server.url}/contacts/")
    page.wait_for_url(f"**/contacts/?*saved_view={view.pk}")
    assert "tag=Hot+lead" in page.url
    expect(page.locator("table.table-list tbody tr")).to_have_count(1)
    page.get_by_test_id("saved-views-menu").locator("summary").click()
    menu = page.get_by_test_id("saved-views-menu")
    expect(menu.get_by_role("link", name="Hot leads")).to_be_visible()
    expect(menu).to_contain_text("my default")
    _fits(page, width)
    _shot(page, f"reopened-{width}")
    # "The list without a view" shows every contact.
    menu.get_by_role("link", name="The list without a view").click()
    expect(page.locator("table.table-list tbody tr")).to_have_count(2)
    page.context.close()


@pytest.mark.parametrize("width", [1400, 390])
def test_choose_columns_save_the_view_and_reopen_it(live_server, browser, alice, width):
    """Alice hides the phone and owner columns and shows "Created" (hidden by default) on the
    contacts, keeps her filter, saves the view, and reopening it shows those columns."""
    make_contact(alice, first_name="Hank", last_name="Scorpio", job_title="Boss")
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/contacts/?scope=mine&sort=-updated")
    head = page.locator("table.table-list thead")
    expect(head).to_contain_text("Phone")
    expect(head).not_to_contain_text("Created")
    chooser = page.get_by_test_id("columns-menu")
    chooser.locator("summary").click()
    chooser.get_by_label("Phone").uncheck()
    chooser.get_by_label("Owner").uncheck()
    chooser.get_by_label("Created").check()
    _shot(page, f"columns-chooser-{width}")
    chooser.get_by_role("button", name="Show these columns").click()
    page.wait_for_url("**/contacts/?*cols=*")
    assert "scope=mine" in page.url and "sort=-updated" in page.url
    expect(head).to_contain_text("Created")
    expect(head).not_to_contain_text("Phone")
    expect(head).not_to_contain_text("Owner")
    row = page.locator("table.table-list tbody tr").first
    expect(row).to_contain_text("Hank Scorpio")
    expect(row.locator("td")).to_have_count(head.locator("th").count())
    _fits(page, width)

    page.get_by_test_id("save-view").locator("summary").click()
    page.get_by_label("Name of the view").fill("Slim contacts")
    page.get_by_role("button", name="Save view").click()
    expect(page.get_by_text("View “Slim contacts” saved.")).to_be_visible()
    view = SavedView.objects.get(owner=alice)
    assert "cols=" in view.query and "phone" not in view.query and "created" in view.query

    # Open the list without a view (every default column), then reopen the saved one.
    page.goto(f"{live_server.url}/contacts/?saved_view=none")
    expect(head).to_contain_text("Phone")
    page.get_by_test_id("saved-views-menu").locator("summary").click()
    page.get_by_test_id("saved-views-menu").get_by_role("link", name="Slim contacts").click()
    page.wait_for_url(f"**/contacts/?*saved_view={view.pk}")
    expect(head).to_contain_text("Created")
    expect(head).not_to_contain_text("Phone")
    expect(head).not_to_contain_text("Owner")
    _fits(page, width)
    _shot(page, f"columns-reopened-{width}")
    page.context.close()
