"""A user's language and date format (/settings/): saved on their profile, kept in the session
from sign-in, applied on every page with no query for it; a tampered value refused."""

import datetime
import re

import pytest
from django.contrib.auth.models import User

from crm import preferences
from crm.models import UserProfile
from tests.factories import make_opportunity
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

URL = "/settings/"
CLOSE = datetime.date(2031, 12, 1)


def _save(client, **data):
    return client.post(URL, {"save": "preferences", **data}, follow=True)


def test_the_fields_show_the_languages_and_formats_that_exist(client, alice):
    client.force_login(alice)
    text = client.get(URL).content.decode()
    assert re.search(r'<label[^>]*for="id_language"[^>]*>\s*Language', text)
    assert re.search(r'<label[^>]*for="id_date_format"[^>]*>\s*Date format', text)
    assert '<option value="en">English</option>' in text
    for label in ("2026-12-01", "01/12/2026", "12/01/2026", "1 Dec 2026"):
        assert label in text


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("iso", "2031-12-01"),
        ("dmy", "01/12/2031"),
        ("mdy", "12/01/2031"),
        ("d_mon_y", "1 Dec 2031"),
    ],
)
def test_a_chosen_date_format_shows_on_the_pages_at_once(client, alice, key, shown):
    deal = make_opportunity(alice, expected_close_date=CLOSE)
    client.force_login(alice)
    response = _save(client, language="en", date_format=key)
    assert response.redirect_chain == [(URL, 302)]
    assert "Your language and date format are saved." in response.content.decode()
    profile = UserProfile.objects.get(user=alice)
    assert (profile.language, profile.date_format) == ("en", key)
    detail = client.get(f"/opportunities/{deal.pk}/").content.decode()
    assert f'<dd class="col-7">{shown}</dd>' in detail
    board = client.get("/opportunities/pipeline/").content.decode()
    assert f"Closes {shown}" in board


def test_without_a_choice_dates_are_the_languages_own(client, alice):
    deal = make_opportunity(alice, expected_close_date=CLOSE)
    client.force_login(alice)
    detail = client.get(f"/opportunities/{deal.pk}/").content.decode()
    assert '<dd class="col-7">Dec. 1, 2031</dd>' in detail


def test_the_choice_is_kept_for_the_next_sign_in(client, alice):
    client.force_login(alice)
    _save(client, language="", date_format="iso")
    client.logout()
    client.force_login(User.objects.get(pk=alice.pk))
    assert client.session[preferences.SESSION_KEY] == {"language": "", "date_format": "iso"}


@pytest.mark.parametrize(("field", "value"), [("language", "xx"), ("date_format", "Y-m-d")])
def test_a_tampered_value_is_refused_and_nothing_saved(client, alice, field, value):
    client.force_login(alice)
    response = _save(client, **{field: value})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Choose a language from the list." in text or "Choose a date format" in text
    profile = UserProfile.objects.get(user=alice)
    assert (profile.language, profile.date_format) == ("", "")


def test_the_language_is_activated_for_the_user(client, alice, settings):
    settings.LANGUAGES = [("en", "English"), ("de", "German")]
    client.force_login(alice)
    _save(client, language="de", date_format="")
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "de"
    assert '<html lang="de">' in response.content.decode()


def test_the_preferences_cost_no_query_per_page(client, alice):
    make_opportunity(alice, expected_close_date=CLOSE)
    client.force_login(alice)
    count_queries(client, "/opportunities/pipeline/")
    before = count_queries(client, "/opportunities/pipeline/")
    _save(client, language="en", date_format="dmy")
    count_queries(client, "/opportunities/pipeline/")
    assert count_queries(client, "/opportunities/pipeline/") == before
