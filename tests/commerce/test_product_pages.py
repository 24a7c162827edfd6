"""The product pages: the catalogue with its filters and sales figures, a product's page with
its ratings and the orders the user may see, and the commerce admin."""

import datetime
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commerce import services
from commerce.models import (
    CustomerFigures,
    Order,
    OrderItem,
    ProductCategory,
    ProductReview,
    RfmBoundaries,
    ShoppingList,
)
from commerce.services import ItemInput
from tests.factories import make_customer, make_order, make_product, make_user
from tests.helpers import count_queries, field_error

pytestmark = pytest.mark.django_db

LIST = "/products/"


def names(response) -> list[str]:
    return re.findall(r'<a href="/products/\d+/">([^<]+)</a>', response.content.decode())


def cell(content: str, attribute: str, days: int) -> str:
    match = re.search(rf'{attribute}="{days}">(.*?)</td>', content, re.S)
    assert match, f"no {attribute} {days}"
    return re.sub(r"<[^>]+>", " ", match.group(1)).split()


def order(actor, customer, product, *, quantity=1, days_ago=0, status="", price=None, **kw):
    created = services.order_create(
        actor=actor,
        customer=customer,
        channel="phone",
        currency=kw.pop("currency", product.currency),
        items=[ItemInput(product=product, quantity=quantity, unit_price=price)],
        order_date=timezone.now() - datetime.timedelta(days=days_ago, hours=1),
    )
    steps = {"cancelled": ["cancelled"], "completed": ["approved", "sent", "completed"]}
    for step in steps.get(status, []):
        created = services.order_status_change(
            actor=actor, order=created, status=step, reason="test"
        )
    return created


@pytest.fixture
def tree():
    kitchen = ProductCategory.objects.create(name="Kitchen")
    coffee = ProductCategory.objects.create(name="Coffee makers", parent=kitchen)
    espresso = ProductCategory.objects.create(name="Espresso", parent=coffee)
    garden = ProductCategory.objects.create(name="Garden")
    return {"kitchen": kitchen, "coffee": coffee, "espresso": espresso, "garden": garden}


def test_list_filters_by_text_category_tree_and_active(client_for, alice, tree):
    make_product("KIT-1", name="Kettle", category=tree["kitchen"])
    make_product("COF-1", name="Drip brewer", category=tree["coffee"])
    make_product("ESP-1", name="Espresso machine", category=tree["espresso"])
    make_product("GAR-1", name="Garden hose", category=tree["garden"])
    make_product("ESP-2", name="Old portafilter", category=tree["espresso"], is_active=False)
    client = client_for(alice)
    everything = ["Drip brewer", "Espresso machine", "Garden hose", "Kettle", "Old portafilter"]
    assert names(client.get(LIST)) == everything
    kitchen = ["Drip brewer", "Espresso machine", "Kettle", "Old portafilter"]
    assert names(client.get(LIST, {"category": tree["kitchen"].pk})) == kitchen
    coffee = ["Drip brewer", "Espresso machine", "Old portafilter"]
    assert names(client.get(LIST, {"category": tree["coffee"].pk})) == coffee
    assert names(client.get(LIST, {"category": tree["garden"].pk})) == ["Garden hose"]
    assert names(client.get(LIST, {"q": "esp"})) == ["Espresso machine", "Old portafilter"]
    assert names(client.get(LIST, {"q": "hose"})) == ["Garden hose"]
    active_espresso = {"category": tree["espresso"].pk, "active": "true"}
    assert names(client.get(LIST, active_espresso)) == ["Espresso machine"]
    assert names(client.get(LIST, {"active": "false"})) == ["Old portafilter"]
    page = client.get(LIST).content.decode()
    assert "Kitchen › Coffee makers › Espresso" in page


def test_bad_filter_values_show_an_error_and_the_whole_list(client_for, alice, tree):
    make_product("KIT-1", name="Kettle", category=tree["kitchen"])
    response = client_for(alice).get(
        LIST, {"category": "x1", "q": "a\x00b", "after": "not-a-cursor", "before": "%"}
    )
    assert response.status_code == 200
    assert "valid choice" in field_error(response, "category")
    assert names(response) == ["Kettle"]


def test_list_pages_by_name(client_for, alice, settings):
    settings.CRM_PAGE_SIZE = 2
    for name in ("Delta", "Alpha", "Charlie", "Bravo"):
        make_product(name=name)
    client = client_for(alice)
    first = client.get(LIST)
    assert names(first) == ["Alpha", "Bravo"]
    after = re.search(r'href="\?(after=[^"]+)"', first.content.decode()).group(1)
    assert names(client.get(f"{LIST}?{after}")) == ["Charlie", "Delta"]


def test_sales_figures_equal_what_the_orders_hold(client_for, alice, erin):
    mug = make_product("MUG", name="Mug", price="10.00")
    other = make_product("OTHER", name="Other", price="99.00")
    customer = make_customer(alice)
    order(alice, customer, mug, quantity=2, days_ago=1, status="completed")  # 20.00
    order(alice, customer, mug, quantity=3, days_ago=45)  # 30.00, in 90 and 365
    order(alice, customer, mug, quantity=1, days_ago=200, price=Decimal("7.50"))
    order(alice, customer, mug, quantity=5, days_ago=400)  # too old
    order(alice, customer, mug, quantity=4, days_ago=2, status="cancelled")  # not a sale
    order(alice, customer, mug, quantity=1, days_ago=3, currency="GBP", price=Decimal("8.00"))
    order(alice, customer, other, quantity=9, days_ago=1)
    expected = {30: (3, "20.00", "8.00"), 90: (6, "50.00", "8.00"), 365: (7, "57.50", "8.00")}
    now = timezone.now()
    for days, (units, eur, gbp) in expected.items():
        items = OrderItem.objects.filter(
            product=mug, order__order_date__gte=now - datetime.timedelta(days=days)
        ).exclude(order__status__in=["cancelled", "rejected"])
        assert sum(i.quantity - i.cancelled_quantity for i in items) == units
        revenue = {
            currency: sum(i.line_total for i in items if i.order.currency == currency)
            for currency in ("EUR", "GBP")
        }
        assert revenue == {"EUR": Decimal(eur), "GBP": Decimal(gbp)}
    for client in (client_for(alice), client_for(erin)):
        for url in (LIST + "?q=MUG", reverse("products:detail", args=[mug.pk])):
            content = client.get(url).content.decode()
            for days, (units, eur, gbp) in expected.items():
                assert cell(content, "data-units", days) == [str(units)], (url, days)
                assert cell(content, "data-revenue", days) == [eur, "EUR", gbp, "GBP"], (url, days)


def test_a_product_without_sales_shows_zero(client_for, alice):
    make_product("NEW", name="Brand new")
    content = client_for(alice).get(LIST).content.decode()
    assert cell(content, "data-units", 365) == ["0"]
    assert cell(content, "data-revenue", 365) == ["—"]


def test_detail_shows_category_path_and_rating_distribution(client_for, alice, erin, tree):
    mug = make_product("MUG", name="Mug", category=tree["espresso"])
    customer = make_customer(alice, first_name="Rita", last_name="Rater")
    order(alice, customer, mug, status="completed")
    for rating, status in [(5, "approved"), (5, "approved"), (4, "approved"), (1, "pending")]:
        review = services.review_post(
            actor=None, customer=customer, product=mug, rating=rating, title=f"{rating} stars"
        )
        if status == "approved":
            services.review_moderate(actor=erin, review=review, approve=True)
    rejected = services.review_post(
        actor=None, customer=customer, product=mug, rating=2, title="Rude"
    )
    services.review_moderate(actor=erin, review=rejected, approve=False, reason="Abuse")
    content = client_for(alice).get(reverse("products:detail", args=[mug.pk])).content.decode()
    path = re.search(r'data-testid="category-path">(.*?)</dd>', content, re.S).group(1)
    assert re.sub(r"\s+", " ", path).strip() == "Kitchen › Coffee makers › Espresso"
    counts = dict(re.findall(r'data-count="(\d)">(\d+)<', content))
    assert counts == {"5": "2", "4": "1", "3": "0", "2": "0", "1": "0"}
    assert "Average 4.7 out of 5 over 3 approved reviews" in content
    reviews = re.search(r'data-testid="reviews">(.*?)</ul>', content, re.S).group(1)
    assert "Rude" not in reviews and "1 stars" not in reviews
    assert reviews.count("Verified purchase") == 3 and "Rita Rater" in reviews


def test_detail_lists_only_the_orders_the_user_may_see(client_for, alice, bob, dan, erin):
    mug = make_product("MUG", name="Mug")
    alices = make_customer(alice)
    dans = make_customer(dan)
    alices_order = order(alice, alices, mug)
    dans_order = order(dan, dans, mug)
    url = reverse("products:detail", args=[mug.pk])

    def orders_seen(user) -> set[str]:
        content = client_for(user).get(url).content.decode()
        table = re.search(r'data-testid="orders">(.*?)</table>', content, re.S).group(1)
        return set(re.findall(r"SO-\d+", table))

    assert orders_seen(dan) == {dans_order.number}
    assert orders_seen(alice) == {alices_order.number}
    assert orders_seen(bob) == {alices_order.number}
    assert orders_seen(erin) == {alices_order.number, dans_order.number}
    # The figures are the catalogue's: every order counts, whoever looks.
    dan_content = client_for(dan).get(url).content.decode()
    assert cell(dan_content, "data-units", 30) == ["2"]


def test_detail_of_no_product_is_404_and_a_role_without_products_403(client_for, alice):
    client = client_for(alice)
    assert client.get("/products/424242/").status_code == 404
    assert client.get("/products/99999999999999999999/").status_code == 404
    nobody = make_user("nobody")
    client = client_for(nobody)
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("products:detail", args=[make_product().pk])).status_code == 403


def test_marketing_sees_products_without_orders(client_for, mark):
    mug = make_product("MUG", name="Mug")
    response = client_for(mark).get(reverse("products:detail", args=[mug.pk]))
    assert response.status_code == 200
    assert 'data-testid="orders"' not in response.content.decode()


def warm_count(client, url) -> int:
    count_queries(client, url)
    return count_queries(client, url)


def test_list_queries_do_not_grow_with_products(alice, erin):
    customer = make_customer(alice)

    def sold_product():
        product = make_product()
        order(alice, customer, product, quantity=2)
        review = services.review_post(
            actor=None, customer=customer, product=product, rating=4, title="Fine"
        )
        services.review_moderate(actor=erin, review=review, approve=True)

    sold_product()
    client = Client()
    client.force_login(alice)
    before = warm_count(client, LIST)
    for _ in range(49):
        sold_product()
    assert len(names(client.get(LIST))) == 50
    assert count_queries(client, LIST) == before <= 10


def test_detail_queries_do_not_grow_with_reviews_and_orders(alice, erin):
    mug = make_product("MUG", name="Mug")
    url = reverse("products:detail", args=[mug.pk])

    def sale():
        customer = make_customer(alice)
        order(alice, customer, mug)
        review = services.review_post(
            actor=None, customer=customer, product=mug, rating=5, title="Yes"
        )
        services.review_moderate(actor=erin, review=review, approve=True)

    sale()
    for user in (alice, erin):
        client = Client()
        client.force_login(user)
        before = warm_count(client, url)
        for _ in range(12):
            sale()
        assert count_queries(client, url) == before <= 14, user


def test_admin_changelists_and_change_pages_answer(client_for, admin_user, alice, erin):
    mug = make_product("MUG", name="Mug")
    customer = make_customer(alice)
    placed = make_order(alice, customer, products=[mug], status="completed")
    review = services.review_post(actor=None, customer=customer, product=mug, rating=4, title="Ok")
    wishes = services.shopping_list_create(
        actor=erin, customer=customer, name="Gifts", list_type="wish_list", items=[(mug, 1)]
    )
    services.boundaries_refresh()
    client = client_for(admin_user)
    records = {
        "productcategory": mug.category_id,
        "product": mug.pk,
        "order": placed.pk,
        "productreview": review.pk,
        "shoppinglist": wishes.pk,
        "customerfigures": CustomerFigures.objects.get(party=customer).pk,
        "rfmboundaries": RfmBoundaries.objects.get().pk,
    }
    for model, pk in records.items():
        assert client.get(reverse(f"admin:commerce_{model}_changelist")).status_code == 200, model
        change = client.get(reverse(f"admin:commerce_{model}_change", args=[pk]))
        assert change.status_code == 200, model
    # Totals and status are not editable; the notes are.
    page = client.get(reverse("admin:commerce_order_change", args=[placed.pk])).content.decode()
    assert 'name="notes"' in page
    assert 'name="grand_total"' not in page and 'name="status"' not in page
    assert client.get(reverse("admin:commerce_order_add")).status_code == 403
    assert (
        'name="status"'
        not in client.get(
            reverse("admin:commerce_productreview_change", args=[review.pk])
        ).content.decode()
    )
    assert ShoppingList.objects.count() == 1 and Order.objects.count() == 1
    assert ProductReview.objects.count() == 1


def test_admin_refuses_a_category_under_its_own_subcategory(client_for, admin_user, tree):
    response = client_for(admin_user).post(
        reverse("admin:commerce_productcategory_change", args=[tree["kitchen"].pk]),
        {"name": "Kitchen", "parent": tree["espresso"].pk},
    )
    assert response.status_code == 200
    assert "cannot be placed under itself" in response.content.decode()
    tree["kitchen"].refresh_from_db()
    assert tree["kitchen"].parent_id is None
