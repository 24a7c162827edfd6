"""The order pages: the list (filters, totals, paging, who sees what), placing a phone order
(what the database holds, every bad input refused next to its field), an order's page, and
its status moves."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from commerce.models import CustomerFigures, Order, OrderItem, OrderStatus
from commerce.selectors import orders as order_selectors
from parties.models import JourneyEntry
from tests.factories import make_customer, make_opportunity, make_order, make_product
from tests.helpers import assert_flat_queries, field_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(alice):
    return make_customer(alice, first_name="Cathy", last_name="Customer")


@pytest.fixture
def mug():
    return make_product("MUG", name="Mug", price="3.35")


@pytest.fixture
def beans():
    return make_product("BEANS", name="Coffee beans", price="12.00")


def _numbers(response) -> list[str]:
    return [order.number for order in response.context["page"].items]


# The list -----------------------------------------------------------------------------------


def test_list_shows_visible_orders_newest_first_with_links(client_for, alice, customer, mug):
    old = make_order(
        alice, customer, products=[mug], order_date=timezone.now() - datetime.timedelta(days=3)
    )
    new = make_order(alice, customer, products=[mug])
    response = client_for(alice).get("/orders/")
    assert response.status_code == 200
    assert _numbers(response) == [new.number, old.number]
    content = response.content.decode()
    assert f'href="/orders/{new.pk}/"' in content
    assert f'href="/customers/{customer.pk}/"' in content
    assert "3.35 EUR" in content


def test_list_shows_orders_by_who_may_see_their_customer(
    client_for, alice, bob, dan, erin, customer, mug
):
    order = make_order(alice, customer, products=[mug])
    dans = make_order(dan, make_customer(dan, first_name="Dora", last_name="West"), products=[mug])
    assert _numbers(client_for(bob).get("/orders/")) == [order.number]
    assert _numbers(client_for(dan).get("/orders/")) == [dans.number]
    assert set(_numbers(client_for(erin).get("/orders/"))) == {order.number, dans.number}


def test_list_needs_the_view_order_permission(client_for, mark):
    assert client_for(mark).get("/orders/").status_code == 403


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("status=approved&status=held", {"approved", "held"}),
        ("status=created", {"created"}),
        ("channel=web", {"web"}),
        ("amount_min=10&amount_max=20", {"twelve"}),
        ("date_from=2024-03-02&date_to=2024-03-02", {"march2"}),
    ],
)
def test_list_filters(client_for, alice, customer, mug, beans, query, shown):
    day = timezone.make_aware(datetime.datetime(2024, 3, 1, 12))
    orders = {
        "approved": make_order(alice, customer, products=[mug], status="approved", order_date=day),
        "held": make_order(alice, customer, products=[mug], status="held", order_date=day),
        "created": make_order(alice, customer, products=[mug], order_date=day),
        "web": make_order(
            alice, customer, products=[mug], channel="web", status="cancelled", order_date=day
        ),
        "twelve": make_order(alice, customer, products=[beans], status="completed", order_date=day),
        "march2": make_order(
            alice,
            customer,
            products=[mug],
            status="rejected",
            order_date=day + datetime.timedelta(days=1),
        ),
    }
    response = client_for(alice).get(f"/orders/?{query}")
    numbers = set(_numbers(response))
    assert numbers == {orders[name].number for name in shown}


def test_list_filters_by_customer_and_names_it(client_for, alice, customer, mug):
    other = make_customer(alice, first_name="Otto", last_name="Other")
    mine = make_order(alice, customer, products=[mug])
    make_order(alice, other, products=[mug])
    response = client_for(alice).get(f"/orders/?customer={customer.pk}")
    assert _numbers(response) == [mine.number]
    assert "Orders of <strong>Cathy Customer</strong>" in response.content.decode()


def test_date_filter_days_are_the_users_time_zone(client_for, alice, customer, mug, settings):
    # 23:30 UTC on 1 March is already 2 March in Berlin.
    late = make_order(
        alice,
        customer,
        products=[mug],
        order_date=timezone.make_aware(datetime.datetime(2024, 3, 1, 23, 30), datetime.UTC),
    )
    alice.profile.time_zone = "Europe/Berlin"
    alice.profile.save()
    client = client_for(alice)
    session = client.session
    session["crm_time_zone"] = "Europe/Berlin"
    session.save()
    assert _numbers(client.get("/orders/?date_from=2024-03-02&date_to=2024-03-02")) == [late.number]
    assert _numbers(client.get("/orders/?date_to=2024-03-01")) == []


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("amount_min=lots", "amount_min", "Enter a number."),
        ("amount_max=1.005", "amount_max", "Ensure that there are no more than 2 decimal places."),
        ("date_from=yesterday", "date_from", "Enter a valid date."),
        ("date_to=99999-01-01", "date_to", "Enter a valid date."),
        (
            "status=lost",
            "status",
            "Select a valid choice. lost is not one of the available choices.",
        ),
        (
            "channel=fax",
            "channel",
            "Select a valid choice. fax is not one of the available choices.",
        ),
        ("customer=999999", "customer", "No customer you may see has that number."),
        (
            "customer=%23-1",
            "customer",
            "No customer you may see is named “#-1”: pick one from the suggestions.",
        ),
    ],
)
def test_bad_filter_values_are_shown_next_to_the_field(
    client_for, alice, customer, mug, query, field, message
):
    order = make_order(alice, customer, products=[mug])
    response = client_for(alice).get(f"/orders/?{query}")
    assert response.status_code == 200
    assert field_error(response, field) == message
    assert _numbers(response) == [order.number]  # shown unfiltered


def test_customer_filter_refuses_a_customer_the_user_may_not_see(client_for, alice, dan, mug):
    dans_customer = make_customer(dan)
    make_order(dan, dans_customer, products=[mug])
    response = client_for(alice).get(f"/orders/?customer={dans_customer.pk}")
    assert field_error(response, "customer") == "No customer you may see has that number."
    assert _numbers(response) == []


def test_totals_per_currency_of_the_filtered_set(client_for, alice, customer, mug):
    usd = make_product("USB", name="USB stick", price="8.00", currency="USD")
    make_order(alice, customer, products=[mug])
    make_order(alice, customer, products=[mug, mug])
    make_order(alice, customer, products=[usd])
    make_order(alice, customer, products=[mug], channel="web")
    client = client_for(alice)
    plain = client.get("/orders/?channel=phone")
    assert plain.context["totals"] is None  # not summed until asked for
    assert 'href="?channel=phone&amp;totals=1"' in plain.content.decode()
    response = client.get("/orders/?channel=phone&totals=1")
    totals = {t.currency: (t.count, t.amount) for t in response.context["totals"]}
    assert totals == {"EUR": (2, Decimal("10.05")), "USD": (1, Decimal("8.00"))}
    assert 'data-currency="EUR"' in response.content.decode()


def test_totals_are_not_summed_over_a_large_set(client_for, alice, customer, mug, monkeypatch):
    monkeypatch.setattr(order_selectors, "TOTALS_CAP", 2)
    for _ in range(3):
        make_order(alice, customer, products=[mug])
    client = client_for(alice)
    response = client.get("/orders/?totals=1")
    assert response.context["totals"] is None
    assert (
        "Totals are shown for 2 orders or fewer: narrow the filters." in response.content.decode()
    )
    narrowed = client.get("/orders/?amount_min=100&totals=1")
    assert narrowed.context["totals"] == []
    # One customer's orders are totalled at once (one range of the customer's index).
    mine = client.get(f"/orders/?amount_min=100&customer={customer.pk}")
    assert mine.context["totals"] == []


def test_list_pages_by_keyset(client_for, alice, customer, mug, settings):
    settings.CRM_PAGE_SIZE = 2
    orders = [make_order(alice, customer, products=[mug]) for _ in range(3)]
    client = client_for(alice)
    first = client.get("/orders/")
    assert _numbers(first) == [orders[2].number, orders[1].number]
    page = first.context["page"]
    assert page.has_next
    second = client.get(f"/orders/?after={page.next_cursor}")
    assert _numbers(second) == [orders[0].number]
    assert client.get("/orders/?after=garbage").status_code == 200


def test_list_query_count_does_not_grow(client, alice, customer, mug):
    make_order(alice, customer, products=[mug])
    client.force_login(alice)

    def grow():
        for n in range(49):
            make_order(
                alice,
                make_customer(alice, first_name=f"C{n}", last_name="X") if n % 5 == 0 else customer,
                products=[mug],
            )

    assert_flat_queries(client, "/orders/?status=created", grow=grow, budget=14)


# Placing an order ---------------------------------------------------------------------------


def _post(customer, lines, **fields) -> dict:
    data = {
        "channel": "phone",
        "currency": "EUR",
        "payment_preference": "credit_card",
        "shipping_method": "standard",
        "shipping_amount": "4.90",
        "ship_to": "",
        "bill_to": "",
        "notes": "",
        "external_id": "",
        "items-TOTAL_FORMS": str(len(lines)),
        "items-INITIAL_FORMS": "0",
    }
    for i, line in enumerate(lines):
        for name in ("product", "quantity", "unit_price", "discount"):
            data[f"items-{i}-{name}"] = line.get(name, "")
    data.update(fields)
    return data


def _new_url(customer) -> str:
    return f"/orders/new/?customer={customer.pk}"


def test_create_page_prefills_from_the_customer(client_for, erin, customer):
    customer.preferred_currency = "GBP"
    customer.save()
    response = client_for(erin).get(_new_url(customer))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["currency"].value() == "GBP"
    assert form["channel"].value() == "phone"
    assert form["payment_preference"].value() == "credit_card"
    shipping = customer.contact_mechs.get(contact_mech__kind="POSTAL_ADDRESS").contact_mech
    assert form["ship_to"].value() == str(shipping.pk)
    assert form["bill_to"].value() == str(shipping.pk)
    content = response.content.decode()
    assert 'name="items-0-product"' in content and 'name="items-1-product"' in content
    assert 'hx-get="/products/lookup/"' in content


def test_placing_an_order_with_two_products(client_for, erin, customer, mug, beans):
    shipping = customer.contact_mechs.get(contact_mech__kind="POSTAL_ADDRESS").contact_mech
    data = _post(
        customer,
        [
            {"product": "MUG", "quantity": "3", "discount": "0.05"},
            {"product": "Coffee beans (BEANS)", "quantity": "2", "unit_price": "11.50"},
            {},  # a blank line is no line
        ],
        ship_to=str(shipping.pk),
        notes="Leave at the door",
        external_id="PH-1",
    )
    client = client_for(erin)
    response = client.post(_new_url(customer), data)
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/orders/{order.pk}/"
    items = list(
        order.items.order_by("line").values_list(
            "product__sku", "quantity", "unit_price", "discount", "line_total"
        )
    )
    assert items == [
        ("MUG", 3, Decimal("3.35"), Decimal("0.05"), Decimal("10.00")),
        ("BEANS", 2, Decimal("11.50"), Decimal("0.00"), Decimal("23.00")),
    ]
    assert (order.items_total, order.shipping_amount, order.grand_total) == (
        Decimal("33.00"),
        Decimal("4.90"),
        Decimal("37.90"),
    )
    assert (order.customer, order.channel, order.created_by, order.notes, order.external_id) == (
        customer,
        "phone",
        erin,
        "Leave at the door",
        "PH-1",
    )
    assert {a.purpose: a.city for a in order.addresses.all()} == {
        "ship_to": "London",
        "bill_to": "London",
    }
    assert list(order.status_history.values_list("status", "changed_by")) == [("created", erin.pk)]
    figures = CustomerFigures.objects.get(party=customer)
    assert (figures.order_count, figures.open_order_count) == (1, 1)
    assert JourneyEntry.objects.filter(record_type="order", record_id=order.pk).exists()
    page = client.get(response["Location"])
    assert f"Order {order.number} was placed for Cathy Customer." in page.content.decode()


def test_a_rep_places_an_order_for_their_customer(client_for, alice, customer, mug):
    response = client_for(alice).post(
        _new_url(customer), _post(customer, [{"product": "mug", "quantity": "1"}])
    )
    assert response.status_code == 302
    assert Order.objects.get().items.get().product == mug


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ({"product": "MUG", "quantity": "0"}, "quantity", "The quantity must be at least 1."),
        ({"product": "MUG", "quantity": "-2"}, "quantity", "The quantity must be at least 1."),
        ({"product": "MUG", "quantity": "two"}, "quantity", "Enter a whole number."),
        ({"product": "MUG"}, "quantity", "Enter a quantity."),
        (
            {"product": "MUG", "quantity": "1", "unit_price": "1.005"},
            "unit_price",
            "Enter an amount with at most 2 decimals.",
        ),
        (
            {"product": "MUG", "quantity": "1", "unit_price": "-1"},
            "unit_price",
            "Enter an amount of 0 or more.",
        ),
        (
            {"product": "MUG", "quantity": "1", "discount": "0.001"},
            "discount",
            "Enter an amount with at most 2 decimals.",
        ),
        (
            {"product": "MUG", "quantity": "1", "discount": "5"},
            "discount",
            "The discount is more than the line’s amount.",
        ),
        ({"product": "OLD", "quantity": "1"}, "product", "Old grinder is no longer sold."),
        (
            {"product": "NOPE-42", "quantity": "1"},
            "product",
            "No product has the SKU “NOPE-42”: pick one from the suggestions.",
        ),
        (
            {"product": "#1", "quantity": "1"},
            "product",
            "No product has the SKU “#1”: pick one from the suggestions.",
        ),
        ({"quantity": "1"}, "product", "Choose a product for this line, or clear it."),
        (
            {"product": "USB", "quantity": "1"},
            "unit_price",
            "USB stick is priced in USD, the order in EUR: enter a price.",
        ),
    ],
)
def test_bad_lines_are_refused_next_to_the_field(
    client_for, erin, customer, mug, line, field, message
):
    make_product("OLD", name="Old grinder", is_active=False)
    make_product("USB", name="USB stick", price="8.00", currency="USD")
    good = {"product": "MUG", "quantity": "1"}
    response = client_for(erin).post(_new_url(customer), _post(customer, [good, line]))
    assert response.status_code == 200
    assert field_error(response, f"items-1-{field}") == message
    assert not Order.objects.exists() and not OrderItem.objects.exists()
    # What was typed is kept.
    assert (
        f'value="{line.get("product", "")}"' in response.content.decode() or "product" not in line
    )


def test_nothing_ordered_is_refused_above_the_items(client_for, erin, customer):
    response = client_for(erin).post(_new_url(customer), _post(customer, [{}, {}]))
    assert response.status_code == 200
    assert "Add at least one product." in response.content.decode()
    assert 'data-testid="items-errors"' in response.content.decode()
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"shipping_amount": "4.999"},
            "shipping_amount",
            "Enter an amount with at most 2 decimals.",
        ),
        (
            {"channel": "fax"},
            "channel",
            "Select a valid choice. fax is not one of the available choices.",
        ),
        (
            {"currency": "XXX"},
            "currency",
            "Select a valid choice. XXX is not one of the available choices.",
        ),
        (
            {"ship_to": "999999"},
            "ship_to",
            "Select a valid choice. 999999 is not one of the available choices.",
        ),
    ],
)
def test_bad_order_fields_are_refused_next_to_the_field(
    client_for, erin, customer, mug, fields, field, message
):
    response = client_for(erin).post(
        _new_url(customer), _post(customer, [{"product": "MUG", "quantity": "1"}], **fields)
    )
    assert response.status_code == 200
    assert field_error(response, field) == message
    assert not Order.objects.exists()


def test_service_refusals_show_next_to_their_field(client_for, erin, customer, mug):
    make_order(erin, customer, products=[mug], external_id="PH-7")
    response = client_for(erin).post(
        _new_url(customer),
        _post(customer, [{"product": "MUG", "quantity": "1"}], external_id="PH-7"),
    )
    assert response.status_code == 200
    assert (
        field_error(response, "external_id")
        == "Another order of this channel has this external id."
    )
    assert Order.objects.count() == 1


def test_tampered_line_count_is_an_error_not_a_crash(client_for, erin, customer, mug):
    data = _post(customer, [{"product": "MUG", "quantity": "1"}])
    data["items-TOTAL_FORMS"] = "lots"
    response = client_for(erin).post(_new_url(customer), data)
    assert response.status_code == 200
    assert not Order.objects.exists()


def test_add_a_line_keeps_what_was_typed(client_for, erin, customer, mug):
    data = _post(customer, [{"product": "MUG", "quantity": "0"}, {}], notes="Call first")
    data["add_line"] = "1"
    response = client_for(erin).post(_new_url(customer), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="items-2-product"' in content and 'name="items-3-product"' not in content
    assert 'value="MUG"' in content and "Call first" in content
    assert 'placeholder="3.35 EUR"' in content  # a blank price is the list price
    assert "invalid-feedback" not in content  # not judged yet
    assert not Order.objects.exists()


def test_create_for_a_customer_the_user_may_not_see_is_404(client_for, dan, customer, mug):
    client = client_for(dan)
    assert client.get(_new_url(customer)).status_code == 404
    response = client.post(
        _new_url(customer), _post(customer, [{"product": "MUG", "quantity": "1"}])
    )
    assert response.status_code == 404
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    "query", ["", "?customer=", "?customer=abc", "?customer=99999999", "?customer=-1"]
)
def test_create_without_a_customer_is_404(client_for, erin, query):
    assert client_for(erin).get(f"/orders/new/{query}").status_code == 404


def test_create_without_the_add_permission_is_403(client_for, mark, customer, mug):
    response = client_for(mark).post(
        _new_url(customer), _post(customer, [{"product": "MUG", "quantity": "1"}])
    )
    assert response.status_code == 403
    assert not Order.objects.exists()


def test_product_lookup_suggests_active_products_by_sku_or_name(client_for, alice, mug, beans):
    make_product("MUG-OLD", name="Mug (old)", is_active=False)
    client = client_for(alice)
    by_sku = client.get("/products/lookup/", {"items-0-product": "mu"}).content.decode()
    assert '<option value="MUG">' in by_sku and "MUG-OLD" not in by_sku
    by_name = client.get("/products/lookup/", {"q": "coffee"}).content.decode()
    assert '<option value="BEANS">' in by_name and "MUG" not in by_name
    assert client.get("/products/lookup/", {"q": ""}).content.decode().strip() == ""


# An order's page ----------------------------------------------------------------------------


def test_detail_shows_the_order(client_for, alice, dan, admin_user, customer, mug, beans):
    opportunity = make_opportunity(dan, name="Secret deal")
    order = make_order(
        alice,
        customer,
        products=[mug, beans],
        shipping_amount=Decimal("2.00"),
        ship_to={"address1": "9 Dock Road", "city": "Hull", "country": "GB"},
        notes="Fragile",
        external_id="X-9",
        opportunity=opportunity,
    )
    response = client_for(alice).get(f"/orders/{order.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        order.number,
        "Mug",
        "BEANS",
        "Coffee beans",
        "Fragile",
        "X-9",
        "9 Dock Road",
        "Hull",
        "17.35 EUR",
    ):
        assert text in content, text
    assert f'href="/customers/{customer.pk}/"' in content
    assert "Secret deal" not in content  # dan's deal: alice may not see it
    assert "Restricted" in content or "restricted" in content
    assert 'action="/orders/' not in content  # a rep may not move the status
    admins = client_for(admin_user).get(f"/orders/{order.pk}/").content.decode()
    assert f'href="/opportunities/{opportunity.pk}/">Secret deal</a>' in admins
    assert ">Approve</button>" in admins and ">Cancel</button>" in admins


def test_detail_of_an_order_the_user_may_not_see_is_404(client_for, dan, erin, customer, mug):
    order = make_order(erin, customer, products=[mug])
    assert client_for(dan).get(f"/orders/{order.pk}/").status_code == 404
    assert client_for(erin).get("/orders/99999999/").status_code == 404


def test_detail_query_count_does_not_grow_with_items(client, erin, customer, mug):
    order = make_order(erin, customer, products=[mug])
    client.force_login(erin)

    def grow():
        products = [make_product(f"P{n}") for n in range(49)]
        OrderItem.objects.bulk_create(
            OrderItem(
                order=order,
                line=n + 2,
                product=p,
                quantity=1,
                unit_price=p.list_price,
                line_total=p.list_price,
                order_date=order.order_date,
                currency=order.currency,
            )
            for n, p in enumerate(products)
        )
        for step in ("approved", "held", "approved"):
            from commerce import services

            services.order_status_change(actor=erin, order=order, status=step, reason="why")

    assert_flat_queries(client, f"/orders/{order.pk}/", grow=grow, budget=16)  # +2: notes


# Status moves -------------------------------------------------------------------------------


def test_a_legal_move_is_made_and_recorded(client_for, erin, customer, mug):
    order = make_order(erin, customer, products=[mug])
    client = client_for(erin)
    response = client.post(f"/orders/{order.pk}/status/", {"status": "approved"})
    assert response.status_code == 302 and response["Location"] == f"/orders/{order.pk}/"
    order.refresh_from_db()
    assert order.status == "approved"
    row = order.status_history.latest("id")
    assert (row.from_status, row.status, row.changed_by) == ("created", "approved", erin)
    page = client.get(f"/orders/{order.pk}/").content.decode()
    assert f"Order {order.number} is approved." in page
    assert ">Mark sent</button>" in page


def test_cancelling_needs_a_reason(client_for, erin, customer, mug):
    order = make_order(erin, customer, products=[mug])
    client = client_for(erin)
    response = client.post(f"/orders/{order.pk}/status/", {"status": "cancelled", "reason": "  "})
    assert response.status_code == 200
    assert field_error(response, "reason") == "Say why (the customer may ask)."
    order.refresh_from_db()
    assert order.status == "created" and order.status_history.count() == 1
    response = client.post(
        f"/orders/{order.pk}/status/", {"status": "cancelled", "reason": "Changed mind"}
    )
    assert response.status_code == 302
    assert order.status_history.latest("id").reason == "Changed mind"


def test_an_illegal_move_is_refused(client_for, erin, customer, mug):
    order = make_order(erin, customer, products=[mug], status="completed")
    before = OrderStatus.objects.count()
    response = client_for(erin).post(f"/orders/{order.pk}/status/", {"status": "created"})
    assert response.status_code == 200
    assert "An order that is completed cannot become created." in response.content.decode()
    response = client_for(erin).post(f"/orders/{order.pk}/status/", {"status": "bogus"})
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    order.refresh_from_db()
    assert order.status == "completed" and OrderStatus.objects.count() == before


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 403), ("bob", 403), ("dan", 404), ("mark", 403)]
)
def test_who_may_move_a_status(client_for, personas, erin, customer, mug, who, status):
    order = make_order(erin, customer, products=[mug])
    response = client_for(personas[who]).post(f"/orders/{order.pk}/status/", {"status": "approved"})
    assert response.status_code == status
    order.refresh_from_db()
    assert order.status == "created"


def test_status_moves_are_posts(client_for, erin, customer, mug):
    order = make_order(erin, customer, products=[mug])
    assert client_for(erin).get(f"/orders/{order.pk}/status/").status_code == 405


# Global search ------------------------------------------------------------------------------


def test_search_finds_orders_by_number_and_external_id(client_for, alice, dan, customer, mug):
    order = make_order(alice, customer, products=[mug], external_id="WEB-4711")
    client = client_for(alice)
    for query in (order.number, order.number.lower(), str(order.pk).zfill(3), "WEB-4711"):
        content = client.get("/search/", {"q": query}).content.decode()
        assert f'href="/orders/{order.pk}/"' in content, query
    # Dan may not see alice's customer, nor so her orders.
    assert (
        f'href="/orders/{order.pk}/"'
        not in client_for(dan).get("/search/", {"q": order.number}).content.decode()
    )


def test_an_order_placed_by_no_user_shows_who_as_a_dash(client_for, erin, customer, mug):
    """A web order (the shop, not a user, placed it) and its status rows have nobody to name."""
    order = make_order(None, customer, products=[mug], channel="web", status="approved")
    response = client_for(erin).get(f"/orders/{order.pk}/")
    assert response.status_code == 200
    assert "Placed by" in response.content.decode()
