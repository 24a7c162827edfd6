"""The support services: opening, assigning, moving, pausing, resolving, reopening, merging
cases, notes and logged events, edits; the clocks they keep, the history and journey rows they
write, and every bad input refused with nothing saved."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import inlineformset_factory

from crm.exceptions import ConcurrentUpdate
from events.models import Event, EventStatus
from parties.models import JourneyEntry
from support import services
from support.admin import ServiceLevelForm, WorkingHoursFormSet
from support.models import (
    BusinessCalendar,
    Case,
    CaseEvent,
    CaseNote,
    CaseStatusChange,
    CaseUserObjectPermission,
    Queue,
    ServiceLevel,
    WorkingHours,
)
from support.sla import Hours, add_business_minutes, business_minutes_between
from tests.factories import make_contact, make_customer, make_order, make_team, make_user
from tests.support import make_calendar, make_case, make_levels, make_queue

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_10 = datetime.datetime(2025, 3, 3, 10, tzinfo=BERLIN)


def berlin(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def support_team(role_groups):
    return make_team("Support")


@pytest.fixture
def queue(support_team):
    make_levels()
    return make_queue(support_team, name="Berlin support")


@pytest.fixture
def customer(alice):
    return make_customer(alice)


@pytest.fixture
def case(erin, customer, queue):
    # High: first response 60 business minutes, resolution 480.
    return make_case(erin, customer, priority=2, opened_at=MONDAY_10)


def counts():
    return (
        Case.objects.count(),
        CaseStatusChange.objects.count(),
        CaseNote.objects.count(),
        JourneyEntry.objects.filter(record_type="case").count(),
    )


def test_opening_a_case_numbers_it_starts_its_clocks_and_writes_history_and_journey(case):
    case.refresh_from_db()
    assert case.number == f"CS-{case.pk:06d}"
    assert case.status == "new" and case.owner is None
    assert case.first_response_target == 60 and case.resolution_target == 480
    assert case.first_response_due_at == berlin(2025, 3, 3, 11)
    assert case.resolution_due_at == berlin(2025, 3, 4, 10)  # 7 h on Monday, 1 h on Tuesday
    assert case.next_due_at == case.first_response_due_at
    assert not case.sla_missed
    row = case.history.get()
    assert (row.from_status, row.status, row.note) == ("", "new", "opened")
    entry = JourneyEntry.objects.get(party=case.customer, record_type="case")
    assert entry.kind == "case_opened" and case.number in entry.summary
    assert entry.record_id == case.pk


def test_the_default_queue_is_the_actors_team_queue(erin, customer, queue, role_groups):
    other = make_queue(make_team("Other"), name="A first queue by name")
    assert make_case(erin, customer).queue == other  # erin has no team: the first queue
    worker = make_user("walt", role="Customer Service", team=queue.team)
    assert make_case(worker, customer).queue == queue


def test_a_case_without_a_customer_is_refused(erin, queue):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        make_case(erin, None)
    assert "customer" in caught.value.message_dict
    assert counts() == before


def test_the_customer_must_be_a_customer_or_account_and_the_order_theirs(
    erin, alice, customer, queue
):
    contact = make_contact(alice)  # a contact, not a customer (and erin may not see it)
    with pytest.raises(ValidationError) as caught:
        make_case(erin, contact)
    assert "customer" in caught.value.message_dict
    other_order = make_order(alice, make_customer(alice, email="other@example.com"))
    with pytest.raises(ValidationError) as caught:
        make_case(erin, customer, order=other_order)
    assert caught.value.message_dict["order"] == ["Choose one of this customer's orders."]
    with pytest.raises(ValidationError) as caught:
        make_case(erin, customer, subject="  ", type="nonsense")
    assert {"subject", "type"} <= set(caught.value.message_dict)
    assert not Case.objects.exists()


def test_without_any_queue_a_case_cannot_be_opened(erin, customer, role_groups):
    with pytest.raises(ValidationError) as caught:
        make_case(erin, customer)
    assert "admin" in caught.value.message_dict["queue"][0]


def test_a_sales_rep_cannot_open_cases(alice, customer, queue):
    with pytest.raises(PermissionDenied):
        make_case(alice, customer)


def test_a_calendar_without_working_hours_means_no_clock(erin, customer, role_groups):
    make_levels()
    empty = BusinessCalendar.objects.create(name="Never", time_zone="Europe/Berlin")
    make_queue(make_team("Idle"), calendar=empty)
    case = make_case(erin, customer)
    assert case.first_response_due_at is None and case.next_due_at is None
    assert case.first_response_target is None


def test_taking_a_case_accepts_it_and_gives_the_owner_their_grants(erin, case):
    services.case_assign(actor=erin, case=case, owner=erin, at=berlin(2025, 3, 3, 10, 5))
    case.refresh_from_db()
    assert case.owner == erin and case.status == "accepted"
    assert CaseUserObjectPermission.objects.filter(content_object=case, user=erin).count() == 4
    row = case.history.last()
    assert (row.from_status, row.status) == ("new", "accepted")
    assert row.note.startswith("assigned to")
    assert JourneyEntry.objects.filter(record_id=case.pk, kind="case_status").exists()


def test_only_the_owner_queue_manager_or_admin_hands_a_case_to_someone_else(
    erin, case, support_team, admin_user
):
    other = make_user("olga", role="Customer Service", team=support_team)
    services.case_assign(actor=erin, case=case, owner=erin)
    olga_case = Case.objects.get(pk=case.pk)
    with pytest.raises(PermissionDenied):  # olga works cases but does not own this one
        services.case_assign(actor=other, case=olga_case, owner=other)
    services.case_assign(actor=erin, case=case, owner=other)  # the owner hands it on
    assert Case.objects.get(pk=case.pk).owner == other
    assert not CaseUserObjectPermission.objects.filter(content_object=case, user=erin).exists()
    services.case_assign(actor=admin_user, case=case, owner=erin)
    assert Case.objects.get(pk=case.pk).owner == erin


def test_assigning_to_someone_who_does_not_work_cases_is_refused(erin, alice, case):
    with pytest.raises(PermissionDenied):  # a CSR takes an unassigned case, hands on her own
        services.case_assign(actor=erin, case=case, owner=alice)
    services.case_assign(actor=erin, case=case, owner=erin)
    with pytest.raises(ValidationError) as caught:
        services.case_assign(actor=erin, case=case, owner=alice)
    assert "owner" in caught.value.message_dict
    assert Case.objects.get(pk=case.pk).owner == erin


def test_an_illegal_move_is_refused_and_nothing_changes(erin, case):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.case_status_change(actor=erin, case=case, status="closed")
    assert caught.value.message_dict["status"] == ["A case that is new cannot become closed."]
    assert counts() == before and Case.objects.get(pk=case.pk).status == "new"


def test_resolving_needs_a_resolution(erin, case):
    services.case_assign(actor=erin, case=case, owner=erin)
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.case_status_change(actor=erin, case=case, status="resolved")
    assert "resolution" in caught.value.message_dict
    assert counts() == before and Case.objects.get(pk=case.pk).status == "accepted"


def test_a_sales_rep_cannot_move_a_case(alice, erin, case):
    with pytest.raises(PermissionDenied):
        services.case_status_change(actor=alice, case=case, status="rejected")


def _worked(erin, case):
    services.case_assign(actor=erin, case=case, owner=erin, at=berlin(2025, 3, 3, 10, 5))
    services.case_status_change(
        actor=erin, case=case, status="in_progress", at=berlin(2025, 3, 3, 10, 10)
    )


def test_pending_customer_pauses_and_resuming_moves_the_deadline_by_the_paused_time(
    erin, case, queue
):
    _worked(erin, case)
    due_before = Case.objects.get(pk=case.pk).resolution_due_at
    paused, resumed = berlin(2025, 3, 3, 15), berlin(2025, 3, 5, 11, 30)  # Monday to Wednesday
    services.case_status_change(actor=erin, case=case, status="pending_customer", at=paused)
    case.refresh_from_db()
    assert case.paused_at == paused and case.next_due_at is None
    assert case.resolution_due_at is None and case.first_response_due_at is None
    assert case.resolution_minutes_left == business_minutes_between(
        Hours.of(queue.calendar), paused, due_before
    )
    services.case_status_change(actor=erin, case=case, status="in_progress", at=resumed)
    case.refresh_from_db()
    hours = Hours.of(queue.calendar)
    paused_minutes = business_minutes_between(hours, paused, resumed)
    assert paused_minutes == 2 * 60 + 8 * 60 + 2 * 60 + 30
    assert case.resolution_due_at == add_business_minutes(hours, due_before, paused_minutes)
    assert case.paused_at is None and case.resolution_minutes_left is None
    assert case.next_due_at == min(case.first_response_due_at, case.resolution_due_at)


def test_resolving_meets_both_clocks_and_writes_a_resolved_journey_row(erin, case):
    _worked(erin, case)
    services.case_status_change(
        actor=erin, case=case, status="resolved", resolution="fixed", at=berlin(2025, 3, 3, 10, 40)
    )
    case.refresh_from_db()
    assert case.status == "resolved" and case.resolution == "fixed"
    assert case.resolved_at == berlin(2025, 3, 3, 10, 40) and case.resolution_minutes == 40
    assert case.first_response_minutes == 40  # the resolution answered the customer
    assert case.next_due_at is None and not case.sla_missed
    kinds = list(
        JourneyEntry.objects.filter(record_id=case.pk, record_type="case")
        .order_by("occurred_at", "id")
        .values_list("kind", flat=True)
    )
    assert kinds == ["case_opened", "case_status", "case_status", "case_resolved"]
    assert [r.status for r in case.history.all()] == ["new", "accepted", "in_progress", "resolved"]


def test_a_late_resolution_is_missed(erin, case):
    _worked(erin, case)
    services.case_status_change(
        actor=erin, case=case, status="resolved", resolution="fixed", at=berlin(2025, 3, 5, 10)
    )
    case.refresh_from_db()
    assert case.sla_missed and case.resolution_minutes == 2 * 480


def test_reopening_counts_and_restarts_the_resolution_clock_with_what_was_left(erin, case):
    _worked(erin, case)
    services.case_status_change(
        actor=erin, case=case, status="resolved", resolution="fixed", at=berlin(2025, 3, 3, 12)
    )
    reopened_at = berlin(2025, 3, 6, 9)  # Thursday
    services.case_status_change(
        actor=erin, case=case, status="reopened", note="Still noisy", at=reopened_at
    )
    case.refresh_from_db()
    assert case.reopen_count == 1 and case.status == "reopened"
    assert case.resolved_at is None and case.resolution == "" and case.closed_at is None
    # 480 - 120 used = 360 left: Thursday 9:00 + 6 h.
    assert case.resolution_due_at == berlin(2025, 3, 6, 15)
    assert case.next_due_at == case.resolution_due_at
    assert case.history.last().note == "Still noisy"


def test_closing_and_cancelling_stop_the_clocks(erin, case, customer):
    services.case_status_change(actor=erin, case=case, status="cancelled", at=berlin(2025, 3, 4, 9))
    case.refresh_from_db()
    assert case.closed_at == berlin(2025, 3, 4, 9) and case.next_due_at is None
    assert case.first_response_due_at is None and case.response_minutes_left < 0
    assert case.sla_missed  # the first response was overdue when it stopped


def test_a_merge_closes_the_duplicate_under_its_parent(erin, case, customer):
    into = make_case(erin, customer, subject="Noisy grinder (again)", opened_at=MONDAY_10)
    services.case_note_add(actor=erin, case=case, body="Kept on the duplicate")
    services.case_merge(actor=erin, case=case, into=into, note="Same grinder")
    case.refresh_from_db()
    assert case.parent == into and case.status == "closed" and case.resolution == "duplicate"
    assert case.next_due_at is None and case.notes.count() == 1
    assert case.history.last().note == f"merged into {into.number}: Same grinder"
    assert into.history.last().note == f"{case.number} merged into this case"


def test_merging_into_itself_or_another_customers_case_is_refused(erin, alice, case):
    other = make_case(erin, make_customer(alice, email="b@example.com"))
    before = counts()
    with pytest.raises(ValidationError) as caught:
        services.case_merge(actor=erin, case=case, into=case)
    assert caught.value.message_dict["into"] == ["A case cannot be merged into itself."]
    with pytest.raises(ValidationError) as caught:
        services.case_merge(actor=erin, case=case, into=other)
    assert caught.value.message_dict["into"] == ["Choose a case of the same customer."]
    assert counts() == before and Case.objects.get(pk=case.pk).parent is None


def test_a_merged_case_cannot_be_merged_again_nor_reopened(erin, case, customer):
    into = make_case(erin, customer)
    services.case_merge(actor=erin, case=case, into=into)
    with pytest.raises(ValidationError):
        services.case_merge(actor=erin, case=case, into=into)
    with pytest.raises(ValidationError) as caught:
        services.case_status_change(actor=erin, case=case, status="reopened")
    assert "merged into" in caught.value.message_dict["status"][0]


def test_an_empty_note_is_refused(erin, case):
    with pytest.raises(ValidationError) as caught:
        services.case_note_add(actor=erin, case=case, body="   ")
    assert "body" in caught.value.message_dict and not CaseNote.objects.exists()


def test_a_rep_adds_internal_notes_only_and_an_outsider_none(alice, dan, case):
    note = services.case_note_add(actor=alice, case=case, body="Customer called me too")
    assert not note.public and note.author == alice
    with pytest.raises(PermissionDenied):
        services.case_note_add(actor=alice, case=case, body="Hello", public=True)
    with pytest.raises(PermissionDenied):  # dan may not see alice's customer's case
        services.case_note_add(actor=dan, case=case, body="?")
    assert CaseNote.objects.count() == 1


def test_the_first_public_note_is_the_first_response(erin, alice, case):
    services.case_note_add(actor=alice, case=case, body="internal", at=berlin(2025, 3, 3, 10, 5))
    assert Case.objects.get(pk=case.pk).first_response_at is None
    services.case_note_add(
        actor=erin, case=case, body="We are on it", public=True, at=berlin(2025, 3, 3, 10, 20)
    )
    case.refresh_from_db()
    assert case.first_response_at == berlin(2025, 3, 3, 10, 20)
    assert case.first_response_minutes == 20
    assert case.next_due_at == case.resolution_due_at


def test_a_logged_call_is_an_event_about_the_customer_and_a_first_response(erin, case):
    event = services.case_event_log(
        actor=erin,
        case=case,
        kind="call",
        subject="Called back",
        starts_at=berlin(2025, 3, 3, 10, 30),
    )
    assert event.status == EventStatus.COMPLETED and event.party == case.customer
    assert CaseEvent.objects.get(event=event).case == case
    assert JourneyEntry.objects.filter(record_type="event", record_id=event.pk).exists()
    case.refresh_from_db()
    assert case.first_response_minutes == 30
    with pytest.raises(ValidationError) as caught:
        services.case_event_log(actor=erin, case=case, kind="task", subject="x")
    assert "kind" in caught.value.message_dict
    assert Event.objects.count() == 1


def test_a_stale_edit_is_refused_as_changed_by_someone_else(erin, case):
    services.case_update(actor=erin, case=case, version=case.version, subject="Loud grinder")
    with pytest.raises(ConcurrentUpdate) as caught:
        services.case_update(actor=erin, case=case, version=1, subject="Other")
    assert isinstance(caught.value, ValidationError)
    assert "changed by someone else" in caught.value.messages[0]
    assert Case.objects.get(pk=case.pk).subject == "Loud grinder"


def test_a_priority_change_retargets_the_deadlines_from_the_opening(erin, case):
    services.case_update(
        actor=erin, case=case, version=case.version, priority=1, at=berlin(2025, 3, 3, 10, 10)
    )
    case.refresh_from_db()
    # Urgent: 30 / 240 business minutes from Monday 10:00.
    assert case.first_response_target == 30
    assert case.first_response_due_at == berlin(2025, 3, 3, 10, 30)
    assert case.resolution_due_at == berlin(2025, 3, 3, 14)


def test_a_rep_cannot_edit_and_the_customer_stays(alice, erin, case):
    with pytest.raises(PermissionDenied):
        services.case_update(actor=alice, case=case, version=case.version, subject="x")
    with pytest.raises(ValueError):
        services.case_update(actor=erin, case=case, version=case.version, customer=None)


def test_sharing_goes_through_the_access_layer(erin, dan, case):
    services.case_assign(actor=erin, case=case, owner=erin)
    services.case_share(actor=erin, case=case, action="view", user=dan)
    assert CaseUserObjectPermission.objects.filter(content_object=case, user=dan).exists()
    with pytest.raises(PermissionDenied):
        services.case_share(actor=dan, case=case, action="view", user=dan)


def test_a_zero_sla_target_is_refused_by_the_admin_form_and_the_model(role_groups):
    form = ServiceLevelForm(
        data={"priority": 3, "first_response_minutes": 0, "resolution_minutes": 0}
    )
    assert not form.is_valid()
    assert form.errors["first_response_minutes"] == [
        "The first-response target must be at least 1 business minute."
    ]
    assert form.errors["resolution_minutes"] == [
        "The resolution target must be at least 1 business minute."
    ]
    with pytest.raises(ValidationError) as caught:
        ServiceLevel(priority=3, first_response_minutes=0, resolution_minutes=60).full_clean()
    assert "first_response_minutes" in caught.value.message_dict
    assert not ServiceLevel.objects.exists()


def test_a_calendar_needs_at_least_one_stretch_of_working_hours(role_groups):
    calendar = BusinessCalendar.objects.create(name="Empty", time_zone="Europe/Berlin")
    FormSet = inlineformset_factory(
        BusinessCalendar,
        WorkingHours,
        formset=WorkingHoursFormSet,
        fields=["weekday", "opens", "closes"],
        extra=1,
    )
    empty = {"hours-TOTAL_FORMS": "1", "hours-INITIAL_FORMS": "0", "hours-0-weekday": ""}
    formset = FormSet(data=empty, instance=calendar, prefix="hours")
    assert not formset.is_valid()
    assert "at least one stretch" in formset.non_form_errors()[0]
    overlapping = {
        "hours-TOTAL_FORMS": "2",
        "hours-INITIAL_FORMS": "0",
        "hours-0-weekday": "0",
        "hours-0-opens": "09:00",
        "hours-0-closes": "13:00",
        "hours-1-weekday": "0",
        "hours-1-opens": "12:00",
        "hours-1-closes": "17:00",
    }
    formset = FormSet(data=overlapping, instance=calendar, prefix="hours")
    assert not formset.is_valid()
    assert "must not overlap" in formset.non_form_errors()[0]
    assert not Queue.objects.exists() and not calendar.hours.exists()
    assert make_calendar(name="Fine").hours.count() == 5


@pytest.mark.parametrize(
    "name", ["businesscalendar", "servicelevel", "queue", "case", "caseuserobjectpermission"]
)
def test_the_support_admin_pages_open(client, admin_user, case, name):
    client.force_login(admin_user)
    assert client.get(f"/admin/support/{name}/").status_code == 200
    if name != "case":
        assert client.get(f"/admin/support/{name}/add/").status_code == 200
    assert client.get(f"/admin/support/case/{case.pk}/change/").status_code == 200
    assert (
        client.get(f"/admin/support/businesscalendar/{case.queue.calendar_id}/change/").status_code
        == 200
    )
