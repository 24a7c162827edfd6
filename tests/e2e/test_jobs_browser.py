"""A job's page in the browser: the progress bar moves to done while the page stays put (htmx
polls the progress), and without JavaScript the page reloads itself until the job ends.

The job's progress is written here through the same store a worker writes it to (crm.jobs.live:
the live server runs in this process), so the test controls each step; the real worker is
tests/crm/test_jobs_worker.py's."""

import shutil

import pytest

from crm.jobs import live
from crm.models import Job
from tests.e2e.conftest import SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _running_job(user) -> Job:
    return Job.objects.create(
        created_by=user, kind="e2e", label="Import contacts.csv", state=Job.State.RUNNING
    )


def _finish(job: Job, total: int) -> None:
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.DONE,
        done=total,
        total=total,
        result={"summary": f"{total} contacts imported", "url": "/contacts/"},
    )
    live.forget(job.pk)


@pytest.mark.parametrize("width", [1400, 390])
def test_the_progress_bar_moves_to_done_without_reloading(
    live_server, page, sign_in, screenshot, alice, width
):
    page.set_viewport_size({"width": width, "height": 900})
    job = _running_job(alice)
    live.publish(job.pk, 0, 200)
    sign_in("alice")
    page.goto(f"{live_server.url}/jobs/")
    page.get_by_role("link", name="Import contacts.csv").click()
    page.get_by_role("heading", name="Import contacts.csv").wait_for()
    page.evaluate("window.notReloaded = true")
    bar = page.get_by_test_id("job-bar")
    count = page.get_by_test_id("job-count")
    assert page.get_by_role("button", name="Cancel job").is_visible()

    live.publish(job.pk, 80, 200)
    count.filter(has_text="80 of 200 rows done (40 %)").wait_for()
    assert bar.get_attribute("style") == "width: 40%"
    assert page.get_by_role("progressbar").get_attribute("aria-valuenow") == "40"
    screenshot(f"jobs-running-{width}")

    _finish(job, 200)
    page.get_by_test_id("job-result").filter(has_text="200 contacts imported").wait_for()
    assert count.inner_text() == "200 of 200 rows done (100 %)"
    assert bar.get_attribute("style") == "width: 100%"
    assert page.get_by_test_id("job-state").inner_text() == "Done"
    assert page.get_by_role("button", name="Cancel job").count() == 0
    assert page.evaluate("window.notReloaded") is True  # htmx swapped the part, no reload
    # The bar fits the phone's screen.
    box = page.get_by_role("progressbar").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    screenshot(f"jobs-done-{width}")
    if width == 390:
        shutil.copy(SCREENSHOTS / "jobs-done-390.png", "/tmp/shots/jobs-done-390.png")
    else:
        shutil.copy(SCREENSHOTS / "jobs-running-1400.png", "/tmp/shots/jobs-running-1400.png")


def test_without_javascript_the_page_reloads_until_the_job_ends(live_server, browser, alice):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1400, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        job = _running_job(alice)
        live.publish(job.pk, 10, 100)
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill("alice")
        page.get_by_label("Password").fill("demo")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/jobs/{job.pk}/")
        count = page.get_by_test_id("job-count")
        # (The page reloads every 2 s: locators wait rather than read once.)
        count.filter(has_text="10 of 100 rows done (10 %)").wait_for()
        # (Playwright's text search skips <noscript>; a CSS selector finds the note.)
        note = page.locator("#job-progress noscript p")
        note.wait_for()
        assert "This page reloads itself every few seconds." in note.inner_text()

        live.publish(job.pk, 60, 100)
        count.filter(has_text="60 of 100 rows done (60 %)").wait_for()

        _finish(job, 100)
        page.get_by_test_id("job-result").wait_for()
        loads = []
        page.on("load", lambda _: loads.append(1))
        page.wait_for_timeout(4500)  # two refresh periods: an ended job's page stays put
        assert loads == []

        # Cancel works without JavaScript too (a plain form).
        other = _running_job(alice)
        page.goto(f"{live_server.url}/jobs/{other.pk}/")
        page.get_by_role("button", name="Cancel job").click()
        page.get_by_text("Cancel requested: the job stops at its next step").wait_for()
        assert page.get_by_test_id("job-state").inner_text() == "Cancelling"
    finally:
        context.close()
