"""The demo's notes: a pinned note, a note with a PDF that mentions bob, a text file, on
alice's first contact; a note on her first open deal."""

import random

import pytest

from crm.models import Notification
from demo.builders import notes, users
from demo.builders.common import SEED, Demo
from notes.models import Attachment, Note
from notes.selectors import notes_of
from tests.factories import make_contact, make_opportunity

pytestmark = pytest.mark.django_db


def test_the_demo_notes_are_on_alices_records(role_groups):
    demo = Demo(random.Random(SEED))
    users.build(demo)
    alice = demo.users["alice"]
    contact = make_contact(alice, first_name="Hank", last_name="Scorpio")
    deal = make_opportunity(alice)
    notes.build(demo)
    on_contact = notes_of(contact)
    assert on_contact.count() == 2 and on_contact.filter(pinned=True).count() == 1
    assert {a.original_name: a.mime_type for a in Attachment.objects.all()} == {
        "signed-offer.pdf": "application/pdf",
        "kick-off-minutes.txt": "text/plain",
    }
    assert Notification.objects.filter(recipient=demo.users["bob"], kind="mention").exists()
    assert Note.objects.filter(body__startswith="Procurement").get().record == deal
