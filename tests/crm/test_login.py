import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_anonymous_user_is_sent_to_sign_in_with_next(client):
    response = client.get("/contacts/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/contacts/"


def test_sign_in_with_demo_password_lands_on_dashboard(alice):
    client = Client()
    response = client.post("/login/", {"username": "alice", "password": "demo"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Hello" in client.get("/").content.decode()


def test_wrong_password_says_so(alice):
    response = Client().post("/login/", {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_repeated_failures_lock_the_user_out_even_with_the_right_password(alice, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "alice", "password": "wrong"})
    response = client.post("/login/", {"username": "alice", "password": "demo"})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post(client_for, alice):
    client = client_for(alice)
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_an_htmx_request_after_the_session_expired_loads_the_sign_in_page_whole(client):
    response = client.get("/opportunities/pipeline/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/login/?next=/opportunities/pipeline/"


def test_a_plain_request_after_the_session_expired_is_redirected_as_usual(client):
    response = client.get("/opportunities/pipeline/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/opportunities/pipeline/"
