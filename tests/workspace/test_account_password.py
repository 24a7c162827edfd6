"""Users help themselves with their password: change it from /settings/ (their other sessions
are signed out), or reset a forgotten one by e-mail — sent through a real SMTP server, the
link followed from the message received — with the same answer for any address, and a clear
page for a link already used, expired or mangled."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.test import Client

from crm.models import UserSession

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "violet-harbour-42"


def _text(response) -> str:
    return response.content.decode()


def _request_reset(client, address: str):
    return client.post("/password-reset/", {"email": address}, follow=True)


def _sign_in(username: str, password: str):
    return Client().post("/login/", {"username": username, "password": password})


def _reset_link(smtp_server, index: int = 0) -> str:
    message = smtp_server.wait_for(index + 1)[index]
    return smtp_server.link(message, r"http://testserver/password-reset/\S+/")


def test_sign_in_page_links_to_the_reset(client):
    text = _text(client.get("/login/"))
    assert re.search(r'<a href="/password-reset/">\s*Forgot your password\?</a>', text)


def test_reset_page_asks_for_the_address_with_a_label(client):
    text = _text(client.get("/password-reset/"))
    assert re.search(r'<label[^>]*for="id_email"[^>]*>\s*Email', text)
    assert "Send the reset link" in text


def test_reset_by_email_through_smtp_then_sign_in_with_the_new_password(
    client,
    alice,
    smtp_server,
):
    response = _request_reset(client, "ALICE@example.com")
    assert response.redirect_chain == [("/password-reset/sent/", 302)]
    assert "Check your e-mail" in _text(response)
    message = smtp_server.wait_for(1)[0]
    assert message["To"] == "alice@example.com"
    assert message["Subject"] == "Reset your password for the CRM"
    assert "Your username is: alice" in smtp_server.body(message)
    link = _reset_link(smtp_server)

    form_page = client.get(link.removeprefix("http://testserver"), follow=True)
    assert "Choose a new password" in _text(form_page)
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url,
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert done.redirect_chain == [("/password-reset/done/", 302)]
    assert "Your password has been set" in _text(done)

    assert _sign_in("alice", NEW_PASSWORD).status_code == 302
    assert _sign_in("alice", "demo").status_code == 200  # the form again, with its error


def test_a_used_link_says_so_and_changes_nothing(client, alice, smtp_server):
    _request_reset(client, "alice@example.com")
    path = _reset_link(smtp_server).removeprefix("http://testserver")
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = Client().get(path, follow=True)
    assert again.status_code == 200
    text = _text(again)
    assert "This reset link no longer works" in text
    assert "has already been used, or it has expired" in text
    assert 'href="/password-reset/"' in text  # a new link, one click away
    assert 'name="new_password1"' not in text
    # Posting a password to the used link's page does not change it either.
    Client().post(set_url, {"new_password1": "other-pass-77", "new_password2": "other-pass-77"})
    assert User.objects.get(pk=alice.pk).check_password(NEW_PASSWORD)


def test_an_expired_link_says_so(client, alice, smtp_server, monkeypatch):
    _request_reset(client, "alice@example.com")
    path = _reset_link(smtp_server).removeprefix("http://testserver")
    later = datetime.datetime.now() + datetime.timedelta(days=2)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    text = _text(client.get(path, follow=True))
    assert "This reset link no longer works" in text
    assert "for 24 hours" in text
    assert User.objects.get(pk=alice.pk).check_password("demo")


@pytest.mark.parametrize("path", ["/password-reset/zz/bad/", "/password-reset/!!/x-y/"])
def test_a_mangled_link_is_the_same_clear_page_never_an_error(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "This reset link no longer works" in _text(response)


def test_the_answer_is_the_same_for_an_unknown_address_and_no_mail_goes(
    client,
    alice,
    smtp_server,
):
    unknown = _request_reset(client, "nobody@example.com")
    known = _request_reset(Client(), "alice@example.com")
    assert unknown.redirect_chain == known.redirect_chain == [("/password-reset/sent/", 302)]
    strip = re.compile(r'"X-CSRFToken": "[^"]*"')
    assert strip.sub("", _text(unknown)) == strip.sub("", _text(known))
    messages = smtp_server.wait_for(1)
    assert [m["To"] for m in messages] == ["alice@example.com"]  # none to nobody@


def test_an_inactive_user_gets_no_mail(client, alice, smtp_server):
    User.objects.filter(pk=alice.pk).update(is_active=False)
    response = _request_reset(client, "alice@example.com")
    assert response.redirect_chain == [("/password-reset/sent/", 302)]
    assert smtp_server.messages == []


def test_password_change_page_has_labelled_fields(client, alice):
    client.force_login(alice)
    text = _text(client.get("/settings/password/"))
    for field in ("old_password", "new_password1", "new_password2"):
        assert re.search(rf'<label[^>]*for="id_{field}"', text)
    assert "Change password" in text


def test_settings_links_to_the_password_change(client, alice):
    client.force_login(alice)
    assert 'href="/settings/password/"' in _text(client.get("/settings/"))


def test_a_wrong_old_password_is_refused_next_to_its_field(client, alice):
    client.force_login(alice)
    response = client.post(
        "/settings/password/",
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    text = _text(response)
    assert re.search(r'id="error_1_id_old_password"|invalid-feedback', text)
    assert "Your old password was entered incorrectly" in text
    assert User.objects.get(pk=alice.pk).check_password("demo")


def test_changing_the_password_keeps_this_session_and_signs_out_the_others(client, alice):
    other_device = Client(HTTP_USER_AGENT="Phone browser")
    other_device.force_login(alice)
    client.force_login(alice)
    assert UserSession.objects.filter(user=alice).count() == 2
    response = client.post(
        "/settings/password/",
        {"old_password": "demo", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain == [("/settings/", 302)]
    text = _text(response)
    assert "Your password has been changed. Your other session was signed out." in text
    assert client.get("/").status_code == 200  # still signed in here
    assert other_device.get("/").status_code == 302  # signed out there
    # The session record followed this session's new key (Django cycles it).
    assert list(UserSession.objects.filter(user=alice).values_list("session_key", flat=True)) == [
        client.session.session_key
    ]
