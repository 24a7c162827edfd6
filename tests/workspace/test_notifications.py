"""Notifications (issue 17): the rules of notify(), each source (a record shared with me, a
lead assigned, a deal reassigned, a case assigned, a task due), the preferences, the daily
digest through a real SMTP server, and the pages (the bell's count, the list, opening one,
marking all read, the settings)."""

from __future__ import annotations

import datetime
import re
from email.message import EmailMessage

import pytest
from django.urls import reverse
from django.utils import timezone

from crm import access, notifications
from crm.models import Notification, NotificationPreference
from events.models import Event, EventStatus, floating
from leads import services as lead_services
from opportunities import services as opportunity_services
from parties.services import party_reassign
from support import services as support_services
from tests.factories import (
    make_account,
    make_contact,
    make_event,
    make_lead,
    make_opportunity,
    make_user,
)
from tests.helpers import assert_flat_queries
from tests.support import make_case, make_levels, make_queue, page_text
from workspace import tasks

pytestmark = pytest.mark.django_db


def _notes(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


_name = notifications.name_of


def _prefer(user, kind: str, *, in_app: bool, digest: bool) -> None:
    NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"in_app": in_app, "digest": digest}
    )


# notify() itself


def test_notify_stores_a_notification_for_the_recipient(alice, bob):
    contact = make_contact(bob, first_name="Hank", last_name="Hill")
    made = notifications.notify(
        recipient=alice,
        kind=notifications.SHARED,
        actor=bob,
        record=contact,
        text="Bob shared Hank Hill with you.",
        url="/contacts/1/",
    )
    assert made is not None
    [stored] = _notes(alice)
    assert (stored.kind, stored.actor, stored.text, stored.url) == (
        "shared",
        bob,
        "Bob shared Hank Hill with you.",
        "/contacts/1/",
    )
    assert stored.record == contact
    assert stored.read_at is None and stored.in_app


def test_notify_skips_the_actor_notifying_themselves(alice):
    made = notifications.notify(
        recipient=alice, kind=notifications.SHARED, actor=alice, text="You shared it."
    )
    assert made is None
    assert _notes(alice) == []


def test_notify_skips_a_kind_turned_off_in_the_app_and_the_digest(alice, bob):
    _prefer(alice, notifications.SHARED, in_app=False, digest=False)
    notifications.notify(recipient=alice, kind=notifications.SHARED, actor=bob, text="x")
    notifications.notify(recipient=alice, kind=notifications.LEAD_ASSIGNED, actor=bob, text="y")
    assert [n.kind for n in _notes(alice)] == ["lead_assigned"]


def test_a_kind_only_in_the_digest_is_stored_but_not_shown_in_the_app(alice, bob, client_for):
    _prefer(alice, notifications.SHARED, in_app=False, digest=True)
    notifications.notify(recipient=alice, kind=notifications.SHARED, actor=bob, text="Digest me")
    [stored] = _notes(alice)
    assert stored.in_app is False
    page = client_for(alice).get(reverse("notification_list"))
    assert "Digest me" not in page.content.decode()
    assert notifications.unread_count(alice) == 0


def test_notify_refuses_an_unknown_kind(alice, bob):
    with pytest.raises(ValueError):
        notifications.notify(recipient=alice, kind="gossip", actor=bob, text="x")


def test_notify_with_a_dedupe_key_stores_one_notification(alice):
    for _ in range(2):
        notifications.notify(
            recipient=alice, kind=notifications.TASK_DUE, actor=None, text="x", dedupe_key="k1"
        )
    assert len(_notes(alice)) == 1


def test_every_kind_has_a_label():
    assert set(notifications.KINDS) == {
        "shared",
        "lead_assigned",
        "deal_reassigned",
        "event_invitation",
        "task_due",
        "case_assigned",
        "mention",
        "reminder",
    }
    assert all(str(label) for label in notifications.KINDS.values())


# The sources


def test_sharing_a_record_with_a_user_notifies_them_and_not_the_actor(alice, dan, client_for):
    contact = make_contact(alice, first_name="Hank", last_name="Hill")
    response = client_for(alice).post(
        reverse("contacts:sharing", args=[contact.pk]),
        {"operation": "share", "access": "change", "user": dan.pk},
    )
    assert response.status_code == 302
    [note] = _notes(dan)
    assert note.kind == "shared"
    assert note.actor == alice
    assert note.text == f"{_name(alice)} shared Hank Hill with you (view and change)."
    assert note.url == reverse("contacts:detail", args=[contact.pk])
    assert _notes(alice) == []


def test_sharing_with_a_team_notifies_nobody(alice, dan, team_west, client_for):
    contact = make_contact(alice)
    client_for(alice).post(
        reverse("contacts:sharing", args=[contact.pk]),
        {"operation": "share", "access": "view", "team": team_west.pk},
    )
    assert access.granted_actions(dan, contact)  # the share happened
    assert Notification.objects.count() == 0


def test_sharing_a_deal_links_to_the_deal(alice, dan, client_for):
    deal = make_opportunity(alice, name="Acme - licences")
    client_for(alice).post(
        reverse("opportunities:sharing", args=[deal.pk]),
        {"operation": "share", "access": "view", "user": dan.pk},
    )
    [note] = _notes(dan)
    assert note.url == reverse("opportunities:detail", args=[deal.pk])
    assert "Acme - licences" in note.text


def test_assigning_a_lead_notifies_the_new_owner(alice, bob, carol):
    lead = make_lead(alice, first_name="Lena", last_name="Lead")
    lead_services.lead_assign(actor=carol, leads=[lead], new_owner=bob)
    [note] = _notes(bob)
    assert note.kind == "lead_assigned"
    assert note.text == f"{_name(carol)} assigned the lead Lena Lead to you."
    assert note.url == reverse("leads:detail", args=[lead.pk])
    assert _notes(carol) == [] and _notes(alice) == []


def test_assigning_a_lead_to_oneself_notifies_nobody(alice, carol):
    lead = make_lead(alice)
    lead_services.lead_assign(actor=carol, leads=[lead], new_owner=carol)
    assert Notification.objects.count() == 0


def test_assigning_a_lead_to_its_owner_again_notifies_nobody(alice, carol):
    lead = make_lead(alice)
    lead_services.lead_assign(actor=carol, leads=[lead], new_owner=alice)
    assert Notification.objects.count() == 0


def test_assigning_many_leads_at_once_makes_one_notification(alice, bob, carol):
    leads = [make_lead(alice) for _ in range(lead_services.leads.NOTIFY_EACH_UP_TO + 1)]
    lead_services.lead_assign(actor=carol, leads=leads, new_owner=bob)
    [note] = _notes(bob)
    assert note.text == f"{_name(carol)} assigned {len(leads)} leads to you."
    assert note.url == f"{reverse('leads:list')}?owner={bob.pk}"


def test_changing_a_leads_owner_on_its_sharing_page_notifies_the_new_owner(alice, bob):
    lead = make_lead(alice, first_name="Lena", last_name="Lead")
    party_reassign(actor=alice, party=lead.party, new_owner=bob)
    [note] = _notes(bob)
    assert (note.kind, note.url) == ("lead_assigned", reverse("leads:detail", args=[lead.pk]))


def test_changing_a_contacts_owner_is_no_lead_assignment(alice, bob):
    contact = make_contact(alice)
    party_reassign(actor=alice, party=contact, new_owner=bob)
    assert Notification.objects.count() == 0


def test_reassigning_a_deal_notifies_the_new_owner(alice, bob, carol):
    deal = make_opportunity(alice, name="Acme - licences")
    opportunity_services.opportunity_reassign(actor=carol, opportunity=deal, new_owner=bob)
    [note] = _notes(bob)
    assert note.kind == "deal_reassigned"
    assert note.text == f"{_name(carol)} made you the owner of the deal Acme - licences."
    assert note.url == reverse("opportunities:detail", args=[deal.pk])
    assert _notes(carol) == [] and _notes(alice) == []


def test_reassigning_a_deal_to_its_owner_notifies_nobody(alice, carol):
    deal = make_opportunity(alice)
    opportunity_services.opportunity_reassign(actor=carol, opportunity=deal, new_owner=alice)
    assert Notification.objects.count() == 0


@pytest.fixture
def support_queue(erin, role_groups):
    from tests.factories import make_team

    team = make_team("Support")
    make_levels()
    erin.profile.home_team = team
    erin.profile.save()
    erin.groups.add(team.group)
    return make_queue(team, name="Berlin support")


def test_assigning_a_case_notifies_the_new_owner(alice, erin, admin_user, support_queue):
    from tests.factories import make_customer

    customer = make_customer(alice, first_name="Cathy", last_name="Customer")
    case = make_case(erin, customer, queue=support_queue, subject="The grinder is noisy")
    support_services.case_assign(actor=admin_user, case=case, owner=erin)
    [note] = _notes(erin)
    assert note.kind == "case_assigned"
    assert note.text == (
        f"{_name(admin_user)} assigned the case {case.number} “The grinder is noisy” to you."
    )
    assert note.url == reverse("cases:detail", args=[case.pk])


def test_taking_a_case_oneself_notifies_nobody(alice, erin, support_queue):
    from tests.factories import make_customer

    case = make_case(erin, make_customer(alice), queue=support_queue)
    support_services.case_assign(actor=erin, case=case, owner=erin)
    assert Notification.objects.count() == 0


def test_a_source_respects_the_recipients_preference(alice, bob, carol):
    _prefer(bob, notifications.DEAL_REASSIGNED, in_app=False, digest=False)
    deal = make_opportunity(alice)
    opportunity_services.opportunity_reassign(actor=carol, opportunity=deal, new_owner=bob)
    assert _notes(bob) == []
    assert deal.__class__.objects.get(pk=deal.pk).owner == bob  # the write itself happened


# Tasks due


def _task(owner, day: datetime.date, subject: str = "Send the quote"):
    return make_event(owner, kind="task", starts_at=floating(day), subject=subject)


NOON = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


def test_a_task_due_today_notifies_its_owner_once_a_day(alice):
    task = _task(alice, NOON.date())
    assert tasks.tasks_due_notify(now=NOON) == 1
    assert tasks.tasks_due_notify(now=NOON + datetime.timedelta(hours=3)) == 0
    [note] = _notes(alice)
    assert note.kind == "task_due"
    assert note.text == "Your task “Send the quote” is due today."
    assert note.url == reverse("events:detail", args=[task.pk])
    assert note.actor is None
    # The next day, still open: overdue, notified again (once).
    assert tasks.tasks_due_notify(now=NOON + datetime.timedelta(days=1)) == 1
    assert "is overdue: it was due on" in _notes(alice)[-1].text


def test_tasks_done_or_due_later_notify_nobody(alice):
    _task(alice, NOON.date() + datetime.timedelta(days=1), "Tomorrow's")
    done = _task(alice, NOON.date())
    Event.objects.filter(pk=done.pk).update(status=EventStatus.COMPLETED)
    assert tasks.tasks_due_notify(now=NOON) == 0
    assert _notes(alice) == []


def test_each_owner_gets_their_own_tasks(alice, bob):
    _task(alice, NOON.date(), "Alice's")
    _task(bob, NOON.date() - datetime.timedelta(days=3), "Bob's")
    tasks.tasks_due_notify(now=NOON)
    assert [n.text for n in _notes(alice)] == ["Your task “Alice's” is due today."]
    assert [n.text for n in _notes(bob)] == [
        "Your task “Bob's” is overdue: it was due on 03/07/2026."
    ]


def test_the_owners_today_is_in_their_time_zone(alice):
    alice.profile.time_zone = "Pacific/Auckland"  # UTC+13 in March: already the 11th
    alice.profile.save()
    _task(alice, NOON.date() + datetime.timedelta(days=1), "Due on the 11th")
    assert tasks.tasks_due_notify(now=NOON) == 1


def test_task_due_respects_the_preference(alice):
    _prefer(alice, notifications.TASK_DUE, in_app=False, digest=False)
    _task(alice, NOON.date())
    assert tasks.tasks_due_notify(now=NOON) == 0


def test_the_scheduled_task_job_runs(alice):
    from crm.jobs import SCHEDULE, enqueue

    _task(alice, timezone.now().date())
    assert tasks.notify_tasks_due.module_path in SCHEDULE
    job = enqueue(tasks.notify_tasks_due, user=None, label="Tasks due")
    assert job.state == "done", job.error
    assert [n.kind for n in _notes(alice)] == ["task_due"]


# The daily digest, through a real SMTP server


@pytest.fixture
def smtp_inbox(smtp_server, settings):
    """The real SMTP server of tests/smtp_server.py, with the digest's links on a public
    address; yields (recipients, message) of what it received."""
    settings.CRM_SITE_URL = "https://crm.example.com"
    return smtp_server


def _received(inbox) -> list[tuple[list[str], EmailMessage]]:
    return [(message["X-Envelope-To"].split(", "), message) for message in inbox.messages]


def _parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def test_the_digest_mails_unread_notifications_of_the_chosen_kinds(alice, bob, smtp_inbox):
    _prefer(alice, notifications.SHARED, in_app=True, digest=True)
    notifications.notify(
        recipient=alice,
        kind=notifications.SHARED,
        actor=bob,
        text="Bob shared Hank <Hill> with you.",
        url="/contacts/7/",
    )
    notifications.notify(  # a kind she does not want by e-mail
        recipient=alice, kind=notifications.LEAD_ASSIGNED, actor=bob, text="Lead for you"
    )
    read = notifications.notify(
        recipient=alice, kind=notifications.SHARED, actor=bob, text="Already read"
    )
    notifications.notification_open(user=alice, notification_id=read.pk)
    assert tasks.digest_send() == 1
    smtp_inbox.wait_for(1)
    [(recipients, message)] = _received(smtp_inbox)
    assert recipients == [alice.email]
    assert message["Subject"] == "1 new notification in the CRM"
    text, html = _parts(message)
    assert "Bob shared Hank <Hill> with you." in text
    assert "https://crm.example.com/contacts/7/" in text
    assert "Bob shared Hank &lt;Hill&gt; with you." in html
    assert 'href="https://crm.example.com/contacts/7/"' in html
    assert "Lead for you" not in text and "Already read" not in text
    assert "https://crm.example.com/settings/notifications/" in text


def test_the_digest_lists_a_notification_once_and_skips_who_did_not_opt_in(
    alice, bob, dan, smtp_inbox
):
    _prefer(alice, notifications.SHARED, in_app=False, digest=True)
    notifications.notify(recipient=alice, kind=notifications.SHARED, actor=bob, text="One")
    notifications.notify(recipient=dan, kind=notifications.SHARED, actor=bob, text="Dan's")
    assert tasks.digest_send() == 1
    assert tasks.digest_send() == 0  # nothing new since
    assert [recipients for recipients, _ in _received(smtp_inbox)] == [[alice.email]]


def test_the_digest_leaves_out_notifications_older_than_a_day(alice, bob, smtp_inbox):
    _prefer(alice, notifications.SHARED, in_app=True, digest=True)
    old = notifications.notify(recipient=alice, kind=notifications.SHARED, actor=bob, text="Old")
    Notification.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    assert tasks.digest_send() == 0
    assert smtp_inbox.messages == []


def test_the_scheduled_digest_job_sends(alice, bob, smtp_inbox):
    from crm.jobs import enqueue

    _prefer(alice, notifications.TASK_DUE, in_app=True, digest=True)
    notifications.notify(recipient=alice, kind=notifications.TASK_DUE, actor=None, text="Due")
    job = enqueue(tasks.send_notification_digest, user=None, label="Digest")
    assert job.state == "done", job.error
    assert len(smtp_inbox.wait_for(1)) == 1


# The pages


def test_the_bell_is_a_plain_link_that_loads_the_count_with_htmx(alice, client_for):
    page = client_for(alice).get(reverse("dashboard")).content.decode()
    assert 'href="/notifications/"' in page
    assert 'hx-get="/notifications/count/"' in page
    assert 'hx-trigger="load, every 60s"' in page


def test_the_count_shows_the_unread_notifications(alice, bob, client_for):
    client = client_for(alice)
    assert "bell-count" not in client.get(reverse("notification_count")).content.decode()
    for n in range(3):
        notifications.notify(recipient=alice, kind=notifications.SHARED, actor=bob, text=f"{n}")
    answer = client.get(reverse("notification_count"))
    assert re.search(r'data-testid="bell-count">3<', answer.content.decode())
    assert answer["Cache-Control"] == "no-store"


def test_the_count_stops_at_99_plus(alice, bob, client_for):
    Notification.objects.bulk_create(
        Notification(recipient=alice, kind="shared", text=f"{n}") for n in range(101)
    )
    assert ">99+<" in client_for(alice).get(reverse("notification_count")).content.decode()


def test_the_list_shows_newest_first_with_unread_highlighted(alice, bob, client_for):
    first = notifications.notify(recipient=alice, kind=notifications.SHARED, actor=bob, text="Old")
    Notification.objects.filter(pk=first.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1), read_at=timezone.now()
    )
    notifications.notify(recipient=alice, kind=notifications.LEAD_ASSIGNED, actor=bob, text="New")
    page = client_for(alice).get(reverse("notification_list"))
    html = page.content.decode()
    assert html.index(">New</span>New") < html.index("Old")
    assert "notification-unread" in html
    assert "A lead is assigned to me" in html
    assert "1 unread" in page_text(page)
    assert "Mark all read" in html


def test_the_list_pages_with_a_keyset_cursor(alice, bob, client_for, settings):
    settings.CRM_PAGE_SIZE = 2
    for n in range(3):
        notifications.notify(
            recipient=alice, kind=notifications.SHARED, actor=bob, text=f"Notice {n}."
        )
    client = client_for(alice)
    first = client.get(reverse("notification_list")).content.decode()
    assert "Notice 2." in first and "Notice 0." not in first
    after = re.search(r'href="\?after=([^"&]+)"', first).group(1)
    second = client.get(reverse("notification_list"), {"after": after}).content.decode()
    assert "Notice 0." in second and "Notice 2." not in second


def test_opening_a_notification_marks_it_read_and_goes_to_its_record(alice, bob, client_for):
    note = notifications.notify(
        recipient=alice, kind=notifications.SHARED, actor=bob, text="x", url="/contacts/5/"
    )
    response = client_for(alice).post(reverse("notification_open", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == "/contacts/5/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_opening_without_a_link_goes_to_the_list(alice, bob, client_for):
    note = notifications.notify(recipient=alice, kind=notifications.SHARED, actor=bob, text="x")
    response = client_for(alice).post(reverse("notification_open", args=[note.pk]))
    assert response["Location"] == reverse("notification_list")


def test_another_users_notification_is_404(alice, bob, dan, client_for):
    note = notifications.notify(recipient=alice, kind=notifications.SHARED, actor=bob, text="x")
    assert client_for(dan).post(reverse("notification_open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None
    assert client_for(dan).post("/notifications/99999999999999999999/open/").status_code == 404
    assert client_for(dan).post("/notifications/abc/open/").status_code == 404


def test_opening_is_post_only(alice, bob, client_for):
    note = notifications.notify(recipient=alice, kind=notifications.SHARED, actor=bob, text="x")
    assert client_for(alice).get(reverse("notification_open", args=[note.pk])).status_code == 405


def test_a_record_no_longer_visible_keeps_its_text_but_its_link_is_404(alice, dan, client_for):
    contact = make_contact(dan, first_name="Hank", last_name="Hill")
    client_for(dan).post(
        reverse("contacts:sharing", args=[contact.pk]),
        {"operation": "share", "access": "view", "user": alice.pk},
    )
    access.unshare(obj=contact, action="view", actor=dan, user=alice)
    client = client_for(alice)
    page = client.get(reverse("notification_list"))
    assert f"{_name(dan)} shared Hank Hill with you (view)." in page_text(page)
    [note] = _notes(alice)
    response = client.post(reverse("notification_open", args=[note.pk]), follow=True)
    assert response.status_code == 404


def test_mark_all_read(alice, bob, client_for):
    for n in range(2):
        notifications.notify(recipient=alice, kind=notifications.SHARED, actor=bob, text=f"{n}")
    bobs = notifications.notify(recipient=bob, kind=notifications.SHARED, actor=alice, text="b")
    response = client_for(alice).post(reverse("notifications_read_all"), follow=True)
    assert "All notifications are marked read." in page_text(response)
    assert notifications.unread_count(alice) == 0
    bobs.refresh_from_db()
    assert bobs.read_at is None


def test_the_settings_page_saves_the_preferences(alice, client_for):
    client = client_for(alice)
    page = client.get(reverse("notification_settings"))
    html = page.content.decode()
    assert html.count('type="checkbox"') == 2 * len(notifications.KINDS)
    assert re.search(r'name="in_app_shared" id="id_in_app_shared" checked', html)
    assert re.search(r'name="digest_shared" id="id_digest_shared">', html)
    choices = {f"in_app_{kind}": "on" for kind in notifications.KINDS if kind != "task_due"}
    choices["digest_mention"] = "on"
    response = client.post(reverse("notification_settings"), choices, follow=True)
    assert "Your notification settings are saved." in page_text(response)
    prefs = {p.kind: (p.in_app, p.digest) for p in notifications.preferences_for(alice)}
    assert prefs["task_due"] == (False, False)
    assert prefs["mention"] == (True, True)
    assert prefs["shared"] == (True, False)
    # Only the choices that differ from the default are stored.
    assert set(
        NotificationPreference.objects.filter(user=alice).values_list("kind", flat=True)
    ) == {
        "task_due",
        "mention",
    }


def test_the_settings_page_is_linked_from_the_settings(alice, client_for):
    page = client_for(alice).get(reverse("user_settings")).content.decode()
    assert reverse("notification_settings") in page


def test_the_settings_page_warns_without_an_email_address(client_for, role_groups):
    nomail = make_user("nomail", email="")
    page = client_for(nomail).get(reverse("notification_settings"))
    assert "no daily e-mail can reach you" in page_text(page)


def test_anonymous_users_are_sent_to_sign_in(client):
    for url in (reverse("notification_list"), reverse("notification_count")):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


# Query counts


def _grow(user, actor, count=49):
    def grow():
        account = make_account(actor)
        Notification.objects.bulk_create(
            Notification(
                recipient=user,
                kind="shared",
                actor=actor,
                text=f"Shared {n}",
                url="/accounts/1/",
                **notifications.record_columns(account),
            )
            for n in range(count)
        )

    return grow


def test_the_list_reads_a_fixed_number_of_queries(alice, bob, client_for):
    notifications.notify(recipient=alice, kind=notifications.SHARED, actor=bob, text="First")
    assert_flat_queries(
        client_for(alice), reverse("notification_list"), grow=_grow(alice, bob), budget=8
    )


def test_the_count_reads_a_fixed_number_of_queries(alice, bob, client_for):
    notifications.notify(recipient=alice, kind=notifications.SHARED, actor=bob, text="First")
    assert_flat_queries(
        client_for(alice), reverse("notification_count"), grow=_grow(alice, bob), budget=4
    )


def test_the_settings_page_reads_a_fixed_number_of_queries(alice, client_for):
    _prefer(alice, notifications.SHARED, in_app=True, digest=True)

    def grow():
        for kind in notifications.KINDS:
            _prefer(alice, kind, in_app=False, digest=True)

    assert_flat_queries(client_for(alice), reverse("notification_settings"), grow=grow, budget=6)
