"""The public web-to-lead form at /capture/<token>/: anonymous, embeddable, guarded by a
honeypot and a per-IP rate limit."""

import time

import pytest
from django.core.cache import cache
from django.test import Client

from leads.models import Lead, LeadStatus
from leads.services import capture as services
from parties.models import Consent, ConsentPurpose, ConsentSource, ContactMechKind, Party
from tests.factories import make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def campaign(mark):
    return make_campaign(mark, name="Autumn fair", capture_enabled=True)


def _url(campaign) -> str:
    return f"/capture/{campaign.capture_token}/"


def _data(**overrides) -> dict:
    data = {
        "first_name": "Vera",
        "last_name": "Visitor",
        "company_name": "Initech",
        "email": "Vera@Initech.example",
        "phone": "+44 20 7946 0958",
        "message": "Please call me about pricing.",
        "marketing_consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def _text(response) -> str:
    return response.content.decode()


# The page ----------------------------------------------------------------------------------


def test_form_works_anonymously(client, campaign):
    response = client.get(_url(campaign))
    assert response.status_code == 200
    page = _text(response)
    for label in ("First name", "Last name", "Company", "E-mail", "Phone", "Message"):
        assert f"{label}" in page
    assert "Yes, you may e-mail me" in page


def test_form_may_be_embedded_in_other_sites(client, campaign):
    response = client.get(_url(campaign))
    assert "X-Frame-Options" not in response.headers


def test_form_does_not_show_the_crm_navigation(client, campaign, mark):
    client.force_login(mark)
    page = _text(client.get(_url(campaign)))
    assert "navbar" not in page
    assert "bootstrap.min.css" in page


def test_honeypot_is_hidden_from_people(client, campaign):
    page = _text(client.get(_url(campaign)))
    assert 'class="capture-extra" aria-hidden="true"' in page
    assert 'name="website"' in page
    assert 'tabindex="-1" autocomplete="off"' in page


def test_unknown_token_is_404(client, campaign):
    assert client.get("/capture/not-a-token/").status_code == 404
    assert client.post("/capture/not-a-token/", _data()).status_code == 404


def test_unpublished_form_is_404(client, mark):
    closed = make_campaign(mark, capture_enabled=False)
    assert client.get(_url(closed)).status_code == 404
    assert client.post(_url(closed), _data()).status_code == 404
    assert not Lead.objects.exists()


def test_post_needs_no_csrf_token(campaign):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(_url(campaign), _data())
    assert response.status_code == 200
    assert Lead.objects.count() == 1


# A good submission -------------------------------------------------------------------------


def test_good_post_creates_a_new_lead_of_the_campaign(client, campaign, mark):
    response = client.post(_url(campaign), _data())
    assert response.status_code == 200
    assert "Thank you" in _text(response)
    lead = Lead.objects.select_related("party__source").get()
    assert lead.party.owner == mark
    assert lead.party.source.code == "web-site"
    assert lead.campaign == campaign
    assert lead.status == LeadStatus.NEW
    assert lead.company_name == "Initech"
    assert (lead.party.first_name, lead.party.last_name) == ("Vera", "Visitor")
    assert lead.party.description == "Please call me about pricing."


def test_good_post_keeps_the_contact_details(client, campaign):
    client.post(_url(campaign), _data())
    party = Party.objects.get()
    values = set(party.contact_mechs.values_list("contact_mech__kind", "contact_mech__value"))
    assert values == {
        (ContactMechKind.EMAIL, "vera@initech.example"),
        (ContactMechKind.PHONE, "+442079460958"),
    }


def test_ticked_consent_is_logged_as_granted_from_the_web_form(client, campaign):
    client.post(_url(campaign), _data())
    consent = Consent.objects.get()
    assert consent.party == Party.objects.get()
    assert consent.purpose == ConsentPurpose.MARKETING_EMAIL
    assert consent.source == ConsentSource.WEB_FORM
    assert consent.granted is True
    assert consent.contact_mech.value == "vera@initech.example"


def test_unticked_consent_is_logged_as_refused(client, campaign):
    data = _data()
    del data["marketing_consent"]
    client.post(_url(campaign), data)
    consent = Consent.objects.get()
    assert consent.source == ConsentSource.WEB_FORM
    assert consent.granted is False


def test_company_alone_is_enough(client, campaign):
    client.post(_url(campaign), _data(first_name="", last_name=""))
    assert Lead.objects.get().party.display_name == "Initech"


def test_phone_alone_is_enough_to_be_reached(client, campaign):
    data = _data(email="")
    del data["marketing_consent"]
    response = client.post(_url(campaign), data)
    assert "Thank you" in _text(response)
    assert Lead.objects.count() == 1


# Bad submissions ---------------------------------------------------------------------------


def _errors(response) -> dict:
    return response.context["form"].errors


def test_missing_names_and_company_is_refused(client, campaign):
    response = client.post(_url(campaign), _data(first_name="", last_name="", company_name=""))
    assert response.status_code == 200
    assert "company_name" in _errors(response)
    assert not Party.objects.exists()
    assert not Consent.objects.exists()


def test_half_a_name_is_refused(client, campaign):
    response = client.post(_url(campaign), _data(last_name=""))
    assert "last_name" in _errors(response)
    assert not Party.objects.exists()


def test_malformed_email_is_refused(client, campaign):
    response = client.post(_url(campaign), _data(email="vera@"))
    assert "not a valid e-mail address" in _errors(response)["email"][0]
    assert not Party.objects.exists()


def test_malformed_phone_is_refused(client, campaign):
    response = client.post(_url(campaign), _data(phone="12"))
    assert "phone" in _errors(response)
    assert not Party.objects.exists()


def test_email_or_phone_is_required(client, campaign):
    data = _data(email="", phone="")
    del data["marketing_consent"]
    response = client.post(_url(campaign), data)
    assert "email" in _errors(response)
    assert not Party.objects.exists()


def test_consent_without_email_is_refused(client, campaign):
    response = client.post(_url(campaign), _data(email=""))
    assert "email" in _errors(response)
    assert not Party.objects.exists()


def test_errors_keep_what_was_typed(client, campaign):
    page = _text(client.post(_url(campaign), _data(email="vera@", message="Call me")))
    assert 'value="vera@"' in page
    assert 'value="Visitor"' in page
    assert "Call me</textarea>" in page


def test_service_failure_saves_nothing(client, campaign, monkeypatch):
    """lead_capture is one transaction: a failure after the party was made leaves nothing."""

    def broken_consent(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services.party_services, "consent_record", broken_consent)
    with pytest.raises(RuntimeError):
        client.post(_url(campaign), _data())
    assert not Party.objects.exists()
    assert not Lead.objects.exists()


# Abuse -------------------------------------------------------------------------------------


def test_filled_honeypot_looks_like_success_but_saves_nothing(client, campaign):
    response = client.post(_url(campaign), _data(website="http://spam.example"))
    assert response.status_code == 200
    assert "Thank you" in _text(response)
    assert not Party.objects.exists()


def test_rate_limit_answers_429_and_saves_nothing(client, campaign, settings):
    settings.CRM_CAPTURE_RATE_LIMIT = 2
    for i in range(2):
        response = client.post(_url(campaign), _data(email=f"v{i}@initech.example"))
        assert response.status_code == 200
    response = client.post(_url(campaign), _data(email="v3@initech.example"))
    assert response.status_code == 429
    assert "Too many submissions" in _text(response)
    assert Lead.objects.count() == 2


def test_rate_limit_is_per_ip(client, campaign, settings):
    settings.CRM_CAPTURE_RATE_LIMIT = 1
    client.post(_url(campaign), _data(), REMOTE_ADDR="10.0.0.1")
    response = client.post(_url(campaign), _data(email="x@example.com"), REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 200
    assert Lead.objects.count() == 2


def test_rate_limit_counts_default_five_per_ip(client, campaign):
    codes = [
        client.post(_url(campaign), _data(email=f"v{i}@initech.example")).status_code
        for i in range(6)
    ]
    assert codes == [200] * 5 + [429]


def test_rate_limit_ends_with_its_window(client, campaign, settings, monkeypatch):
    settings.CRM_CAPTURE_RATE_LIMIT = 1
    settings.CRM_CAPTURE_RATE_WINDOW = 60
    client.post(_url(campaign), _data())
    assert client.post(_url(campaign), _data(email="b@example.com")).status_code == 429
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.post(_url(campaign), _data(email="c@example.com")).status_code == 200


def test_showing_the_form_is_not_rate_limited(client, campaign, settings):
    settings.CRM_CAPTURE_RATE_LIMIT = 1
    for _ in range(3):
        assert client.get(_url(campaign)).status_code == 200


def test_rate_limit_behind_a_proxy_uses_the_configured_client_header(client, campaign, settings):
    settings.CRM_CAPTURE_RATE_LIMIT = 1
    settings.CRM_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    proxy = {"REMOTE_ADDR": "10.0.0.254"}
    client.post(_url(campaign), _data(), HTTP_X_REAL_IP="203.0.113.7", **proxy)
    other = client.post(
        _url(campaign), _data(email="x@example.com"), HTTP_X_REAL_IP="203.0.113.8", **proxy
    )
    same = client.post(
        _url(campaign), _data(email="y@example.com"), HTTP_X_REAL_IP="203.0.113.7", **proxy
    )
    assert other.status_code == 200
    assert same.status_code == 429
