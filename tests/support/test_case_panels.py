"""The cases on other pages: the customer 360 page and the account page (open cases first,
"New case" for who opens cases), "Open a case" on an order's page, and the 360 page's query
count with many cases."""

import re

import pytest

from support import services
from support.models import Case
from tests.factories import make_account, make_customer, make_order, make_product, make_team
from tests.helpers import assert_flat_queries
from tests.support import make_case, make_levels, make_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(role_groups):
    make_levels()
    return make_queue(make_team("Support"), name="Berlin support")


@pytest.fixture
def customer(alice):
    return make_customer(alice, first_name="Cathy", last_name="Customer")


def _section(html: str, testid: str) -> str | None:
    match = re.search(rf'<section[^>]*data-testid="{testid}".*?</section>', html, re.S)
    return match.group(0) if match else None


def test_the_360_page_lists_the_customers_cases_open_first(client_for, erin, customer, queue):
    done = make_case(erin, customer, subject="Old and done")
    services.case_assign(actor=erin, case=done, owner=erin)
    services.case_status_change(actor=erin, case=done, status="resolved", resolution="fixed")
    still_open = make_case(erin, customer, subject="Still open")
    newest_closed = make_case(erin, customer, subject="Cancelled")
    services.case_status_change(actor=erin, case=newest_closed, status="cancelled")
    content = client_for(erin).get(f"/customers/{customer.pk}/").content.decode()
    panel = _section(content, "customer-cases")
    assert panel is not None
    assert panel.index(still_open.number) < panel.index(newest_closed.number)
    assert panel.index(still_open.number) < panel.index(done.number)
    assert f'href="/cases/new/?customer={customer.pk}"' in panel
    assert f'href="/cases/{still_open.pk}/"' in panel


def test_a_rep_sees_the_panel_without_new_case(client_for, alice, erin, customer, queue):
    case = make_case(erin, customer)
    panel = _section(
        client_for(alice).get(f"/customers/{customer.pk}/").content.decode(), "customer-cases"
    )
    assert case.number in panel
    assert "/cases/new/" not in panel


def test_marketing_sees_no_cases_panel(client_for, mark, alice, customer, queue):
    from parties.services import party_share

    party_share(actor=alice, party=customer, user=mark, action="view")
    response = client_for(mark).get(f"/customers/{customer.pk}/")
    assert response.status_code == 200
    assert _section(response.content.decode(), "customer-cases") is None


def test_the_account_page_shows_the_accounts_cases(client_for, admin_user, alice, queue):
    account = make_account(alice, name="Acme Coffee")
    case = make_case(admin_user, account, subject="Acme's espresso machine")
    panel = _section(
        client_for(alice).get(f"/accounts/{account.pk}/").content.decode(), "customer-cases"
    )
    assert panel is not None and case.number in panel


def test_the_new_case_link_opens_a_case_for_the_customer(client_for, erin, customer, queue):
    client = client_for(erin)
    response = client.post(
        f"/cases/new/?customer={customer.pk}",
        {
            "customer": f"#{customer.pk}",
            "subject": "From the 360 page",
            "type": "question",
            "priority": "2",
            "channel": "phone",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.customer == customer
    panel = _section(client.get(f"/customers/{customer.pk}/").content.decode(), "customer-cases")
    assert case.number in panel


def test_the_order_page_offers_open_a_case_to_who_opens_cases(
    client_for, erin, alice, customer, queue
):
    order = make_order(alice, customer, products=[make_product("MUG")])
    panel = _section(client_for(erin).get(f"/orders/{order.pk}/").content.decode(), "order-case")
    assert panel is not None and f'href="/cases/new/?order={order.pk}"' in panel
    content = client_for(alice).get(f"/orders/{order.pk}/").content.decode()
    assert _section(content, "order-case") is None


def test_the_360_page_with_cases_reads_a_fixed_number_of_queries(client_for, erin, customer, queue):
    make_case(erin, customer)

    def grow():
        for n in range(49):
            case = make_case(erin, customer, subject=f"Case {n}")
            if n % 2:
                services.case_assign(actor=erin, case=case, owner=erin)

    # +1: the tags line, +2: the notes panel, +1: the contact details' history in the timeline,
    # +2: the notes and files on the timeline
    assert_flat_queries(client_for(erin), f"/customers/{customer.pk}/", grow=grow, budget=30)
