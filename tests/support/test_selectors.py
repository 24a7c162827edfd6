"""The support reads: who sees which case and may do what, the SLA flags in SQL at a given
moment, a case's clocks, the queue summary, the figures (hand-checked), the 360 panel's
cases, the journey's case rows; and the fixed query counts of the queue and the figures."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from crm.access import CHANGE, SHARE, VIEW
from parties import journey
from support import selectors, services
from support.models import Case
from tests.factories import make_customer, make_team, make_user
from tests.support import make_case, make_levels, make_queue

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=BERLIN)


MONDAY_10 = berlin(2025, 3, 3, 10)


@pytest.fixture
def queue(role_groups):
    make_levels()
    return make_queue(make_team("Support"), name="Berlin support")


@pytest.fixture
def alices_customer(alice):
    return make_customer(alice)


@pytest.fixture
def case(erin, alices_customer, queue):
    return make_case(erin, alices_customer, priority=2, opened_at=MONDAY_10)


def visible(user):
    return set(selectors.cases_visible_to(user).values_list("pk", flat=True))


def test_customer_service_and_admins_see_every_case(erin, admin_user, dan, case, queue):
    dans = make_case(erin, make_customer(dan, email="d@example.com"))
    assert visible(erin) == visible(admin_user) == {case.pk, dans.pk}


def test_reps_see_the_cases_of_customers_they_may_see(alice, bob, carol, dan, erin, case):
    dans = make_case(erin, make_customer(dan, email="d@example.com"))
    assert visible(alice) == {case.pk}
    assert visible(bob) == {case.pk}  # team read on alice's customer
    assert visible(carol) == {case.pk}  # alice's manager
    assert visible(dan) == {dans.pk}  # none of alice's customers


def test_a_case_shared_with_a_rep_is_visible_to_them(erin, dan, case):
    services.case_assign(actor=erin, case=case, owner=erin)
    assert case.pk not in visible(dan)
    services.case_share(actor=erin, case=case, action=VIEW, user=dan)
    assert case.pk in visible(dan)


def test_the_manager_of_a_support_team_sees_its_queue(role_groups, erin, dan, queue):
    manager = make_user("sam", role="Sales Manager", team=queue.team)
    queue.team.manager = manager
    queue.team.save()
    dans = make_case(erin, make_customer(dan, email="d@example.com"), queue=queue)
    assert visible(manager) == {dans.pk}
    assert "reassign" in selectors.case_actions(manager, Case.objects.get(pk=dans.pk))


def test_actions_per_role(alice, erin, admin_user, case):
    case = selectors.case_for_page(erin, case.pk)
    assert selectors.case_actions(erin, case) == {VIEW, "note", CHANGE, "take"}
    assert selectors.case_actions(alice, case) == {VIEW, "note"}
    assert selectors.case_actions(admin_user, case) >= {VIEW, CHANGE, "reassign", SHARE}
    services.case_assign(actor=erin, case=case, owner=erin)
    case = selectors.case_for_page(erin, case.pk)
    assert selectors.case_actions(erin, case) == {VIEW, "note", CHANGE, "reassign", SHARE}


def test_case_for_page_of_an_unseen_case_does_not_exist(dan, case):
    with pytest.raises(Case.DoesNotExist):
        selectors.case_for_page(dan, case.pk)


def test_breached_and_due_soon_are_computed_in_sql_at_the_moment_given(erin, case):
    def flags(now):
        row = selectors.with_sla(Case.objects.filter(pk=case.pk), now).get()
        return row.breached, row.due_soon

    assert flags(berlin(2025, 3, 3, 9, 30)) == (False, False)  # first response due 11:00
    assert flags(berlin(2025, 3, 3, 10, 30)) == (False, True)
    assert flags(berlin(2025, 3, 3, 11, 1)) == (True, False)
    assert Case.objects.filter(selectors.breached_q(berlin(2025, 3, 3, 11, 1))).count() == 1
    assert Case.objects.filter(selectors.due_soon_q(berlin(2025, 3, 3, 10, 30))).count() == 1
    services.case_note_add(
        actor=erin, case=case, body="On it", public=True, at=berlin(2025, 3, 3, 10, 45)
    )
    # Answered in time; the resolution is due Tuesday 10:00.
    assert flags(berlin(2025, 3, 3, 11, 1)) == (False, False)
    assert flags(berlin(2025, 3, 4, 9, 30)) == (False, True)
    assert flags(berlin(2025, 3, 4, 10, 1)) == (True, False)


def test_a_paused_case_is_neither_breached_nor_due_soon(erin, case):
    services.case_assign(actor=erin, case=case, owner=erin, at=berlin(2025, 3, 3, 9, 15))
    services.case_status_change(
        actor=erin, case=case, status="pending_customer", at=berlin(2025, 3, 3, 9, 20)
    )
    row = selectors.with_sla(Case.objects.filter(pk=case.pk), berlin(2025, 3, 10)).get()
    # False, not NULL: nothing is due while the clock is paused.
    assert (row.breached, row.due_soon) == (False, False)


def test_a_missed_target_stays_breached_after_the_clock_stopped(erin, case):
    services.case_status_change(actor=erin, case=case, status="cancelled", at=berlin(2025, 3, 5))
    row = selectors.with_sla(Case.objects.filter(pk=case.pk), berlin(2025, 3, 5)).get()
    assert row.breached and not row.due_soon


def test_the_clocks_of_a_case(erin, case):
    case = selectors.case_for_page(erin, case.pk)
    response, resolution = selectors.case_clocks(case, now=berlin(2025, 3, 3, 10, 40))
    assert (response.target, response.taken, response.remaining) == (60, 40, 20)
    assert response.due_soon and not response.breached and not response.paused
    assert resolution.due == berlin(2025, 3, 4, 10) and resolution.remaining == 440
    services.case_assign(actor=erin, case=case, owner=erin, at=berlin(2025, 3, 3, 10, 41))
    services.case_status_change(
        actor=erin, case=case, status="pending_customer", at=berlin(2025, 3, 3, 10, 50)
    )
    case = selectors.case_for_page(erin, case.pk)
    response, resolution = selectors.case_clocks(case, now=berlin(2025, 3, 6, 12))
    assert response.paused and response.remaining == 10 and response.due is None
    assert not response.breached


def test_my_cases_and_my_teams_unassigned_queue(role_groups, alices_customer, queue):
    walt = make_user("walt", role="Customer Service", team=queue.team)
    other = make_user("olga", role="Customer Service", team=make_team("Elsewhere"))
    unassigned = make_case(walt, alices_customer)
    mine = make_case(walt, alices_customer, owner=walt)
    cases = Case.objects.all()
    assert set(cases.filter(selectors.team_queue_q(walt)).values_list("pk", flat=True)) == {
        unassigned.pk
    }
    assert list(cases.filter(selectors.mine_q(walt)).values_list("pk", flat=True)) == [mine.pk]
    assert not cases.filter(selectors.team_queue_q(other)).exists()


def test_customer_cases_open_first_then_newest(erin, alices_customer, queue, alice):
    old_open = make_case(erin, alices_customer, opened_at=berlin(2025, 1, 1, 10))
    closed = make_case(erin, alices_customer, opened_at=berlin(2025, 2, 1, 10))
    services.case_status_change(actor=erin, case=closed, status="rejected")
    new_open = make_case(erin, alices_customer, opened_at=berlin(2025, 3, 1, 10))
    rows = selectors.customer_cases(alice, alices_customer, limit=10)
    assert [c.pk for c in rows] == [new_open.pk, old_open.pk, closed.pk]


def test_the_journey_links_case_rows_for_those_who_may_see_the_case(alice, dan, case):
    record_type = journey.record_type("case")
    assert list(record_type.visible_ids(alice, [case.pk])) == [case.pk]
    assert list(record_type.visible_ids(dan, [case.pk])) == []


def test_case_notes_and_events(erin, alice, case):
    services.case_note_add(actor=alice, case=case, body="internal")
    services.case_note_add(actor=erin, case=case, body="public", public=True)
    assert [n.body for n in selectors.case_notes(case, alice)] == ["internal", "public"]
    services.case_event_log(actor=erin, case=case, kind="email", subject="Sent the manual")
    (event,) = selectors.case_events(case, alice)
    assert event.subject == "Sent the manual" and event.visible is False
    assert selectors.case_events(case, erin)[0].visible is True
    assert [h.status for h in selectors.case_history(case)] == ["new"]


def test_queue_summary_counts_and_next_to_breach(erin, alices_customer, queue):
    later = make_case(erin, alices_customer, priority=4, opened_at=MONDAY_10)
    sooner = make_case(erin, alices_customer, priority=1, opened_at=MONDAY_10)
    services.case_assign(actor=erin, case=later, owner=erin)
    summary = selectors.queue_summary(erin, queue, now=berlin(2025, 3, 3, 10, 10))
    counts = {c.status: c.count for c in summary.counts}
    assert counts["new"] == 1 and counts["accepted"] == 1 and summary.total == 2
    assert summary.unassigned == 1 and summary.due_soon == 1 and summary.breached == 0
    assert [c.pk for c in summary.next_to_breach] == [sooner.pk, later.pk]


def _count(function) -> int:
    with CaptureQueriesContext(connection) as ctx:
        function()
    return len(ctx.captured_queries)


def test_queue_summary_and_figures_read_a_fixed_number_of_queries(erin, alices_customer, queue):
    make_case(erin, alices_customer, opened_at=MONDAY_10)
    summary = lambda: selectors.queue_summary(erin, queue)  # noqa: E731
    figures = lambda: selectors.case_figures(erin, None, today=datetime.date(2025, 3, 5))  # noqa: E731
    summary(), figures()
    one = _count(summary), _count(figures)
    for n in range(5):
        case = make_case(erin, alices_customer, opened_at=MONDAY_10, priority=1 + n % 4)
        services.case_assign(actor=erin, case=case, owner=erin)
        services.case_status_change(actor=erin, case=case, status="resolved", resolution="fixed")
    assert (_count(summary), _count(figures)) == one
    assert one[0] <= 3 and one[1] <= 9


def test_figures_on_a_small_data_set(erin, alices_customer, queue):
    """Priority high everywhere (60 / 480 business minutes), Berlin 9-17 on weekdays."""

    def opened(at):
        case = make_case(erin, alices_customer, priority=2, opened_at=at)
        services.case_assign(actor=erin, case=case, owner=erin, at=at)
        return case

    def resolve(case, at):
        services.case_status_change(
            actor=erin, case=case, status="resolved", resolution="fixed", at=at
        )

    # Week of 3 March. A: answered at 10:30, resolved 12:00 (both in time).
    a = opened(MONDAY_10)
    services.case_note_add(
        actor=erin, case=a, body="Hi", public=True, at=berlin(2025, 3, 3, 10, 30)
    )
    resolve(a, berlin(2025, 3, 3, 12))
    # B: answered 12:00 (late), resolved Wednesday 10:00 (late, due Tuesday 10:00).
    b = opened(MONDAY_10)
    services.case_note_add(actor=erin, case=b, body="Hi", public=True, at=berlin(2025, 3, 3, 12))
    resolve(b, berlin(2025, 3, 5, 10))
    # Week of 10 March. C: never answered; both deadlines passed (Monday 10:00 and 17:00).
    c = make_case(erin, alices_customer, priority=2, opened_at=berlin(2025, 3, 10, 9))
    # D: resolved at 11:00 (answering it, in time), reopened Tuesday 9:00 with 420 minutes
    # left, resolved again Tuesday 10:00 (in time: 120 minutes used in all).
    d = opened(berlin(2025, 3, 10, 10))
    resolve(d, berlin(2025, 3, 10, 11))
    services.case_status_change(actor=erin, case=d, status="reopened", at=berlin(2025, 3, 11, 9))
    resolve(d, berlin(2025, 3, 11, 10))

    with timezone.override(BERLIN):
        figures = selectors.case_figures(
            erin, None, weeks=2, today=datetime.date(2025, 3, 12), now=berlin(2025, 3, 12, 12)
        )
    first, second = figures.weeks
    assert first.start == datetime.date(2025, 3, 3) and second.start == datetime.date(2025, 3, 10)
    assert (first.responses, first.responses_within) == (2, 1)
    assert (first.resolutions, first.resolutions_within) == (2, 1)
    assert (second.responses, second.responses_within) == (2, 1)  # C missed, D in time
    assert (second.resolutions, second.resolutions_within) == (2, 1)
    assert first.response_rate == 50.0
    # First responses 30 (A), 120 (B), 60 (D); resolutions 120 (A), 960 (B), 120 (D).
    assert figures.median_response_minutes == 60
    assert figures.median_resolution_minutes == 120
    assert (figures.resolved, figures.reopened, figures.reopen_rate) == (3, 1, 33.3)
    (row,) = figures.queues
    assert row.queue == queue and row.counts == [0, 1, 0, 0] and row.total == 1
    assert c.pk  # C is the one open case
