"""Lead sources: everyone with the view permission reads the list and its lead counts;
administrators add and edit."""

import pytest

from parties.models import LeadSource
from tests.factories import make_lead

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_list_shows_the_seeded_sources(client, alice):
    client.force_login(alice)
    page = _text(client.get("/lead-sources/"))
    assert "Web site" in page and "Trade show" in page


def test_list_counts_leads_per_source(client, alice, dan):
    web = LeadSource.objects.get(code="web-site")
    fair = LeadSource.objects.get(code="trade-show")
    make_lead(alice, source=web)
    make_lead(dan, source=web)  # counted although alice may not see it: a count names no one
    make_lead(alice, source=fair)
    make_lead(alice)  # no source
    client.force_login(alice)
    response = client.get("/lead-sources/")
    counts = {s.code: s.lead_count for s in response.context["lead_sources"]}
    assert counts["web-site"] == 2
    assert counts["trade-show"] == 1
    assert counts["cold-call"] == 0
    assert 'data-lead-count="web-site">2<' in _text(response)


def test_list_is_read_only_for_non_administrators(client, mark):
    client.force_login(mark)
    page = _text(client.get("/lead-sources/"))
    assert "/lead-sources/new/" not in page
    assert "/edit/" not in page


def test_list_offers_adding_and_editing_to_administrators(client, admin_user):
    client.force_login(admin_user)
    page = _text(client.get("/lead-sources/"))
    web = LeadSource.objects.get(code="web-site")
    assert "/lead-sources/new/" in page
    assert f"/lead-sources/{web.pk}/edit/" in page


def test_customer_service_may_not_see_lead_sources(client, erin):
    client.force_login(erin)
    assert client.get("/lead-sources/").status_code == 403


def test_non_administrators_may_not_add_or_edit(client, mark):
    web = LeadSource.objects.get(code="web-site")
    client.force_login(mark)
    assert client.get("/lead-sources/new/").status_code == 403
    response = client.post("/lead-sources/new/", {"name": "Fax", "code": "fax", "position": 1})
    assert response.status_code == 403
    response = client.post(
        f"/lead-sources/{web.pk}/edit/", {"name": "Web", "code": "web", "position": 1}
    )
    assert response.status_code == 403
    assert not LeadSource.objects.filter(code__in=["fax", "web"]).exists()


def test_administrator_adds_a_source(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/lead-sources/new/", {"name": "Podcast", "code": "podcast", "active": "on", "position": 20}
    )
    assert response.status_code == 302
    source = LeadSource.objects.get(code="podcast")
    assert (source.name, source.active, source.position) == ("Podcast", True, 20)


def test_administrator_edits_a_source(client, admin_user):
    source = LeadSource.objects.get(code="other")
    client.force_login(admin_user)
    response = client.post(
        f"/lead-sources/{source.pk}/edit/",
        {"name": "Other sources", "code": "other", "position": 99},
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.name, source.active, source.position) == ("Other sources", False, 99)


def test_edit_form_shows_the_saved_values(client, admin_user):
    source = LeadSource.objects.get(code="web-site")
    client.force_login(admin_user)
    page = _text(client.get(f"/lead-sources/{source.pk}/edit/"))
    assert 'value="Web site"' in page and 'value="web-site"' in page


def test_duplicate_code_is_refused_and_saves_nothing(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/lead-sources/new/", {"name": "Website again", "code": "web-site", "position": 1}
    )
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert 'value="Website again"' in _text(response)
    assert not LeadSource.objects.filter(name="Website again").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "code": "x", "position": 1}, "name"),
        ({"name": "X", "code": "not a slug!", "position": 1}, "code"),
        ({"name": "X", "code": "x", "position": -1}, "position"),
        ({"name": "X", "code": "x", "position": "first"}, "position"),
    ],
)
def test_bad_input_shows_a_field_error(client, admin_user, data, field):
    client.force_login(admin_user)
    before = LeadSource.objects.count()
    response = client.post("/lead-sources/new/", data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert LeadSource.objects.count() == before


def test_unknown_source_is_404(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/lead-sources/987654/edit/").status_code == 404


def test_list_queries_do_not_grow_with_sources_or_leads(client, alice, django_assert_num_queries):
    client.force_login(alice)
    # Session, user, the user's model permissions (2), the user's groups, the list.
    with django_assert_num_queries(6):
        client.get("/lead-sources/")
    for i in range(20):
        source = LeadSource.objects.create(name=f"Source {i}", code=f"source-{i}", position=50)
        make_lead(alice, source=source)
    with django_assert_num_queries(6):
        response = client.get("/lead-sources/")
    assert len(response.context["lead_sources"]) == 34
