"""`manage.py load_demo` and the support desk: two teams with business hours, sam and nina,
erin working the Europe queue, the service levels, and 60 cases in every status made
through the services (breached ones flagged by the list's SQL, one pending the customer,
one reopened, one merged); a second run adds nothing."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import override_settings
from django.utils import timezone

from crm import access
from demo.builders.commerce import FEATURED_COMPANY
from parties.models import JourneyEntry
from support import selectors
from support.models import (
    OPEN_STATUSES,
    Case,
    CaseEvent,
    CaseNote,
    CaseStatus,
    CaseStatusChange,
    Queue,
    ServiceLevel,
)
from support.services import clocks
from tests.demo.test_support_scale import _replay

pytestmark = pytest.mark.django_db
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module in a transaction rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            call_command("load_demo", "--not-production", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output, db):
    return {user.username: user for user in User.objects.all()}


def test_sixty_cases_in_every_status(demo, demo_output):
    assert "60 cases" in demo_output
    assert Case.objects.count() == 60
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert not Case.objects.exclude(customer__roles__role="CUSTOMER").exists()
    assert Case.objects.values("customer").distinct().count() >= 20
    assert CaseNote.objects.filter(public=True).exists()
    assert CaseNote.objects.filter(public=False).exists()
    assert CaseEvent.objects.exists()  # calls logged about cases
    for case in Case.objects.all():
        history = list(case.history.all())
        own = [h for h in history if not h.note.endswith("merged into this case")]
        assert own[0].from_status == "" and own[0].changed_at == case.created_at
        assert own[-1].status == case.status
        assert JourneyEntry.objects.filter(record_type="case", record_id=case.pk).exists()
        case.full_clean()
    assert not CaseStatusChange.objects.filter(changed_at__gt=timezone.now()).exists()
    assert not CaseNote.objects.filter(created_at__lt=F("case__created_at")).exists()


def test_some_breached_by_the_lists_sql_one_pending_reopened_and_merged(demo):
    now = timezone.now()
    listed = selectors.cases_for_list(demo["erin"])
    breached = [case for case in listed if case.breached]
    assert breached and len(breached) < 40
    assert {case.pk for case in breached} == set(
        Case.objects.filter(selectors.breached_q(now)).values_list("pk", flat=True)
    )
    assert any(case.status in OPEN_STATUSES and case.next_due_at < now for case in breached)
    pending = Case.objects.filter(status="pending_customer")
    assert pending.exists()
    assert not pending.filter(paused_at__isnull=True).exists()
    assert not pending.filter(next_due_at__isnull=False).exists()
    reopened = Case.objects.get(status="reopened")
    assert reopened.reopen_count == 1 and reopened.resolved_at is None
    assert reopened.history.filter(status="resolved").exists()
    merged = Case.objects.select_related("parent", "customer").get(parent__isnull=False)
    assert (merged.status, merged.resolution) == ("closed", "duplicate")
    assert merged.customer.display_name == FEATURED_COMPANY
    assert merged.parent.customer_id == merged.customer_id and merged.parent.is_open
    assert merged.parent.history.filter(note__endswith="merged into this case").exists()


def test_service_level_columns_are_what_the_clock_rules_give(demo):
    for case in Case.objects.select_related("queue__calendar").prefetch_related(
        "history", "notes", "event_links__event"
    ):
        if case.event_links.exists():
            continue  # a logged call answers too: not replayed here
        fresh = _replay(case)
        for name in clocks.SLA_FIELDS:
            assert getattr(case, name) == getattr(fresh, name), (case.number, name)


def test_two_teams_with_business_hours_and_erin_works_the_europe_queue(demo):
    europe = Queue.objects.select_related("team__manager", "calendar").get(name="Support Europe")
    americas = Queue.objects.select_related("team__manager", "calendar").get(
        name="Support Americas"
    )
    assert europe.calendar.time_zone == "Europe/Berlin"
    assert americas.calendar.time_zone == "America/New_York"
    hours = {(h.weekday, h.opens.hour, h.closes.hour) for h in europe.calendar.hours.all()}
    assert hours == {(day, 8, 18) for day in range(5)}
    hours = {(h.weekday, h.opens.hour, h.closes.hour) for h in americas.calendar.hours.all()}
    assert hours == {(day, 9, 17) for day in range(5)}
    german = set(europe.calendar.holidays.values_list("name", "date__year"))
    assert {("Karfreitag", 2026), ("Tag der Deutschen Einheit", 2027)} <= german
    us = set(americas.calendar.holidays.values_list("name", "date__year"))
    assert {("Thanksgiving Day", 2026), ("Independence Day", 2027)} <= us
    assert europe.team.manager == demo["sam"]
    assert access.home_team(demo["erin"]) == europe.team
    assert access.home_team(demo["sam"]) == europe.team
    assert access.home_team(demo["nina"]) == americas.team
    for name in ("sam", "nina", "erin"):
        assert demo[name].groups.filter(name=access.CUSTOMER_SERVICE).exists(), name
        assert demo[name].has_perm("support.change_case"), name
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        assert demo["sam"].check_password("demo") and demo["nina"].check_password("demo")
    levels = {
        sl.priority: (sl.first_response_minutes, sl.resolution_minutes)
        for sl in ServiceLevel.objects.all()
    }
    assert levels == {1: (60, 480), 2: (120, 960), 3: (240, 2400), 4: (480, 4800)}
    # erin's queue has cases, some of them hers, some still unassigned.
    ours = Case.objects.filter(queue=europe)
    assert ours.filter(owner=demo["erin"]).exists()
    assert ours.filter(owner__isnull=True, status="new").exists()
    assert Case.objects.filter(queue=americas, owner=demo["nina"]).exists()
    summary = selectors.queue_summary(demo["erin"], europe)
    assert summary is not None
    # The manager may reassign the cases of his queue.
    case = ours.filter(status="in_progress").first()
    assert "reassign" in selectors.case_actions(demo["sam"], case)


def test_the_featured_customer_has_cases_on_its_journey(demo):
    cases = Case.objects.filter(customer__display_name=FEATURED_COMPANY)
    assert cases.count() == 3
    kinds = set(
        JourneyEntry.objects.filter(
            record_type="case", party__display_name=FEATURED_COMPANY
        ).values_list("kind", flat=True)
    )
    assert {"case_opened", "case_status", "case_resolved"} <= kinds


def test_dan_sees_only_the_cases_of_customers_he_may_see(demo):
    from parties.selectors import parties_visible_to

    dan = demo["dan"]
    visible = set(selectors.cases_visible_to(dan).values_list("pk", flat=True))
    expected = set(
        Case.objects.filter(customer__in=parties_visible_to(dan)).values_list("pk", flat=True)
    )
    assert visible == expected
    assert Case.objects.exclude(pk__in=visible).exists()
    assert selectors.cases_visible_to(demo["erin"]).count() == 60


def test_a_second_run_adds_nothing(demo):
    counts = (Case.objects.count(), CaseNote.objects.count(), CaseStatusChange.objects.count())
    queues = Queue.objects.count()
    out = StringIO()
    call_command("load_demo", "--not-production", stdout=out)
    assert "already loaded" in out.getvalue()
    assert (
        Case.objects.count(),
        CaseNote.objects.count(),
        CaseStatusChange.objects.count(),
    ) == counts
    assert Queue.objects.count() == queues == 2
