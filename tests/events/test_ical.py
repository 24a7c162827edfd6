"""One event as a downloadable .ics, parsed back with the `icalendar` library: times in UTC,
dates as VALUE=DATE with an exclusive end, tasks as VTODOs with their due date and status,
organizer and attendees, status, and nothing named that the downloading user may not see."""

import datetime

import icalendar
import pytest

from crm import access
from events import services
from events.models import floating
from tests.factories import make_contact, make_event, make_opportunity

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NINE = datetime.datetime(2031, 3, 12, 9, 0, tzinfo=UTC)


def download(client, user, event, component: str = "VEVENT") -> icalendar.Component:
    client.force_login(user)
    response = client.get(f"/events/{event.pk}/ics/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert "METHOD" not in calendar  # an object to import, not an invitation
    (found,) = calendar.walk(component)
    assert len(calendar.subcomponents) == 1  # nothing else: a task is no VEVENT as well
    return found


def attendees(vevent) -> dict[str, icalendar.vCalAddress]:
    found = vevent.get("ATTENDEE", [])
    found = found if isinstance(found, list) else [found]
    return {str(a).removeprefix("mailto:"): a for a in found}


def test_timed_event_in_utc_with_its_details(client, alice):
    event = make_event(
        alice,
        subject="Kick-off",
        starts_at=NINE,
        ends_at=NINE + datetime.timedelta(minutes=90),
        location="Room 4",
        description="Agenda: scope, dates; budget",
        priority=1,
    )
    vevent = download(client, alice, event)
    assert vevent["SUMMARY"] == "Kick-off"
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert vevent.decoded("DTEND") == event.ends_at
    assert vevent["LOCATION"] == "Room 4"
    assert vevent["UID"] == f"event-{event.pk}@testserver"
    assert vevent["SEQUENCE"] == event.version
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent["PRIORITY"] == 1
    assert vevent["TRANSP"] == "OPAQUE"
    assert "DTSTAMP" in vevent and "LAST-MODIFIED" in vevent
    description = str(vevent["DESCRIPTION"])
    assert "Agenda: scope, dates; budget" in description
    assert f"http://testserver/events/{event.pk}/" in description
    assert str(vevent["URL"]) == f"http://testserver/events/{event.pk}/"


def test_the_time_is_the_same_instant_whatever_the_users_zone(client, alice):
    event = make_event(alice, starts_at=NINE)
    client.force_login(alice)
    session = client.session
    session["crm_time_zone"] = "America/New_York"
    session.save()
    calendar = icalendar.Calendar.from_ical(client.get(f"/events/{event.pk}/ics/").content)
    assert "DTSTART:20310312T090000Z" in calendar.to_ical().decode()


def test_all_day_event_is_dates_with_an_exclusive_end(client, alice):
    event = make_event(
        alice,
        subject="Trade fair",
        all_day=True,
        starts_at=floating(datetime.date(2031, 3, 12)),
        ends_at=floating(datetime.date(2031, 3, 14)),
    )
    vevent = download(client, alice, event)
    assert vevent["DTSTART"].params["VALUE"] == "DATE"
    assert vevent.decoded("DTSTART") == datetime.date(2031, 3, 12)
    assert vevent.decoded("DTEND") == datetime.date(2031, 3, 15)  # the day after the last


def test_task_is_a_todo_due_on_its_date(client, alice, bob):
    """Regression: a task was exported as a confirmed all-day event."""
    task = make_event(
        alice,
        kind="task",
        subject="Send the offer",
        starts_at=floating(datetime.date(2031, 3, 12)),
        priority=1,
        participant_users=[bob],
    )
    vtodo = download(client, alice, task, "VTODO")
    assert vtodo["DUE"].params["VALUE"] == "DATE"
    assert vtodo.decoded("DUE") == datetime.date(2031, 3, 12)
    assert "DTSTART" not in vtodo and "DTEND" not in vtodo and "TRANSP" not in vtodo
    assert vtodo["STATUS"] == "NEEDS-ACTION"
    assert "COMPLETED" not in vtodo and "PERCENT-COMPLETE" not in vtodo
    assert vtodo["PRIORITY"] == 1
    assert vtodo["SUMMARY"] == "Send the offer"
    assert vtodo["UID"] == f"event-{task.pk}@testserver"
    assert vtodo["SEQUENCE"] == task.version
    assert str(vtodo["ORGANIZER"]) == "mailto:alice@example.com"
    assert set(attendees(vtodo)) == {"bob@example.com"}
    assert "Task" in vtodo["CATEGORIES"].cats


def test_task_due_date_is_the_same_in_every_time_zone(client, alice):
    task = make_event(alice, kind="task", starts_at=floating(datetime.date(2031, 3, 12)))
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        client.force_login(alice)
        session = client.session
        session["crm_time_zone"] = zone
        session.save()
        calendar = icalendar.Calendar.from_ical(client.get(f"/events/{task.pk}/ics/").content)
        assert "DUE;VALUE=DATE:20310312" in calendar.to_ical().decode(), zone


def test_completed_task_has_its_completion_time(client, alice):
    task = make_event(alice, kind="task", starts_at=floating(datetime.date(2031, 3, 12)))
    done = services.event_complete(actor=alice, event=task)
    vtodo = download(client, alice, task, "VTODO")
    assert vtodo["STATUS"] == "COMPLETED"
    assert vtodo.decoded("COMPLETED") == done.completed_at.replace(microsecond=0)
    assert vtodo.decoded("COMPLETED").utcoffset() == datetime.timedelta(0)
    assert vtodo["PERCENT-COMPLETE"] == 100


def test_cancelled_task_is_cancelled(client, alice):
    task = make_event(alice, kind="task", starts_at=floating(datetime.date(2031, 3, 12)))
    services.event_cancel(actor=alice, event=task)
    vtodo = download(client, alice, task, "VTODO")
    assert vtodo["STATUS"] == "CANCELLED"
    assert "COMPLETED" not in vtodo


def test_organizer_and_attendees_with_their_responses(client, alice, bob):
    anna = make_contact(alice, email="anna@example.com", first_name="Anna", last_name="Berg")
    no_email = make_contact(alice, first_name="Nora", last_name="Mail")
    event = make_event(
        alice, starts_at=NINE, participant_users=[bob], participant_parties=[anna, no_email]
    )
    services.participant_respond(actor=bob, event=event, response="accepted")
    vevent = download(client, alice, event)
    assert str(vevent["ORGANIZER"]) == "mailto:alice@example.com"
    assert vevent["ORGANIZER"].params["CN"] == alice.get_full_name()
    found = attendees(vevent)
    assert set(found) == {"bob@example.com", "anna@example.com"}
    assert found["bob@example.com"].params["PARTSTAT"] == "ACCEPTED"
    assert found["anna@example.com"].params["PARTSTAT"] == "NEEDS-ACTION"
    assert found["anna@example.com"].params["CN"] == "Anna Berg"


def test_records_the_user_may_not_see_are_not_named(client, alice, dan):
    secret = make_contact(dan, first_name="Sven", last_name="Secret", email="sven@example.com")
    deal = make_opportunity(dan, name="Initech - secret deal")
    event = make_event(
        dan,
        starts_at=NINE,
        party=secret,
        opportunity=deal,
        participant_users=[alice],
        participant_parties=[secret],
    )
    text = icalendar.Calendar.from_ical(download(client, alice, event).to_ical()).to_ical().decode()
    assert "Secret" not in text and "sven@example.com" not in text
    assert "secret deal" not in text
    # dan himself sees them.
    own = download(client, dan, event)
    assert "sven@example.com" in attendees(own)
    assert "About: Sven Secret" in str(own["DESCRIPTION"])
    assert "Opportunity: Initech - secret deal" in str(own["DESCRIPTION"])


def test_cancelled_event_is_cancelled(client, alice):
    event = make_event(alice, starts_at=NINE)
    services.event_cancel(actor=alice, event=event)
    vevent = download(client, alice, event)
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SEQUENCE"] == 2  # the change is a new version for calendar apps


def test_download_is_an_attachment_named_after_the_subject(client, alice):
    event = make_event(alice, subject='Kick-off: "Ärger" / Q3?', starts_at=NINE)
    client.force_login(alice)
    response = client.get(f"/events/{event.pk}/ics/")
    assert response["Content-Disposition"] == 'attachment; filename="kick-off-arger-q3.ics"'
    event = make_event(alice, subject="!!!", starts_at=NINE)
    response = client.get(f"/events/{event.pk}/ics/")
    assert response["Content-Disposition"] == 'attachment; filename="event.ics"'


def test_participant_and_manager_may_download_outsiders_may_not(client, alice, bob, carol, dan):
    event = make_event(alice, starts_at=NINE, participant_users=[bob])
    for user, status in ((bob, 200), (carol, 200), (dan, 404)):
        client.force_login(user)
        assert client.get(f"/events/{event.pk}/ics/").status_code == status, user
    access.share(obj=event, action="view", actor=alice, user=dan)
    assert client.get(f"/events/{event.pk}/ics/").status_code == 200


def test_unknown_event_is_404_and_anonymous_signs_in(client, alice):
    event = make_event(alice, starts_at=NINE)
    assert client.get(f"/events/{event.pk}/ics/").status_code == 302
    client.force_login(alice)
    assert client.get("/events/999999/ics/").status_code == 404
    assert client.post(f"/events/{event.pk}/ics/").status_code == 405
