"""Bad input through a party's sharing page (share, revoke, reassign): a clear error next to
the field, nothing changed, 403 or 404 for those who may not."""

import pytest

from crm.models import AccessChange
from parties.models import PartyUserObjectPermission
from tests.helpers import field_error

pytestmark = pytest.mark.django_db


# Unknown ids -------------------------------------------------------------------------------


def test_share_with_huge_user_id_shows_field_error(client_for, alice, contact):
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/sharing/",
        {"operation": "share", "access": "view", "user": "99999999999999999999"},
    )
    assert response.status_code == 200
    assert field_error(response, "user").startswith("No colleague is called “99999999999999999999”")


# Sharing -----------------------------------------------------------------------------------


def test_share_without_user_or_team_shows_error(client_for, alice, contact):
    before = AccessChange.objects.count()
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/sharing/", {"operation": "share", "access": "view"}
    )
    assert response.status_code == 200
    assert "Choose either a user or a team." in response.content.decode()
    assert AccessChange.objects.count() == before


def test_share_with_both_user_and_team_shows_error(client_for, alice, dan, team_west, contact):
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/sharing/",
        {"operation": "share", "access": "view", "user": dan.pk, "team": team_west.pk},
    )
    assert "Choose either a user or a team." in response.content.decode()
    assert not PartyUserObjectPermission.objects.filter(user=dan).exists()


def test_share_with_unknown_user_shows_field_error(client_for, alice, contact):
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/sharing/",
        {"operation": "share", "access": "view", "user": "999999"},
    )
    assert field_error(response, "user").startswith("No colleague is called “999999”")


def test_share_with_tampered_access_shows_field_error(client_for, alice, dan, contact):
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/sharing/",
        {"operation": "share", "access": "delete", "user": dan.pk},
    )
    assert field_error(response, "access").startswith("Select a valid choice.")
    assert not PartyUserObjectPermission.objects.filter(user=dan).exists()


def test_share_by_read_only_team_mate_is_forbidden(client_for, alice, bob, dan, contact):
    response = client_for(bob).post(
        f"/contacts/{contact.pk}/sharing/",
        {"operation": "share", "access": "view", "user": dan.pk},
    )
    assert response.status_code == 403
    assert not PartyUserObjectPermission.objects.filter(user=dan).exists()


def test_reassign_by_team_mate_is_forbidden(client_for, alice, bob, contact):
    response = client_for(bob).post(
        f"/contacts/{contact.pk}/sharing/", {"operation": "reassign", "owner": bob.pk}
    )
    assert response.status_code == 403
    contact.refresh_from_db()
    assert contact.owner == alice


def test_reassign_by_other_team_is_not_found(client_for, alice, dan, contact):
    response = client_for(dan).post(
        f"/contacts/{contact.pk}/sharing/", {"operation": "reassign", "owner": dan.pk}
    )
    assert response.status_code == 404
    contact.refresh_from_db()
    assert contact.owner == alice


def test_reassign_by_manager_hands_record_over(client_for, alice, bob, carol, contact):
    response = client_for(carol).post(
        f"/contacts/{contact.pk}/sharing/", {"operation": "reassign", "owner": bob.pk}
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.owner == bob


def test_revoke_with_incomplete_request_shows_error(client_for, alice, contact):
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/sharing/", {"operation": "revoke", "access": "view"}, follow=True
    )
    assert "Nothing was revoked: the request was incomplete." in response.content.decode()


def test_revoking_owner_shows_error_and_keeps_access(client_for, alice, contact):
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/sharing/",
        {"operation": "revoke", "access": "view", "user": alice.pk},
        follow=True,
    )
    assert "The owner&#x27;s access cannot be revoked" in response.content.decode()
    assert PartyUserObjectPermission.objects.filter(user=alice, content_object=contact).count() == 4
