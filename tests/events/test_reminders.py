"""Reminders on events and tasks (issue 17, item 3): chosen on the form (several per event),
shown on the event's page, VALARMs in the .ics download and the feed, and sent once as
notifications by the scheduled job — at the right time, to the owner and the colleagues taking
part, never for a cancelled or completed event."""

import datetime
import re

import icalendar
import pytest

from crm.jobs import SCHEDULE, enqueue
from crm.models import Notification
from events import services
from events.models import EventReminder, floating
from tests.factories import make_event

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NINE = datetime.datetime(2031, 3, 12, 9, 0, tzinfo=UTC)
MINUTE = datetime.timedelta(minutes=1)


def _reminders():
    return Notification.objects.filter(kind="reminder")


def _form(**extra):
    data = {
        "kind": "meeting",
        "subject": "Kick-off",
        "starts_at": "2031-03-12T09:00",
        "ends_at": "2031-03-12T10:00",
        "priority": "2",
        "status": "scheduled",
    }
    return data | extra


# The form and the page -------------------------------------------------------------------


def test_reminders_are_chosen_on_the_form_and_shown_on_the_page(client, alice):
    client.force_login(alice)
    page = client.get("/events/new/").content.decode()
    assert "15 minutes before" in page and "1 day before" in page
    response = client.post("/events/new/", _form(reminders=["15", "1440"]))
    assert response.status_code == 302
    rows = list(EventReminder.objects.values_list("minutes_before", "remind_at", "sent_at"))
    assert rows == [
        (15, NINE - 15 * MINUTE, None),
        (1440, NINE - datetime.timedelta(days=1), None),
    ]
    detail = client.get(response["Location"]).content.decode()
    reminders = detail[detail.index('data-testid="reminders"') :][:400]
    assert "15 minutes before" in reminders and "1 day before" in reminders


def test_an_unknown_reminder_is_refused_next_to_its_field(client, alice):
    client.force_login(alice)
    page = client.post("/events/new/", _form(reminders=["7"])).content.decode()
    assert 'id="error_1_id_reminders"' in page and "Select a valid choice" in page
    assert not EventReminder.objects.exists()


def test_editing_keeps_changes_and_moves_the_reminders(client, alice):
    event = make_event(alice, starts_at=NINE, reminders=[15, 60])
    client.force_login(alice)
    page = client.get(f"/events/{event.pk}/edit/").content.decode()
    checked = re.findall(r'<input[^>]*name="reminders" value="(\d+)"[^>]*\bchecked', page)
    assert checked == ["15", "60"]
    client.post(
        f"/events/{event.pk}/edit/",
        _form(
            version=event.version,
            starts_at="2031-03-13T09:00",
            ends_at="2031-03-13T10:00",
            reminders=["60", "1440"],
        ),
    )
    day_later = NINE + datetime.timedelta(days=1)
    assert list(EventReminder.objects.values_list("minutes_before", "remind_at")) == [
        (60, day_later - 60 * MINUTE),
        (1440, day_later - 1440 * MINUTE),
    ]


def test_a_sent_reminder_goes_off_again_when_the_event_moves_later(alice):
    event = make_event(alice, starts_at=NINE, reminders=[15])
    services.reminders_send_due(now=NINE - 10 * MINUTE)
    assert EventReminder.objects.get().sent_at is not None
    later = NINE + datetime.timedelta(days=365 * 10)  # far ahead of the real now
    services.event_update(
        actor=alice, event=event, expected_version=1, starts_at=later, ends_at=None
    )
    reminder = EventReminder.objects.get()
    assert reminder.remind_at == later - 15 * MINUTE and reminder.sent_at is None


# iCalendar --------------------------------------------------------------------------------


def _alarms(component) -> list[tuple[str, str, dict]]:
    return [
        (str(a["ACTION"]), a["TRIGGER"].to_ical().decode(), dict(a["TRIGGER"].params))
        for a in component.walk("VALARM")
    ]


def _ics(client, user, url) -> icalendar.Calendar:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content)


def test_the_download_has_a_valarm_per_reminder(client, alice):
    event = make_event(alice, starts_at=NINE, reminders=[15, 1440])
    (vevent,) = _ics(client, alice, f"/events/{event.pk}/ics/").walk("VEVENT")
    assert _alarms(vevent) == [("DISPLAY", "-PT15M", {}), ("DISPLAY", "-P1D", {})]
    assert "TRIGGER:-PT15M" in vevent.to_ical().decode()


def test_a_tasks_valarm_counts_from_its_due_date(client, alice):
    task = make_event(alice, kind="task", starts_at=floating(NINE.date()), reminders=[15])
    (vtodo,) = _ics(client, alice, f"/events/{task.pk}/ics/").walk("VTODO")
    assert _alarms(vtodo) == [("DISPLAY", "-PT15M", {"RELATED": "END"})]


def test_an_event_without_reminders_has_no_valarm(client, alice):
    event = make_event(alice, starts_at=NINE)
    (vevent,) = _ics(client, alice, f"/events/{event.pk}/ics/").walk("VEVENT")
    assert _alarms(vevent) == []


def test_the_feed_has_the_valarms_of_events_and_tasks(client, alice, bob):
    soon = datetime.datetime.now(UTC).replace(microsecond=0) + datetime.timedelta(days=2)
    make_event(alice, subject="Meeting", starts_at=soon, reminders=[15], participant_users=[bob])
    make_event(alice, kind="task", subject="Task", starts_at=floating(soon.date()), reminders=[60])
    feed = services.feed_token_regenerate(user=bob)
    calendar = _ics(client, bob, f"/events/feed/{feed.token}.ics")
    (vevent,) = calendar.walk("VEVENT")
    assert _alarms(vevent) == [("DISPLAY", "-PT15M", {})]
    feed = services.feed_token_regenerate(user=alice)
    calendar = _ics(client, alice, f"/events/feed/{feed.token}.ics")
    (vtodo,) = calendar.walk("VTODO")
    assert _alarms(vtodo) == [("DISPLAY", "-PT1H", {"RELATED": "END"})]


# The job ----------------------------------------------------------------------------------


def test_the_job_sends_once_at_the_right_time(alice, bob, carol):
    event = make_event(
        alice, subject="Kick-off", starts_at=NINE, reminders=[15], participant_users=[bob, carol]
    )
    services.participant_respond(actor=carol, event=event, response="declined")
    assert services.reminders_send_due(now=NINE - 16 * MINUTE)["notifications"] == 0
    result = services.reminders_send_due(now=NINE - 15 * MINUTE)
    assert result == {"reminders": 1, "notifications": 2}
    assert sorted(_reminders().values_list("recipient__username", flat=True)) == ["alice", "bob"]
    note = _reminders().get(recipient=bob)
    assert note.text == "Reminder: “Kick-off” starts in 15 minutes."
    assert note.url == f"/events/{event.pk}/" and note.object_id == event.pk
    assert EventReminder.objects.get().sent_at == NINE - 15 * MINUTE
    assert services.reminders_send_due(now=NINE - 14 * MINUTE)["notifications"] == 0
    assert _reminders().count() == 2


def test_several_reminders_of_one_event_go_off_each_at_its_time(alice):
    make_event(alice, starts_at=NINE, reminders=[15, 1440])
    services.reminders_send_due(now=NINE - datetime.timedelta(hours=23))
    services.reminders_send_due(now=NINE - 10 * MINUTE)
    assert _reminders().count() == 2


@pytest.mark.parametrize("action", ["event_cancel", "event_complete"])
def test_no_reminder_for_a_cancelled_or_completed_event(alice, bob, action):
    event = make_event(alice, starts_at=NINE, reminders=[15], participant_users=[bob])
    getattr(services, action)(actor=alice, event=event)
    assert services.reminders_send_due(now=NINE - 15 * MINUTE)["reminders"] == 0
    assert not _reminders().exists()


def test_a_late_job_sends_nothing_once_the_event_began(alice):
    make_event(alice, starts_at=NINE, reminders=[15])
    assert services.reminders_send_due(now=NINE + MINUTE)["reminders"] == 0
    assert not _reminders().exists()


def test_a_tasks_reminder_counts_from_its_due_date_in_the_owners_time_zone(alice):
    alice.profile.time_zone = "Europe/Berlin"
    alice.profile.save(update_fields=["time_zone"])
    make_event(
        alice, kind="task", subject="Send quote", starts_at=floating(NINE.date()), reminders=[60]
    )
    # The 12th begins in Berlin at 23:00 UTC on the 11th: an hour before is 22:00 UTC.
    due = datetime.datetime(2031, 3, 11, 23, 0, tzinfo=UTC)
    assert EventReminder.objects.get().remind_at == due - 60 * MINUTE
    assert services.reminders_send_due(now=due - 61 * MINUTE)["reminders"] == 0
    assert services.reminders_send_due(now=due - 60 * MINUTE)["reminders"] == 1
    assert "the task “Send quote” is due on" in _reminders().get().text


def test_the_scheduled_job_runs_every_minute_and_sends_what_is_due(alice):
    from events.tasks import send_event_reminders

    schedule = SCHEDULE[send_event_reminders.module_path]
    assert schedule.every == MINUTE
    soon = datetime.datetime.now(UTC) + 10 * MINUTE
    make_event(alice, starts_at=soon, reminders=[15])
    job = enqueue(send_event_reminders, user=None, label=schedule.label)
    assert job.state == "done", job.error
    assert job.result["notifications"] == 1 and _reminders().get().recipient == alice
