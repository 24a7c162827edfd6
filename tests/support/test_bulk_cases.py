"""Bulk actions and inline edit on the cases list (support/bulk.py): assigning goes through
case_assign (the new owner is notified), a status move the workflow refuses is that row's
reported error, rows the user may not change are skipped and counted, a large selection is
one job, the export holds only what the user sees (formulas escaped), and inline edit keeps
the case page's access and version rules."""

import csv
import io

import pytest
from django.test import override_settings

from crm.access import CUSTOMER_SERVICE
from crm.models import Job, Notification
from support import services
from support.models import Case, CasePriority, CaseStatus, CaseStatusChange
from tests.factories import make_customer, make_user
from tests.support import make_case

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def frank(support_team):
    return make_user("frank", role=CUSTOMER_SERVICE, team=support_team, first_name="Frank")


@pytest.fixture
def cases(erin, customer, queue):
    return [make_case(erin, customer, subject=f"Grinder {n}") for n in range(2)]


def _post(client, **data):
    return client.post("/cases/bulk/", {"confirm": "1", **data}, follow=True)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_list_has_checkboxes_the_bar_and_inline_cells(client, erin, cases):
    client.force_login(erin)
    page = client.get("/cases/").text
    assert f'name="ids" value="{cases[0].pk}" form="bulk-cases"' in page
    assert 'action="/cases/bulk/"' in page
    for option in ("Assign to", "Change status", "Change priority", "Export CSV"):
        assert f">{option}</option>" in page
    assert f'hx-get="/cases/{cases[0].pk}/inline/status/"' in page


def test_assigning_in_bulk_notifies_each_new_owner(client, admin_user, erin, cases):
    client.force_login(admin_user)
    response = _post(client, action="assign", ids=[c.pk for c in cases], owner=erin.pk)
    assert _messages(response) == ["Changed 2 cases."]
    for case in Case.objects.filter(pk__in=[c.pk for c in cases]):
        assert case.owner == erin and case.status == CaseStatus.ACCEPTED
    assert Notification.objects.filter(recipient=erin, kind="case_assigned").count() == 2


def test_cases_the_user_may_not_hand_on_are_skipped_and_counted(
    client, admin_user, erin, frank, cases
):
    mine, franks = cases
    services.case_assign(actor=admin_user, case=mine, owner=erin)
    services.case_assign(actor=admin_user, case=franks, owner=frank)
    client.force_login(erin)
    response = _post(client, action="assign", ids=[mine.pk, franks.pk], owner=frank.pk)
    assert _messages(response) == ["Changed 1 case; 1 skipped: you may not change them."]
    assert Case.objects.get(pk=mine.pk).owner == frank
    assert Case.objects.get(pk=franks.pk).owner == frank  # untouched: it was frank's


def test_a_status_move_the_workflow_refuses_is_reported_and_not_made(
    client, admin_user, erin, cases
):
    accepted, new = cases
    services.case_assign(actor=admin_user, case=accepted, owner=erin)
    client.force_login(erin)
    response = _post(
        client, action="status", ids=[accepted.pk, new.pk], status=CaseStatus.IN_PROGRESS
    )
    new.refresh_from_db()
    (summary,) = _messages(response)
    assert summary.startswith(
        f"Changed 1 case; 1 not changed: {new}: A case that is new cannot become in progress."
    )
    assert Case.objects.get(pk=accepted.pk).status == CaseStatus.IN_PROGRESS
    assert new.status == CaseStatus.NEW
    assert CaseStatusChange.objects.filter(case=accepted, status=CaseStatus.IN_PROGRESS).exists()


def test_resolving_in_bulk_needs_a_resolution_next_to_the_field(client, erin, cases):
    client.force_login(erin)
    response = client.post(
        "/cases/bulk/",
        {"action": "status", "ids": [cases[0].pk], "status": "resolved", "confirm": "1"},
    )
    assert response.status_code == 200
    assert "Choose a resolution to resolve the case." in response.text
    assert Case.objects.get(pk=cases[0].pk).status == CaseStatus.NEW


def test_priority_in_bulk_goes_through_the_edit_service(client, erin, customer, queue):
    urgent = make_case(erin, customer, priority=CasePriority.URGENT)
    normal = make_case(erin, customer, priority=CasePriority.NORMAL)
    due_before = normal.resolution_due_at
    client.force_login(erin)
    response = _post(
        client, action="priority", ids=[urgent.pk, normal.pk], priority=CasePriority.URGENT
    )
    assert _messages(response) == ["Changed 1 case; 1 had that priority already."]
    normal.refresh_from_db()
    assert normal.priority == CasePriority.URGENT and normal.version == 2
    assert normal.resolution_due_at < due_before  # the clocks follow the new priority


def test_status_and_priority_are_only_for_who_works_cases(client, alice, cases):
    client.force_login(alice)  # she sees her customer's cases, she does not work them
    page = client.get("/cases/").text
    for action in ("assign", "status", "priority"):
        assert f'<option value="{action}">' not in page
    assert '<option value="export">' in page
    response = client.post(
        "/cases/bulk/", {"action": "status", "ids": [cases[0].pk], "status": "cancelled"}
    )
    assert response.status_code == 403
    assert Case.objects.get(pk=cases[0].pk).status == CaseStatus.NEW


def test_marketing_has_no_case_bulk(client, mark, cases):
    client.force_login(mark)
    response = client.post("/cases/bulk/", {"action": "export", "all": "1"})
    assert response.status_code == 403


@override_settings(CRM_BULK_SYNC_LIMIT=1)
def test_a_large_selection_runs_as_one_job_with_the_summary(client, admin_user, erin, cases):
    client.force_login(admin_user)
    ids = [c.pk for c in cases]
    confirm = client.post("/cases/bulk/", {"action": "assign", "ids": ids})
    assert "in the background" in confirm.text
    response = client.post(
        "/cases/bulk/", {"action": "assign", "ids": ids, "owner": erin.pk, "confirm": "1"}
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.state == Job.State.DONE and job.result["summary"] == "Changed 2 cases."
    assert Case.objects.filter(owner=erin).count() == 2


def test_export_holds_only_visible_cases_with_formulas_escaped(client, alice, dan, erin, queue):
    mine = make_customer(alice, first_name="Cathy", last_name="Customer")
    hidden = make_customer(dan, first_name="Dora", last_name="Hidden")
    make_case(erin, mine, subject="=HYPERLINK(evil)")
    make_case(erin, hidden, subject="Not for alice")
    client.force_login(alice)
    response = client.post("/cases/bulk/", {"action": "export", "all": "1", "query": ""})
    rows = _csv(response)
    assert rows[0] == [
        "Number",
        "Subject",
        "Customer",
        "Status",
        "Priority",
        "Queue",
        "Owner",
        "Opened",
    ]
    assert [row[1:3] for row in rows[1:]] == [["'=HYPERLINK(evil)", "Cathy Customer"]]


def test_export_of_all_matching_follows_the_filter(client, erin, customer, queue):
    make_case(erin, customer, subject="Urgent one", priority=CasePriority.URGENT)
    make_case(erin, customer, subject="Low one", priority=CasePriority.LOW)
    client.force_login(erin)
    response = client.post(
        "/cases/bulk/", {"action": "export", "all": "1", "query": "priority=1&after=x"}
    )
    assert [row[1] for row in _csv(response)[1:]] == ["Urgent one"]


# Inline edit ------------------------------------------------------------------------------


def _url(case, field):
    return f"/cases/{case.pk}/inline/{field}/"


def test_inline_status_offers_the_legal_moves_and_saves_through_the_service(
    client, admin_user, erin, cases
):
    case = cases[0]
    services.case_assign(actor=admin_user, case=case, owner=erin)
    case.refresh_from_db()
    client.force_login(erin)
    form = client.get(_url(case, "status"), **HX)
    assert form.status_code == 200
    assert 'value="in_progress"' in form.text and 'value="closed"' not in form.text
    response = client.post(
        _url(case, "status"), {"status": "in_progress", "version": case.version}, **HX
    )
    assert response.status_code == 200 and "In progress" in response.text
    assert response["HX-Refresh"] == "true"
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_PROGRESS
    assert CaseStatusChange.objects.filter(case=case, status=CaseStatus.IN_PROGRESS).exists()


def test_inline_edit_with_a_stale_version_is_refused_with_a_message(client, erin, cases):
    case = cases[0]
    stale = case.version
    client.force_login(erin)
    saved = client.post(_url(case, "priority"), {"priority": 1, "version": stale}, **HX)
    assert saved.status_code == 200
    response = client.post(_url(case, "status"), {"status": "cancelled", "version": stale}, **HX)
    assert response.status_code == 409
    assert "was changed by someone else; nothing was saved" in response.text
    assert f'name="version" value="{stale + 1}"' in response.text
    assert Case.objects.get(pk=case.pk).status == CaseStatus.NEW
    again = client.post(_url(case, "priority"), {"priority": 4, "version": stale}, **HX)
    assert again.status_code == 409
    assert Case.objects.get(pk=case.pk).priority == 1


def test_inline_resolving_without_a_resolution_is_an_error_next_to_it(
    client, admin_user, erin, cases
):
    case = cases[0]
    services.case_assign(actor=admin_user, case=case, owner=erin)
    case.refresh_from_db()
    client.force_login(erin)
    response = client.post(
        _url(case, "status"), {"status": "resolved", "version": case.version}, **HX
    )
    assert response.status_code == 422
    assert "Choose a resolution to resolve the case." in response.text
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ACCEPTED


def test_inline_assignee_follows_the_assign_rule(client, admin_user, erin, frank, alice, cases):
    case = cases[0]
    client.force_login(alice)  # sees it, may not hand it on
    denied = client.post(_url(case, "owner"), {"owner": frank.pk, "version": case.version}, **HX)
    assert denied.status_code == 403 and "You may not change this." in denied.text
    assert Case.objects.get(pk=case.pk).owner is None
    client.force_login(admin_user)
    response = client.post(_url(case, "owner"), {"owner": frank.pk, "version": case.version}, **HX)
    assert response.status_code == 200 and "Frank" in response.text
    assert Notification.objects.filter(recipient=frank, kind="case_assigned").count() == 1


def test_inline_on_a_case_the_user_may_not_see_is_404(client, dan, cases):
    client.force_login(dan)
    assert client.get(_url(cases[0], "status"), **HX).status_code == 404
    assert client.get(_url(cases[0], "nonsense"), **HX).status_code == 404


def test_without_htmx_the_inline_url_sends_to_the_case_page(client, erin, cases):
    client.force_login(erin)
    response = client.get(_url(cases[0], "priority"))
    assert response.status_code == 302 and response["Location"] == f"/cases/{cases[0].pk}/"
