"""The commerce services: orders and their status moves, figures kept equal to a
recomputation, reviews, shopping lists, and the journey rows they write."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commerce import services
from commerce.models import (
    CustomerFigures,
    Order,
    OrderItem,
    OrderStatus,
    ProductReview,
    ShoppingList,
)
from commerce.services import ItemInput
from parties.models import JourneyEntry, RoleType
from tests.factories import make_contact, make_customer, make_order, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(alice):
    return make_customer(alice)


def test_order_totals_are_half_up_cents_and_number_is_readable(alice, customer):
    mug = make_product("MUG", price="3.35")
    beans = make_product("BEANS", price="12.00")
    order = services.order_create(
        actor=alice,
        customer=customer,
        channel="phone",
        currency="EUR",
        items=[
            ItemInput(product=mug, quantity=3, discount=Decimal("0.03")),
            ItemInput(product=beans, quantity=2, unit_price=Decimal("11.50")),
        ],
        shipping_amount=Decimal("4.90"),
        ship_to={"address1": "1 Main St", "city": "Leeds", "country": "GB"},
    )
    order.refresh_from_db()
    assert order.number == f"SO-{order.pk:06d}"
    lines = list(order.items.order_by("line").values_list("line_total", flat=True))
    assert lines == [Decimal("10.02"), Decimal("23.00")]
    assert order.items_total == Decimal("33.02")
    assert order.grand_total == Decimal("37.92")
    assert order.reporting_total == Decimal("37.92")  # EUR is the reporting currency
    assert order.addresses.get().city == "Leeds"
    assert list(order.status_history.values_list("status", flat=True)) == ["created"]


def test_bad_items_are_refused_and_nothing_is_written(alice, customer):
    old = make_product("OLD", is_active=False)
    mug = make_product("MUG")
    with pytest.raises(ValidationError) as caught:
        services.order_create(
            actor=alice,
            customer=customer,
            channel="phone",
            currency="EUR",
            items=[
                ItemInput(product=old, quantity=1),
                ItemInput(product=mug, quantity=0),
                ItemInput(product=mug, quantity=1, unit_price=Decimal("1.005")),
            ],
        )
    messages = caught.value.message_dict["items"]
    assert any("Line 1" in m and "no longer sold" in m for m in messages)
    assert any("Line 2" in m and "at least 1" in m for m in messages)
    assert any("Line 3" in m and "2 decimals" in m for m in messages)
    assert not Order.objects.exists() and not OrderItem.objects.exists()


def test_status_moves_follow_ofbiz_and_write_history(alice, customer):
    order = make_order(alice, customer, status="completed")
    assert list(order.status_history.values_list("from_status", "status")) == [
        ("", "created"),
        ("created", "approved"),
        ("approved", "sent"),
        ("sent", "completed"),
    ]
    with pytest.raises(ValidationError) as caught:
        services.order_status_change(actor=alice, order=order, status="created")
    assert "cannot become created" in caught.value.message_dict["status"][0]
    assert OrderStatus.objects.filter(order=order).count() == 4
    fresh = make_order(alice, customer)
    with pytest.raises(ValidationError) as caught:
        services.order_status_change(actor=alice, order=fresh, status="cancelled")
    assert "reason" in caught.value.message_dict


def test_figures_follow_every_order_write_and_equal_a_recomputation(alice, customer):
    day = timezone.now() - datetime.timedelta(days=40)
    make_order(alice, customer, order_date=day, status="completed")
    make_order(alice, customer, status="approved")
    make_order(alice, customer, status="cancelled")
    figures = CustomerFigures.objects.get(party=customer)
    assert figures.order_count == 2
    assert figures.open_order_count == 1
    assert figures.revenue == Decimal("39.80")
    assert figures.first_order_at == day
    assert figures.average_order_value == Decimal("19.90")
    assert services.figures_mismatches() == []
    CustomerFigures.objects.filter(party=customer).update(order_count=9)
    assert [row[0] for row in services.figures_mismatches()] == [customer.pk]
    services.figures_rebuild()
    assert services.figures_mismatches() == []


def test_an_order_makes_its_party_a_customer(alice):
    contact = make_contact(alice)
    make_order(alice, contact)
    assert contact.roles.filter(role=RoleType.CUSTOMER).exists()


def test_foreign_currency_without_rate_is_counted_apart(alice, customer):
    make_order(alice, customer, products=[make_product(currency="JPY", price="1000")])
    figures = CustomerFigures.objects.get(party=customer)
    assert figures.order_count == 1 and figures.unconverted_order_count == 1
    assert figures.revenue == 0 and figures.average_order_value is None


def test_rfm_segments(alice, customer):
    others = [make_customer(alice) for _ in range(4)]
    old = timezone.now() - datetime.timedelta(days=700)
    for other in others:
        make_order(alice, other, order_date=old, status="completed")
    for _ in range(3):
        make_order(alice, customer, status="completed")
    boundaries = services.boundaries_refresh()
    assert boundaries.customers == 5
    best = services.rfm_for(CustomerFigures.objects.get(party=customer), boundaries)
    assert best.segment == "champion"
    worst = services.rfm_for(CustomerFigures.objects.get(party=others[0]), boundaries)
    assert worst.segment == "lost"


def test_reviews_are_verified_only_after_a_completed_purchase(alice, erin, customer):
    mug = make_product("MUG")
    unverified = services.review_post(
        actor=None, customer=customer, product=mug, rating=4, title="Nice"
    )
    make_order(alice, customer, products=[mug], status="completed")
    verified = services.review_post(
        actor=None, customer=customer, product=mug, rating=5, title="Great"
    )
    assert not unverified.verified_purchase and verified.verified_purchase
    with pytest.raises(ValidationError):
        services.review_post(actor=None, customer=customer, product=mug, rating=6, title="Too much")
    with pytest.raises(ValidationError) as caught:
        services.review_moderate(actor=erin, review=unverified, approve=False)
    assert "reason" in caught.value.message_dict
    services.review_moderate(actor=erin, review=verified, approve=True)
    verified.refresh_from_db()
    assert verified.status == "approved" and verified.moderated_by == erin
    assert ProductReview.objects.filter(status="pending").count() == 1


def test_order_from_shopping_list(erin, customer):
    mug, beans = make_product("MUG"), make_product("BEANS", price="12.00")
    wishes = services.shopping_list_create(
        actor=erin,
        customer=customer,
        name="Gifts",
        list_type="wish_list",
        items=[(mug, 2), (beans, 1)],
    )
    order = services.order_from_shopping_list(
        actor=erin, shopping_list=wishes, channel="phone", currency="EUR"
    )
    assert order.grand_total == Decimal("51.80")
    wishes.refresh_from_db()
    assert wishes.last_ordered_at == order.order_date
    assert sorted(wishes.items.values_list("quantity_purchased", flat=True)) == [1, 2]
    empty = ShoppingList.objects.create(customer=customer, name="Empty", list_type="frequent")
    with pytest.raises(ValidationError):
        services.order_from_shopping_list(
            actor=erin, shopping_list=empty, channel="phone", currency="EUR"
        )


def test_every_write_appends_to_the_journey(alice, erin, customer):
    mug = make_product("MUG")
    order = make_order(alice, customer, products=[mug], status="approved")
    review = services.review_post(
        actor=None, customer=customer, product=mug, rating=4, title="Nice"
    )
    services.review_moderate(actor=erin, review=review, approve=True)
    rows = list(JourneyEntry.objects.filter(party=customer).order_by("occurred_at", "id"))
    kinds = [(row.kind, row.record_type, row.record_id) for row in rows if row.kind != "consent"]
    assert kinds == [
        ("order", "order", order.pk),
        ("order", "order", order.pk),
        ("review", "review", review.pk),
        ("review", "review", review.pk),
    ]
    assert "placed" in rows[-4].summary and "approved" in rows[-3].summary
