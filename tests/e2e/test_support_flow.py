"""The support issue's "done when", in the browser: erin (Customer Service) opens a case from
a customer's 360 page (priority high) and its service-level clocks start; she takes it, adds a
public and an internal note, sets "pending customer" (the clock pauses) and resolves it with a
resolution; the case's history, the customer's journey and the support team manager's figures
show each step; a breached case is flagged in the list; alice sees the partner who brought her
deal and its commission; dan gets 404 on the case. The case page fits a phone."""

import datetime
from decimal import Decimal

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from crm.access import CUSTOMER_SERVICE
from opportunities import services as opportunity_services
from parties.models import PartnerType
from parties.services import partner_create
from support.models import Case, CaseNote, CaseStatus, CaseStatusChange
from tests.e2e.conftest import SCREENSHOTS
from tests.factories import make_customer, make_opportunity, make_team, make_user
from tests.support import make_calendar, make_case, make_levels, make_queue

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Open around the clock: the due times are the targets from now, whatever the day and hour.
ROUND_THE_CLOCK = ((datetime.time(0), datetime.time(23, 59)),)


def _shown(moment: datetime.datetime) -> str:
    """A time as the pages print it (English, UTC: the personas have no time zone of their own)."""
    with translation.override("en"):
        return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _sign_in(context, live_server, username: str):
    other = context.new_page()
    other.set_default_timeout(10_000)
    other.goto(f"{live_server.url}/login/")
    other.get_by_label("Username").fill(username)
    other.get_by_label("Password").fill("demo")
    other.get_by_role("button", name="Sign in").click()
    other.wait_for_url(f"{live_server.url}/")
    return other


def _shot(other, name: str) -> None:
    """A screenshot of another signed-in page, next to the `screenshot` fixture's."""
    SCREENSHOTS.mkdir(exist_ok=True)
    other.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_erin_works_a_case_from_the_360_page_to_resolved(
    live_server, browser, page, sign_in, screenshot, role_groups, alice, carol, erin, dan
):
    # Support: a team with a queue open around the clock, erin in it, sam its manager.
    support = make_team("Support")
    erin.profile.home_team = support
    erin.profile.save()
    erin.groups.add(support.group)
    sam = make_user("sam", role=CUSTOMER_SERVICE, team=support, first_name="Sam")
    support.manager = sam
    support.save(update_fields=["manager"])
    calendar = make_calendar(name="Round the clock", stretches=ROUND_THE_CLOCK, weekdays=range(7))
    queue = make_queue(support, name="Berlin support", calendar=calendar)
    make_levels()  # high: first response 1 h, resolution 8 h
    customer = make_customer(alice, first_name="Cathy", last_name="Customer")
    # A case opened two hours ago, still unanswered: its first response (1 h) is overdue.
    late = make_case(
        erin,
        customer,
        subject="Espresso machine leaks",
        priority=2,
        opened_at=timezone.now() - datetime.timedelta(hours=2),
    )
    # alice's deal that Channel Co (10 % commission) brought, won today.
    partner = partner_create(
        actor=carol,
        name="Channel Co",
        type=PartnerType.RESELLER,
        commission_rate=Decimal("10.00"),
        owner=carol,
    ).partner
    deal = make_opportunity(alice, name="Acme - licences", partner=partner, amount=3000)
    opportunity_services.opportunity_close(actor=alice, opportunity=deal, won=True, reason="Signed")

    # erin opens a case from the customer's 360 page.
    sign_in("erin")
    page.goto(f"{live_server.url}/customers/{customer.pk}/")
    panel = page.get_by_test_id("customer-cases")
    expect(panel).to_contain_text(late.number)
    panel.get_by_role("link", name="New case").click()
    page.get_by_label("Subject").fill("The grinder is noisy")
    page.get_by_label("Priority").select_option(label="High")
    page.get_by_role("button", name="Open the case").click()
    expect(page.get_by_test_id("status")).to_contain_text("New")
    case = Case.objects.exclude(pk=late.pk).get(customer=customer)
    assert page.url == f"{live_server.url}/cases/{case.pk}/"
    assert (case.priority, case.queue_id, case.status) == (2, queue.pk, CaseStatus.NEW)
    # The clocks started: due in 1 h and 8 h of (round-the-clock) business time.
    opened = case.created_at
    for due, minutes in ((case.first_response_due_at, 60), (case.resolution_due_at, 480)):
        assert opened + datetime.timedelta(minutes=minutes) <= due
        assert due <= opened + datetime.timedelta(minutes=minutes + 2)  # the 23:59 gap
    clocks = page.get_by_test_id("clocks")
    first, resolution = (
        clocks.locator('[data-clock="first_response"]'),
        clocks.locator('[data-clock="resolution"]'),
    )
    expect(first.get_by_test_id("due")).to_have_text(_shown(case.first_response_due_at))
    expect(resolution.get_by_test_id("due")).to_have_text(_shown(case.resolution_due_at))
    expect(first.get_by_test_id("remaining")).to_contain_text("min")
    expect(page.get_by_test_id("priority")).to_have_text("High")
    screenshot("case-opened")

    # She takes it.
    page.get_by_role("button", name="Take it").click()
    expect(page.get_by_test_id("status")).to_contain_text("Accepted")
    expect(page.get_by_test_id("owner")).to_contain_text(erin.get_full_name() or "erin")

    # A public note (the first response) and an internal one.
    note_form = page.locator("#note-form")
    note_form.get_by_label("Note").fill("We are sending you a new burr set.")
    note_form.get_by_label("Public (the customer will see it)").check()
    note_form.get_by_role("button", name="Add the note").click()
    expect(page.locator('[data-note="public"]')).to_contain_text("new burr set")
    expect(first).to_contain_text("Met")
    note_form = page.locator("#note-form")
    note_form.get_by_label("Note").fill("Burr sets are back-ordered until Friday.")
    note_form.get_by_role("button", name="Add the note").click()
    expect(page.locator('[data-note="internal"]')).to_contain_text("back-ordered")
    notes = page.get_by_test_id("notes")
    expect(notes.get_by_text("Public", exact=True)).to_have_count(1)
    expect(notes.get_by_text("Internal", exact=True)).to_have_count(1)
    assert sorted(CaseNote.objects.filter(case=case).values_list("public", flat=True)) == [
        False,
        True,
    ]

    # Pending the customer: the resolution clock pauses.
    status_form = page.locator("#status-form")
    status_form.get_by_label("Note").fill("Asked for the serial number")
    status_form.get_by_role("button", name="Pending customer", exact=True).click()
    expect(page.get_by_test_id("status")).to_contain_text("Pending customer")
    expect(resolution.locator('[data-sla="paused"]')).to_be_visible()
    expect(resolution.get_by_test_id("due")).to_have_text("paused")
    case.refresh_from_db()
    assert case.paused_at is not None and case.resolution_due_at is None
    screenshot("case-pending-customer")

    # Resolving without a resolution is refused next to the field; with one it resolves.
    status_form = page.locator("#status-form")
    status_form.get_by_role("button", name="Resolve the case").click()
    expect(page.locator("#status-form")).to_contain_text("Choose a resolution")
    case.refresh_from_db()
    assert case.status == CaseStatus.PENDING_CUSTOMER
    status_form = page.locator("#status-form")
    status_form.get_by_label("Resolution").select_option(label="Fixed")
    status_form.get_by_role("button", name="Resolve the case").click()
    expect(page.get_by_test_id("status")).to_contain_text("Resolved")
    expect(page.get_by_test_id("resolution")).to_have_text("Fixed")
    expect(resolution).to_contain_text("Met")
    case.refresh_from_db()
    assert (case.status, case.resolution) == (CaseStatus.RESOLVED, "fixed")

    # The history shows each step, oldest first.
    rows = page.get_by_test_id("history").locator("tbody tr")
    expect(rows).to_have_count(4)
    for n, words in enumerate(
        (
            ("New", "opened"),
            ("Accepted", "assigned to"),
            ("Pending customer", "Asked for the serial number"),
            ("Resolved",),
        )
    ):
        for word in words:
            expect(rows.nth(n)).to_contain_text(word)
    assert list(
        CaseStatusChange.objects.filter(case=case)
        .order_by("changed_at", "pk")
        .values_list("from_status", "status")
    ) == [
        ("", "new"),
        ("new", "accepted"),
        ("accepted", "pending_customer"),
        ("pending_customer", "resolved"),
    ]
    screenshot("case-resolved")

    # The customer's journey shows the case's steps.
    page.get_by_test_id("customer").get_by_role("link").click()
    journey = page.get_by_test_id("journey-panel")
    for words in (
        f"Case {case.number} opened (high)",
        f"Case {case.number} accepted by",
        f"Case {case.number}: pending customer",
        f"Case {case.number} resolved: fixed",
        f"Case {late.number} opened (high)",
    ):
        expect(journey).to_contain_text(words)
    expect(
        journey.get_by_role("link", name=f"Case {case.number} resolved: fixed")
    ).to_have_attribute("href", f"/cases/{case.pk}/")
    expect(page.get_by_test_id("customer-cases")).to_contain_text(case.number)

    # The list flags the breached case, and only that one.
    page.goto(f"{live_server.url}/cases/")
    late_row = page.locator("tr").filter(has=page.get_by_role("link", name=late.number))
    expect(late_row.locator('[data-sla="breached"]')).to_have_text("Breached")
    done_row = page.locator("tr").filter(has=page.get_by_role("link", name=case.number))
    expect(done_row).to_contain_text("Resolved")
    expect(done_row.locator('[data-sla="breached"]')).to_have_count(0)
    screenshot("cases-breached")

    # The support team's manager reads the figures: the open (breached) case in its queue, one
    # case resolved within target this week, none reopened.
    manager = browser.new_context(viewport={"width": 1400, "height": 900})
    figures = _sign_in(manager, live_server, "sam")
    figures.goto(f"{live_server.url}/cases/")
    figures.get_by_test_id("figures-link").click()
    expect(figures.get_by_role("heading", name="Support figures")).to_be_visible()
    expect(figures.locator('[data-figure="open"]')).to_have_text("1")
    queue_row = figures.get_by_test_id("open-by-queue").locator("tbody tr")
    expect(queue_row).to_have_count(1)
    expect(queue_row.locator("th")).to_have_text("Berlin support")
    expect(queue_row.locator("td")).to_have_text(["0", "1", "0", "0", "1"])  # urgent … total
    expect(figures.locator('[data-figure="median-response"]')).to_contain_text("min")
    expect(figures.locator('[data-figure="median-resolution"]')).to_contain_text("min")
    expect(figures.locator('[data-figure="reopen-rate"]')).to_have_text("0.0 %")
    expect(figures.get_by_test_id("key-figures")).to_contain_text("0 of 1 resolved")
    this_week = figures.get_by_test_id("attainment").locator("tbody tr").last
    expect(this_week.locator("td").nth(2)).to_have_text("1")  # resolutions
    expect(this_week.locator("td").nth(3)).to_have_text("100.0 %")  # within target
    # The chart draws the table's numbers (wait for its animation to end before the shot).
    figures.wait_for_function(
        "() => { const c = window.Chart && Chart.getChart('case-figures-chart');"
        " return c && !Chart.animator.running(c); }"
    )
    drawn = figures.evaluate(
        "() => Chart.getChart('case-figures-chart').data.datasets.map(d => d.data.at(-1))"
    )
    assert drawn[1] == 100.0, drawn
    _shot(figures, "case-figures")
    manager.close()

    # alice: who brought her deal, and the commission it earns the partner.
    sales = browser.new_context(viewport={"width": 1400, "height": 900})
    alices = _sign_in(sales, live_server, "alice")
    alices.goto(f"{live_server.url}/opportunities/{deal.pk}/")
    expect(alices.get_by_test_id("opportunity-partner")).to_have_text("Channel Co")
    alices.get_by_test_id("opportunity-partner").get_by_role("link").click()
    expect(alices.get_by_test_id("commission-rate")).to_have_text("10.00 %")
    quarter = alices.get_by_test_id("figures-quarter")
    expect(quarter.locator('[data-figure="revenue"]')).to_have_text("3,000.00")
    expect(quarter.locator('[data-figure="commission"]')).to_have_text("300.00")
    expect(alices.get_by_test_id("partner-deals")).to_contain_text("Acme - licences")
    _shot(alices, "partner-commission")
    sales.close()

    # dan (another team) may not see the customer: its cases are 404 and not in his list.
    other = browser.new_context()
    dans = _sign_in(other, live_server, "dan")
    assert dans.goto(f"{live_server.url}/cases/{case.pk}/").status == 404
    assert dans.goto(f"{live_server.url}/cases/{late.pk}/").status == 404
    dans.goto(f"{live_server.url}/cases/")
    expect(dans.get_by_role("link", name=case.number)).to_have_count(0)
    other.close()

    # The case's page on a phone: nothing scrolls sideways.
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.goto(f"{live_server.url}/cases/{case.pk}/").status == 200
    expect(page.get_by_test_id("clocks")).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    screenshot("case-phone")
    assert width <= 390, width
