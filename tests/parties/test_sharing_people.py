"""The Sharing page names people as colleagues know them (full name and team), offers only
people who do not have the access yet, and refuses sharing with oneself next to the field."""

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


def _user_options(response) -> dict[str, str]:
    select = re.search(r'<select name="user".*?</select>', response.content.decode(), re.S)
    assert select, "no user choice on the page"
    return {
        value: label.strip()
        for value, label in re.findall(r'<option value="(\d*)"[^>]*>(.*?)</option>', select[0])
        if value
    }


def _url(contact) -> str:
    return f"/contacts/{contact.pk}/sharing/"


def test_people_are_offered_by_full_name_and_team(client_for, named, alice, bob, dan, contact):
    options = _user_options(client_for(alice).get(_url(contact)))
    assert options[str(bob.pk)] == "Bob Brown · Team East"
    assert options[str(dan.pk)] == "Dan Diaz · Team West"


def test_the_owner_and_who_already_may_change_are_not_offered(
    client_for, named, alice, bob, dan, erin, contact
):
    access.share(obj=contact, action="change", actor=alice, user=dan)
    access.share(obj=contact, action="view", actor=alice, user=erin)
    response = client_for(alice).get(_url(contact))
    options = _user_options(response)
    assert str(alice.pk) not in options  # the owner, and the one sharing
    assert str(dan.pk) not in options  # already may change
    assert str(erin.pk) in options  # may view: may still be given change
    assert "Dan Diaz · Team West" in response.content.decode()  # in the access table


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
