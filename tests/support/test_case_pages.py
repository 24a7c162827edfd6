"""The case pages: the list (tabs, filters, SLA flags, who sees what), opening a case (from
the 360 page, from an order, picking the customer), a case's page with its clocks, notes,
history and actions, editing it, and each action's refusals (shown next to their field,
nothing saved)."""

import datetime
import html

import pytest
from django.utils import timezone

from crm.access import CUSTOMER_SERVICE
from parties.services import party_share
from support import services
from support.models import Case, CaseNote, CaseStatusChange
from tests.factories import make_customer, make_order, make_product, make_user
from tests.helpers import assert_flat_queries, field_error
from tests.support import make_case, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def frank(support_team):
    return make_user("frank", role=CUSTOMER_SERVICE, team=support_team, first_name="Frank")


@pytest.fixture
def case(erin, customer, queue):
    return make_case(erin, customer, priority=2, subject="The grinder is noisy")


def _numbers(response) -> list[str]:
    return [case.number for case in response.context["page"].items]


# The list -----------------------------------------------------------------------------------


def test_list_shows_visible_cases_with_links(client_for, erin, alice, dan, case, customer):
    response = client_for(erin).get("/cases/")
    assert response.status_code == 200
    assert _numbers(response) == [case.number]
    content = response.content.decode()
    assert f'href="/cases/{case.pk}/"' in content
    assert f'href="/customers/{customer.pk}/"' in content
    assert _numbers(client_for(alice).get("/cases/")) == [case.number]
    assert _numbers(client_for(dan).get("/cases/")) == []


def test_list_needs_the_view_case_permission(client_for, mark):
    assert client_for(mark).get("/cases/").status_code == 403


def test_list_flags_breached_and_due_soon_cases(client_for, erin, customer, queue):
    late = make_case(erin, customer, subject="Late")
    soon = make_case(erin, customer, subject="Soon")
    fine = make_case(erin, customer, subject="Fine")
    now = timezone.now()
    Case.objects.filter(pk=late.pk).update(next_due_at=now - datetime.timedelta(hours=2))
    Case.objects.filter(pk=soon.pk).update(next_due_at=now + datetime.timedelta(minutes=20))
    Case.objects.filter(pk=fine.pk).update(next_due_at=now + datetime.timedelta(days=2))
    client = client_for(erin)
    response = client.get("/cases/")
    rows = {c.number: c for c in response.context["page"].items}
    assert rows[late.number].breached and not rows[late.number].due_soon
    assert rows[soon.number].due_soon and not rows[soon.number].breached
    assert not rows[fine.number].breached and not rows[fine.number].due_soon
    content = response.content.decode()
    assert content.count('data-sla="breached"') == 1
    assert content.count('data-sla="due-soon"') == 1
    assert _numbers(client.get("/cases/?sla=breached")) == [late.number]
    assert _numbers(client.get("/cases/?sla=due_soon")) == [soon.number]


def test_list_filters(client_for, erin, frank, customer, queue):
    mug = make_product("MUG", name="Mug")
    other = make_customer(erin, first_name="Otto", last_name="Other")
    urgent = make_case(erin, customer, priority=1, subject="Urgent")
    with_product = make_case(erin, other, product=mug, subject="Mug broke")
    services.case_assign(actor=frank, case=with_product, owner=frank)
    client = client_for(erin)
    assert _numbers(client.get("/cases/?priority=1")) == [urgent.number]
    assert _numbers(client.get(f"/cases/?customer={other.pk}")) == [with_product.number]
    assert _numbers(client.get("/cases/?product=MUG")) == [with_product.number]
    assert _numbers(client.get(f"/cases/?owner={frank.pk}")) == [with_product.number]
    assert _numbers(client.get("/cases/?status=accepted")) == [with_product.number]
    assert set(_numbers(client.get(f"/cases/?queue={queue.pk}"))) == {
        urgent.number,
        with_product.number,
    }
    today = timezone.localdate().isoformat()
    assert len(_numbers(client.get(f"/cases/?created_from={today}&created_to={today}"))) == 2
    assert _numbers(client.get("/cases/?created_to=2000-01-01")) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=lost", "status"),
        ("priority=9", "priority"),
        ("queue=abc", "queue"),
        ("owner=99999999999999999999", "owner"),
        ("customer=%2399999", "customer"),
        ("product=NOPE", "product"),
        ("created_from=yesterday", "created_from"),
        ("sla=late", "sla"),
    ],
)
def test_bad_filters_show_an_error_and_the_list_unfiltered(client_for, erin, case, query, field):
    response = client_for(erin).get(f"/cases/?{query}")
    assert response.status_code == 200
    assert field_error(response, field)
    assert _numbers(response) == [case.number]


def test_tabs_my_cases_my_teams_queue_and_all(client_for, erin, frank, customer, queue):
    mine = make_case(erin, customer, subject="Mine")
    services.case_assign(actor=erin, case=mine, owner=erin)
    unassigned = make_case(erin, customer, subject="Nobody's")
    franks = make_case(erin, customer, subject="Frank's")
    services.case_assign(actor=frank, case=franks, owner=frank)
    client = client_for(erin)
    assert _numbers(client.get("/cases/?scope=mine")) == [mine.number]
    assert _numbers(client.get("/cases/?scope=team")) == [unassigned.number]
    assert len(_numbers(client.get("/cases/?scope=all"))) == 3
    assert "My team's queue, unassigned" in page_text(client.get("/cases/?scope=mine"))


def test_list_pages_by_keyset(client_for, erin, customer, queue, settings):
    settings.CRM_PAGE_SIZE = 2
    made = [make_case(erin, customer, subject=f"Case {n}") for n in range(3)]
    client = client_for(erin)
    first = client.get("/cases/")
    assert _numbers(first) == [made[2].number, made[1].number]
    cursor = first.context["page"].next_cursor
    assert _numbers(client.get(f"/cases/?after={cursor}")) == [made[0].number]
    assert client.get("/cases/?after=garbage").status_code == 200


def test_figures_link_only_for_managers(client_for, erin, carol, admin_user, case):
    assert 'data-testid="figures-link"' not in client_for(erin).get("/cases/").content.decode()
    assert 'data-testid="figures-link"' in client_for(carol).get("/cases/").content.decode()
    assert 'data-testid="figures-link"' in client_for(admin_user).get("/cases/").content.decode()


def test_list_reads_a_fixed_number_of_queries(client_for, erin, customer, queue):
    make_case(erin, customer)

    def grow():
        for n in range(49):
            make_case(erin, make_customer(erin, first_name=f"C{n}", last_name="X"))

    assert_flat_queries(client_for(erin), "/cases/", grow=grow, budget=14)


def test_list_of_a_rep_reads_a_fixed_number_of_queries(client_for, erin, alice, customer, queue):
    make_case(erin, customer)

    def grow():
        for n in range(49):
            make_case(erin, make_customer(alice, first_name=f"C{n}", last_name="X"))

    assert_flat_queries(client_for(alice), "/cases/", grow=grow, budget=14)


# Opening a case -----------------------------------------------------------------------------


def _new_case_data(**fields):
    data = {"subject": "It leaks", "type": "problem", "priority": "2", "channel": "phone"}
    data.update(fields)
    return data


def test_opening_a_case_from_the_360_page(client_for, erin, customer, queue):
    client = client_for(erin)
    response = client.get(f"/cases/new/?customer={customer.pk}")
    assert response.status_code == 200
    assert f"Cathy Customer (#{customer.pk})" in response.content.decode()
    response = client.post(
        f"/cases/new/?customer={customer.pk}",
        _new_case_data(customer=f"Cathy Customer (#{customer.pk})"),
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.customer == customer and case.priority == 2 and case.queue == queue
    assert case.first_response_due_at is not None
    page = client.get(response["Location"])
    assert f"Case {case.number} was opened for Cathy Customer." in page_text(page)


def test_opening_a_case_from_an_order_fills_order_and_customer(client_for, erin, customer, queue):
    order = make_order(erin, customer, products=[make_product("MUG")])
    client = client_for(erin)
    response = client.get(f"/cases/new/?order={order.pk}")
    content = response.content.decode()
    assert f'value="{order.number}"' in content
    assert f"Cathy Customer (#{customer.pk})" in content
    client.post(
        f"/cases/new/?order={order.pk}",
        _new_case_data(customer=f"#{customer.pk}", order=order.number),
    )
    case = Case.objects.get()
    assert case.order == order and case.customer == customer


def test_opening_a_case_picking_the_customer_by_number_or_name(client_for, erin, customer, queue):
    client = client_for(erin)
    assert client.get("/cases/new/").status_code == 200
    client.post("/cases/new/", _new_case_data(customer="Cathy Customer"))
    assert Case.objects.get().customer == customer


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"customer": ""}, "customer", "This field is required."),
        ({"customer": "#99999"}, "customer", "No customer you may see has that number."),
        ({"subject": ""}, "subject", "This field is required."),
        ({"priority": "9"}, "priority", "Select a valid choice."),
        ({"order": "SO-999999"}, "order", "No order you may see has that number."),
        ({"product": "NOPE"}, "product", "No product has that SKU."),
        ({"queue": "x"}, "queue", "Select a valid choice."),
    ],
)
def test_bad_input_when_opening_a_case(client_for, erin, customer, queue, fields, field, message):
    data = _new_case_data(customer=f"#{customer.pk}")
    data.update(fields)
    response = client_for(erin).post("/cases/new/", data)
    assert response.status_code == 200
    assert message in field_error(response, field)
    assert not Case.objects.exists()
    assert response.context["form"].data["subject"] == data["subject"]


def test_an_order_of_another_customer_is_refused_next_to_the_order(
    client_for, erin, customer, queue
):
    other = make_customer(erin, first_name="Otto", last_name="Other")
    order = make_order(erin, other, products=[make_product("MUG")])
    response = client_for(erin).post(
        "/cases/new/", _new_case_data(customer=f"#{customer.pk}", order=order.number)
    )
    assert "Choose one of this customer's orders." in html.unescape(field_error(response, "order"))
    assert not Case.objects.exists()


def test_opening_a_case_without_a_queue_says_so(client_for, erin, customer):
    response = client_for(erin).post("/cases/new/", _new_case_data(customer=f"#{customer.pk}"))
    assert response.status_code == 200
    assert "No support queue exists yet" in page_text(response)
    assert not Case.objects.exists()


def test_only_case_workers_open_cases(client_for, alice, dan, customer, queue):
    assert client_for(alice).get("/cases/new/").status_code == 403
    assert client_for(alice).post("/cases/new/", _new_case_data()).status_code == 403


@pytest.mark.parametrize("query", ["customer=abc", "customer=99999999", "order=x", "order=9999"])
def test_a_prefill_that_names_nothing_is_404(client_for, erin, queue, query):
    assert client_for(erin).get(f"/cases/new/?{query}").status_code == 404


# A case's page ------------------------------------------------------------------------------


def test_the_case_page_shows_fields_clocks_notes_history(client_for, erin, alice, case):
    services.case_note_add(actor=erin, case=case, body="We called back", public=True)
    services.case_note_add(actor=alice, case=case, body="Big account: be nice")
    response = client_for(erin).get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    text = page_text(response)
    assert case.number in text and "The grinder is noisy" in text
    assert "First response" in text and "Resolution" in text
    content = response.content.decode()
    assert 'data-note="public"' in content and 'data-note="internal"' in content
    assert "Big account: be nice" in text
    assert len(response.context["history"]) >= 1
    assert "Take it" in text


def test_a_rep_reads_the_case_and_may_add_internal_notes_only(client_for, alice, case):
    client = client_for(alice)
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert f'action="/cases/{case.pk}/notes/"' in content
    assert f'action="/cases/{case.pk}/status/"' not in content
    assert "Take it" not in page_text(response)
    assert f'href="/cases/{case.pk}/edit/"' not in content
    response = client.post(f"/cases/{case.pk}/notes/", {"body": "Internal", "public": "on"})
    assert response.status_code == 302
    note = CaseNote.objects.get()
    assert note.public is False and note.author == alice


@pytest.mark.parametrize(
    "path",
    ["", "edit/", "sharing/"],
)
def test_a_case_of_a_customer_dan_may_not_see_is_404(client_for, dan, case, path):
    assert client_for(dan).get(f"/cases/{case.pk}/{path}").status_code == 404


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("notes/", {"body": "Hello"}),
        ("events/", {"kind": "call", "subject": "Called"}),
        ("assign/", {"take": "1"}),
        ("status/", {"status": "cancelled"}),
        ("merge/", {"into": "CS-000001"}),
    ],
)
def test_posts_on_a_case_dan_may_not_see_are_404_and_change_nothing(
    client_for, dan, case, path, data
):
    response = client_for(dan).post(f"/cases/{case.pk}/{path}", data)
    assert response.status_code == 404
    assert not CaseNote.objects.exists()
    case.refresh_from_db()
    assert case.status == "new" and case.owner_id is None


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("events/", {"kind": "call", "subject": "Called"}),
        ("assign/", {"take": "1"}),
        ("status/", {"status": "cancelled"}),
        ("merge/", {"into": "CS-000001"}),
    ],
)
def test_actions_a_rep_may_not_take_are_403(client_for, alice, case, path, data):
    assert client_for(alice).post(f"/cases/{case.pk}/{path}", data).status_code == 403
    case.refresh_from_db()
    assert case.status == "new" and case.owner_id is None


def test_a_rep_may_not_edit_a_case(client_for, alice, case):
    assert client_for(alice).get(f"/cases/{case.pk}/edit/").status_code == 403


def test_malformed_and_unknown_case_ids_are_404(client_for, erin, queue):
    client = client_for(erin)
    assert client.get("/cases/99999999/").status_code == 404
    assert client.get("/cases/99999999999999999999999/").status_code == 404
    assert client.post("/cases/99999999/notes/", {"body": "x"}).status_code == 404


def test_the_case_page_with_many_notes_reads_a_fixed_number_of_queries(
    client_for, erin, alice, case
):
    services.case_note_add(actor=erin, case=case, body="First", public=True)
    services.case_event_log(actor=erin, case=case, kind="call", subject="Called")

    def grow():
        for n in range(49):
            services.case_note_add(actor=alice, case=case, body=f"Note {n}")
            services.case_event_log(actor=erin, case=case, kind="email", subject=f"Mail {n}")

    assert_flat_queries(client_for(erin), f"/cases/{case.pk}/", grow=grow, budget=30)


# The actions --------------------------------------------------------------------------------


def test_take_it_then_work_the_case_to_resolved(client_for, erin, case):
    client = client_for(erin)
    response = client.post(f"/cases/{case.pk}/assign/", {"take": "1"})
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    case.refresh_from_db()
    assert case.owner == erin and case.status == "accepted"
    page = client.get(f"/cases/{case.pk}/")
    assert f"You took case {case.number}." in page_text(page)
    client.post(f"/cases/{case.pk}/notes/", {"body": "Try descaling", "public": "on"})
    client.post(f"/cases/{case.pk}/notes/", {"body": "Probably the burr"})
    assert list(CaseNote.objects.values_list("public", flat=True).order_by("id")) == [True, False]
    client.post(f"/cases/{case.pk}/status/", {"status": "pending_customer"})
    case.refresh_from_db()
    assert case.status == "pending_customer" and case.paused_at is not None
    assert "Paused while pending customer" in page_text(client.get(f"/cases/{case.pk}/"))
    response = client.post(
        f"/cases/{case.pk}/status/", {"status": "resolved", "resolution": "fixed"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "resolved" and case.resolution == "fixed"
    statuses = list(CaseStatusChange.objects.filter(case=case).values_list("status", flat=True))
    assert statuses[-2:] == ["pending_customer", "resolved"]
    # Reopen is one of the resolved case's buttons.
    assert 'value="reopened"' in client.get(f"/cases/{case.pk}/").content.decode()
    client.post(f"/cases/{case.pk}/status/", {"status": "reopened"})
    case.refresh_from_db()
    assert case.status == "reopened" and case.reopen_count == 1


def test_resolving_without_a_resolution_is_refused_next_to_it(client_for, erin, case):
    client = client_for(erin)
    client.post(f"/cases/{case.pk}/assign/", {"take": "1"})
    before = CaseStatusChange.objects.count()
    response = client.post(f"/cases/{case.pk}/status/", {"status": "resolved", "note": "Done"})
    assert response.status_code == 200
    assert "Choose a resolution to resolve the case." in field_error(response, "status_resolution")
    assert 'value="Done"' in response.content.decode()
    case.refresh_from_db()
    assert case.status == "accepted" and CaseStatusChange.objects.count() == before


def test_an_illegal_status_move_is_refused_with_a_clear_message(client_for, erin, case):
    before = CaseStatusChange.objects.count()
    response = client_for(erin).post(f"/cases/{case.pk}/status/", {"status": "closed"})
    assert response.status_code == 200
    assert "A case that is new cannot become closed." in field_error(response, "status")
    case.refresh_from_db()
    assert case.status == "new" and CaseStatusChange.objects.count() == before


def test_a_status_that_is_no_status_is_an_error(client_for, erin, case):
    response = client_for(erin).post(f"/cases/{case.pk}/status/", {"status": "exploded"})
    assert response.status_code == 200
    assert "Select a valid choice." in field_error(response, "status")


def test_an_empty_note_is_refused_next_to_it_and_nothing_saved(client_for, erin, case):
    response = client_for(erin).post(f"/cases/{case.pk}/notes/", {"body": "   "})
    assert response.status_code == 200
    assert field_error(response, "body")
    assert not CaseNote.objects.exists()


def test_assigning_to_a_member_of_the_queues_team(client_for, erin, frank, case):
    client = client_for(erin)
    client.post(f"/cases/{case.pk}/assign/", {"take": "1"})
    response = client.post(f"/cases/{case.pk}/assign/", {"owner": frank.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.owner == frank


def test_assigning_to_someone_outside_the_queues_team_is_refused(client_for, erin, alice, case):
    client = client_for(erin)
    client.post(f"/cases/{case.pk}/assign/", {"take": "1"})
    response = client.post(f"/cases/{case.pk}/assign/", {"owner": alice.pk})
    assert response.status_code == 200
    assert "Select a valid choice." in field_error(response, "assign_owner")
    case.refresh_from_db()
    assert case.owner == erin


def test_logging_a_call_shows_on_the_case(client_for, erin, case):
    client = client_for(erin)
    response = client.post(
        f"/cases/{case.pk}/events/", {"kind": "call", "subject": "Called Cathy back"}
    )
    assert response.status_code == 302
    assert "Called Cathy back" in page_text(client.get(f"/cases/{case.pk}/"))


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "task", "subject": "x"}, "event_kind"),
        ({"kind": "call", "subject": ""}, "event_subject"),
        ({"kind": "call", "subject": "x", "starts_at": "2999-01-01T10:00"}, "event_starts_at"),
        ({"kind": "call", "subject": "x", "starts_at": "soon"}, "event_starts_at"),
    ],
)
def test_bad_logged_events_are_refused_next_to_their_field(client_for, erin, case, data, field):
    response = client_for(erin).post(f"/cases/{case.pk}/events/", data)
    assert response.status_code == 200
    assert field_error(response, field)
    assert not case.event_links.exists()


def test_merging_into_another_case_of_the_customer(client_for, erin, customer, case):
    other = make_case(erin, customer, subject="Same grinder")
    client = client_for(erin)
    response = client.post(f"/cases/{case.pk}/merge/", {"into": other.number})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.parent == other and case.resolution == "duplicate"
    assert 'data-testid="merged-into"' in client.get(f"/cases/{case.pk}/").content.decode()
    assert case.number in page_text(client.get(f"/cases/{other.pk}/"))


def test_merging_into_itself_is_refused(client_for, erin, case):
    response = client_for(erin).post(f"/cases/{case.pk}/merge/", {"into": case.number})
    assert response.status_code == 200
    assert "A case cannot be merged into itself." in field_error(response, "merge_into")
    case.refresh_from_db()
    assert case.parent_id is None and case.status == "new"


def test_merging_into_a_case_of_another_customer_is_refused(client_for, erin, case):
    other_customer = make_customer(erin, first_name="Otto", last_name="Other")
    other = make_case(erin, other_customer)
    response = client_for(erin).post(f"/cases/{case.pk}/merge/", {"into": other.number})
    assert "Choose a case of the same customer." in field_error(response, "merge_into")
    case.refresh_from_db()
    assert case.parent_id is None


@pytest.mark.parametrize("into", ["CS-999999", "nonsense", "CS-99999999999999999999"])
def test_merging_into_no_case_is_refused(client_for, erin, case, into):
    response = client_for(erin).post(f"/cases/{case.pk}/merge/", {"into": into})
    assert "No case you may see has that number." in field_error(response, "merge_into")


# Editing ------------------------------------------------------------------------------------


def _edit_data(case, **fields):
    data = {
        "version": case.version,
        "subject": case.subject,
        "type": case.type,
        "priority": case.priority,
        "channel": case.channel,
        "reason": case.reason,
        "description": case.description,
        "queue": case.queue_id,
    }
    data.update(fields)
    return data


def test_editing_a_case(client_for, erin, case):
    client = client_for(erin)
    assert client.get(f"/cases/{case.pk}/edit/").status_code == 200
    response = client.post(f"/cases/{case.pk}/edit/", _edit_data(case, subject="Louder now"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.subject == "Louder now"


def test_an_edit_of_a_stale_version_keeps_the_input_and_names_the_saved_value(
    client_for, erin, case
):
    stale = _edit_data(case, subject="Mine")
    services.case_update(actor=erin, case=case, version=case.version, subject="Theirs")
    response = client_for(erin).post(f"/cases/{case.pk}/edit/", stale)
    assert response.status_code == 200
    assert "changed by someone else" in page_text(response)
    assert "Saved meanwhile: Theirs" in field_error(response, "subject")
    case.refresh_from_db()
    assert case.subject == "Theirs"


def test_an_edit_with_an_empty_subject_is_refused(client_for, erin, case):
    response = client_for(erin).post(f"/cases/{case.pk}/edit/", _edit_data(case, subject=""))
    assert response.status_code == 200
    assert field_error(response, "subject")


# Sharing ------------------------------------------------------------------------------------


def test_the_sharing_page_shares_a_case_with_a_rep(client_for, erin, admin_user, dan, case):
    client = client_for(admin_user)
    assert client.get(f"/cases/{case.pk}/sharing/").status_code == 200
    response = client.post(
        f"/cases/{case.pk}/sharing/", {"operation": "share", "user": dan.pk, "access": "view"}
    )
    assert response.status_code == 302
    assert client_for(dan).get(f"/cases/{case.pk}/").status_code == 200


def test_a_rep_may_read_the_sharing_page_but_not_share(client_for, alice, dan, case):
    client = client_for(alice)
    assert client.get(f"/cases/{case.pk}/sharing/").status_code == 200
    response = client.post(
        f"/cases/{case.pk}/sharing/", {"operation": "share", "user": dan.pk, "access": "view"}
    )
    assert response.status_code == 403


def test_a_customer_shared_with_dan_shows_him_its_cases(client_for, alice, dan, customer, case):
    party_share(actor=alice, party=customer, user=dan, action="view")
    assert client_for(dan).get(f"/cases/{case.pk}/").status_code == 200


# Search and navigation ----------------------------------------------------------------------


def test_cases_are_found_by_number_and_subject(client_for, erin, dan, case):
    client = client_for(erin)
    assert case.number in page_text(client.get(f"/search/?q={case.number}"))
    assert case.number in page_text(client.get("/search/?q=grinder"))
    assert case.number not in page_text(client_for(dan).get("/search/?q=grinder"))


def test_the_cases_nav_item_is_for_who_may_see_cases(client_for, erin, mark, case):
    assert 'href="/cases/"' in client_for(erin).get("/").content.decode()
    assert 'href="/cases/"' not in client_for(mark).get("/").content.decode()
