"""The commerce issue's "done when", in the browser: erin (Customer Service) opens a customer's
360 page, places a phone order with two products, approves it and sees the figures and the
journey follow at once, then approves a pending review; dan (another team) sees none of it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commerce.models import CustomerFigures, Order, ProductReview
from commerce.services import review_post
from events.services import event_complete
from tests.factories import make_event, make_lead, make_order, make_product

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_erin_takes_a_phone_order_and_moderates_a_review(
    live_server, browser, page, sign_in, screenshot, alice, erin, dan
):
    # A lead of alice's that became a customer: erin's call, a first order, a pending review.
    party = make_lead(alice, first_name="Ada", last_name="Byron", email="ada@example.com").party
    beans = make_product("BEANS-1", name="Arabica beans 1 kg", price="18.50")
    make_product("MUG-1", name="Espresso mug", price="6.00")
    make_order(alice, party, products=[beans], status="completed")
    event_complete(
        actor=erin,
        event=make_event(
            erin,
            kind="call",
            party=party,
            subject="Welcome call",
            starts_at=timezone.now() - datetime.timedelta(days=1),
        ),
    )
    review_post(actor=None, customer=party, product=beans, rating=5, title="Lovely beans")

    sign_in("erin")
    page.goto(f"{live_server.url}/customers/{party.pk}/")
    expect(page.get_by_test_id("figure-orders")).to_contain_text("1")
    journey = page.get_by_test_id("journey-panel")
    for words in ("Lead created", "Call completed", "completed", "Review of Arabica"):
        expect(journey).to_contain_text(words)
    screenshot("customer-360-before")

    page.get_by_role("link", name="New order").click()
    lines = page.get_by_test_id("line")
    lines.nth(0).get_by_label("Product").fill("BEANS-1")
    lines.nth(0).get_by_label("Quantity").fill("2")
    lines.nth(1).get_by_label("Product").fill("MUG-1")
    lines.nth(1).get_by_label("Quantity").fill("0")
    page.get_by_role("button", name="Place order").click()
    # A bad quantity: said next to the field, nothing saved, nothing typed lost.
    expect(page.locator(".invalid-feedback, .text-danger").first).to_be_visible()
    assert Order.objects.filter(customer=party).count() == 1
    expect(page.get_by_test_id("line").nth(0).get_by_label("Product")).to_have_value("BEANS-1")
    page.get_by_test_id("line").nth(1).get_by_label("Quantity").fill("3")
    page.get_by_role("button", name="Place order").click()
    expect(page.get_by_test_id("status")).to_contain_text("Created")
    expect(page.get_by_test_id("items")).to_contain_text("55.00")  # 2 × 18.50 + 3 × 6.00
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_test_id("status")).to_contain_text("Approved")
    expect(page.get_by_test_id("history")).to_contain_text("Approved")
    screenshot("order-approved")
    order = Order.objects.filter(customer=party).latest("pk")
    assert (order.status, str(order.grand_total), order.items.count()) == ("approved", "55.00", 2)

    page.get_by_test_id("customer").get_by_role("link").click()
    expect(page.get_by_test_id("figure-orders")).to_contain_text("2")
    expect(page.get_by_test_id("figure-revenue")).to_contain_text("73.50")  # 18.50 + 55.00
    expect(page.get_by_test_id("journey-panel")).to_contain_text(f"{order.number}: approved")
    assert CustomerFigures.objects.get(party=party).order_count == 2
    screenshot("customer-360-after")

    page.goto(f"{live_server.url}/reviews/")
    row = page.locator("tr").filter(has_text="Lovely beans")
    row.get_by_role("button", name="Approve").click()
    expect(page.locator(".alert").first).to_contain_text("approved")
    assert ProductReview.objects.get().status == "approved"

    other = browser.new_context().new_page()
    other.goto(f"{live_server.url}/login/")
    other.get_by_label("Username").fill("dan")
    other.get_by_label("Password").fill("demo")
    other.get_by_role("button", name="Sign in").click()
    other.wait_for_url(f"{live_server.url}/")
    assert other.goto(f"{live_server.url}/orders/{order.pk}/").status == 404
    assert other.goto(f"{live_server.url}/customers/{party.pk}/").status == 404
    other.goto(f"{live_server.url}/orders/")
    expect(other.get_by_role("link", name=order.number)).to_have_count(0)
    other.context.close()


def test_the_shop_pages_fit_a_phone(live_server, browser, erin, alice):
    """At 390 px wide no page scrolls sideways: wide tables scroll inside their own box
    (their screen-reader text included)."""
    customer = make_lead(alice, first_name="Ada", last_name="Byron").party
    beans = make_product("BEANS-1", name="Arabica beans 1 kg", price="18.50")
    order = make_order(alice, customer, products=[beans], status="completed")
    review = review_post(actor=None, customer=customer, product=beans, rating=5, title="Lovely")
    phone = browser.new_context(viewport={"width": 390, "height": 800}).new_page()
    phone.goto(f"{live_server.url}/login/")
    phone.get_by_label("Username").fill("erin")
    phone.get_by_label("Password").fill("demo")
    phone.get_by_role("button", name="Sign in").click()
    phone.wait_for_url(f"{live_server.url}/")
    for url in (
        f"/customers/{customer.pk}/",
        f"/customers/{customer.pk}/journey/",
        "/orders/",
        f"/orders/{order.pk}/",
        f"/orders/new/?customer={customer.pk}",
        "/products/",
        f"/products/{beans.pk}/",
        "/reviews/",
        f"/reviews/{review.pk}/",
    ):
        assert phone.goto(f"{live_server.url}{url}").status == 200
        widths = phone.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], (url, widths)
    phone.context.close()
