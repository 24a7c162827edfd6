"""The one rule of every edit page of a versioned record (crm.views.EditConflictMixin): when
someone else saved the record since the form was opened, the page keeps what the user typed,
names next to each field the value saved meanwhile, and carries the new version, so that
saving again after a review is a deliberate overwrite. The same for the four edit pages."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from opportunities.models import OpportunityStage
from tests.factories import make_account, make_contact, make_event, make_lead, make_opportunity

pytestmark = pytest.mark.django_db


@dataclass
class EditPage:
    name: str
    make: Callable  # (owner) -> the record
    url: str  # with {pk}
    data: Callable  # (record) -> a complete, valid POST of the form, without the version
    field: str  # the field both editors change
    theirs: str  # what the first editor saved
    mine: str  # what the second one typed
    shown: str  # how the page names their value
    saved: Callable  # (record) -> the field's value in the database


def _contact_data(contact):
    return {"first_name": "Ada", "last_name": "Lovelace", "job_title": ""}


def _lead_data(party):
    return {"first_name": "Lisa", "last_name": "Lead", "company_name": "Initech"}


def _opportunity_data(deal):
    return {
        "name": "Globex - 10 licences",
        "account": f"#{deal.account_id}",
        "amount": "2500",
        "currency": "EUR",
        "expected_close_date": "2027-01-31",
        "stage": OpportunityStage.objects.get(name="Qualification").pk,
        "type": "new_business",
    }


def _event_data(event):
    return {
        "kind": event.kind,
        "subject": event.subject,
        "starts_at": "2027-01-05T10:00",
        "ends_at": "2027-01-05T11:00",
        "priority": "2",
        "status": "scheduled",
    }


PAGES = [
    EditPage(
        "contact",
        lambda owner: make_contact(owner, first_name="Ada", last_name="Lovelace"),
        "/contacts/{pk}/edit/",
        _contact_data,
        "job_title",
        "Countess",
        "Analyst",
        "Saved meanwhile: Countess",
        lambda contact: type(contact).objects.get(pk=contact.pk).job_title,
    ),
    EditPage(
        "lead",
        lambda owner: (
            make_lead(owner, first_name="Lisa", last_name="Lead", company_name="Initech").party
        ),
        "/leads/{pk}/edit/",
        _lead_data,
        "job_title",
        "Head of IT",
        "Buyer",
        "Saved meanwhile: Head of IT",
        lambda party: type(party).objects.get(pk=party.pk).job_title,
    ),
    EditPage(
        "opportunity",
        lambda owner: make_opportunity(owner, account=make_account(owner, name="Globex")),
        "/opportunities/{pk}/edit/",
        _opportunity_data,
        "amount",
        "3000",
        "4000",
        "Saved meanwhile: 3000",
        lambda deal: str(int(type(deal).objects.get(pk=deal.pk).amount)),
    ),
    EditPage(
        "event",
        lambda owner: make_event(owner, subject="Kick-off"),
        "/events/{pk}/edit/",
        _event_data,
        "subject",
        "Kick-off, moved",
        "Kick-off with slides",
        "Saved meanwhile: Kick-off, moved",
        lambda event: type(event).objects.get(pk=event.pk).subject,
    ),
]


def _conflict(client, alice, page: EditPage):
    """Two tabs open the form at version 1; the first saves `theirs`, the second `mine`."""
    record = page.make(alice)
    client.force_login(alice)
    url = page.url.format(pk=record.pk)
    stale = page.data(record) | {"version": record.version}
    first = client.post(url, stale | {page.field: page.theirs})
    assert first.status_code == 302, first.content.decode()[:2000]
    typed = stale | {page.field: page.mine}
    return record, url, typed, client.post(url, typed)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_a_conflict_says_changed_by_someone_else_and_saves_nothing(client, alice, page):
    record, _url, _typed, response = _conflict(client, alice, page)
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    assert page.saved(record) == page.theirs


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_a_conflict_keeps_what_was_typed_and_names_what_was_saved(client, alice, page):
    record, _url, _typed, response = _conflict(client, alice, page)
    html = response.content.decode()
    assert f'value="{page.mine}"' in html
    assert page.shown in html
    assert f'name="version" value="{record.version + 1}"' in html


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_after_a_conflict_saving_again_is_a_deliberate_overwrite(client, alice, page):
    record, url, typed, _response = _conflict(client, alice, page)
    again = client.post(url, typed | {"version": record.version + 1})
    assert again.status_code == 302
    assert page.saved(record) == page.mine
