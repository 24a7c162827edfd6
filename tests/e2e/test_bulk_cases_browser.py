"""Bulk assignment of cases in the browser: sam, who manages the support team, ticks two of
its queue's new cases, assigns them to erin and reads the summary; erin is notified of each,
the third case stays unassigned. At 1400 px and on a 390 px phone, where the checkbox column
must not break the page."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from crm.models import Notification
from support.models import Case, CaseStatus
from tests.conftest import make_manager
from tests.factories import make_customer, make_team
from tests.support import make_case, make_levels, make_queue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"bulk-cases-{name}.png"), full_page=True)


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"the page scrolls sideways: {width} > {viewport}"


@pytest.mark.parametrize("width", [1400, 390])
def test_the_support_manager_assigns_two_cases_to_erin(
    live_server, page, sign_in, role_groups, alice, erin, width
):
    page.set_viewport_size({"width": width, "height": 900})
    support = make_team("Support")
    erin.profile.home_team = support
    erin.profile.save()
    erin.groups.add(support.group)
    make_manager("sam", support)
    make_queue(support, name="Berlin support")
    make_levels()
    customer = make_customer(alice, first_name="Cathy", last_name="Customer")
    chosen = [make_case(erin, customer, subject=f"Grinder {n}") for n in ("one", "two")]
    kept = make_case(erin, customer, subject="Grinder kept")
    sign_in("sam")
    page.goto(f"{live_server.url}/cases/")
    for case in chosen:
        page.get_by_label(f"Select {case}").check()
    expect(page.locator("[data-bulk-count]")).to_have_text("2 ticked")
    page.get_by_label("With the selected rows").select_option("assign")
    _no_sideways_scroll(page)
    _shot(page, f"list-{width}")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("[data-bulk-selected]")).to_contain_text("2 cases selected.")
    page.get_by_label("Assign to").select_option(str(erin.pk))
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Assign to").click()
    expect(page.get_by_role("alert").filter(has_text="Changed 2 cases.")).to_be_visible()
    for case in chosen:
        row = page.locator("tr", has_text=case.subject)
        expect(row.locator('[data-inline="owner"]')).to_contain_text(erin.get_full_name())
    _shot(page, f"done-{width}")
    assert set(Case.objects.filter(owner=erin).values_list("pk", flat=True)) == {
        c.pk for c in chosen
    }
    assert set(Case.objects.filter(owner=erin).values_list("status", flat=True)) == {
        CaseStatus.ACCEPTED
    }
    assert Case.objects.get(pk=kept.pk).owner is None
    assert Notification.objects.filter(recipient=erin, kind="case_assigned").count() == 2
