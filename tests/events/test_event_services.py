"""Event services: create with participants, access through participation, edit, complete,
cancel and reopen, responses, the feed token."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crm import access
from crm.exceptions import ConcurrentUpdate
from crm.models import GrantCause
from events import services
from events.models import (
    MAX_DURATION,
    CalendarFeed,
    Event,
    EventParticipant,
    EventStatus,
    EventUserObjectPermission,
)
from events.selectors import event_actions, events_visible_to
from tests.factories import make_contact, make_event

pytestmark = pytest.mark.django_db

NINE_UTC = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


def visible(user, event) -> bool:
    return events_visible_to(user).filter(pk=event.pk).exists()


def test_create_with_participants_gives_user_participants_view(alice, bob, carol, dan):
    anna, ben = make_contact(alice), make_contact(alice)
    event = make_event(
        alice, participant_users=[bob], participant_parties=[anna, ben], starts_at=NINE_UTC
    )
    assert set(event.participants.values_list("user__username", "party_id")) == {
        ("bob", None),
        (None, anna.pk),
        (None, ben.pk),
    }
    assert event.participants.get(user=bob).response == "needs_action"
    assert event_actions(bob, event) == {"view"}
    assert EventUserObjectPermission.objects.get(user=bob).cause == GrantCause.PARTICIPANT
    for user, sees in ((alice, True), (bob, True), (carol, True), (dan, False)):
        assert visible(user, event) == sees, user


def test_an_event_is_private_to_its_owner_by_default(alice, bob, carol):
    event = make_event(alice)
    assert not visible(bob, event)
    assert visible(carol, event)  # the owner's manager sees the team's


def test_team_access_setting_applies_to_events(alice, bob, settings):
    settings.CRM_TEAM_ACCESS = {**settings.CRM_TEAM_ACCESS, "event": "read"}
    assert visible(bob, make_event(alice))


def test_the_owner_is_not_listed_as_a_participant(alice):
    event = make_event(alice, participant_users=[alice])
    assert not event.participants.exists()


def test_logging_a_call_records_who_completed_it(alice):
    event = make_event(alice, kind="call", status=EventStatus.COMPLETED)
    assert event.completed_by == alice
    assert event.completed_at is not None


def test_a_task_is_a_date(alice):
    late = datetime.datetime(2026, 12, 3, 22, 45, tzinfo=datetime.UTC)
    task = make_event(alice, kind="task", starts_at=late)
    task.refresh_from_db()
    assert task.starts_at == datetime.datetime(2026, 12, 3, tzinfo=datetime.UTC)
    assert task.start_date == datetime.date(2026, 12, 3)


def test_end_before_start_is_refused_and_nothing_is_saved(alice):
    with pytest.raises(ValidationError) as error:
        make_event(alice, starts_at=NINE_UTC, ends_at=NINE_UTC - datetime.timedelta(minutes=1))
    assert "ends_at" in error.value.message_dict
    assert not Event.objects.exists()


def test_an_unseen_party_is_refused_and_nothing_is_saved(alice, dan):
    hidden = make_contact(dan)
    with pytest.raises(ValidationError) as error:
        make_event(alice, party=hidden)
    assert "party" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_event(alice, participant_parties=[make_contact(alice), hidden])
    assert "participant_parties" in error.value.message_dict
    assert not Event.objects.exists()
    assert not EventParticipant.objects.exists()


def test_an_inactive_user_cannot_be_invited(alice, bob):
    bob.is_active = False
    bob.save()
    with pytest.raises(ValidationError) as error:
        make_event(alice, participant_users=[bob])
    assert "participant_users" in error.value.message_dict
    assert not Event.objects.exists()


def test_removing_a_participant_takes_back_their_view_but_not_a_share(alice, bob, dan):
    event = make_event(alice, participant_users=[bob, dan])
    access.share(obj=event, action="view", actor=alice, user=dan)
    event = services.event_update(
        actor=alice, event=event, expected_version=event.version, participant_users=[]
    )
    assert not event.participants.exists()
    assert not visible(bob, event)
    assert visible(dan, event)  # shared, not only invited


def test_update_keeps_participants_when_not_given(alice, bob):
    event = make_event(alice, participant_users=[bob])
    event = services.event_update(
        actor=alice, event=event, expected_version=event.version, subject="Moved"
    )
    assert event.subject == "Moved"
    assert event.participants.filter(user=bob).exists()


def test_update_by_someone_else_since_is_a_conflict(alice):
    event = make_event(alice)
    services.event_update(actor=alice, event=event, expected_version=1, subject="First")
    with pytest.raises(ConcurrentUpdate):
        services.event_update(actor=alice, event=event, expected_version=1, subject="Second")
    event.refresh_from_db()
    assert event.subject == "First"


def test_a_participant_may_not_edit(alice, bob):
    event = make_event(alice, participant_users=[bob])
    with pytest.raises(PermissionDenied):
        services.event_update(actor=bob, event=event, expected_version=1, subject="Mine now")
    with pytest.raises(PermissionDenied):
        services.event_complete(actor=bob, event=event)


def test_complete_cancel_and_reopen(alice):
    task = make_event(alice, kind="task")
    task = services.event_complete(actor=alice, event=task)
    assert (task.status, task.completed_by) == (EventStatus.COMPLETED, alice)
    task = services.event_reopen(actor=alice, event=task)
    assert (task.status, task.completed_at) == (EventStatus.SCHEDULED, None)
    task = services.event_cancel(actor=alice, event=task)
    assert task.status == EventStatus.CANCELLED


def test_completing_a_cancelled_task_is_refused(alice):
    task = services.event_cancel(actor=alice, event=make_event(alice, kind="task"))
    with pytest.raises(ValidationError, match="cancelled: reopen it"):
        services.event_complete(actor=alice, event=task)
    task.refresh_from_db()
    assert (task.status, task.completed_at) == (EventStatus.CANCELLED, None)


def test_cancelling_a_completed_event_is_refused(alice):
    call = make_event(alice, kind="call", status=EventStatus.COMPLETED)
    with pytest.raises(ValidationError, match="completed"):
        services.event_cancel(actor=alice, event=call)
    call.refresh_from_db()
    assert call.status == EventStatus.COMPLETED


def test_a_user_participant_responds(alice, bob, dan):
    event = make_event(alice, participant_users=[bob])
    services.participant_respond(actor=bob, event=event, response="accepted")
    assert event.participants.get(user=bob).response == "accepted"
    with pytest.raises(ValidationError):
        services.participant_respond(actor=bob, event=event, response="maybe later")
    with pytest.raises(PermissionDenied):
        services.participant_respond(actor=dan, event=event, response="declined")


def test_regenerating_the_feed_token_replaces_it(alice):
    first = services.feed_token_regenerate(user=alice).token
    second = services.feed_token_regenerate(user=alice).token
    assert first != second
    assert CalendarFeed.objects.get(user=alice).token == second
    services.feed_disable(user=alice)
    assert not CalendarFeed.objects.filter(user=alice).exists()


def test_an_edit_may_keep_a_record_the_editor_may_not_see(alice, dan):
    """dan may change alice's event (shared with him) but not see her contact: he can still
    edit it and add his own contact, but not name another record he may not see."""
    dans_contact = make_contact(dan)
    guest = make_contact(alice)
    event = make_event(alice, party=guest, participant_parties=[guest])
    access.share(obj=event, action="change", actor=alice, user=dan)
    event = services.event_update(
        actor=dan,
        event=event,
        expected_version=event.version,
        subject="Moved",
        participant_parties=[guest, dans_contact],
    )
    assert event.subject == "Moved" and event.party == guest
    with pytest.raises(ValidationError) as error:
        services.event_update(
            actor=dan, event=event, expected_version=event.version, party=make_contact(alice)
        )
    assert "party" in error.value.message_dict


def test_an_event_lasts_at_most_the_longest_a_range_looks_back(alice):
    too_long = NINE_UTC + MAX_DURATION + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError) as error:
        make_event(alice, starts_at=NINE_UTC, ends_at=too_long)
    assert "ends_at" in error.value.message_dict
    assert make_event(alice, starts_at=NINE_UTC, ends_at=NINE_UTC + MAX_DURATION)


@pytest.mark.parametrize("few_grants", [0, 2000], ids=["probing grants", "from the grants"])
def test_both_ways_of_reading_visibility_agree(
    few_grants, monkeypatch, alice, bob, carol, dan, erin
):
    """`events_visible_to` reads from the grants outward for a user with few of them, and
    probes them row by row otherwise: the same events either way."""
    from events.selectors import events as selectors

    monkeypatch.setattr(selectors, "FEW_GRANTS", few_grants)
    private = make_event(alice)
    invited = make_event(alice, participant_users=[bob])
    shared = make_event(dan)
    access.share(obj=shared, action="view", actor=dan, user=erin)
    expected = {
        alice: {private, invited},
        bob: {invited},
        carol: {private, invited},  # her team's
        dan: {shared},
        erin: {shared},
    }
    for user, visible in expected.items():
        for attribute in ("_crm_few_grants", "_crm_groups", "_crm_manages_a_team"):
            user.__dict__.pop(attribute, None)
        assert set(events_visible_to(user)) == visible, user
