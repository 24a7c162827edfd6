"""`manage.py seed_scale` and the support desk: cases in every status over the customers, their
history, notes, grants and journey rows, service-level columns that are exactly what the
clock rules of support.services give for that history, the partners, `--support-only`, and
the business-time arithmetic the seeder uses in place of support.sla."""

import datetime
import random
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from crm import access
from crm.access import OWNER_ACTIONS
from demo.calendars import BERLIN, NEW_YORK, easter, ensure_calendar, german_holidays, us_holidays
from demo.scale.timeline import Timeline, epoch, moment
from opportunities.models import Opportunity
from parties.models import JourneyEntry, Partnership, PartyRole
from support import selectors
from support.models import (
    OPEN_STATUSES,
    Case,
    CaseNote,
    CaseStatus,
    CaseStatusChange,
    Queue,
    ServiceLevel,
)
from support.services import clocks
from support.sla import Hours, add_business_minutes, business_minutes_between

pytestmark = pytest.mark.django_db


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_scale", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(role_groups):
    return seed("--parties", "1200", "--reps", "6", "--teams", "2")


def test_makes_half_as_many_cases_as_parties_in_every_status(seeded):
    assert Case.objects.count() == 600
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    assert not Case.objects.exclude(customer__roles__role="CUSTOMER").exists()
    for case in Case.objects.order_by("pk")[:20]:
        assert case.number == f"CS-{case.pk:06d}"
    assert set(Case.objects.values_list("queue__name", flat=True)) == {
        "Scale Support Europe",
        "Scale Support Americas",
    }
    rows = CaseNote.objects.count() + CaseStatusChange.objects.count()
    assert 3.5 <= rows / 600 <= 6
    # A long tail: one customer with the most, one case with 200 notes for the benchmark.
    per_customer = list(
        Case.objects.values("customer")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("n", flat=True)
    )
    assert per_customer[0] >= 3 * 600 // len(per_customer)
    top = CaseNote.objects.values("case").annotate(n=Count("pk")).order_by("-n").first()
    assert top["n"] == 200
    # New cases have no owner; the others a CSR of the queue's team.
    assert not Case.objects.filter(status="new", owner__isnull=False).exists()
    worked = Case.objects.exclude(status__in=["new", "rejected"]).exclude(parent__isnull=False)
    assert not worked.filter(owner__isnull=True).exists()
    assert not worked.exclude(owner__profile__home_team=F("queue__team")).exists()
    for case in Case.objects.all()[:100]:
        case.full_clean(exclude=["number"])


def test_some_breached_some_paused_one_merged_and_reopened(seeded):
    now = timezone.now()
    breached = Case.objects.filter(selectors.breached_q(now))
    assert breached.filter(status__in=OPEN_STATUSES, next_due_at__lt=now).exists()
    assert breached.filter(sla_missed=True, status="closed").exists()
    assert breached.count() < Case.objects.count() / 2
    pending = Case.objects.filter(status="pending_customer")
    assert pending.exists()
    assert not pending.filter(Q(paused_at__isnull=True) | Q(next_due_at__isnull=False)).exists()
    assert not pending.filter(resolution_minutes_left__isnull=True).exists()
    merged = Case.objects.filter(parent__isnull=False).select_related("parent")
    assert merged.exists()
    for case in merged:
        assert (case.status, case.resolution) == ("closed", "duplicate")
        assert case.parent.customer_id == case.customer_id and case.parent.parent_id is None
        assert case.parent.history.filter(note=f"{case.number} merged into this case").exists()
        assert case.history.filter(note=f"merged into {case.parent.number}").exists()
    reopened = Case.objects.filter(reopen_count__gt=0)
    assert reopened.filter(status="reopened", resolved_at__isnull=True).exists()
    # Open cases' flags are the list's SQL.
    flags = selectors.with_sla(Case.objects.filter(status__in=OPEN_STATUSES), now)
    for case in flags:
        # (NULL when paused, which the database gives for "NULL < now OR false".)
        assert bool(case.breached) == (
            case.sla_missed or (case.next_due_at is not None and case.next_due_at < now)
        )


def test_history_journey_and_notes_follow_each_case(seeded):
    cases = Case.objects.prefetch_related("history").order_by("pk")[:150]
    for case in cases:
        own = [h for h in case.history.all() if not h.note.endswith("merged into this case")]
        assert own[0].from_status == "" and own[0].status == "new"
        assert own[0].changed_at == case.created_at
        assert all(a.status == b.from_status for a, b in zip(own, own[1:], strict=False))
        assert own[-1].status == case.status
        assert case.status_changed_at == own[-1].changed_at
        journey = JourneyEntry.objects.filter(record_type="case", record_id=case.pk)
        assert journey.count() == len(own)
        assert journey.filter(kind="case_opened", party_id=case.customer_id).count() == 1
    assert set(JourneyEntry.objects.filter(record_type="case").values_list("kind", flat=True)) == {
        "case_opened",
        "case_status",
        "case_resolved",
    }
    assert not CaseNote.objects.filter(created_at__lt=F("case__created_at")).exists()
    assert not CaseNote.objects.filter(author__isnull=True).exists()
    # A first response is the first public note, or the resolution.
    answered = Case.objects.filter(first_response_at__isnull=False)
    for case in answered[:100]:
        first_public = case.notes.filter(public=True).order_by("created_at").first()
        assert case.first_response_at in {
            first_public.created_at if first_public else None,
            case.history.filter(status="resolved").values_list("changed_at", flat=True).first(),
        }


def _replay(case: Case) -> Case:
    """The case's history and notes played again through support.services.clocks: the
    columns the services would have left."""
    hours = clocks.hours_for(case)
    fresh = Case(pk=case.pk, priority=case.priority, queue=case.queue, status="new")
    fresh.created_at = case.created_at
    clocks.start(fresh, hours, case.created_at)
    steps = [(h.changed_at, 0, h.pk, h) for h in case.history.all()]
    steps += [(n.created_at, 1, n.pk, n) for n in case.notes.all()]
    for _at, kind, _pk, row in sorted(steps, key=lambda s: s[:3]):
        if kind == 1:
            if row.public and fresh.first_response_at is None and fresh.is_open:
                clocks.meet(fresh, clocks.RESPONSE, hours, row.created_at)
            continue
        if not row.from_status or row.from_status == row.status:
            continue  # opened; another case merged into this one
        at = row.changed_at
        if row.note.startswith("merged into"):
            clocks.stop(fresh, hours, at)
        elif row.note.startswith("assigned to"):
            pass
        else:
            if row.from_status == "pending_customer":
                clocks.resume(fresh, hours, at)
            if row.status == "pending_customer":
                clocks.pause(fresh, hours, at)
            elif row.status == "resolved":
                clocks.meet(fresh, clocks.RESPONSE, hours, at)
                clocks.meet(fresh, clocks.RESOLUTION, hours, at)
            elif row.status in ("rejected", "cancelled"):
                clocks.stop(fresh, hours, at)
            elif row.status == "reopened":
                clocks.reopen(fresh, hours, at)
        fresh.status = row.status
    return fresh


def test_service_level_columns_are_what_the_clock_rules_give(seeded):
    """Every case's columns, replayed from its history through support.services.clocks (in
    the queue's calendar, by support.sla): the seeder's business time is the services'."""
    columns = list(clocks.SLA_FIELDS)
    cases = Case.objects.select_related("queue__calendar").prefetch_related("history", "notes")
    checked = 0
    for case in cases:
        fresh = _replay(case)
        expected = {name: getattr(fresh, name) for name in columns}
        actual = {name: getattr(case, name) for name in columns}
        assert actual == expected, case.number
        checked += 1
    assert checked == 600


def test_due_times_fall_in_business_hours(seeded):
    for queue in Queue.objects.select_related("calendar"):
        hours = Hours.of(queue.calendar)
        for due in Case.objects.filter(queue=queue, next_due_at__isnull=False).values_list(
            "next_due_at", flat=True
        )[:100]:
            local = due.astimezone(hours.time_zone)
            assert local.weekday() < 5 and local.date() not in hours.holidays
            stretch = hours.week[local.weekday()][0]
            assert stretch[0] <= local.time() <= stretch[1]


def test_support_teams_queues_calendars_and_levels(seeded):
    assert Queue.objects.count() == 2
    europe = Queue.objects.select_related("team__manager", "calendar").get(
        name="Scale Support Europe"
    )
    americas = Queue.objects.select_related("team__manager", "calendar").get(
        name="Scale Support Americas"
    )
    assert europe.calendar.time_zone == "Europe/Berlin"
    assert americas.calendar.time_zone == "America/New_York"
    year = timezone.now().year
    assert europe.calendar.holidays.filter(date=easter(year) + datetime.timedelta(days=1)).exists()
    assert americas.calendar.holidays.filter(name="Thanksgiving Day", date__year=year).exists()
    assert europe.calendar.hours.count() == americas.calendar.hours.count() == 5
    assert europe.team.manager.username == "csmanager01"
    assert americas.team.manager.username == "csmanager02"
    csr = User.objects.get(username="csr01")
    assert csr.profile.home_team == europe.team
    assert csr.has_perm("support.change_case")
    assert User.objects.filter(username__startswith="csr").count() == 10
    assert ServiceLevel.objects.count() == 4
    # The manager reassigns the cases of their queue, not the other one's.
    manager = europe.team.manager
    ours = Case.objects.filter(queue=europe, status="in_progress").first()
    theirs = Case.objects.filter(queue=americas, status="in_progress").first()
    assert "reassign" in selectors.case_actions(manager, ours)
    assert "reassign" not in selectors.case_actions(manager, theirs)


def test_owners_hold_the_owner_grants_and_reps_see_their_customers_cases(seeded):
    owned = Case.objects.filter(owner__isnull=False).select_related("owner")
    for case in owned[:30]:
        assert access.granted_actions(case.owner, case) == set(OWNER_ACTIONS)
    rep = User.objects.get(username="rep01")
    from parties.selectors import parties_visible_to

    theirs = Case.objects.filter(customer__in=parties_visible_to(rep).values("pk"))
    assert set(selectors.cases_visible_to(rep)) == set(theirs)
    assert theirs.exists()
    assert selectors.cases_visible_to(User.objects.get(username="csr01")).count() == 600


def test_partners_with_deals_credited_to_them(seeded):
    # 1,200 parties: 240 organizations, at most one in ten a partner.
    partners = Partnership.objects.select_related("partner")
    assert partners.count() == 24
    assert PartyRole.objects.filter(role="PARTNER").count() == 24
    assert all(p.partner.kind == "organization" for p in partners)
    assert partners.filter(thru_date__isnull=True).count() >= 20
    credited = Opportunity.objects.filter(partner__isnull=False)
    assert credited.exists()
    assert not credited.filter(partner=F("account")).exists()
    assert not credited.exclude(partner__partnerships__thru_date__isnull=True).exists()
    assert Partnership.objects.filter(partner__owner__username="rep01").exists()


def test_support_only_adds_the_desk_to_a_seeded_database(role_groups):
    seed("--parties", "400", "--reps", "4", "--teams", "2", "--cases", "0", "--partners", "0")
    assert not Case.objects.exists() and not Partnership.objects.exists()
    from commerce.models import Order

    orders = Order.objects.count()
    seed("--support-only", "--reps", "4", "--teams", "2")
    assert Case.objects.count() == 200  # half the parties there
    assert Partnership.objects.count() == 8
    assert Order.objects.count() == orders
    assert Case.objects.filter(order__isnull=False).exists()
    assert (
        not Case.objects.filter(order__isnull=False).exclude(order__customer=F("customer")).exists()
    )
    with pytest.raises(CommandError, match="already holds 200 cases"):
        seed("--support-only", "--reps", "4", "--teams", "2")
    assert Case.objects.count() == 200
    seed("--support-only", "--reps", "4", "--teams", "2", "--cases", "20", "--allow-existing-data")
    assert Case.objects.count() == 220
    assert Queue.objects.count() == 2  # the desk reused


def test_support_only_refuses_an_empty_database_and_the_other_only(role_groups):
    with pytest.raises(CommandError, match="seeded before"):
        seed("--support-only")
    with pytest.raises(CommandError, match="not both"):
        seed("--support-only", "--commerce-only")


@pytest.mark.parametrize("args", [["--cases", "-1"], ["--partners", "-2"]])
def test_refuses_absurd_support_counts(role_groups, args):
    from parties.models import Party

    with pytest.raises(CommandError):
        seed("--parties", "10", *args)
    assert Party.objects.count() == 0 and not Case.objects.exists()


# Business time ---------------------------------------------------------------------------


@pytest.mark.parametrize("spec", [BERLIN, NEW_YORK], ids=["berlin", "new-york"])
def test_the_timeline_is_support_sla(role_groups, spec):
    """Across two years (holidays, both clock changes), forward, backward and between,
    to the minute: what the seeder computes is what support.sla computes."""
    calendar = ensure_calendar(spec, range(2025, 2028))
    hours = Hours.of(calendar)
    timeline = Timeline(calendar, datetime.date(2025, 1, 1), datetime.date(2027, 12, 31))
    rng = random.Random(7)
    zone = ZoneInfo(spec.time_zone)
    start = datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC)
    samples = [
        # Around the clock changes and a stretch's edges.
        datetime.datetime(2026, 3, 27, 17, 0, tzinfo=zone),
        datetime.datetime(2026, 3, 6, 16, 30, tzinfo=zone),
        datetime.datetime(2026, 10, 23, 17, 59, tzinfo=zone),
        datetime.datetime(2026, 12, 24, 12, 0, tzinfo=zone),
    ]
    samples += [
        start + datetime.timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60)) for _ in range(150)
    ]
    for when in samples:
        for minutes in (1, 59, 60, 480, 600, 2400, 4800, -1, -300, -2400, 0):
            expected = add_business_minutes(hours, when, minutes)
            assert moment(timeline.add(epoch(when), minutes)) == expected, (when, minutes)
        later = when + datetime.timedelta(minutes=rng.randrange(1, 30 * 24 * 60))
        assert timeline.minutes_between(epoch(when), epoch(later)) == business_minutes_between(
            hours, when, later
        )
        assert timeline.minutes_left(epoch(later), epoch(when)) == business_minutes_between(
            hours, when, later
        )
        assert timeline.minutes_left(epoch(when), epoch(later)) == -business_minutes_between(
            hours, when, later
        )


def test_holidays():
    assert easter(2026) == datetime.date(2026, 4, 5)
    assert easter(2027) == datetime.date(2027, 3, 28)
    german = dict(german_holidays(2026))
    assert german[datetime.date(2026, 4, 3)] == "Karfreitag"
    assert german[datetime.date(2026, 5, 14)] == "Christi Himmelfahrt"
    assert len(german) == 9
    us = dict(us_holidays(2026))
    assert us[datetime.date(2026, 7, 3)] == "Independence Day"  # the 4th is a Saturday
    assert us[datetime.date(2026, 11, 26)] == "Thanksgiving Day"
    assert us[datetime.date(2026, 5, 25)] == "Memorial Day"
    assert dict(us_holidays(2027))[datetime.date(2027, 12, 24)] == "Christmas Day"
    assert len(us) == 11
