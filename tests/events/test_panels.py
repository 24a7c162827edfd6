"""The activities panel on party, lead and opportunity pages: quick actions pre-filled with
the record, the timeline of the events the viewer may see (newest first, upcoming and overdue
marked, at most 20 with a link to all), restricted related records, constant query counts."""

import datetime
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from crm import access
from crm.timezones import user_time_zone_set
from events.panels import PANEL_SIZE, record_activities
from parties.services import party_share
from tests.factories import (
    make_account,
    make_contact,
    make_customer,
    make_event,
    make_lead,
    make_opportunity,
)
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db


def _at(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.now().date() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def _text(response) -> str:
    return response.content.decode()


def _subjects(response) -> list[str]:
    return [e.subject for e in response.context["activities"].rows]


def _quick_action(page: str, testid: str) -> tuple[str, dict[str, list[str]]]:
    match = re.search(rf'href="([^"]+)" data-testid="{testid}"', page)
    assert match, testid
    url = urlsplit(html.unescape(match.group(1)))
    return url.path, parse_qs(url.query)


# Quick actions ------------------------------------------------------------------------------


def _assert_quick_actions(page: str, param: str, pk: int, back: str) -> None:
    expected = {
        "log-call": {"kind": ["call"], "log": ["1"], param: [str(pk)], "next": [back]},
        "schedule-meeting": {"kind": ["meeting"], param: [str(pk)], "next": [back]},
        "add-task": {"kind": ["task"], param: [str(pk)], "next": [back]},
    }
    for testid, query in expected.items():
        assert _quick_action(page, testid) == ("/events/new/", query), testid
    for label in ("Log a call", "Schedule a meeting", "Add a task"):
        assert label in page


def test_contact_page_quick_actions_are_prefilled_with_the_contact(client, alice):
    contact = make_contact(alice)
    client.force_login(alice)
    page = _text(client.get(f"/contacts/{contact.pk}/"))
    _assert_quick_actions(page, "party", contact.pk, f"/contacts/{contact.pk}/")


def test_account_page_quick_actions_are_prefilled_with_the_account(client, alice):
    account = make_account(alice)
    client.force_login(alice)
    page = _text(client.get(f"/accounts/{account.pk}/"))
    _assert_quick_actions(page, "party", account.pk, f"/accounts/{account.pk}/")


def test_customer_360_page_quick_actions_for_customer_service(client, alice, erin):
    customer = make_customer(alice)
    client.force_login(erin)
    page = _text(client.get(f"/customers/{customer.pk}/"))
    _assert_quick_actions(page, "party", customer.pk, f"/customers/{customer.pk}/")


def test_lead_page_quick_actions_name_the_lead(client, alice):
    lead = make_lead(alice)
    client.force_login(alice)
    page = _text(client.get(f"/leads/{lead.pk}/"))
    _assert_quick_actions(page, "lead", lead.pk, f"/leads/{lead.pk}/")


def test_opportunity_page_quick_actions_name_the_opportunity(client, alice):
    deal = make_opportunity(alice)
    client.force_login(alice)
    page = _text(client.get(f"/opportunities/{deal.pk}/"))
    _assert_quick_actions(page, "opportunity", deal.pk, f"/opportunities/{deal.pk}/")


def test_no_quick_actions_without_the_right_to_add_events(client, alice):
    from django.contrib.auth.models import Permission

    contact = make_contact(alice)
    for group in alice.groups.all():
        group.permissions.remove(Permission.objects.get(codename="add_event"))
    client.force_login(alice)
    page = _text(client.get(f"/contacts/{contact.pk}/"))
    assert 'data-testid="activities"' in page
    assert "Log a call" not in page and "/events/new/" not in page


# Timeline -----------------------------------------------------------------------------------


def test_timeline_lists_events_about_the_contact_newest_first_with_upcoming_on_top(client, alice):
    contact = make_contact(alice)
    other = make_contact(alice)
    make_event(
        alice,
        kind="call",
        subject="Intro call",
        starts_at=_at(-3),
        party=contact,
        status="completed",
    )
    make_event(alice, subject="Demo next week", starts_at=_at(7), party=contact)
    make_event(alice, kind="task", subject="Send the quote", starts_at=_at(-1), party=contact)
    make_event(alice, subject="With someone else", starts_at=_at(1), party=other)
    make_event(
        alice, subject="Lunch with both", starts_at=_at(2), participant_parties=[contact, other]
    )
    client.force_login(alice)
    response = client.get(f"/contacts/{contact.pk}/")
    assert _subjects(response) == [
        "Demo next week",
        "Lunch with both",
        "Send the quote",
        "Intro call",
    ]
    rows = {e.subject: e for e in response.context["activities"].rows}
    assert rows["Demo next week"].is_upcoming and not rows["Demo next week"].is_overdue
    assert rows["Send the quote"].is_overdue and not rows["Send the quote"].is_upcoming
    assert not rows["Intro call"].is_upcoming and not rows["Intro call"].is_overdue
    page = _text(response)
    assert page.count(">Upcoming</span>") == 2 and page.count(">Overdue</span>") == 1
    demo = rows["Demo next week"]
    assert f'href="/events/{demo.pk}/"' in page
    assert "With someone else" not in page


def test_a_task_shows_its_date_and_a_timed_event_its_local_time(client, alice):
    contact = make_contact(alice)
    nine_berlin = datetime.datetime(2027, 1, 12, 8, 0, tzinfo=datetime.UTC)
    make_event(alice, subject="Berlin meeting", starts_at=nine_berlin, party=contact)
    make_event(
        alice,
        kind="task",
        subject="Due on the 14th",
        starts_at=datetime.datetime(2027, 1, 14, tzinfo=datetime.UTC),
        party=contact,
    )
    user_time_zone_set(user=alice, name="Europe/Berlin")
    client.force_login(User.objects.get(pk=alice.pk))  # the zone is read at sign-in
    page = _text(client.get(f"/contacts/{contact.pk}/"))
    assert "01/12/2027 9 a.m." in page
    user_time_zone_set(user=alice, name="America/Los_Angeles")
    client.force_login(User.objects.get(pk=alice.pk))
    page = _text(client.get(f"/contacts/{contact.pk}/"))
    assert "01/12/2027 midnight" in page  # 08:00 UTC is 00:00 in Los Angeles
    assert "01/14/2027" in page and "01/13/2027" not in page  # a date in every zone


def test_outsider_sees_no_rows_about_alices_private_events(client, alice, dan):
    contact = make_contact(alice)
    party_share(actor=alice, party=contact, action="view", user=dan)
    make_event(alice, kind="call", subject="Private call", starts_at=_at(-2), party=contact)
    client.force_login(dan)
    response = client.get(f"/contacts/{contact.pk}/")
    assert response.status_code == 200
    assert _subjects(response) == []
    page = _text(response)
    assert "Private call" not in page and "No activities that you may see." in page


def test_manager_sees_the_team_events_and_teammate_only_their_own(client, alice, bob, carol):
    contact = make_contact(alice)  # team East may read it
    make_event(alice, kind="call", subject="Call by Alice", starts_at=_at(-2), party=contact)
    make_event(bob, kind="call", subject="Call by Bob", starts_at=_at(-1), party=contact)
    assert [e.subject for e in record_activities(carol, party=contact).rows] == [
        "Call by Bob",
        "Call by Alice",
    ]
    assert [e.subject for e in record_activities(bob, party=contact).rows] == ["Call by Bob"]
    client.force_login(carol)
    page = _text(client.get(f"/contacts/{contact.pk}/"))
    assert "Call by Alice" in page and "Call by Bob" in page


def test_a_user_participant_sees_the_event(alice, bob):
    contact = make_contact(alice)
    make_event(alice, subject="Workshop", party=contact, participant_users=[bob])
    assert [e.subject for e in record_activities(bob, party=contact).rows] == ["Workshop"]


def test_related_records_the_viewer_may_not_see_are_restricted(client, alice, dan):
    contact = make_contact(alice, first_name="Shared", last_name="Person")
    party_share(actor=alice, party=contact, action="view", user=dan)
    secret_deal = make_opportunity(alice, name="Secret deal")
    event = make_event(
        alice, subject="Pricing call", kind="call", party=contact, opportunity=secret_deal
    )
    access.share(obj=event, action="view", actor=alice, user=dan)
    client.force_login(dan)
    page = _text(client.get(f"/contacts/{contact.pk}/"))
    assert "Pricing call" in page
    assert "Secret deal" not in page and f"/opportunities/{secret_deal.pk}/" not in page
    assert 'Opportunity: <span class="restricted">restricted</span>' in page
    client.force_login(alice)
    page = _text(client.get(f"/contacts/{contact.pk}/"))
    assert f'Opportunity: <a href="/opportunities/{secret_deal.pk}/">Secret deal</a>' in page


def test_opportunity_timeline_restricts_a_party_the_viewer_may_not_see(client, alice, dan):
    deal = make_opportunity(dan, name="Dan's deal")
    access.share(obj=deal, action="view", actor=dan, user=alice)
    hidden = make_contact(alice, first_name="Hidden", last_name="Contact")
    known = make_contact(dan, first_name="Known", last_name="Contact")
    shared = make_event(alice, subject="Shared visit", party=hidden, opportunity=deal)
    access.share(obj=shared, action="view", actor=alice, user=dan)
    make_event(alice, subject="Own visit of Alice", party=hidden, opportunity=deal)
    make_event(dan, subject="Known visit", party=known, opportunity=deal, starts_at=_at(4))
    client.force_login(dan)
    response = client.get(f"/opportunities/{deal.pk}/")
    assert _subjects(response) == ["Known visit", "Shared visit"]
    page = _text(response)
    assert "Hidden Contact" not in page and f"/contacts/{hidden.pk}/" not in page
    assert 'About: <span class="restricted">restricted</span>' in page
    assert f'About: <a href="/contacts/{known.pk}/">Known Contact</a>' in page
    assert "Own visit of Alice" not in page


def test_lead_page_shows_events_about_the_lead_and_about_its_party(client, alice):
    lead = make_lead(alice, first_name="Ann", last_name="Lee")
    make_event(alice, kind="call", subject="Logged on the lead", lead=lead, starts_at=_at(-1))
    make_event(alice, subject="About the party", party=lead.party, starts_at=_at(-2))
    client.force_login(alice)
    response = client.get(f"/leads/{lead.pk}/")
    assert _subjects(response) == ["Logged on the lead", "About the party"]
    assert "Lead:" not in _text(response)  # the page's own record is not repeated


@pytest.mark.parametrize("count, more", [(PANEL_SIZE, False), (PANEL_SIZE + 1, True)])
def test_all_activities_link_when_more_than_twenty(client, alice, count, more):
    contact = make_contact(alice)
    for i in range(count):
        make_event(alice, kind="call", subject=f"Call {i:02d}", starts_at=_at(-i), party=contact)
    client.force_login(alice)
    response = client.get(f"/contacts/{contact.pk}/")
    panel = response.context["activities"]
    assert len(panel.rows) == PANEL_SIZE and panel.has_more is more
    assert panel.rows[0].subject == "Call 00"
    link = f'href="/events/?party={contact.pk}">All activities'
    assert (link in _text(response)) is more


def test_all_activities_link_of_an_opportunity(alice):
    deal = make_opportunity(alice)
    for i in range(PANEL_SIZE + 1):
        make_event(alice, kind="call", subject=f"Call {i}", starts_at=_at(-i), opportunity=deal)
    panel = record_activities(alice, opportunity=deal)
    assert panel.has_more and panel.all_url == f"/events/?opportunity={deal.pk}"


# Query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["contacts", "accounts"])
def test_party_page_queries_do_not_grow_with_events(client, alice, bob, kind):
    party = make_contact(alice) if kind == "contacts" else make_account(alice)
    deal = make_opportunity(alice)
    about = {"party": party, "opportunity": deal, "participant_users": [bob]}
    make_event(alice, starts_at=_at(-1), **about)
    client.force_login(alice)
    url = f"/{kind}/{party.pk}/"

    def grow():
        for i in range(24):
            make_event(alice, kind=("call", "task")[i % 2], starts_at=_at(i - 12), **about)

    # +1 on accounts: the cases panel (support). Both: +1 tags, +2 notes, +1 the contact
    # details' history in the timeline; accounts +4: the roll-up of its contacts' activities,
    # deals and orders (2: the viewer's party-grant count, then the orders).
    # Both +2: the notes and files on the timeline.
    budget = {"contacts": 26, "accounts": 31}[kind]
    assert_flat_queries(client, url, grow=grow, budget=budget)


def test_customer_360_queries_do_not_grow_with_events(client, alice, erin):
    customer = make_customer(alice)
    make_event(erin, kind="call", starts_at=_at(-1), party=customer)
    client.force_login(erin)
    url = f"/customers/{customer.pk}/"

    def grow():
        for i in range(24):
            make_event(erin, kind="call", starts_at=_at(-i - 2), party=customer)

    # 19 + 5: the commerce panels, + 1: the cases panel (support), +1: tags, +2: notes, +1: the
    # contact details' history in the timeline.
    # +2: the notes and files on the timeline.
    assert_flat_queries(client, url, grow=grow, budget=31)


def test_lead_page_queries_do_not_grow_with_events(client, alice, bob):
    lead = make_lead(alice)
    make_event(alice, kind="call", starts_at=_at(-1), lead=lead, participant_users=[bob])
    client.force_login(alice)
    url = f"/leads/{lead.pk}/"

    def grow():
        for i in range(24):
            make_event(
                alice, kind="call", starts_at=_at(-i - 2), lead=lead, participant_users=[bob]
            )

    # +1: tags, +2: notes, +1: the contact details' history in the timeline, +2: the notes and
    # files on the timeline
    assert_flat_queries(client, url, grow=grow, budget=25)


def test_opportunity_page_queries_do_not_grow_with_events(client, alice, bob):
    deal = make_opportunity(alice)
    contact = make_contact(alice)
    about = {"opportunity": deal, "party": contact, "participant_users": [bob]}
    make_event(alice, starts_at=_at(-1), **about)
    client.force_login(alice)
    url = f"/opportunities/{deal.pk}/"

    def grow():
        for i in range(24):
            make_event(alice, starts_at=_at(i - 12), **about)

    # +1: tags, +2: notes, +2: the notes and files on the timeline
    assert_flat_queries(client, url, grow=grow, budget=22)


def test_the_panel_reads_a_fixed_number_of_queries(alice, bob, django_assert_num_queries):
    contact = make_contact(alice)
    deal = make_opportunity(alice)
    lead = make_lead(alice)
    for i in range(25):
        make_event(
            alice,
            starts_at=_at(i - 12),
            party=contact,
            lead=lead,
            opportunity=deal,
            participant_users=[bob],
        )
    record_activities(alice, party=contact)  # fills the per-request caches on the user
    # The events; the roles of the parties they are about; which parties and which
    # opportunities the viewer may see.
    with django_assert_num_queries(4):
        panel = record_activities(alice, party=contact)
    assert len(panel.rows) == PANEL_SIZE
