"""A CSR's queue page (counts per status, the unassigned first with "Take it", the next to
breach) and the managers' figures page (open cases per queue and priority, attainment per
week with its table, medians, reopen rate): who may open them, and their query counts."""

import datetime
import re

import pytest
from django.utils import timezone

from crm.access import CUSTOMER_SERVICE
from support import services
from support.models import Case
from tests.factories import make_team, make_user
from tests.helpers import assert_flat_queries, field_error
from tests.support import make_case, make_queue, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_queue(role_groups):
    return make_queue(make_team("Americas"), name="New York support")


@pytest.fixture
def support_manager(support_team):
    user = make_user("sam", role=CUSTOMER_SERVICE, team=support_team)
    support_team.manager = user
    support_team.save(update_fields=["manager"])
    return user


def _section(response, testid: str) -> str:
    match = re.search(
        rf'<section[^>]*data-testid="{testid}".*?</section>', response.content.decode(), re.S
    )
    assert match, f"no {testid} section"
    return match.group(0)


# The queue page -----------------------------------------------------------------------------


def test_the_queue_counts_open_cases_per_status_and_offers_take_it(
    client_for, erin, customer, queue
):
    new = make_case(erin, customer, subject="Unassigned one")
    taken = make_case(erin, customer, subject="Taken one")
    services.case_assign(actor=erin, case=taken, owner=erin)
    late = make_case(erin, customer, subject="Late one")
    Case.objects.filter(pk=late.pk).update(next_due_at=timezone.now() - datetime.timedelta(hours=1))
    response = client_for(erin).get("/cases/queue/")
    assert response.status_code == 200
    counts = _section(response, "counts")
    assert re.search(r'data-count="new".*?>2<', counts, re.S)
    assert re.search(r'data-count="accepted".*?>1<', counts, re.S)
    assert re.search(r'data-count="breached".*?>1<', counts, re.S)
    unassigned = _section(response, "unassigned")
    assert new.number in unassigned and late.number in unassigned
    assert taken.number not in unassigned
    assert "Take it" in unassigned
    # The overdue one comes first in both lists.
    assert unassigned.index(late.number) < unassigned.index(new.number)
    next_up = _section(response, "next-to-breach")
    assert next_up.index(late.number) < next_up.index(taken.number)


def test_take_it_from_the_queue(client_for, erin, customer, queue):
    case = make_case(erin, customer)
    response = client_for(erin).post(f"/cases/{case.pk}/assign/", {"take": "1"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.owner == erin


def test_a_csr_may_choose_another_queue(client_for, erin, customer, queue, other_queue):
    theirs = make_case(erin, customer, queue=other_queue, subject="Over there")
    client = client_for(erin)
    assert theirs.number not in page_text(client.get("/cases/queue/"))
    response = client.get(f"/cases/queue/?queue={other_queue.pk}")
    assert theirs.number in page_text(response)
    assert response.context["queue"] == other_queue


@pytest.mark.parametrize("value", ["abc", "99999999", "99999999999999999999999"])
def test_a_queue_that_is_no_queue_is_an_error_next_to_the_field(
    client_for, erin, queue, other_queue, value
):
    response = client_for(erin).get(f"/cases/queue/?queue={value}")
    assert response.status_code == 200
    assert field_error(response, "queue")
    assert response.context["queue"] == queue


def test_the_queue_page_is_for_who_works_or_manages_a_queue(
    client_for, erin, alice, carol, mark, support_manager, queue
):
    assert client_for(erin).get("/cases/queue/").status_code == 200
    assert client_for(support_manager).get("/cases/queue/").status_code == 200
    assert client_for(alice).get("/cases/queue/").status_code == 403
    assert client_for(carol).get("/cases/queue/").status_code == 403
    assert client_for(mark).get("/cases/queue/").status_code == 403


def test_the_queue_page_reads_a_fixed_number_of_queries(client_for, erin, customer, queue):
    make_case(erin, customer)

    def grow():
        for n in range(49):
            case = make_case(erin, customer, subject=f"Case {n}")
            if n % 2:
                services.case_assign(actor=erin, case=case, owner=erin)

    assert_flat_queries(client_for(erin), "/cases/queue/", grow=grow, budget=14)


# The figures page ---------------------------------------------------------------------------


def test_the_figures_show_open_cases_per_queue_and_priority_and_the_weeks(
    client_for, admin_user, erin, customer, queue
):
    make_case(erin, customer, priority=1)
    make_case(erin, customer, priority=1)
    resolved = make_case(erin, customer, priority=3)
    services.case_assign(actor=erin, case=resolved, owner=erin)
    services.case_note_add(actor=erin, case=resolved, body="Answer", public=True)
    services.case_status_change(actor=erin, case=resolved, status="resolved", resolution="fixed")
    response = client_for(admin_user).get("/cases/figures/")
    assert response.status_code == 200
    open_rows = _section(response, "open-by-queue")
    row = re.search(r"Berlin support.*?</tr>", open_rows, re.S).group(0)
    cells = re.findall(r'<td class="text-end[^"]*">(\d+)</td>', row)
    assert cells == ["2", "0", "0", "0", "2"]
    attainment = re.search(
        r'<table[^>]*data-testid="attainment".*?</table>', response.content.decode(), re.S
    ).group(0)
    assert attainment.count("<tr>") == 1 + 12
    figures = response.context["figures"]
    assert figures.weeks[-1].responses == 1 and figures.weeks[-1].resolutions == 1
    assert 'id="case-figures-data"' in response.content.decode()
    assert 'data-figure="reopen-rate"' in response.content.decode()


def test_the_figures_are_for_managers_and_administrators(
    client_for, admin_user, carol, support_manager, erin, alice, mark, queue
):
    assert client_for(admin_user).get("/cases/figures/").status_code == 200
    assert client_for(carol).get("/cases/figures/").status_code == 200
    assert client_for(support_manager).get("/cases/figures/").status_code == 200
    assert client_for(erin).get("/cases/figures/").status_code == 403
    assert client_for(alice).get("/cases/figures/").status_code == 403
    assert client_for(mark).get("/cases/figures/").status_code == 403


def test_a_sales_manager_reads_the_figures_of_no_support_queue(
    client_for, carol, erin, customer, queue
):
    make_case(erin, customer)
    response = client_for(carol).get("/cases/figures/")
    assert response.context["figures"].queues == []


def test_the_figures_page_reads_a_fixed_number_of_queries(
    client_for, admin_user, erin, customer, queue
):
    make_case(erin, customer)

    def grow():
        for n in range(49):
            case = make_case(erin, customer, priority=1 + n % 4, subject=f"Case {n}")
            if n % 3 == 0:
                services.case_assign(actor=erin, case=case, owner=erin)
                services.case_status_change(
                    actor=erin, case=case, status="resolved", resolution="fixed"
                )

    assert_flat_queries(client_for(admin_user), "/cases/figures/", grow=grow, budget=16)
