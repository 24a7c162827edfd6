"""@username in a note tells that user, if they may see the record (nobody else is told)."""

import pytest
from django.urls import reverse

from crm.models import Notification
from notes.services import note_add
from tests.factories import make_contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(alice):
    return make_contact(alice, first_name="Hank", last_name="Scorpio")


def test_a_mentioned_user_who_may_see_the_record_is_notified(alice, bob, contact):
    note = note_add(actor=alice, record=contact, body="@bob please call him back")[0]
    notification = Notification.objects.get(recipient=bob)
    assert notification.kind == "mention" and notification.actor == alice
    assert "Hank Scorpio" in notification.text
    assert notification.url == f"/contacts/{contact.pk}/#note-{note.pk}"


def test_a_mentioned_user_who_may_not_see_the_record_is_not_notified(alice, dan, contact):
    note_add(actor=alice, record=contact, body="@dan have a look")
    assert not Notification.objects.filter(recipient=dan).exists()


def test_mentioning_oneself_or_nobody_notifies_nobody(alice, contact):
    note_add(actor=alice, record=contact, body="@alice remember, and @nosuchuser too")
    assert not Notification.objects.exists()


def test_an_edit_notifies_only_who_is_newly_mentioned(client_for, alice, bob, carol, contact):
    note = note_add(actor=alice, record=contact, body="@bob first")[0]
    client_for(alice).post(
        reverse("notes:edit", args=[note.pk]),
        {"body": "@bob first, and @carol", "version": note.version},
    )
    assert Notification.objects.filter(recipient=bob).count() == 1
    assert Notification.objects.filter(recipient=carol).count() == 1
