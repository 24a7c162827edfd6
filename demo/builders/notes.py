"""The demo's notes and files, on alice's records: on her first contact a pinned note with
the agreed terms, a call summary mentioning bob (he gets the notification), the signed offer
as a small PDF and the meeting minutes as a text file; a note on her first open deal. Made
through notes.services, so the files are checked and stored as an upload would be. Draws
nothing from the generator (the builders before it are unchanged by it)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from demo.builders.common import Demo
from notes.services import note_add, note_set_pinned
from opportunities.models import Opportunity
from parties.models import Party, RoleType
from parties.selectors import with_role

# A one-page PDF ("Offer accepted"), small enough to read in the source.
OFFER_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 18 Tf 40 70 Td (Offer accepted) Tj ET\nendstream\n"
    b"endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
MINUTES = (
    b"Kick-off meeting\n"
    b"- roll-out in two phases, first site in spring\n"
    b"- training for 12 users\n"
    b"- next call in two weeks\n"
)


def build(demo: Demo) -> None:
    alice, bob = demo.users["alice"], demo.users["bob"]
    contact = with_role(Party.objects.filter(owner=alice), RoleType.CONTACT).order_by("pk").first()
    if contact is not None:
        terms, _ = note_add(
            actor=alice,
            record=contact,
            body=(
                "**Agreed terms**\n\n- 12 % discount on the first year\n- payment in 30 days\n"
                "- renewal talk in *March*"
            ),
        )
        note_set_pinned(actor=alice, note=terms, pinned=True)
        note_add(
            actor=alice,
            record=contact,
            body=f"Call: wants the offer in writing. @{bob.username} please send the case study.",
            upload=SimpleUploadedFile("signed-offer.pdf", OFFER_PDF),
        )
        note_add(
            actor=alice, record=contact, upload=SimpleUploadedFile("kick-off-minutes.txt", MINUTES)
        )
    deal = Opportunity.objects.filter(owner=alice, closed_at__isnull=True).order_by("pk").first()
    if deal is not None:
        note_add(
            actor=alice,
            record=deal,
            body="Procurement needs the security questionnaire before the proposal.",
        )
