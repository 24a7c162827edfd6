"""Bulk actions and inline edit on the events list (events/bulk.py): mark done, cancel and
change owner go through the events services, rows the user may only view are skipped and
counted, a large selection runs as a job, the export holds only the rows the user sees, and
the inline status and owner obey the edit page's version rule."""

import csv
import io

import pytest
from django.test import override_settings

from crm.models import Job
from events.models import Event, EventStatus
from tests.factories import make_contact, make_event
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _post(client, **data):
    return client.post("/events/bulk/", {"confirm": "1", **data}, follow=True)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _status(event) -> str:
    return Event.objects.get(pk=event.pk).status


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_list_has_checkboxes_the_bar_and_inline_cells(client, alice):
    event = make_event(alice, kind="task", subject="Send the quote")
    client.force_login(alice)
    page = client.get("/events/").text
    assert f'name="ids" value="{event.pk}" form="bulk-events"' in page
    assert (
        'action="/events/bulk/"' in page and '<option value="complete">Mark done</option>' in page
    )
    assert f'hx-get="/events/{event.pk}/inline/status/"' in page
    assert f'href="/events/{event.pk}/edit/" hx-get="/events/{event.pk}/inline/owner/"' in page


def test_mark_done_completes_the_ticked_tasks_only(client, alice):
    ticked = [make_event(alice, kind="task") for _ in range(2)]
    other = make_event(alice, kind="task")
    client.force_login(alice)
    response = _post(client, action="complete", ids=[e.pk for e in ticked])
    assert _messages(response) == ["Changed 2 events."]
    for event in ticked:
        saved = Event.objects.get(pk=event.pk)
        assert saved.status == EventStatus.COMPLETED and saved.completed_by == alice
    assert _status(other) == EventStatus.SCHEDULED


def test_events_the_user_may_only_view_are_skipped_and_counted(client, alice, bob):
    mine = make_event(bob, kind="task")
    invited = make_event(alice, participant_users=[bob])  # bob sees it, may not change it
    client.force_login(bob)
    response = _post(client, action="complete", ids=[mine.pk, invited.pk])
    assert _messages(response) == ["Changed 1 event; 1 skipped: you may not change them."]
    assert _status(mine) == EventStatus.COMPLETED
    assert _status(invited) == EventStatus.SCHEDULED


def test_events_the_user_may_not_see_are_not_selected(client, alice, dan):
    hidden = make_event(dan, kind="task")
    client.force_login(alice)
    response = _post(client, action="cancel", ids=[hidden.pk])
    assert _messages(response) == ["Changed 0 events."]
    assert _status(hidden) == EventStatus.SCHEDULED


def test_a_cancelled_task_is_not_marked_done_and_says_why(client, alice):
    from events import services

    done = make_event(alice, kind="task")
    cancelled = services.event_cancel(actor=alice, event=make_event(alice, kind="task"))
    open_task = make_event(alice, kind="task")
    services.event_complete(actor=alice, event=done)
    client.force_login(alice)
    response = _post(client, action="complete", ids=[done.pk, cancelled.pk, open_task.pk])
    [summary] = _messages(response)
    assert summary.startswith("Changed 1 event; 1 were done already; 1 not changed:")
    assert "reopen it before completing it" in summary
    assert _status(cancelled) == EventStatus.CANCELLED
    assert _status(open_task) == EventStatus.COMPLETED


def test_cancel_cancels_and_leaves_completed_ones(client, alice):
    from events import services

    meeting = make_event(alice)
    completed = services.event_complete(actor=alice, event=make_event(alice))
    client.force_login(alice)
    response = _post(client, action="cancel", ids=[meeting.pk, completed.pk])
    assert _messages(response)[0].startswith("Changed 1 event; 1 not changed:")
    assert _status(meeting) == EventStatus.CANCELLED
    assert _status(completed) == EventStatus.COMPLETED


def test_change_owner_follows_the_reassign_rule(client, alice, bob, carol, dan):
    alices = make_event(alice)
    bobs = make_event(bob)
    client.force_login(carol)  # carol manages alice's and bob's team
    response = _post(client, action="owner", ids=[alices.pk, bobs.pk], owner=dan.pk)
    assert _messages(response) == ["Changed 2 events."]
    assert set(Event.objects.filter(owner=dan).values_list("pk", flat=True)) == {alices.pk, bobs.pk}
    client.force_login(alice)
    again = _post(client, action="owner", ids=[make_event(alice).pk], owner=alice.pk)
    assert _messages(again) == ["Changed 0 events; 1 had that owner already."]


def test_all_matching_follows_the_lists_filter(client, alice):
    tasks = [make_event(alice, kind="task") for _ in range(2)]
    call = make_event(alice, kind="call")
    client.force_login(alice)
    confirm = client.post("/events/bulk/", {"action": "complete", "all": "1", "query": "kind=task"})
    assert "2 events match this filter." in confirm.text
    response = _post(client, action="complete", all="1", query="kind=task")
    assert _messages(response) == ["Changed 2 events."]
    assert {_status(t) for t in tasks} == {EventStatus.COMPLETED}
    assert _status(call) == EventStatus.SCHEDULED


@override_settings(CRM_BULK_SYNC_LIMIT=2)
def test_a_large_selection_runs_as_one_job(client, alice, bob):
    tasks = [make_event(bob, kind="task") for _ in range(3)]
    invited = make_event(alice, participant_users=[bob])
    ids = [e.pk for e in [*tasks, invited]]
    client.force_login(bob)
    confirm = client.post("/events/bulk/", {"action": "complete", "ids": ids})
    assert "in the background" in confirm.text
    response = client.post("/events/bulk/", {"action": "complete", "ids": ids, "confirm": "1"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.state == Job.State.DONE and job.created_by == bob
    assert job.result["summary"] == "Changed 3 events; 1 skipped: you may not change them."
    assert Event.objects.filter(status=EventStatus.COMPLETED).count() == 3
    assert _status(invited) == EventStatus.SCHEDULED


def test_export_holds_only_the_events_the_user_sees(client, alice, dan):
    contact = make_contact(dan, first_name="Secret", last_name="Client")
    make_event(alice, kind="task", subject="=HYPERLINK(1)")
    make_event(dan, kind="task", subject="Dan's own task")
    about_hidden = make_event(alice, subject="About a hidden contact")
    about_hidden.party = contact  # as if dan's contact had been unshared since
    about_hidden.save(update_fields=["party"])
    client.force_login(alice)
    response = client.post("/events/bulk/", {"action": "export", "all": "1", "query": ""})
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[0] == ["When", "Kind", "Subject", "Status", "About", "Owner"]
    subjects = {row[2]: row for row in rows[1:]}
    assert set(subjects) == {"'=HYPERLINK(1)", "About a hidden contact"}
    assert subjects["About a hidden contact"][4] == "restricted"
    assert subjects["'=HYPERLINK(1)"][3:] == ["Scheduled", "", "alice"]


# Inline edit ------------------------------------------------------------------------------


def _url(event, field):
    return f"/events/{event.pk}/inline/{field}/"


def test_inline_status_saves_through_the_edit_service(client, alice):
    task = make_event(alice, kind="task")
    client.force_login(alice)
    form = client.get(_url(task, "status"), **HX)
    assert 'name="status"' in form.text and f'name="version" value="{task.version}"' in form.text
    response = client.post(
        _url(task, "status"), {"status": "completed", "version": task.version}, **HX
    )
    assert response.status_code == 200 and "Completed" in response.text
    saved = Event.objects.get(pk=task.pk)
    assert saved.status == EventStatus.COMPLETED and saved.completed_by == alice
    assert saved.version == task.version + 1


def test_a_stale_inline_status_is_refused_with_a_message(client, alice):
    from events import services

    task = make_event(alice, kind="task")
    stale = task.version
    services.event_cancel(actor=alice, event=task)  # someone saved meanwhile
    client.force_login(alice)
    response = client.post(_url(task, "status"), {"status": "completed", "version": stale}, **HX)
    assert response.status_code == 409
    assert "was changed by someone else; nothing was saved" in response.text
    assert f'name="version" value="{stale + 1}"' in response.text
    assert _status(task) == EventStatus.CANCELLED


def test_a_stale_inline_owner_is_refused(client, alice, bob):
    from events import services

    event = make_event(alice)
    stale = event.version
    services.event_complete(actor=alice, event=event)
    client.force_login(alice)
    response = client.post(_url(event, "owner"), {"owner": bob.pk, "version": stale}, **HX)
    assert response.status_code == 409 and "changed by someone else" in response.text
    assert Event.objects.get(pk=event.pk).owner == alice


def test_inline_owner_hands_the_event_over(client, alice, bob, carol):
    event = make_event(bob)
    client.force_login(carol)  # bob's manager: she still sees it afterwards
    response = client.post(
        _url(event, "owner"), {"owner": alice.pk, "version": event.version}, **HX
    )
    assert response.status_code == 200 and "alice" in response.text
    assert 'name="owner"' not in response.text  # the cell is back
    assert Event.objects.get(pk=event.pk).owner == alice


def test_handing_an_event_out_of_sight_reloads_the_list_saying_so(client, alice, bob):
    event = make_event(alice)  # events are private: alice loses it with the owner's rights
    client.force_login(alice)
    response = client.post(_url(event, "owner"), {"owner": bob.pk, "version": event.version}, **HX)
    assert response.status_code == 204 and response["HX-Redirect"] == "/events/"
    assert Event.objects.get(pk=event.pk).owner == bob
    page = client.get("/events/")
    assert "The event was handed over; you no longer see it." in page.text
    assert f"/events/{event.pk}/" not in page.text


def test_inline_edit_of_an_invitation_is_403_and_of_a_hidden_event_404(client, alice, bob, dan):
    invited = make_event(alice, participant_users=[bob])
    client.force_login(bob)
    assert client.get(_url(invited, "status"), **HX).status_code == 403
    response = client.post(_url(invited, "status"), {"status": "cancelled", "version": 1})
    assert response.status_code == 403
    assert _status(invited) == EventStatus.SCHEDULED
    hidden = make_event(dan)
    assert client.get(_url(hidden, "status"), **HX).status_code == 404
    assert client.get(f"/events/{invited.pk}/inline/subject/", **HX).status_code == 404


def test_bad_inline_input_is_a_message_next_to_the_field(client, alice):
    event = make_event(alice)
    client.force_login(alice)
    response = client.post(
        _url(event, "status"), {"status": "gone", "version": event.version}, **HX
    )
    assert response.status_code == 422 and "Select a valid choice." in response.text
    assert _status(event) == EventStatus.SCHEDULED


def test_the_bar_and_inline_cells_keep_the_lists_query_count(client, alice, bob, carol):
    """The bar reads no query, the cells what the rows have loaded (carol sees her team's
    events, whoever owns them)."""
    make_event(alice, kind="task")
    client.force_login(carol)

    def grow():
        for owner in (alice, bob, carol) * 5:
            make_event(owner, kind="task")

    assert_flat_queries(client, "/events/", grow=grow, budget=13)  # as test_event_pages
