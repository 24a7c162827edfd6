"""Bulk "mark done" on the events list in the browser: alice ticks two of her three tasks,
marks them done and reads the summary; the third stays open. At 1400 px and on a 390 px
phone, where the checkbox column must not make the page scroll sideways."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from events.models import Event, EventStatus
from tests.factories import make_event

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots")


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"the page scrolls sideways: {width} > {viewport}"


@pytest.mark.parametrize("width", [1400, 390])
def test_alice_marks_two_tasks_done(live_server, page, sign_in, alice, width):
    page.set_viewport_size({"width": width, "height": 900})
    chosen = [make_event(alice, kind="task", subject=s) for s in ("Call back Ann", "Send quote")]
    kept = make_event(alice, kind="task", subject="Book the venue")
    sign_in("alice")
    page.goto(f"{live_server.url}/events/")
    for event in chosen:
        page.get_by_label(f"Select {event}").check()
    expect(page.locator("[data-bulk-count]")).to_have_text("2 ticked")
    page.get_by_label("With the selected rows").select_option("complete")
    _no_sideways_scroll(page)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"bulk-events-{width}.png"), full_page=True)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("[data-bulk-selected]")).to_contain_text("2 events selected.")
    page.get_by_role("button", name="Mark done").click()
    expect(page.get_by_role("alert").filter(has_text="Changed 2 events.")).to_be_visible()
    for event in chosen:
        row = page.locator("tr", has_text=event.subject)
        expect(row.locator('[data-inline="status"]')).to_contain_text("Completed")
    expect(page.locator("tr", has_text="Book the venue")).to_contain_text("Scheduled")
    _no_sideways_scroll(page)
    assert {e.status for e in Event.objects.filter(pk__in=[e.pk for e in chosen])} == {
        EventStatus.COMPLETED
    }
    assert Event.objects.get(pk=kept.pk).status == EventStatus.SCHEDULED
