"""The one-click status actions of My work's rows: complete, cancel and reopen, as plain POST
forms (redirect with a message) and with htmx (the updated row alone), with their refusals
and access rules."""

import datetime

import pytest
from django.utils import timezone

from crm import access
from events import services
from events.models import Event, EventStatus, floating
from tests.factories import make_contact, make_event

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def make_task(owner, **fields):
    fields.setdefault("subject", "Send the proposal")
    return make_event(owner, kind="task", starts_at=floating(timezone.localdate()), **fields)


def url(event, action):
    return f"/events/{event.pk}/{action}/"


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_complete_returns_to_next_with_a_message(client_for, alice):
    task = make_task(alice)
    response = client_for(alice).post(
        url(task, "complete"), {"next": "/events/my-work/"}, follow=True
    )
    assert response.redirect_chain == [("/events/my-work/", 302)]
    assert messages_of(response) == ["Task completed."]
    task.refresh_from_db()
    assert task.status == EventStatus.COMPLETED
    assert task.completed_by == alice and task.completed_at is not None


def test_cancel_and_reopen_a_meeting(client_for, alice):
    meeting = make_event(alice)
    client = client_for(alice)
    response = client.post(url(meeting, "cancel"), {"next": "/"}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert messages_of(response) == ["Event cancelled."]
    meeting.refresh_from_db()
    assert meeting.status == EventStatus.CANCELLED
    response = client.post(url(meeting, "reopen"), {"next": "/"}, follow=True)
    assert messages_of(response) == ["Event reopened."]
    meeting.refresh_from_db()
    assert meeting.status == EventStatus.SCHEDULED


def test_without_next_it_returns_to_the_event(client_for, alice):
    task = make_task(alice)
    response = client_for(alice).post(url(task, "complete"))
    assert response["Location"] == f"/events/{task.pk}/"


def test_an_unsafe_next_is_ignored(client_for, alice):
    task = make_task(alice)
    for unsafe in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client_for(alice).post(url(task, "reopen"), {"next": unsafe})
        assert response["Location"] == f"/events/{task.pk}/", unsafe


def test_htmx_complete_answers_the_updated_row(client_for, alice):
    task = make_task(alice)
    response = client_for(alice).post(url(task, "complete"), {"next": "/events/my-work/"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<li class="list-group-item" data-testid="work-item"')
    assert f'data-event="{task.pk}"' in html
    assert 'data-status="completed"' in html
    assert "Task completed." in html
    # The row now offers to reopen, and its forms still return to My work without htmx.
    assert f'action="/events/{task.pk}/reopen/"' in html
    assert f'action="/events/{task.pk}/complete/"' not in html
    assert 'name="next" value="/events/my-work/"' in html
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_completing_a_cancelled_task_is_refused_with_a_message(client_for, alice):
    task = make_task(alice)
    services.event_cancel(actor=alice, event=task)
    version = Event.objects.get(pk=task.pk).version
    response = client_for(alice).post(
        url(task, "complete"), {"next": "/events/my-work/"}, follow=True
    )
    assert messages_of(response) == ["This task was cancelled: reopen it before completing it."]
    task.refresh_from_db()
    assert (task.status, task.version, task.completed_at) == (
        EventStatus.CANCELLED,
        version,
        None,
    )


def test_completing_a_cancelled_task_with_htmx_shows_why_in_the_row(client_for, alice):
    task = make_task(alice)
    services.event_cancel(actor=alice, event=task)
    response = client_for(alice).post(url(task, "complete"), **HTMX)
    assert response.status_code == 200  # htmx swaps it in
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "This task was cancelled: reopen it before completing it." in html
    assert 'data-status="cancelled"' in html and "Reopen" in html
    assert Event.objects.get(pk=task.pk).status == EventStatus.CANCELLED


def test_cancelling_a_completed_task_is_refused(client_for, alice):
    task = make_task(alice)
    services.event_complete(actor=alice, event=task)
    response = client_for(alice).post(url(task, "cancel"), follow=True)
    assert messages_of(response) == ["This task is completed: it cannot be cancelled."]
    assert Event.objects.get(pk=task.pk).status == EventStatus.COMPLETED


def test_a_participant_who_may_only_view_gets_403(client_for, alice, bob):
    meeting = make_event(alice, participant_users=[bob])
    for action in ("complete", "cancel", "reopen"):
        assert client_for(bob).post(url(meeting, action)).status_code == 403
        assert client_for(bob).post(url(meeting, action), **HTMX).status_code == 403
    assert Event.objects.get(pk=meeting.pk).status == EventStatus.SCHEDULED


def test_the_manager_views_the_teams_events_but_may_not_complete_them(client_for, alice, carol):
    task = make_task(alice)
    assert client_for(carol).post(url(task, "complete")).status_code == 403


def test_an_outsider_gets_404(client_for, alice, dan):
    task = make_task(alice)
    for action in ("complete", "cancel", "reopen"):
        assert client_for(dan).post(url(task, action)).status_code == 404
    assert client_for(dan).post("/events/999999999/complete/").status_code == 404


def test_get_is_not_allowed(client_for, alice):
    task = make_task(alice)
    for action in ("complete", "cancel", "reopen"):
        assert client_for(alice).get(url(task, action)).status_code == 405
    assert Event.objects.get(pk=task.pk).status == EventStatus.SCHEDULED


def test_anonymous_is_sent_to_sign_in(client_for, alice):
    task = make_task(alice)
    response = client_for(None).post(url(task, "complete"))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_an_administrator_may_complete_anyones_task(client_for, alice, admin_user):
    task = make_task(alice)
    client_for(admin_user).post(url(task, "complete"))
    task.refresh_from_db()
    assert task.status == EventStatus.COMPLETED and task.completed_by == admin_user


def test_the_htmx_row_keeps_what_the_viewer_may_not_see_restricted(client_for, alice, dan):
    """dan may change alice's call (shared with change) but not see the contact it is about."""
    contact = make_contact(alice, first_name="Secret", last_name="Customer")
    call = make_event(
        alice,
        kind="call",
        party=contact,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
    )
    access.share(obj=call, action="change", actor=alice, user=dan)
    response = client_for(dan).post(url(call, "complete"), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Secret Customer" not in html and "restricted" in html
    assert "Event completed." in html
