"""The event form's participant pickers (issue 17, "wrong today": a checkbox per user and at
most three outside participants): type-ahead pickers with any number of colleagues and
parties, suggestions only among what the user may see, names and e-mails resolved without
JavaScript, edits that keep participants and their answers — and invitations notified."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from crm.models import Notification
from events import services
from events.models import Event, EventParticipant
from tests.factories import make_contact, make_event, make_lead, make_user
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


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


def _error_of(page: str, field: str) -> str:
    """The error text shown next to a field (crispy's `error_1_id_<field>`)."""
    match = re.search(rf'id="error_1_id_{field}"[^>]*>(.*?)</', page, re.S)
    assert match, f"no error next to {field}"
    return " ".join(match.group(1).split())


# The form page ---------------------------------------------------------------------------


def test_a_form_with_100_users_renders_no_checkbox_per_user(client, alice):
    for i in range(100):
        make_user(f"colleague{i:03d}", first_name=f"Colleague{i:03d}", last_name="Many")
    client.force_login(alice)
    page = _text(client.get("/events/new/"))
    assert "Colleague050" not in page and "colleague050" not in page
    assert page.count('type="checkbox"') < 12  # all day and the reminders, no user
    assert 'name="add_users"' in page and 'hx-get="/events/user-lookup/"' in page
    assert 'name="add_parties"' in page and 'hx-get="/events/party-lookup/"' in page
    assert 'list="id_add_users-options"' in page  # the same lookup input as other forms


def test_the_form_page_query_count_does_not_grow_with_users_or_participants(client, alice, bob):
    contact = make_contact(alice)
    event = make_event(alice, participant_users=[bob], participant_parties=[contact])
    client.force_login(alice)

    def grow():
        users = [make_user(f"many{i}") for i in range(30)]
        services.event_update(
            actor=alice,
            event=event,
            expected_version=event.version,
            participant_users=[bob, *users[:10]],
            participant_parties=[contact, *(make_contact(alice) for _ in range(10))],
        )

    assert_flat_queries(client, f"/events/{event.pk}/edit/", grow=grow, budget=16)
    page = _text(client.get(f"/events/{event.pk}/edit/"))
    assert page.count('name="participant_users"') == 11
    assert page.count('name="participant_parties"') == 11


def test_the_new_event_page_query_count_does_not_grow_with_users(client, alice):
    client.force_login(alice)
    assert_flat_queries(
        client,
        "/events/new/",
        grow=lambda: [make_user(f"more{i}") for i in range(50)],
        budget=12,
    )


# Any number of outside participants -------------------------------------------------------


def test_five_outside_participants_are_saved(client, alice):
    people = [make_contact(alice, first_name=f"Guest{i}", last_name="Five") for i in range(5)]
    client.force_login(alice)
    typed = "; ".join(
        [
            "Guest0 Five",  # a name
            f"#{people[1].pk}",  # a number
            f"Guest2 Five (#{people[2].pk})",  # a suggestion
        ]
    )
    response = client.post(
        "/events/new/",
        _data(participant_parties=[people[3].pk, people[4].pk], add_parties=typed),
    )
    event = Event.objects.get()
    assert response["Location"] == f"/events/{event.pk}/"
    assert set(event.participants.values_list("party_id", flat=True)) == {p.pk for p in people}
    page = _text(client.get(f"/events/{event.pk}/"))
    for person in people:
        assert person.display_name in page


def test_a_lead_and_a_customer_e_mail_are_found(client, alice):
    lead = make_lead(alice, first_name="Lisa", last_name="Lead").party
    anna = make_contact(alice, first_name="Anna", last_name="Adams", email="anna@example.com")
    client.force_login(alice)
    client.post("/events/new/", _data(add_parties="Lisa Lead\nANNA@example.com"))
    event = Event.objects.get()
    assert set(event.participants.values_list("party_id", flat=True)) == {lead.pk, anna.pk}


def test_a_picked_suggestion_joins_the_list_and_empties_the_field(client, alice):
    hank = make_contact(alice, first_name="Hank", last_name="Scorpio")
    client.force_login(alice)
    url = "/events/party-lookup/"
    page = _text(client.get(url, {"add_parties": f"Hank Scorpio (#{hank.pk})"}))
    assert 'id="chosen-parties" hx-swap-oob="beforeend"' in page
    assert f'name="participant_parties" value="{hank.pk}"' in page
    assert 'id="picker-add_parties" hx-swap-oob="true"' in page
    assert re.search(r'<input type="text" name="add_parties"(?![^>]*value=)[^>]*>', page)
    # Picked again: the list already has it; only the field is emptied.
    again = _text(
        client.get(url, {"add_parties": f"Hank (#{hank.pk})", "participant_parties": hank.pk})
    )
    assert "participant_parties" not in again.replace('hx-include="#chosen-parties"', "")
    assert 'id="picker-add_parties"' in again
    # In the "About" field a suggestion is just a suggestion.
    about = _text(client.get(url, {"party": "Hank"}))
    assert f'<option value="Hank Scorpio (#{hank.pk})">' in about and "hx-swap-oob" not in about


def test_unresolved_entries_stay_in_the_field_and_found_ones_are_listed(client, alice):
    anna = make_contact(alice, first_name="Anna", last_name="Adams")
    make_contact(alice, first_name="Sam", last_name="Twin")
    make_contact(alice, first_name="Sam", last_name="Twin")
    client.force_login(alice)
    response = client.post(
        "/events/new/", _data(add_parties="Anna Adams; Nobody Known; Sam Twin", location="Room 4")
    )
    page = _text(response)
    assert response.status_code == 200 and not Event.objects.exists()
    error = _error_of(page, "add_parties")
    assert "No participant you may see is named “Nobody Known”" in error
    assert 'name="add_parties" value="Nobody Known; Sam Twin"' in page
    assert "Several participants are named “Sam Twin”" in page
    assert f'name="participant_parties" value="{anna.pk}"' in page  # listed, kept on resend
    assert 'value="Room 4"' in page


# Never a party the user may not see --------------------------------------------------------


@pytest.mark.parametrize("how", ["number", "suggestion", "name", "email", "posted id"])
def test_an_invisible_party_is_refused_next_to_the_field(client, alice, dan, how):
    secret = make_contact(dan, first_name="Secret", last_name="Person", email="secret@example.com")
    client.force_login(alice)
    data = {
        "number": {"add_parties": f"#{secret.pk}"},
        "suggestion": {"add_parties": f"Secret Person (#{secret.pk})"},
        "name": {"add_parties": "Secret Person"},
        "email": {"add_parties": "secret@example.com"},
        "posted id": {"participant_parties": [secret.pk]},
    }[how]
    response = client.post("/events/new/", _data(**data))
    page = _text(response)
    assert response.status_code == 200
    assert "you may see" in _error_of(page, "add_parties")
    assert f'name="participant_parties" value="{secret.pk}"' not in page
    if how in ("number", "posted id", "email"):  # nothing typed names them: nothing shows it
        assert "Secret Person" not in page
    assert not Event.objects.exists() and not EventParticipant.objects.exists()


def test_the_lookup_never_suggests_nor_picks_an_invisible_party(client, alice, dan):
    secret = make_contact(dan, first_name="Secret", last_name="Person")
    mine = make_contact(alice, first_name="Secret", last_name="Keeper")
    client.force_login(alice)
    page = _text(client.get("/events/party-lookup/", {"add_parties": "Secret"}))
    assert f"(#{mine.pk})" in page and "Secret Person" not in page
    picked = _text(
        client.get("/events/party-lookup/", {"add_parties": f"Secret Person (#{secret.pk})"})
    )
    assert "Secret Person" not in picked and "participant_parties" not in picked


def test_the_service_refuses_an_invisible_party(alice, dan):
    secret = make_contact(dan)
    with pytest.raises(ValidationError, match="Choose participants you may see"):
        services.event_create(
            actor=alice,
            kind="meeting",
            subject="x",
            starts_at=datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC),
            participant_parties=[secret],
        )


# Colleagues ---------------------------------------------------------------------------------


def test_colleagues_are_suggested_by_name_and_username(client, alice, bob):
    make_user("boris", first_name="Boris", last_name="Inactive", is_active=False)
    client.force_login(alice)
    page = _text(client.get("/events/user-lookup/", {"add_users": "bo"}))
    assert f'<option value="{bob.get_full_name()} (bob)">' in page
    assert "Boris" not in page
    by_name = _text(client.get("/events/user-lookup/", {"add_users": bob.first_name[:3]}))
    assert "(bob)" in by_name
    assert "(alice)" not in _text(client.get("/events/user-lookup/", {"add_users": "al"}))


def test_a_picked_colleague_joins_the_list(client, alice, bob):
    client.force_login(alice)
    page = _text(client.get("/events/user-lookup/", {"add_users": f"{bob.get_full_name()} (bob)"}))
    assert f'name="participant_users" value="{bob.pk}"' in page
    assert f'Remove<span class="visually-hidden"> {bob.get_full_name()}' in page


def test_colleagues_typed_by_username_name_or_e_mail(client, alice, bob, carol, erin):
    client.force_login(alice)
    typed = f"bob; {carol.get_full_name()}; {erin.email.upper()}"
    response = client.post("/events/new/", _data(add_users=typed))
    assert response.status_code == 302
    event = Event.objects.get()
    assert set(event.participants.values_list("user_id", flat=True)) == {bob.pk, carol.pk, erin.pk}


def test_an_unknown_colleague_is_refused_next_to_the_field(client, alice):
    client.force_login(alice)
    page = _text(client.post("/events/new/", _data(add_users="nobody-at-all")))
    assert "No active colleague is named “nobody-at-all”." in _error_of(page, "add_users")
    assert not Event.objects.exists()


# Editing keeps participants and their answers -----------------------------------------------


def test_editing_keeps_participants_and_their_answers(client, alice, bob, carol):
    anna = make_contact(alice, first_name="Anna", last_name="Adams")
    ben = make_contact(alice, first_name="Ben", last_name="Brown")
    event = make_event(alice, participant_users=[bob], participant_parties=[anna])
    services.participant_respond(actor=bob, event=event, response="accepted")
    client.force_login(alice)
    page = _text(client.get(f"/events/{event.pk}/edit/"))
    assert f'name="participant_users" value="{bob.pk}"' in page and "Accepted" in page
    assert f'name="participant_parties" value="{anna.pk}"' in page
    response = client.post(
        f"/events/{event.pk}/edit/",
        {
            "version": event.version,
            "kind": "meeting",
            "subject": "Moved",
            "starts_at": "2026-12-02T09:00",
            "priority": "2",
            "status": "scheduled",
            "participant_users": [bob.pk],
            "participant_parties": [anna.pk],
            "add_users": "carol",
            "add_parties": "Ben Brown",
        },
    )
    assert response.status_code == 302
    rows = set(event.participants.values_list("user_id", "party_id", "response"))
    assert rows == {
        (bob.pk, None, "accepted"),
        (carol.pk, None, "needs_action"),
        (None, anna.pk, "needs_action"),
        (None, ben.pk, "needs_action"),
    }


def test_removing_a_participant_with_its_checkbox(client, alice, bob):
    anna = make_contact(alice)
    event = make_event(alice, participant_users=[bob], participant_parties=[anna])
    client.force_login(alice)
    client.post(
        f"/events/{event.pk}/edit/",
        {
            "version": event.version,
            "kind": "meeting",
            "subject": "Smaller",
            "starts_at": "2026-12-02T09:00",
            "priority": "2",
            "status": "scheduled",
            "participant_users": [bob.pk],
            "remove_users": [bob.pk],
            "participant_parties": [anna.pk],
            "remove_parties": [anna.pk],
        },
    )
    assert not event.participants.exists()
    client.force_login(bob)
    assert client.get(f"/events/{event.pk}/").status_code == 404


# Invitations notify --------------------------------------------------------------------------


def _invitations():
    return Notification.objects.filter(kind="event_invitation")


def test_a_colleague_added_is_notified_once(alice, bob, carol):
    event = make_event(alice, subject="Kick-off", participant_users=[bob])
    (note,) = _invitations()
    assert (note.recipient, note.actor, note.object_id) == (bob, alice, event.pk)
    assert "Kick-off" in note.text and note.url == f"/events/{event.pk}/"
    services.event_update(
        actor=alice, event=event, expected_version=1, participant_users=[bob, carol]
    )
    assert sorted(_invitations().values_list("recipient__username", flat=True)) == [
        "bob",
        "carol",
    ]
    event.refresh_from_db()
    services.event_update(actor=alice, event=event, expected_version=2, subject="Renamed")
    assert _invitations().count() == 2


def test_nobody_is_notified_of_adding_themselves(admin_user, alice):
    admin = admin_user
    event = make_event(alice)
    services.event_update(actor=admin, event=event, expected_version=1, participant_users=[admin])
    assert not _invitations().exists()
    assert event.participants.filter(user=admin).exists()


def test_adding_a_colleague_to_what_is_over_invites_nobody(alice, bob, carol):
    """A meeting logged after it took place, or a completed task, is no invitation; an
    upcoming one edited later still invites the colleague added."""
    past = make_event(
        alice,
        subject="Yesterday's call",
        starts_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1),
        participant_users=[bob],
    )
    assert not _invitations().exists()
    services.event_update(
        actor=alice, event=past, expected_version=1, participant_users=[bob, carol]
    )
    assert not _invitations().exists()
    upcoming = make_event(
        alice,
        subject="Next week's demo",
        starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=7),
        participant_users=[carol],
    )
    assert list(_invitations().values_list("recipient__username", "object_id")) == [
        ("carol", upcoming.pk)
    ]
