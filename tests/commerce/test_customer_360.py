"""The customer 360 page (a CSR's view of one customer): key figures and consent under the
title, the order history (keyset paged and filtered within the page), shopping lists,
product reviews and the journey; the same on the account page of a B2B customer; and the
shopping list page with its "Create order from list" action."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from commerce import services
from commerce.models import Order, ShoppingList
from parties.models import JourneyEntry
from parties.services import consent_record, journey_append, party_share
from tests.factories import make_account, make_customer, make_order, make_product
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(alice):
    return make_customer(alice, first_name="Cathy", last_name="Buyer")


@pytest.fixture
def beans():
    return make_product("BEANS", price="12.50", name="House beans")


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response, response.content.decode()


def _section(html: str, testid: str) -> str:
    match = re.search(rf'<section[^>]*data-testid="{testid}".*?</section>', html, re.S)
    assert match, f"no {testid} section"
    return match.group(0)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_erin_sees_figures_orders_lists_reviews_and_journey(client, alice, erin, customer, beans):
    consent_record(
        actor=alice, party=customer, purpose="MARKETING_EMAIL", granted=True, source="PHONE"
    )
    order = make_order(alice, customer, products=[beans], status="completed")
    services.shopping_list_create(
        actor=alice,
        customer=customer,
        name="Monthly coffee",
        list_type="auto_reorder",
        items=[(beans, 2)],
    )
    services.review_post(
        actor=None, customer=customer, product=beans, rating=4, title="Smooth and rich"
    )
    _response, html = _page(client, erin, f"/customers/{customer.pk}/")

    figures = _text(_section(html, "key-figures"))
    assert "12.50 EUR" in figures  # lifetime revenue, in the reporting currency
    assert "Orders 1" in figures
    assert "Marketing e-mail: granted" in figures and "SMS: not asked" in figures
    orders = _section(html, "order-history")
    assert f'href="/orders/{order.pk}/"' in orders and order.number in orders
    assert "Completed" in orders and "Phone" in orders
    assert f'href="/orders/new/?customer={customer.pk}"' in orders  # erin may add orders
    assert f'href="/orders/?customer={customer.pk}"' in orders
    lists = _text(_section(html, "shopping-lists"))
    assert "Monthly coffee" in lists and "Auto-reorder" in lists
    reviews = _section(html, "customer-reviews")
    assert "Smooth and rich" in reviews and "Verified purchase" in reviews
    journey = _section(html, "journey-panel")
    assert f"Order {order.number} placed" in journey
    assert f'href="/customers/{customer.pk}/journey/"' in journey
    # The order: figures, contact details, orders, lists, reviews, relationships,
    # activities, sharing, journey.
    positions = [
        html.index(marker)
        for marker in (
            'data-testid="key-figures"',
            'id="mechs-h"',
            'data-testid="order-history"',
            'data-testid="shopping-lists"',
            'data-testid="customer-reviews"',
            'id="rel-h"',
            'data-testid="activities"',
            'id="sharing-h"',
            'data-testid="journey-panel"',
        )
    ]
    assert positions == sorted(positions)


def test_a_customer_without_orders_says_so(client, erin, customer):
    _response, html = _page(client, erin, f"/customers/{customer.pk}/")
    figures = _text(_section(html, "key-figures"))
    assert "No orders yet" in figures
    assert "No orders yet." in _text(_section(html, "order-history"))


def test_figures_follow_orders_placed_and_approved(client, alice, erin, customer, beans):
    url = f"/customers/{customer.pk}/"
    make_order(alice, customer, products=[beans])
    html = _page(client, erin, url)[1]
    assert "1 open" in _text(_section(html, "key-figures"))
    order = make_order(alice, customer, products=[beans, make_product(price="7.50")])
    html = _page(client, erin, url)[1]
    figures = _text(_section(html, "key-figures"))
    assert "32.50 EUR" in figures and "2 open" in figures
    services.order_status_change(actor=alice, order=order, status="cancelled", reason="late")
    figures = _text(_section(_page(client, erin, url)[1], "key-figures"))
    assert "12.50 EUR" in figures and "1 open" in figures


def test_orders_in_a_currency_without_rate_are_counted_apart(client, alice, erin, customer):
    make_order(alice, customer, products=[make_product(currency="JPY", price="1000")])
    figures = _section(_page(client, erin, f"/customers/{customer.pk}/")[1], "key-figures")
    assert 'data-testid="figure-unconverted"' in figures
    assert "counted apart" in figures


def _order_numbers(html: str) -> list[str]:
    return re.findall(r">(SO-\d+)</a>", _section(html, "order-history"))


def test_order_history_pages_newest_first_and_back(client, alice, erin, customer, beans):
    start = timezone.now() - datetime.timedelta(days=30)
    orders = [
        make_order(alice, customer, products=[beans], order_date=start + datetime.timedelta(days=i))
        for i in range(23)
    ]
    newest_first = [o.number for o in reversed(orders)]
    url = f"/customers/{customer.pk}/"
    html = _page(client, erin, url)[1]
    assert _order_numbers(html) == newest_first[:10]
    next_url = re.search(r'href="(\?orders_after=[^"#]+)#orders-h"', html).group(1)
    html = _page(client, erin, url + next_url)[1]
    assert _order_numbers(html) == newest_first[10:20]
    next_url = re.search(r'href="(\?orders_after=[^"#]+)#orders-h"', html).group(1)
    html = _page(client, erin, url + next_url)[1]
    assert _order_numbers(html) == newest_first[20:]
    assert "Older orders" not in html
    previous = re.search(r'href="(\?orders_before=[^"#]+)#orders-h"', html).group(1)
    assert _order_numbers(_page(client, erin, url + previous)[1]) == newest_first[10:20]


def test_order_history_filters_on_status_and_dates(client, alice, erin, customer, beans):
    now = timezone.now()
    old = make_order(
        alice, customer, products=[beans], order_date=now - datetime.timedelta(days=60)
    )
    cancelled = make_order(alice, customer, products=[beans], status="cancelled")
    recent = make_order(alice, customer, products=[beans], status="completed")
    url = f"/customers/{customer.pk}/"
    html = _page(client, erin, url + "?orders_status=cancelled")[1]
    assert _order_numbers(html) == [cancelled.number]
    day = (now - datetime.timedelta(days=60)).date().isoformat()
    html = _page(client, erin, f"{url}?orders_from={day}&orders_to={day}")[1]
    assert _order_numbers(html) == [old.number]
    since = (now - datetime.timedelta(days=1)).date().isoformat()
    html = _page(client, erin, f"{url}?orders_from={since}&orders_status=completed")[1]
    assert _order_numbers(html) == [recent.number]


@pytest.mark.parametrize(
    "query",
    [
        "?orders_status=shipped",
        "?orders_from=yesterday",
        "?orders_to=2024-02-30",
        "?orders_from=2025-05-01&orders_to=2025-04-01",
        "?orders_after=not-a-cursor",
        "?orders_before=%00%01",
        "?orders_from=99999-01-01",
    ],
)
def test_bad_order_history_params_are_ignored_with_a_message(
    client, alice, erin, customer, beans, query
):
    order = make_order(alice, customer, products=[beans])
    response, html = _page(client, erin, f"/customers/{customer.pk}/{query}")
    assert _order_numbers(html) == [order.number]
    shown = [str(m) for m in response.context["messages"]]
    assert any("not valid" in m for m in shown), shown


def test_dan_gets_404_on_alices_customer(client, alice, dan, customer):
    make_order(alice, customer)
    client.force_login(dan)
    assert client.get(f"/customers/{customer.pk}/").status_code == 404
    assert client.get(f"/customers/{customer.pk}/journey/").status_code == 404


def test_the_account_page_of_a_b2b_customer_shows_the_same(client, alice, erin, beans):
    account = make_account(alice, name="Acme Roasters")
    plain = make_account(alice, name="Just An Account")
    order = make_order(alice, account, products=[beans])
    _response, html = _page(client, alice, f"/accounts/{account.pk}/")
    assert "12.50 EUR" in _text(_section(html, "key-figures"))
    assert order.number in _section(html, "order-history")
    assert f'href="/accounts/{account.pk}/journey/"' in _section(html, "journey-panel")
    assert 'data-testid="shopping-lists"' in html and 'data-testid="customer-reviews"' in html
    _response, html = _page(client, alice, f"/accounts/{plain.pk}/")
    for testid in ("key-figures", "order-history", "shopping-lists", "journey-panel"):
        assert f'data-testid="{testid}"' not in html


def test_a_viewer_without_order_rights_sees_no_sales(client, alice, mark, customer):
    """Marketing may be shown a customer (here: shared with mark), never its sales."""
    make_order(alice, customer)
    party_share(actor=alice, party=customer, action="view", user=mark)
    html = _page(client, mark, f"/customers/{customer.pk}/")[1]
    assert 'data-testid="key-figures"' not in html
    assert 'data-testid="order-history"' not in html
    assert 'data-testid="journey-panel"' in html


def test_360_queries_equal_at_1_and_50_orders(client, alice, erin, customer, beans):
    make_order(alice, customer, products=[beans])
    services.shopping_list_create(
        actor=alice, customer=customer, name="List 0", list_type="wish_list", items=[(beans, 1)]
    )
    services.review_post(actor=None, customer=customer, product=beans, rating=5, title="R0")
    client.force_login(erin)

    def grow():
        for i in range(49):
            make_order(alice, customer, products=[beans], status=("", "completed")[i % 2])
        for i in range(12):
            services.shopping_list_create(
                actor=alice,
                customer=customer,
                name=f"List {i + 1}",
                list_type="wish_list",
                items=[(beans, 1), (make_product(), 2)],
            )
            services.review_post(
                actor=None, customer=customer, product=beans, rating=3, title=f"R{i + 1}"
            )

    # 24: the cases panel (support.panels) reads one query.
    # +1: tags, +2: the notes panel, +1: the contact details' history in the timeline, +2: the
    # notes and files on the timeline
    assert_flat_queries(client, f"/customers/{customer.pk}/", grow=grow, budget=30)


def test_360_queries_equal_at_1_and_50_journey_entries(client, alice, erin, customer, beans):
    make_order(alice, customer, products=[beans])
    client.force_login(erin)

    def grow():
        for i in range(49):
            journey_append(
                party_ids=customer.pk,
                kind=("order", "review", "consent", "event")[i % 4],
                summary=f"Touch {i}",
                actor=alice,
                record_type=("order", "review", "consent", "unknown")[i % 4],
                record_id=i + 1,
            )

    # 24: the cases panel (support.panels) reads one query.
    # +1: tags, +2: the notes panel, +1: the contact details' history in the timeline, +2: the
    # notes and files on the timeline
    assert_flat_queries(client, f"/customers/{customer.pk}/", grow=grow, budget=30)


# The shopping list page ------------------------------------------------------------------


@pytest.fixture
def shopping_list(alice, customer, beans):
    return services.shopping_list_create(
        actor=alice,
        customer=customer,
        name="Monthly coffee",
        list_type="auto_reorder",
        is_public=True,
        items=[(beans, 2), (make_product("MUG", price="6.00", name="Mug"), 1)],
    )


def test_shopping_list_page_shows_its_items(client, erin, customer, shopping_list):
    _response, html = _page(client, erin, f"/shopping-lists/{shopping_list.pk}/")
    assert f'href="/customers/{customer.pk}/"' in html
    text = _text(html)
    assert "House beans BEANS 2 0 12.50 EUR" in text
    assert "Auto-reorder" in text and "Public" in text and "Never" in text
    assert "Create order from list" in html


def test_shopping_list_page_is_404_for_dan_and_for_bad_ids(client, dan, shopping_list):
    client.force_login(dan)
    assert client.get(f"/shopping-lists/{shopping_list.pk}/").status_code == 404
    assert client.post(f"/shopping-lists/{shopping_list.pk}/order/").status_code == 404
    assert client.get("/shopping-lists/99999999999999999999/").status_code == 404
    assert not Order.objects.exists()


def test_ordering_from_a_list_needs_add_order(client, erin, shopping_list):
    erin.user_permissions.clear()
    group = erin.groups.get()
    group.permissions.remove(*group.permissions.filter(codename="add_order"))
    client.force_login(erin)
    html = client.get(f"/shopping-lists/{shopping_list.pk}/").content.decode()
    assert "Create order from list" not in html
    assert client.post(f"/shopping-lists/{shopping_list.pk}/order/").status_code == 403
    assert not Order.objects.exists()


def test_ordering_from_a_list_places_a_phone_order(client, erin, customer, shopping_list):
    client.force_login(erin)
    response = client.post(f"/shopping-lists/{shopping_list.pk}/order/", follow=False)
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/orders/{order.pk}/"
    assert order.customer == customer and order.channel == "phone"
    assert order.currency == (customer.preferred_currency or "EUR")
    assert order.grand_total == Decimal("31.00")
    shopping_list.refresh_from_db()
    assert shopping_list.last_ordered_at == order.order_date
    assert list(shopping_list.items.values_list("quantity_purchased", flat=True)) == [2, 1]


def test_an_inactive_product_shows_an_error_and_writes_nothing(client, erin, beans, shopping_list):
    beans.is_active = False
    beans.save(update_fields=["is_active"])
    journey_rows = JourneyEntry.objects.count()
    client.force_login(erin)
    response = client.post(f"/shopping-lists/{shopping_list.pk}/order/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="order-errors"' in html and "no longer sold" in html
    assert not Order.objects.exists()
    assert JourneyEntry.objects.count() == journey_rows
    assert ShoppingList.objects.get(pk=shopping_list.pk).last_ordered_at is None


def test_an_empty_list_shows_an_error(client, alice, erin, customer):
    empty = services.shopping_list_create(
        actor=alice, customer=customer, name="Empty", list_type="wish_list"
    )
    client.force_login(erin)
    response = client.post(f"/shopping-lists/{empty.pk}/order/")
    assert response.status_code == 200
    assert "The list has no items to order." in response.content.decode()
    assert not Order.objects.exists()


def test_shopping_list_page_queries_do_not_grow_with_items(client, alice, erin, customer):
    shopping_list = services.shopping_list_create(
        actor=alice,
        customer=customer,
        name="Big",
        list_type="wish_list",
        items=[(make_product(), 1)],
    )
    client.force_login(erin)

    def grow():
        for _ in range(49):
            services.shopping_list_item_set(
                actor=alice, shopping_list=shopping_list, product=make_product(), quantity=3
            )

    assert_flat_queries(client, f"/shopping-lists/{shopping_list.pk}/", grow=grow, budget=12)


def test_the_360_and_shopping_list_pages_have_balanced_markup(
    client, alice, erin, customer, shopping_list
):
    from tests.crm.test_page_skeletons import _Page

    make_order(alice, customer)
    client.force_login(erin)
    for url in (f"/customers/{customer.pk}/", f"/shopping-lists/{shopping_list.pk}/"):
        assert _Page(_get_html(client, url)).problems == [], url


def _get_html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()
