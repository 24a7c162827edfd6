"""Saved views: save a list's filters and sort under a name (private or shared with my
team), open one, make it my default (a list opened bare redirects to it), delete my own; a
view neither mine nor my team's is 404."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from crm import saved_views
from crm.models import SavedView, SavedViewDefault
from tests.factories import make_contact, make_opportunity
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def _save(client, list_key="contacts:list", name="Mine", query="scope=mine&sort=-updated", **extra):
    data = {"list_key": list_key, "name": name, "query": query, **extra}
    return client.post("/views/save/", data)


def test_view_query_keeps_filters_sort_and_scope_only():
    assert saved_views.view_query("scope=mine&after=abc&sort=name&name=&saved_view=3&tag=VIP") == (
        "scope=mine&sort=name&tag=VIP"
    )


def test_saving_the_current_view_opens_it(client, alice):
    client.force_login(alice)
    response = _save(client, query="scope=mine&sort=-updated&after=xyz")
    view = SavedView.objects.get()
    assert (view.owner, view.list_key, view.name, view.query, view.shared) == (
        alice,
        "contacts:list",
        "Mine",
        "scope=mine&sort=-updated",
        False,
    )
    assert response.status_code == 302
    assert response["Location"] == f"/contacts/?scope=mine&sort=-updated&saved_view={view.pk}"
    page = client.get(response["Location"]).text
    assert "View: Mine" in page
    assert 'data-testid="make-default"' in page


def test_saving_under_a_name_in_use_replaces_the_view(client, alice):
    client.force_login(alice)
    _save(client, name="Hot", query="sort=name")
    _save(client, name="hot", query="sort=-created", shared="on")
    view = SavedView.objects.get()
    assert (view.name, view.query, view.shared) == ("hot", "sort=-created", True)


def test_a_view_needs_a_name_and_keeps_what_was_typed(client, alice):
    client.force_login(alice)
    response = _save(client, name="   ", query="sort=-created")
    assert response.status_code == 200
    assert "Give the view a name." in response.text
    assert 'value="sort=-created"' in response.text  # the filters are kept for the retry
    assert not SavedView.objects.exists()
    response = _save(client, name="n" * 90)
    assert "at most 80 characters" in response.text
    assert 'value="' + "n" * 90 + '"' in response.text


def test_a_list_without_saved_views_is_404(client, alice):
    client.force_login(alice)
    assert _save(client, list_key="campaigns:list").status_code == 404
    assert _save(client, list_key="nonsense").status_code == 404
    assert not SavedView.objects.exists()


def test_the_bar_shows_my_views_and_my_teams_shared_ones(client, alice, bob, dan):
    SavedView.objects.create(owner=alice, list_key="contacts:list", name="Alice private")
    SavedView.objects.create(owner=bob, list_key="contacts:list", name="Bob shared", shared=True)
    SavedView.objects.create(owner=bob, list_key="contacts:list", name="Bob private")
    SavedView.objects.create(owner=dan, list_key="contacts:list", name="Dan shared", shared=True)
    SavedView.objects.create(owner=alice, list_key="accounts:list", name="Alice accounts")
    client.force_login(alice)
    page = client.get("/contacts/?scope=all").text
    assert "Alice private" in page
    assert "Bob shared" in page
    assert f"by {bob.get_full_name() or bob.username}" in page
    assert "Bob private" not in page
    assert "Dan shared" not in page
    assert "Alice accounts" not in page


def test_a_view_not_mine_nor_my_teams_is_404(client, alice, bob, dan):
    private = SavedView.objects.create(
        owner=bob, list_key="contacts:list", name="P", query="sort=name"
    )
    shared = SavedView.objects.create(
        owner=dan, list_key="contacts:list", name="S", shared=True, query="sort=name"
    )
    client.force_login(alice)
    for view in (private, shared):
        assert client.get(f"/views/{view.pk}/").status_code == 404
        assert client.post(f"/views/{view.pk}/default/").status_code == 404
        assert client.post(f"/views/{view.pk}/delete/").status_code == 404
    assert client.get("/views/987654/").status_code == 404
    assert SavedView.objects.count() == 2


def test_only_its_owner_deletes_a_shared_view(client, alice, bob):
    view = SavedView.objects.create(owner=bob, list_key="contacts:list", name="S", shared=True)
    client.force_login(alice)
    assert client.get(f"/views/{view.pk}/").status_code == 302
    assert client.post(f"/views/{view.pk}/delete/").status_code == 403
    assert "Delete “S”" not in client.get(f"/contacts/?saved_view={view.pk}").text
    client.force_login(bob)
    response = client.post(f"/views/{view.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == "/contacts/?saved_view=none"
    assert not SavedView.objects.exists()


def test_my_default_view_applies_when_the_list_opens_bare(client, alice):
    view = SavedView.objects.create(
        owner=alice, list_key="contacts:list", name="M", query="scope=mine"
    )
    client.force_login(alice)
    assert client.get("/contacts/").status_code == 200  # no default yet
    response = client.post(f"/views/{view.pk}/default/")
    assert response["Location"] == f"/contacts/?scope=mine&saved_view={view.pk}"
    assert SavedViewDefault.objects.get(user=alice).view == view
    response = client.get("/contacts/")
    assert response.status_code == 302
    assert response["Location"] == f"/contacts/?scope=mine&saved_view={view.pk}"
    # Any query string is what the user asked for; "none" opens the list as it is.
    assert client.get("/contacts/?scope=all").status_code == 200
    assert client.get("/contacts/?saved_view=none").status_code == 200
    # Another list keeps opening as it is.
    assert client.get("/accounts/").status_code == 200
    page = client.get(f"/contacts/?scope=mine&saved_view={view.pk}").text
    assert "my default" in page and "Stop opening with it" in page
    client.post(f"/views/{view.pk}/default/", {"clear": "1"})
    assert client.get("/contacts/").status_code == 200


def test_a_teams_shared_view_can_be_my_default_until_it_is_unshared(client, alice, bob):
    view = SavedView.objects.create(
        owner=bob, list_key="opportunities:list", name="Closing", query="sort=close", shared=True
    )
    client.force_login(alice)
    client.post(f"/views/{view.pk}/default/")
    assert (
        client.get("/opportunities/")["Location"]
        == f"/opportunities/?sort=close&saved_view={view.pk}"
    )
    view.shared = False
    view.save()
    assert client.get("/opportunities/").status_code == 200
    assert SavedViewDefault.objects.get(user=alice).list_key == "opportunities:list"


def test_defaults_are_per_user(client, alice, bob):
    view = SavedView.objects.create(
        owner=alice, list_key="contacts:list", name="M", query="scope=mine", shared=True
    )
    client.force_login(alice)
    client.post(f"/views/{view.pk}/default/")
    client.force_login(bob)
    assert client.get("/contacts/").status_code == 200


def test_a_saved_tag_filter_is_applied(client, alice):
    from parties.services.tags import tag_add

    tagged, _other = make_contact(alice), make_contact(alice)
    tag_add(actor=alice, record=tagged, tag="VIP")
    client.force_login(alice)
    response = _save(client, name="VIPs", query="tag=VIP&scope=all")
    items = client.get(response["Location"]).context["page"].items
    assert [party.pk for party in items] == [tagged.pk]


@pytest.mark.parametrize("list_key", sorted(saved_views.LISTS))
def test_every_list_with_filters_shows_the_bar(client, admin_user, list_key):
    client.force_login(admin_user)
    response = client.get(reverse(list_key), {"saved_view": "none"})
    assert response.status_code == 200
    assert response.context["filterset"] is not None
    assert 'data-testid="saved-views"' in response.text


def test_a_list_without_filters_shows_no_bar(client, admin_user):
    client.force_login(admin_user)
    assert 'data-testid="saved-views"' not in client.get("/campaigns/").text


def test_the_bar_costs_one_query_however_many_views(client, alice, bob):
    make_opportunity(alice)
    client.force_login(alice)
    url = "/opportunities/?scope=all"
    count_queries(client, url)
    before = count_queries(client, url)
    for i in range(15):
        SavedView.objects.create(owner=alice, list_key="opportunities:list", name=f"A{i}")
        SavedView.objects.create(
            owner=bob, list_key="opportunities:list", name=f"B{i}", shared=True
        )
    assert count_queries(client, url) == before
    # Opened bare, the middleware's read of the bar is the bar's: the same count.
    assert count_queries(client, "/opportunities/") == before


def test_the_middleware_leaves_other_pages_alone(alice):
    middleware = saved_views.DefaultViewMiddleware(lambda request: None)
    request = RequestFactory().get("/contacts/")
    request.user = alice
    request.resolver_match = None
    assert middleware.process_view(request, None, (), {}) is None
