"""Once the event and case pages render panels (this patch), the notes panel is on them: notes
and files on an event, files only on a case (its notes are its own)."""

import pytest

from notes.services import note_add
from tests.factories import make_customer, make_event, make_team
from tests.notes.files import PDF, upload
from tests.support import make_case, make_levels, make_queue

pytestmark = pytest.mark.django_db


def test_event_and_case_pages_show_the_panel(client_for, alice, erin):
    event = make_event(alice)
    note_add(actor=alice, record=event, body="Bring the contract")
    page = client_for(alice).get(f"/events/{event.pk}/")
    assert "Bring the contract" in page.content.decode()
    make_queue(make_team("Support"))
    make_levels()
    case = make_case(erin, make_customer(alice))
    note_add(actor=erin, record=case, upload=upload("photo.pdf", PDF))
    page = client_for(erin).get(f"/cases/{case.pk}/")
    html = page.content.decode()
    assert 'data-testid="notes-panel"' in html and "photo.pdf" in html
    assert 'name="body"' not in html.split('data-testid="notes-panel"')[1].split("</section>")[0]
