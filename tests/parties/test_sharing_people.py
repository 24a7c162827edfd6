"""The Sharing page names people as colleagues know them (full name and team), suggests them
as the user types, and refuses sharing with oneself or what someone has next to the field."""

import re

import pytest
from django.contrib.auth.models import User

from crm import access
from crm.models import AccessChange
from parties.models import PartyUserObjectPermission
from tests.helpers import field_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(alice, bob, dan):
    User.objects.filter(pk=alice.pk).update(first_name="Alice", last_name="Anderson")
    User.objects.filter(pk=bob.pk).update(first_name="Bob", last_name="Brown")
    User.objects.filter(pk=dan.pk).update(first_name="Dan", last_name="Diaz")


def _url(contact) -> str:
    return f"/contacts/{contact.pk}/sharing/"


def test_people_are_typed_and_suggested_by_full_name_and_team(
    client_for, named, alice, bob, dan, contact
):
    client = client_for(alice)
    page = client.get(_url(contact)).content.decode()
    # The suggestions leave out oneself (alice owns the contact).
    field = (
        r'<input type="text" name="user"[^>]*hx-get="/people/lookup/\?field=user'
        rf'&amp;exclude={alice.pk}"'
    )
    assert re.search(field, page)
    options = client.get("/people/lookup/", {"user": "b"}).content.decode()
    assert options.strip() == ""  # one letter suggests nobody
    options = client.get("/people/lookup/", {"user": "bo"}).content.decode()
    assert '<option value="Bob Brown (bob)">Bob Brown · Team East</option>' in options
    options = client.get("/people/lookup/", {"user": "dia"}).content.decode()
    assert '<option value="Dan Diaz (dan)">Dan Diaz · Team West</option>' in options


def test_who_already_may_change_is_left_out_of_the_suggestions(
    client_for, named, alice, bob, dan, contact
):
    access.share(obj=contact, action="change", actor=alice, user=dan)
    access.share(obj=contact, action="view", actor=alice, user=bob)
    client = client_for(alice)
    page = client.get(_url(contact)).content.decode()
    (exclude,) = re.findall(r'hx-get="/people/lookup/\?field=user&amp;exclude=([\d%C,]+)"', page)
    assert sorted(int(pk) for pk in exclude.replace("%2C", ",").split(",")) == sorted(
        [alice.pk, dan.pk]
    )  # bob holds only view: he may still be given change
    options = client.get(
        "/people/lookup/", {"field": "user", "user": "d", "exclude": f"{alice.pk},{dan.pk}"}
    )
    assert "Dan Diaz" not in options.content.decode()
    options = client.get("/people/lookup/", {"field": "user", "user": "da", "exclude": "x,,-1"})
    assert "Dan Diaz (dan)" in options.content.decode()  # junk in exclude is ignored


def test_who_already_may_change_is_refused_next_to_the_field(
    client_for, named, alice, dan, contact
):
    access.share(obj=contact, action="change", actor=alice, user=dan)
    before = AccessChange.objects.count()
    response = client_for(alice).post(
        _url(contact), {"operation": "share", "access": "change", "user": "Dan Diaz (dan)"}
    )
    assert field_error(response, "user") == "Dan Diaz · Team West already has this access."
    assert 'value="Dan Diaz (dan)"' in response.content.decode()
    assert AccessChange.objects.count() == before


def test_sharing_with_oneself_is_refused_next_to_the_field(client_for, named, alice, contact):
    before = AccessChange.objects.count()
    response = client_for(alice).post(
        _url(contact), {"operation": "share", "access": "view", "user": alice.pk}
    )
    assert response.status_code == 200
    assert field_error(response, "user") == "You cannot share a record with yourself."
    assert "Access granted" not in response.content.decode()
    assert AccessChange.objects.count() == before


def test_sharing_what_someone_already_has_is_refused(client_for, named, alice, dan, contact):
    access.share(obj=contact, action="view", actor=alice, user=dan)
    before = AccessChange.objects.count()
    response = client_for(alice).post(
        _url(contact), {"operation": "share", "access": "view", "user": dan.pk}
    )
    assert field_error(response, "user") == "Dan Diaz · Team West already has this access."
    assert AccessChange.objects.count() == before


def test_view_can_be_raised_to_change(client_for, named, alice, dan, contact):
    access.share(obj=contact, action="view", actor=alice, user=dan)
    response = client_for(alice).post(
        _url(contact), {"operation": "share", "access": "change", "user": dan.pk}, follow=True
    )
    assert "Access granted to Dan Diaz · Team West." in response.content.decode()
    assert PartyUserObjectPermission.objects.filter(
        user=dan, content_object=contact, permission__codename="change_party"
    ).exists()
