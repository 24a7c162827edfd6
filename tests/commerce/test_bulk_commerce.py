"""Bulk actions on the commerce lists (commerce/bulk.py): orders change status through
order_status_change (a move OFBiz refuses is that row's reported error) and export only what
the user sees; reviews are approved or rejected through review_moderate, by moderators only;
the catalogue exports. A large selection is one job."""

import csv
import io

import pytest
from django.test import override_settings

from commerce.models import Order, OrderStatus, ProductReview, ReviewStatus
from commerce.services import review_post
from crm.models import Job
from tests.factories import make_customer, make_order, make_product

pytestmark = pytest.mark.django_db


def _post(client, url, **data):
    return client.post(url, {"confirm": "1", **data}, follow=True)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def customer(alice):
    return make_customer(alice, first_name="Cathy", last_name="Customer")


@pytest.fixture
def product():
    return make_product("BEANS-1", name="Arabica beans")


@pytest.fixture
def reviews(customer, product):
    return [
        review_post(actor=None, customer=customer, product=product, rating=r, title=f"Ok {r}")
        for r in (3, 4)
    ]


# Orders -----------------------------------------------------------------------------------


def test_the_orders_list_has_checkboxes_and_the_bar(client, erin, customer, product):
    order = make_order(erin, customer, products=[product])
    client.force_login(erin)
    page = client.get("/orders/").text
    assert f'name="ids" value="{order.pk}" form="bulk-orders"' in page
    assert '<option value="status">Change status</option>' in page
    assert '<option value="export">Export CSV</option>' in page


def test_order_status_in_bulk_reports_the_moves_that_are_refused(client, erin, customer, product):
    created = make_order(erin, customer, products=[product])
    completed = make_order(erin, customer, products=[product], status="completed")
    client.force_login(erin)
    response = _post(
        client, "/orders/bulk/", action="status", ids=[created.pk, completed.pk], status="approved"
    )
    (summary,) = _messages(response)
    assert summary.startswith(
        f"Changed 1 order; 1 not changed: {completed.number}: "
        "An order that is completed cannot become approved."
    )
    assert Order.objects.get(pk=created.pk).status == "approved"
    assert Order.objects.get(pk=completed.pk).status == "completed"
    assert OrderStatus.objects.filter(order=created, status="approved", changed_by=erin).exists()


def test_cancelling_in_bulk_needs_a_reason_next_to_the_field(client, erin, customer, product):
    order = make_order(erin, customer, products=[product])
    client.force_login(erin)
    response = client.post(
        "/orders/bulk/",
        {"action": "status", "ids": [order.pk], "status": "cancelled", "confirm": "1"},
    )
    assert response.status_code == 200
    assert "Say why (the customer may ask)." in response.text
    assert Order.objects.get(pk=order.pk).status == "created"


def test_a_rep_may_not_move_orders_on(client, alice, customer, product):
    order = make_order(alice, customer, products=[product])
    client.force_login(alice)
    assert '<option value="status">' not in client.get("/orders/").text
    response = client.post(
        "/orders/bulk/", {"action": "status", "ids": [order.pk], "status": "approved"}
    )
    assert response.status_code == 403
    assert Order.objects.get(pk=order.pk).status == "created"


@override_settings(CRM_BULK_SYNC_LIMIT=1)
def test_a_large_order_selection_runs_as_one_job(client, erin, customer, product):
    orders = [make_order(erin, customer, products=[product]) for _ in range(2)]
    client.force_login(erin)
    response = client.post(
        "/orders/bulk/",
        {"action": "status", "all": "1", "query": "", "status": "approved", "confirm": "1"},
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.state == Job.State.DONE and job.result["summary"] == "Changed 2 orders."
    assert set(Order.objects.values_list("status", flat=True)) == {"approved"}
    assert len(orders) == 2


def test_order_export_holds_only_visible_orders_with_formulas_escaped(client, alice, dan, product):
    mine = make_customer(alice, first_name="=cmd", last_name="Evil")
    hidden = make_customer(dan, first_name="Dora", last_name="Hidden")
    ticked = make_order(alice, mine, products=[product])
    make_order(dan, hidden, products=[product])
    client.force_login(alice)
    rows = _csv(client.post("/orders/bulk/", {"action": "export", "all": "1", "query": ""}))
    assert rows[0] == ["Number", "Date", "Customer", "Channel", "Status", "Grand total", "Currency"]
    assert [(row[0], row[2]) for row in rows[1:]] == [(ticked.number, "'=cmd Evil")]


def test_order_export_of_ticked_rows_skips_ids_the_user_may_not_see(client, alice, dan, product):
    mine = make_order(alice, make_customer(alice), products=[product])
    hidden = make_order(dan, make_customer(dan, first_name="Dora"), products=[product])
    client.force_login(alice)
    rows = _csv(client.post("/orders/bulk/", {"action": "export", "ids": [mine.pk, hidden.pk]}))
    assert [row[0] for row in rows[1:]] == [mine.number]


def test_marketing_exports_no_orders(client, mark, alice, customer, product):
    make_order(alice, customer, products=[product])
    client.force_login(mark)
    assert client.post("/orders/bulk/", {"action": "export", "all": "1"}).status_code == 403


# Reviews ----------------------------------------------------------------------------------


def test_approving_in_bulk_goes_through_moderation(client, erin, reviews):
    client.force_login(erin)
    page = client.get("/reviews/").text
    assert f'name="ids" value="{reviews[0].pk}" form="bulk-reviews"' in page
    response = _post(client, "/reviews/bulk/", action="approve", ids=[r.pk for r in reviews])
    assert _messages(response) == ["Changed 2 reviews."]
    for review in ProductReview.objects.all():
        assert review.status == ReviewStatus.APPROVED and review.moderated_by == erin


def test_rejecting_needs_a_reason_and_changing_a_decision_is_reported(client, erin, reviews):
    client.force_login(erin)
    missing = client.post(
        "/reviews/bulk/", {"action": "reject", "ids": [reviews[0].pk], "confirm": "1"}
    )
    assert missing.status_code == 200 and "This field is required." in missing.text
    assert ProductReview.objects.get(pk=reviews[0].pk).status == ReviewStatus.PENDING
    _post(client, "/reviews/bulk/", action="reject", ids=[reviews[0].pk], reason="Spam")
    # Approving it again without a reason is refused by the service: reported, not made.
    response = _post(
        client,
        "/reviews/bulk/",
        action="approve",
        all="1",
        query="status=rejected",
    )
    (summary,) = _messages(response)
    assert summary.startswith("Changed 0 reviews; 1 not changed:")
    assert "Say why the earlier decision is changed." in summary
    assert ProductReview.objects.get(pk=reviews[0].pk).status == ReviewStatus.REJECTED
    assert ProductReview.objects.get(pk=reviews[1].pk).status == ReviewStatus.PENDING


def test_only_moderators_approve_in_bulk(client, alice, reviews):
    client.force_login(alice)
    page = client.get("/reviews/").text
    assert '<option value="approve">' not in page and '<option value="export">' in page
    response = client.post("/reviews/bulk/", {"action": "approve", "ids": [reviews[0].pk]})
    assert response.status_code == 403
    assert ProductReview.objects.get(pk=reviews[0].pk).status == ReviewStatus.PENDING


def test_review_export_follows_the_tab_and_what_the_user_sees(client, alice, dan, reviews, product):
    hidden = make_customer(dan, first_name="Dora", last_name="Hidden")
    review_post(actor=None, customer=hidden, product=product, rating=1, title="Hidden")
    client.force_login(alice)
    rows = _csv(client.post("/reviews/bulk/", {"action": "export", "all": "1", "query": ""}))
    assert rows[0][:6] == ["Posted", "Customer", "SKU", "Product", "Rating", "Title"]
    assert sorted(row[5] for row in rows[1:]) == ["Ok 3", "Ok 4"]
    approved = _csv(
        client.post("/reviews/bulk/", {"action": "export", "all": "1", "query": "status=approved"})
    )
    assert approved[1:] == []


# Products ---------------------------------------------------------------------------------


def test_product_export_follows_the_filter(client, alice):
    make_product("BEANS-1", name="Arabica beans", price="12.50")
    make_product("CUP-1", name="=Cup", price="4.00")
    client.force_login(alice)
    page = client.get("/products/").text
    assert 'action="/products/bulk/"' in page
    rows = _csv(client.post("/products/bulk/", {"action": "export", "all": "1", "query": ""}))
    assert rows[0] == [
        "SKU",
        "Name",
        "Category",
        "List price",
        "Currency",
        "Active",
        "Units 30 d",
        "Units 90 d",
        "Units 365 d",
        "Rating",
    ]
    by_sku = {row[0]: row for row in rows[1:]}
    assert set(by_sku) == {"BEANS-1", "CUP-1"} and by_sku["CUP-1"][1] == "'=Cup"
    assert by_sku["BEANS-1"][1:6] == ["Arabica beans", "Coffee", "12.50", "EUR", "yes"]
