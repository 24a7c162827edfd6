"""Creating events from the form: the quick actions' pre-fill (log a call, schedule a meeting,
add a task — from a party, a lead or an opportunity), times in the user's time zone, dates for
tasks and all-day events, `next`, and bad input (nothing saved, everything typed kept)."""

import datetime

import pytest
from django.utils import timezone

from events.models import Event, EventParticipant, EventStatus
from tests.factories import make_account, make_contact, make_lead, make_opportunity

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def _set_time_zone(user, name: str) -> None:
    user.profile.time_zone = name
    user.profile.save(update_fields=["time_zone"])


def _data(**extra):
    data = {
        "kind": "meeting",
        "subject": "Kick-off",
        "starts_at": "2026-12-01T09:00",
        "ends_at": "2026-12-01T10:00",
        "priority": "2",
        "status": "scheduled",
    }
    return data | extra


# Quick actions -----------------------------------------------------------------------------


def test_log_a_call_prefills_now_completed_and_the_contact(client, alice):
    hank = make_contact(alice, first_name="Hank", last_name="Scorpio")
    client.force_login(alice)
    page = _text(
        client.get(f"/events/new/?kind=call&log=1&party={hank.pk}&next=/contacts/{hank.pk}/")
    )
    now = timezone.localtime().strftime("%Y-%m-%dT%H:")
    assert '<h1 class="h3 mb-3">Log a call</h1>' in page
    assert f'value="Hank Scorpio (#{hank.pk})"' in page and 'value="Call with Hank Scorpio"' in page
    assert '<option value="completed" selected>' in page
    assert f'name="starts_at" value="{now}' in page
    assert f'name="next" value="/contacts/{hank.pk}/"' in page


def test_log_a_call_saves_it_completed_and_goes_back(client, alice):
    hank = make_contact(alice)
    client.force_login(alice)
    url = f"/events/new/?kind=call&log=1&party={hank.pk}"
    response = client.post(
        url,
        _data(kind="call", subject="Called Hank", status="completed", ends_at="")
        | {"party": f"#{hank.pk}", "next": f"/contacts/{hank.pk}/"},
    )
    assert response["Location"] == f"/contacts/{hank.pk}/"
    event = Event.objects.get()
    assert (event.kind, event.status, event.party, event.owner) == (
        "call",
        "completed",
        hank,
        alice,
    )
    assert event.completed_by == alice and event.completed_at is not None


def test_schedule_a_meeting_prefills_the_next_hour_and_the_person_as_participant(client, alice):
    hank = make_contact(alice, first_name="Hank", last_name="Scorpio")
    client.force_login(alice)
    page = _text(client.get(f"/events/new/?kind=meeting&party={hank.pk}"))
    assert "Schedule a meeting" in page and 'value="Meeting with Hank Scorpio"' in page
    assert f'name="participant_parties" value="{hank.pk}"' in page
    assert f'id="remove-parties-{hank.pk}"' in page
    next_hour = timezone.localtime().replace(minute=0) + datetime.timedelta(hours=1)
    assert f'name="starts_at" value="{next_hour:%Y-%m-%dT%H:00}"' in page


def test_add_a_task_is_due_tomorrow(client, alice):
    account = make_account(alice, name="Globex")
    client.force_login(alice)
    page = _text(client.get(f"/events/new/?kind=task&party={account.pk}"))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert "Add a task" in page and f'name="date" value="{tomorrow:%Y-%m-%d}"' in page
    assert f'value="Globex (#{account.pk})"' in page


def test_quick_action_from_a_lead(client, alice):
    lead = make_lead(alice, first_name="Lisa", last_name="Lead").party
    client.force_login(alice)
    page = _text(client.get(f"/events/new/?kind=call&log=1&lead={lead.pk}"))
    assert f'name="lead" value="Lisa Lead (#{lead.pk})"' in page
    response = client.post(
        "/events/new/",
        _data(kind="call", subject="Called Lisa", status="completed", lead=f"#{lead.pk}"),
    )
    assert response.status_code == 302
    assert Event.objects.get().lead_id == lead.pk


def test_quick_action_from_an_opportunity_brings_its_account(client, alice):
    account = make_account(alice, name="Globex")
    deal = make_opportunity(alice, account=account, name="Globex - licences")
    client.force_login(alice)
    page = _text(client.get(f"/events/new/?kind=meeting&opportunity={deal.pk}"))
    assert f'value="Globex - licences (#{deal.pk})"' in page
    assert f'name="party" value="Globex (#{account.pk})"' in page
    client.post("/events/new/", _data(opportunity=f"#{deal.pk}", party=f"#{account.pk}"))
    event = Event.objects.get()
    assert (event.opportunity, event.party) == (deal, account)


def test_opportunity_with_a_restricted_account_prefills_only_the_opportunity(client, alice, dan):
    secret = make_account(dan, name="Secret Labs")
    deal = make_opportunity(dan, account=secret, name="Shared deal")
    from crm import access

    access.share(obj=deal, action="view", actor=dan, user=alice)
    client.force_login(alice)
    page = _text(client.get(f"/events/new/?kind=call&opportunity={deal.pk}"))
    assert "Shared deal" in page and "Secret Labs" not in page


@pytest.mark.parametrize("param", ["party", "lead", "opportunity"])
@pytest.mark.parametrize("value", ["HIDDEN", "999999", "abc", "99999999999999999999999", ""])
def test_prefill_ignores_ids_that_are_unknown_or_unseen(client, alice, dan, param, value):
    hidden = {
        "party": lambda: make_contact(dan, first_name="Secret", last_name="Person"),
        "lead": lambda: make_lead(dan, first_name="Secret", last_name="Person").party,
        "opportunity": lambda: make_opportunity(dan, name="Secret Person deal"),
    }[param]()
    client.force_login(alice)
    value = hidden.pk if value == "HIDDEN" else value
    response = client.get("/events/new/", {"kind": "call", "log": "1", param: value})
    assert response.status_code == 200 and "Secret Person" not in _text(response)


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("", "New event"),
        ("?kind=call", "Schedule a call"),
        ("?kind=note&log=1", "Log an activity"),
        ("?kind=bogus", "New event"),
    ],
)
def test_titles(client, alice, query, title):
    client.force_login(alice)
    assert f'<h1 class="h3 mb-3">{title}</h1>' in _text(client.get(f"/events/new/{query}"))


def test_an_unsafe_next_is_dropped(client, alice):
    client.force_login(alice)
    page = _text(client.get("/events/new/?next=https://evil.example/"))
    assert "evil.example" not in page
    response = client.post("/events/new/", _data(next="https://evil.example/"))
    assert response["Location"] == f"/events/{Event.objects.get().pk}/"


def test_a_user_without_the_permission_may_not_create(client, alice):
    alice.groups.clear()
    client.force_login(alice)
    assert client.get("/events/new/").status_code == 403
    assert client.post("/events/new/", _data()).status_code == 403
    assert not Event.objects.exists()


# Saving ------------------------------------------------------------------------------------


def test_start_is_read_in_the_users_time_zone(client, alice):
    _set_time_zone(alice, "Europe/Berlin")
    client.force_login(alice)
    client.post("/events/new/", _data())
    event = Event.objects.get()
    assert event.starts_at == datetime.datetime(2026, 12, 1, 8, 0, tzinfo=datetime.UTC)
    assert event.ends_at == datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


def test_a_task_is_stored_as_its_date(client, alice):
    _set_time_zone(alice, "Pacific/Auckland")
    client.force_login(alice)
    client.post(
        "/events/new/", _data(kind="task", subject="Send quote", starts_at="", date="2026-12-03")
    )
    event = Event.objects.get()
    assert event.starts_at == datetime.datetime(2026, 12, 3, tzinfo=datetime.UTC)
    assert event.ends_at is None


def test_an_all_day_event_over_several_days(client, alice):
    client.force_login(alice)
    client.post(
        "/events/new/",
        _data(all_day="on", starts_at="", ends_at="", date="2026-12-03", end_date="2026-12-05"),
    )
    event = Event.objects.get()
    assert event.all_day and event.start_date == datetime.date(2026, 12, 3)
    assert event.end_date == datetime.date(2026, 12, 5)


def test_create_with_participants(client, alice, bob):
    anna = make_contact(alice, first_name="Anna", last_name="Adams")
    ben = make_contact(alice, first_name="Ben", last_name="Brown")
    client.force_login(alice)
    response = client.post(
        "/events/new/",
        _data(
            participant_users=[bob.pk, alice.pk],  # the owner is the organizer, not listed
            add_parties=f"Anna Adams; Ben Brown (#{ben.pk}); #{anna.pk}",  # Anna twice
        ),
    )
    event = Event.objects.get()
    assert response["Location"] == f"/events/{event.pk}/"
    assert set(event.participants.values_list("user_id", "party_id")) == {
        (bob.pk, None),
        (None, anna.pk),
        (None, ben.pk),
    }


# Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"ends_at": "2026-12-01T08:00"}, "ends_at", "The end cannot be before the start."),
        ({"starts_at": "2026-13-45T09:00"}, "starts_at", "Enter a valid date/time."),
        ({"starts_at": ""}, "starts_at", "Give the date and time it starts."),
        (
            {"kind": "task", "starts_at": "", "date": "31/31/2026"},
            "date",
            "Enter a valid date.",
        ),
        ({"kind": "task", "starts_at": "", "date": ""}, "date", "Give the task&#x27;s due date."),
        (
            {"all_day": "on", "date": "2026-12-05", "end_date": "2026-12-01"},
            "end_date",
            "The last day cannot be before the first.",
        ),
        ({"kind": "party"}, "kind", "Select a valid choice."),
        ({"status": "won"}, "status", "Select a valid choice."),
        ({"priority": "9"}, "priority", "Select a valid choice."),
        ({"subject": ""}, "subject", "This field is required."),
        ({"party": "#999999"}, "party", "No person or company you may see has that number."),
        ({"party": "Nobody Here"}, "party", "No person or company you may see is named"),
        ({"lead": "#abc"}, "lead", "No lead you may see is named"),
        ({"opportunity": "#999999"}, "opportunity", "No opportunity you may see has that number."),
        ({"participant_users": ["999999"]}, "add_users", "Choose active colleagues."),
        ({"participant_users": ["x"]}, "add_users", "This list was tampered with."),
        ({"add_users": "Nobody Here"}, "add_users", "No active colleague is named"),
        (
            {"add_parties": "#99999999999999999999999"},
            "add_parties",
            "No participant you may see has that number.",
        ),
        ({"participant_parties": ["999999"]}, "add_parties", "Choose participants you may see."),
    ],
)
def test_bad_input_keeps_the_form_and_saves_nothing(client, alice, extra, field, message):
    client.force_login(alice)
    data = _data(location="Room 4", description="Typed text") | extra
    response = client.post("/events/new/?kind=meeting&next=/contacts/", data)
    page = _text(response)
    assert response.status_code == 200
    assert message in page
    assert f'id="error_1_id_{field}"' in page  # next to its field
    assert 'value="Room 4"' in page and "Typed text" in page
    assert 'name="next" value="/contacts/"' in page
    assert not Event.objects.exists()


@pytest.mark.parametrize("field", ["party", "add_parties"])
def test_a_party_the_user_may_not_see_is_refused(client, alice, dan, field):
    hidden = make_contact(dan, first_name="Secret", last_name="Person")
    client.force_login(alice)
    response = client.post("/events/new/", _data(**{field: f"#{hidden.pk}"}))
    page = _text(response)
    noun = "person or company" if field == "party" else "participant"
    assert f"No {noun} you may see has that number." in page
    assert "Secret Person" not in page
    assert not Event.objects.exists() and not EventParticipant.objects.exists()


def test_an_opportunity_or_lead_the_user_may_not_see_is_refused(client, alice, dan):
    deal = make_opportunity(dan)
    lead = make_lead(dan).party
    client.force_login(alice)
    page = _text(client.post("/events/new/", _data(opportunity=f"#{deal.pk}", lead=f"#{lead.pk}")))
    assert "No opportunity you may see has that number." in page
    assert "No lead you may see has that number." in page
    assert not Event.objects.exists()


def test_an_inactive_colleague_is_not_offered(client, alice, bob):
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    client.force_login(alice)
    response = client.post("/events/new/", _data(participant_users=[bob.pk]))
    assert "Choose active colleagues." in _text(response)
    assert not Event.objects.exists()


def test_created_event_defaults(client, alice):
    client.force_login(alice)
    client.post("/events/new/", _data())
    event = Event.objects.get()
    assert event.status == EventStatus.SCHEDULED and event.completed_at is None
    assert event.created_by == alice
