"""Signed-in sessions: recorded at sign-in (browser, address), listed on /settings/ as "Your
sessions", their last-seen time refreshed at most every few minutes (no query on the other
page views), gone at sign-out; "Sign out other sessions" and the administrator's "End session"
really sign that browser out."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from crm import sessions
from crm.models import UserSession
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def _device(user, agent: str) -> Client:
    """Another browser, signed in through the sign-in page (as the record sees it)."""
    device = Client(HTTP_USER_AGENT=agent)
    response = device.post("/login/", {"username": user.username, "password": "demo"})
    assert response.status_code == 302
    return device


def test_signing_in_records_the_session_with_browser_and_address(alice):
    device = Client(HTTP_USER_AGENT="Firefox on a laptop", REMOTE_ADDR="192.0.2.7")
    response = device.post("/login/", {"username": "alice", "password": "demo"})
    assert response.status_code == 302
    record = UserSession.objects.get(user=alice)
    assert record.session_key == device.session.session_key
    assert (record.user_agent, record.ip_address) == ("Firefox on a laptop", "192.0.2.7")


def test_signing_out_forgets_the_session(alice):
    device = _device(alice, "Laptop")
    assert UserSession.objects.filter(user=alice).count() == 1
    device.post("/logout/")
    assert not UserSession.objects.filter(user=alice).exists()


def test_settings_lists_your_sessions_and_marks_this_one(client, alice, bob):
    _device(alice, "Phone browser")
    _device(bob, "Bob's browser")
    client.force_login(alice)
    text = client.get("/settings/").content.decode()
    assert "Your sessions" in text
    rows = re.findall(r'<tr data-testid="user-session".*?</tr>', text, re.S)
    assert len(rows) == 2
    assert "Phone browser" in text and "Bob&#x27;s browser" not in text
    assert sum("this session" in row for row in rows) == 1
    assert "Sign out other sessions" in text


def test_sign_out_other_sessions_ends_them_and_keeps_this_one(client, alice, bob):
    phone = _device(alice, "Phone")
    bobs = _device(bob, "Bob")
    client.force_login(alice)
    response = client.post("/settings/sessions/sign-out-others/", follow=True)
    assert response.redirect_chain == [("/settings/#sessions", 302)]
    assert "1 other session was signed out." in response.content.decode()
    assert phone.get("/").status_code == 302  # back to the sign-in page
    assert client.get("/").status_code == 200
    assert bobs.get("/").status_code == 200  # another user's are untouched
    assert list(UserSession.objects.filter(user=alice).values_list("session_key", flat=True)) == [
        client.session.session_key
    ]


def test_last_seen_is_refreshed_at_most_every_few_minutes_without_a_query_otherwise(client, alice):
    client.force_login(alice)
    record = UserSession.objects.get(user=alice)
    long_ago = timezone.now() - timezone.timedelta(hours=2)
    UserSession.objects.filter(pk=record.pk).update(last_seen_at=long_ago)
    quiet = count_queries(client, "/settings/")
    assert count_queries(client, "/settings/") == quiet
    record.refresh_from_db()
    assert record.last_seen_at == long_ago  # within the interval: not written
    session = client.session
    session[sessions.SEEN_KEY] -= 10 * 60
    session.save()
    # The record's UPDATE and the session's save (in a savepoint), once.
    assert quiet < count_queries(client, "/settings/") <= quiet + 4
    record.refresh_from_db()
    assert record.last_seen_at > long_ago
    assert count_queries(client, "/settings/") == quiet


def test_a_session_from_before_the_records_is_recorded_when_seen(client, alice):
    client.force_login(alice)
    UserSession.objects.all().delete()
    session = client.session
    del session[sessions.SEEN_KEY]
    session.save()
    client.get("/")
    assert UserSession.objects.get(user=alice).session_key == client.session.session_key


def test_the_admin_sees_a_users_sessions_and_ends_one(client, admin_user, alice):
    phone = _device(alice, "Alice's phone")
    record = UserSession.objects.get(user=alice)
    client.force_login(admin_user)
    page = client.get(f"/admin/auth/user/{alice.pk}/change/").content.decode()
    assert "Alice&#x27;s phone" in page
    end_url = f"/admin/crm/usersession/{record.pk}/end/"
    assert f'href="{end_url}"' in page and "End session" in page
    confirm = client.get(end_url)
    assert "End this session of alice?" in confirm.content.decode()
    assert phone.get("/").status_code == 200  # not until confirmed
    response = client.post(end_url, follow=True)
    assert response.redirect_chain[-1][0] == f"/admin/auth/user/{alice.pk}/change/"
    assert "Session ended" in response.content.decode()
    assert phone.get("/").status_code == 302  # that browser is signed out
    assert not Session.objects.filter(session_key=record.session_key).exists()
    assert not UserSession.objects.filter(pk=record.pk).exists()


def test_the_admin_action_ends_the_selected_sessions(client, admin_user, alice, bob):
    alices, bobs = _device(alice, "A"), _device(bob, "B")
    client.force_login(admin_user)
    ids = list(UserSession.objects.filter(user__in=[alice, bob]).values_list("pk", flat=True))
    response = client.post(
        "/admin/crm/usersession/",
        {"action": "end_sessions", "_selected_action": ids},
        follow=True,
    )
    assert "2 sessions ended." in response.content.decode()
    assert alices.get("/").status_code == 302 and bobs.get("/").status_code == 302
    assert client.get("/").status_code == 200  # the admin's own is left alone


def test_a_non_admin_may_not_end_sessions(client, alice, bob):
    _device(bob, "B")
    record = UserSession.objects.get(user=bob)
    client.force_login(alice)
    response = client.post(f"/admin/crm/usersession/{record.pk}/end/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert UserSession.objects.filter(pk=record.pk).exists()
