"""The event pages as users see them: the list (scopes, filters, sort, "All activities" of a
record), the detail page for each persona, edit (conflicts, participants), a participant's
answer, sharing, the party lookup, restricted related records, query counts."""

import datetime

import pytest
from django.utils import timezone

from crm import access
from events import services
from events.models import Event, EventParticipant
from tests.factories import (
    make_account,
    make_contact,
    make_customer,
    make_event,
    make_lead,
    make_opportunity,
)
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db

NINE_UTC = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


def _text(response) -> str:
    return response.content.decode()


def _set_time_zone(user, name: str) -> None:
    user.profile.time_zone = name
    user.profile.save(update_fields=["time_zone"])


# List --------------------------------------------------------------------------------------


def test_list_shows_my_and_shared_events_only(client, alice, bob, dan):
    make_event(alice, subject="Alice's meeting")
    make_event(bob, subject="Bob's invitation", participant_users=[alice])
    make_event(bob, subject="Bob's private call", kind="call")
    make_event(dan, subject="Dan's meeting")
    client.force_login(alice)
    page = _text(client.get("/events/"))
    assert "Alice&#x27;s meeting" in page and "Bob&#x27;s invitation" in page
    assert "Bob&#x27;s private call" not in page and "Dan&#x27;s meeting" not in page


def test_scopes_mine_team_and_all(client, alice, bob, carol):
    make_event(alice, subject="Owned by alice")
    make_event(bob, subject="Bob invites alice", participant_users=[alice])
    make_event(bob, subject="Bob alone")
    client.force_login(carol)
    team = _text(client.get("/events/", {"scope": "team"}))
    assert "Owned by alice" in team and "Bob alone" in team
    assert "Owned by alice" not in _text(client.get("/events/", {"scope": "mine"}))
    client.force_login(alice)
    mine = _text(client.get("/events/", {"scope": "mine"}))
    assert "Owned by alice" in mine and "Bob invites alice" in mine and "Bob alone" not in mine


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"kind": "task"}, "Send the quote", "Kick-off"),
        ({"status": "completed"}, "Old call", "Kick-off"),
        ({"start_from": "{kick_off_day}"}, "Kick-off", "Old call"),
        ({"start_to": "{day_before}"}, "Old call", "Kick-off"),
        ({"overdue": "on"}, "Late task", "Kick-off"),
    ],
)
def test_list_filters(client, alice, query, shown, hidden):
    # Next month at 09:00 UTC, whatever day the suite runs on: the kick-off is never overdue.
    kick_off = (timezone.now() + datetime.timedelta(days=30)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    days = {
        "kick_off_day": kick_off.date().isoformat(),
        "day_before": (kick_off.date() - datetime.timedelta(days=1)).isoformat(),
    }
    query = {name: value.format(**days) for name, value in query.items()}
    make_event(alice, subject="Kick-off", starts_at=kick_off)
    make_event(alice, kind="task", subject="Send the quote", starts_at=kick_off)
    make_event(
        alice,
        kind="call",
        subject="Old call",
        starts_at=kick_off - datetime.timedelta(days=29),
        status="completed",
    )
    make_event(
        alice,
        kind="task",
        subject="Late task",
        starts_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )
    client.force_login(alice)
    page = _text(client.get("/events/", query))
    assert shown in page and hidden not in page


def test_date_filters_use_the_users_time_zone_and_a_tasks_own_date(client, alice):
    # 23:30 UTC on 30 November is already 1 December in Berlin.
    late = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
    make_event(alice, kind="call", subject="Late call", starts_at=late)
    make_event(alice, kind="task", subject="Task of the 1st", starts_at=NINE_UTC)
    _set_time_zone(alice, "Europe/Berlin")
    client.force_login(alice)
    page = _text(client.get("/events/", {"start_from": "2026-12-01", "start_to": "2026-12-01"}))
    assert "Late call" in page and "Task of the 1st" in page
    _set_time_zone(alice, "America/New_York")
    client.force_login(alice)
    page = _text(client.get("/events/", {"start_from": "2026-12-01", "start_to": "2026-12-01"}))
    assert "Late call" not in page and "Task of the 1st" in page


def test_all_activities_of_a_party_and_of_an_opportunity(client, alice):
    hank = make_contact(alice, first_name="Hank", last_name="Scorpio")
    deal = make_opportunity(alice, name="Globex - licences")
    make_event(alice, subject="About Hank", party=hank)
    make_event(alice, subject="With Hank", participant_parties=[hank])
    make_event(alice, subject="About the deal", opportunity=deal)
    make_event(alice, subject="Something else")
    client.force_login(alice)
    page = _text(client.get("/events/", {"party": hank.pk}))
    assert "Activities of Hank Scorpio" in page
    assert "About Hank" in page and "With Hank" in page
    assert "About the deal" not in page and "Something else" not in page
    page = _text(client.get("/events/", {"opportunity": deal.pk}))
    assert "About the deal" in page and "About Hank" not in page
    assert f"/events/new/?opportunity={deal.pk}" in page


@pytest.mark.parametrize("value", ["HIDDEN", "999999", "abc", "99999999999999999999999"])
def test_all_activities_of_a_party_the_user_may_not_see_shows_nothing(client, alice, dan, value):
    hidden = make_contact(dan, first_name="Secret", last_name="Person")
    # Visible to alice (she takes part), but about a party she may not see.
    make_event(dan, subject="Dan's call", party=hidden, participant_users=[alice])
    client.force_login(alice)
    value = hidden.pk if value == "HIDDEN" else value
    response = client.get("/events/", {"party": value})
    assert response.status_code == 200
    page = _text(response)
    assert "Dan&#x27;s call" not in page and "Secret Person" not in page


def test_opportunity_filter_with_an_unseen_opportunity_shows_nothing(client, alice, dan):
    deal = make_opportunity(dan)
    make_event(dan, subject="Dan's deal call", opportunity=deal, participant_users=[alice])
    client.force_login(alice)
    assert "Dan&#x27;s deal call" in _text(client.get("/events/"))
    page = _text(client.get("/events/", {"opportunity": deal.pk}))
    assert "Dan&#x27;s deal call" not in page and deal.name not in page


def test_list_when_column_dated_events_show_the_date_timed_ones_the_local_time(client, alice):
    make_event(alice, kind="task", subject="Due task", starts_at=NINE_UTC)
    make_event(alice, kind="call", subject="A call", starts_at=NINE_UTC)
    _set_time_zone(alice, "Asia/Tokyo")  # UTC+9
    client.force_login(alice)
    page = _text(client.get("/events/"))
    assert "12/01/2026</td>" in page  # the task: its date only
    assert "12/01/2026 6 p.m." in page  # the call: 09:00 UTC is 18:00 in Tokyo


def test_list_shows_restricted_instead_of_an_unseen_party(client, alice, dan):
    hidden = make_account(dan, name="Secret Labs")
    make_event(dan, subject="Dan's call", party=hidden, participant_users=[alice])
    client.force_login(alice)
    page = _text(client.get("/events/"))
    assert "Dan&#x27;s call" in page and "restricted" in page and "Secret Labs" not in page


def test_overdue_badge(client, alice):
    make_event(
        alice,
        kind="task",
        subject="Late",
        starts_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )
    client.force_login(alice)
    assert "overdue" in _text(client.get("/events/"))


@pytest.mark.parametrize("sort", ["-start", "start", "subject"])
def test_list_pages_through_every_sort(client, alice, sort, settings):
    settings.CRM_PAGE_SIZE = 2
    for i in range(5):
        make_event(alice, subject=f"Event {i}", starts_at=NINE_UTC + datetime.timedelta(days=i))
    client.force_login(alice)
    seen, url = [], f"/events/?sort={sort}"
    for _ in range(3):
        page = client.get(url).context["page"]
        seen += [e.pk for e in page.items]
        if not page.has_next:
            break
        url = f"/events/?sort={sort}&after={page.next_cursor}"
    assert sorted(seen) == sorted(Event.objects.values_list("pk", flat=True))


def test_bad_list_parameters_are_ignored(client, alice):
    client.force_login(alice)
    response = client.get(
        "/events/",
        {"start_from": "soon", "kind": "party", "owner": "x", "sort": "?", "after": "garbage"},
    )
    assert response.status_code == 200


def test_list_new_event_button_needs_the_permission(client, alice, role_groups):
    client.force_login(alice)
    assert 'href="/events/new/"' in _text(client.get("/events/"))
    alice.groups.clear()
    client.force_login(alice)
    assert 'href="/events/new/"' not in _text(client.get("/events/"))


def _about_everything(owner):
    hank = make_contact(owner)
    return {
        "party": hank,
        "lead": make_lead(owner),
        "opportunity": make_opportunity(owner),
        "participant_parties": [hank],
    }


def test_list_query_count_does_not_grow(client, alice):
    make_event(alice, **_about_everything(alice))
    client.force_login(alice)

    def grow():
        related = _about_everything(alice)
        for _ in range(49):
            make_event(alice, **related)

    assert_flat_queries(client, "/events/", grow=grow, budget=13)  # +1: the saved-views bar
    assert len(client.get("/events/").context["page"].items) == 50


# Detail ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("alice", 200),  # owner
        ("bob", 200),  # participant
        ("carol", 200),  # manager of the owner's team
        ("dan", 404),
        ("erin", 404),
        ("mark", 404),
        ("admin", 200),
    ],
)
def test_detail_for_each_persona(client, personas, persona, status):
    event = make_event(personas["alice"], participant_users=[personas["bob"]])
    client.force_login(personas[persona])
    assert client.get(f"/events/{event.pk}/").status_code == status
    assert client.get(f"/events/{event.pk}/edit/").status_code == (
        200 if persona in ("alice", "admin") else 403 if status == 200 else 404
    )


def test_a_participant_from_customer_service_or_marketing_sees_it(client, alice, erin, mark):
    event = make_event(alice, participant_users=[erin, mark])
    for user in (erin, mark):
        client.force_login(user)
        assert client.get(f"/events/{event.pk}/").status_code == 200


def test_teammate_does_not_see_a_private_event(client, alice, bob):
    event = make_event(alice)
    client.force_login(bob)
    assert client.get(f"/events/{event.pk}/").status_code == 404


def test_malformed_and_unknown_ids_are_404(client, alice):
    client.force_login(alice)
    assert client.get("/events/999999/").status_code == 404
    assert client.get("/events/99999999999999999999999/").status_code == 404


def test_detail_shows_everything_about_the_event(client, alice, bob):
    hank = make_contact(alice, first_name="Hank", last_name="Scorpio")
    deal = make_opportunity(alice, name="Globex - licences")
    lead = make_lead(alice, first_name="Lisa", last_name="Lead")
    event = make_event(
        alice,
        subject="Kick-off",
        location="Room 4",
        description="Bring the slides",
        party=hank,
        lead=lead,
        opportunity=deal,
        participant_users=[bob],
        participant_parties=[hank],
        starts_at=NINE_UTC,
    )
    client.force_login(alice)
    page = _text(client.get(f"/events/{event.pk}/"))
    for text in ("Kick-off", "Room 4", "Bring the slides", "Hank Scorpio", "Lisa Lead"):
        assert text in page
    assert f'href="/contacts/{hank.pk}/"' in page and f'href="/leads/{lead.pk}/"' in page
    assert f'href="/opportunities/{deal.pk}/"' in page
    assert "Needs action" in page and "Attendee" in page
    assert f'action="/events/{event.pk}/complete/"' in page
    assert (
        f'href="/events/{event.pk}/ics/"' in page and f'href="/events/{event.pk}/sharing/"' in page
    )


def test_detail_shows_times_in_the_viewers_time_zone(client, alice, bob):
    # 09:00 in Berlin in winter is 08:00 UTC and 08:00 in London.
    starts = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=datetime.UTC)
    event = make_event(alice, kind="meeting", starts_at=starts, participant_users=[bob])
    _set_time_zone(alice, "Europe/Berlin")
    _set_time_zone(bob, "Europe/London")
    client.force_login(alice)
    assert "Dec. 1, 2026, 9 a.m." in _text(client.get(f"/events/{event.pk}/"))
    client.force_login(bob)
    assert "Dec. 1, 2026, 8 a.m." in _text(client.get(f"/events/{event.pk}/"))


def test_a_task_shows_its_date_in_every_time_zone(client, alice):
    event = make_event(alice, kind="task", subject="Due", starts_at=NINE_UTC)
    _set_time_zone(alice, "Pacific/Honolulu")
    client.force_login(alice)
    page = _text(client.get(f"/events/{event.pk}/"))
    assert "Dec. 1, 2026" in page and "Nov. 30" not in page


def test_detail_restricted_related_records_are_not_named(client, alice, dan):
    secret = make_account(dan, name="Secret Labs")
    deal = make_opportunity(dan, account=secret, name="Secret deal")
    person = make_contact(dan, first_name="Hidden", last_name="Person")
    event = make_event(
        dan,
        subject="Shared call",
        party=secret,
        opportunity=deal,
        participant_parties=[person],
        participant_users=[alice],
    )
    client.force_login(alice)
    page = _text(client.get(f"/events/{event.pk}/"))
    assert "Shared call" in page and page.count("restricted") >= 3
    for name in ("Secret Labs", "Secret deal", "Hidden Person"):
        assert name not in page


def test_viewer_without_change_sees_no_edit_or_status_buttons(client, alice, bob):
    event = make_event(alice, participant_users=[bob])
    client.force_login(bob)
    page = _text(client.get(f"/events/{event.pk}/"))
    assert f"/events/{event.pk}/edit/" not in page and "/complete/" not in page
    assert f"/events/{event.pk}/sharing/" not in page
    assert f'action="/events/{event.pk}/respond/"' in page


def test_completed_event_offers_reopen(client, alice):
    event = make_event(alice, kind="call", status="completed")
    client.force_login(alice)
    page = _text(client.get(f"/events/{event.pk}/"))
    assert f'action="/events/{event.pk}/reopen/"' in page and "/complete/" not in page
    assert "Completed" in page and "alice" in page


def test_detail_query_count_does_not_grow_with_participants(client, alice, bob, carol):
    event = make_event(alice, party=make_contact(alice), participant_parties=[make_contact(alice)])
    client.force_login(alice)
    url = f"/events/{event.pk}/"

    def grow():
        services.event_update(
            actor=alice,
            event=event,
            expected_version=event.version,
            participant_users=[bob, carol],
            participant_parties=[make_contact(alice) for _ in range(8)],
        )

    # +1: its reminders, +2: notes, +2: the notes and files on the timeline
    assert_flat_queries(client, url, grow=grow, budget=18)
    assert len(client.get(url).context["participants"]) == 10


# Edit --------------------------------------------------------------------------------------


def _edit_data(event, **extra):
    data = {
        "version": event.version,
        "kind": event.kind,
        "subject": event.subject,
        "starts_at": "2026-12-01T10:00",
        "ends_at": "2026-12-01T11:00",
        "priority": "2",
        "status": "scheduled",
    }
    return data | extra


def test_edit_saves_and_syncs_participants(client, alice, bob, carol):
    anna = make_contact(alice, first_name="Anna", last_name="A")
    ben = make_contact(alice, first_name="Ben", last_name="B")
    event = make_event(alice, participant_users=[bob], participant_parties=[anna])
    client.force_login(alice)
    response = client.post(
        f"/events/{event.pk}/edit/",
        _edit_data(
            event,
            subject="Moved",
            participant_users=[bob.pk],
            remove_users=[bob.pk],
            add_users="carol",
            participant_parties=[anna.pk],
            remove_parties=[anna.pk],
            add_parties=f"#{ben.pk}",
        ),
    )
    assert response["Location"] == f"/events/{event.pk}/"
    event.refresh_from_db()
    assert event.subject == "Moved" and event.version == 2
    assert set(event.participants.values_list("user_id", "party_id")) == {
        (carol.pk, None),
        (None, ben.pk),
    }
    client.force_login(bob)
    assert client.get(f"/events/{event.pk}/").status_code == 404


def test_edit_form_is_filled_with_the_event(client, alice):
    hank = make_contact(alice, first_name="Hank", last_name="Scorpio")
    event = make_event(alice, kind="meeting", starts_at=NINE_UTC, party=hank)
    task = make_event(alice, kind="task", starts_at=NINE_UTC)
    _set_time_zone(alice, "Europe/Berlin")
    client.force_login(alice)
    page = _text(client.get(f"/events/{event.pk}/edit/"))
    assert 'value="2026-12-01T10:00"' in page and f'value="Hank Scorpio (#{hank.pk})"' in page
    page = _text(client.get(f"/events/{task.pk}/edit/"))
    assert 'name="date" value="2026-12-01"' in page


def test_edit_conflict_says_changed_by_someone_else(client, alice):
    event = make_event(alice)
    client.force_login(alice)
    data = _edit_data(event)
    client.post(f"/events/{event.pk}/edit/", data | {"subject": "First"})
    response = client.post(f"/events/{event.pk}/edit/", data | {"subject": "Second"})
    page = _text(response)
    assert response.status_code == 200 and "changed by someone else" in page
    assert 'value="Second"' in page and 'name="version" value="2"' in page
    event.refresh_from_db()
    assert event.subject == "First"


def test_edit_keeps_a_restricted_about_record_and_participant(client, alice, dan):
    secret = make_contact(dan, first_name="Secret", last_name="Person")
    event = make_event(dan, subject="Shared", participant_parties=[secret])
    access.share(obj=event, action="change", actor=dan, user=alice)
    client.force_login(alice)
    page = _text(client.get(f"/events/{event.pk}/edit/"))
    assert "Secret Person" not in page and "1 restricted participant" in page
    response = client.post(f"/events/{event.pk}/edit/", _edit_data(event, subject="Renamed"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.subject == "Renamed"
    assert list(event.participants.values_list("party_id", flat=True)) == [secret.pk]


def test_edit_refused_to_viewers(client, alice, bob, carol):
    event = make_event(alice, participant_users=[bob])
    for user in (bob, carol):
        client.force_login(user)
        assert client.post(f"/events/{event.pk}/edit/", _edit_data(event)).status_code == 403
    event.refresh_from_db()
    assert event.version == 1


# Respond -----------------------------------------------------------------------------------


def test_participant_accepts(client, alice, bob):
    event = make_event(alice, participant_users=[bob])
    client.force_login(bob)
    response = client.post(f"/events/{event.pk}/respond/", {"response": "accepted"}, follow=True)
    assert "Your answer was saved: Accepted" in _text(response)
    assert EventParticipant.objects.get(user=bob).response == "accepted"


def test_respond_goes_back_to_a_local_next_only(client, alice, bob):
    event = make_event(alice, participant_users=[bob])
    client.force_login(bob)
    response = client.post(
        f"/events/{event.pk}/respond/", {"response": "declined", "next": "/events/my-work/"}
    )
    assert response["Location"] == "/events/my-work/"
    response = client.post(
        f"/events/{event.pk}/respond/", {"response": "declined", "next": "https://evil.example/"}
    )
    assert response["Location"] == f"/events/{event.pk}/"


def test_respond_with_a_bad_answer_says_so(client, alice, bob):
    event = make_event(alice, participant_users=[bob])
    client.force_login(bob)
    response = client.post(f"/events/{event.pk}/respond/", {"response": "maybe"}, follow=True)
    assert "Choose a valid response" in _text(response)
    assert EventParticipant.objects.get(user=bob).response == "needs_action"


def test_respond_refused_to_non_participants_and_unseen(client, alice, carol, dan):
    event = make_event(alice)
    client.force_login(carol)  # sees it (manager) but does not take part
    assert client.post(f"/events/{event.pk}/respond/", {"response": "accepted"}).status_code == 403
    client.force_login(dan)
    assert client.post(f"/events/{event.pk}/respond/", {"response": "accepted"}).status_code == 404
    client.force_login(alice)
    assert client.get(f"/events/{event.pk}/respond/").status_code == 405


# Sharing and lookup ------------------------------------------------------------------------


def test_sharing_an_event(client, alice, dan):
    event = make_event(alice)
    client.force_login(alice)
    assert client.get(f"/events/{event.pk}/sharing/").status_code == 200
    client.post(
        f"/events/{event.pk}/sharing/", {"operation": "share", "user": dan.pk, "access": "view"}
    )
    client.force_login(dan)
    assert client.get(f"/events/{event.pk}/").status_code == 200
    assert (
        client.post(
            f"/events/{event.pk}/sharing/",
            {"operation": "share", "user": dan.pk, "access": "change"},
        ).status_code
        == 403
    )


def test_manager_reassigns_an_event(client, alice, bob, carol):
    event = make_event(alice)
    client.force_login(carol)
    client.post(f"/events/{event.pk}/sharing/", {"operation": "reassign", "owner": bob.pk})
    event.refresh_from_db()
    assert event.owner == bob
    client.force_login(bob)
    assert client.get(f"/events/{event.pk}/edit/").status_code == 200


def test_party_lookup_suggests_every_kind_the_user_may_see(client, alice, dan):
    make_contact(alice, first_name="Globex", last_name="Contact")
    make_account(alice, name="Globex Corp")
    make_customer(alice, first_name="Globex", last_name="Customer")
    make_lead(alice, first_name="Globex", last_name="Lead")
    make_account(dan, name="Globex Hidden")
    client.force_login(alice)
    page = _text(client.get("/events/party-lookup/", {"party": "globex"}))
    for name in ("Globex Contact", "Globex Corp", "Globex Customer", "Globex Lead"):
        assert name in page
    assert "Globex Hidden" not in page
    assert _text(client.get("/events/party-lookup/", {"q": "g"})).strip() == ""


def test_the_list_filters_by_completion_dates_and_leaves_out_cancelled(alice, client):
    done = services.event_complete(actor=alice, event=make_event(alice, kind="task"))
    open_task = make_event(alice, kind="task", subject="Still to do")
    cancelled = services.event_cancel(
        actor=alice, event=make_event(alice, kind="call", subject="Never happened")
    )
    today = done.completed_at.date().isoformat()
    client.force_login(alice)
    page = client.get(f"/events/?completed_from={today}&completed_to={today}")
    assert [e.pk for e in page.context["page"].items] == [done.pk]
    page = client.get("/events/?status=not_cancelled")
    shown = {e.pk for e in page.context["page"].items}
    assert open_task.pk in shown and done.pk in shown and cancelled.pk not in shown
