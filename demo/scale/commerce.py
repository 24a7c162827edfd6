"""seed_scale's shop: a catalogue, orders with items, status history and addresses over the
seeded customers (a long tail: one customer with thousands of orders, a few hundred with
hundreds, most with a handful), reviews, shopping lists, their journey rows, and the
customer figures and RFM boundaries rebuilt from them in SQL.

Amounts follow the order services' rules (commerce.services.orders): a line is its quantity
times the unit price less the line's discount, the items total their sum, the grand total
that plus shipping, all in whole cents; orders are in the reporting currency, so their
reporting total is their grand total."""

from __future__ import annotations

import random
import time
from array import array
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.core.management.base import OutputWrapper
from django.db import connection
from django.db.models import DecimalField, Value
from django.db.models.functions import Coalesce

from commerce.models import (
    CustomerFigures,
    Order,
    OrderAddress,
    OrderItem,
    OrderStatus,
    Product,
    ProductCategory,
    ProductReview,
    SalesChannel,
    ShoppingList,
    ShoppingListItem,
)
from commerce.services import boundaries_refresh, order_number
from commerce.services.figures import _AGGREGATES
from demo.scale.users import ScaleUsers
from demo.scale.writer import CHUNK, Writer, flush_all, timestamp
from forecasts.services import forecast_currency
from parties.models import JourneyEntry, Party, PartyContactMechPurpose, PartyRole

# root category: its sub-categories (5 x 4 = 20 where products are)
CATEGORIES = {
    "Coffee": ["Beans", "Ground coffee", "Capsules", "Espresso machines", "Grinders"],
    "Tea": ["Black tea", "Green tea", "Herbal tea", "Tea sets"],
    "Kitchen": ["Kettles", "Scales", "Brewers", "Storage", "Cleaning"],
    "Accessories": ["Cups and mugs", "Milk jugs", "Filters", "Gifts", "Spare parts", "Books"],
}
ADJECTIVES = ["Classic", "Organic", "Premium", "Daily", "Barista", "Compact", "Deluxe", "Single"]
ORIGINS = ["Ethiopia", "Colombia", "Kenya", "Brazil", "Guatemala", "Peru", "India", "Japan"]
# The statuses an order moves through from "created" to where it ends, as the legal moves
# allow (commerce.models.LEGAL_MOVES), and the reason the moves that need one give.
PATHS = {
    "created": [],
    "approved": ["approved"],
    "processing": ["approved", "processing"],
    "held": ["approved", "held"],
    "sent": ["approved", "processing", "sent"],
    "completed": ["approved", "processing", "sent", "completed"],
    "cancelled": ["approved", "cancelled"],
    "rejected": ["rejected"],
}
REASONS = {
    "held": "Payment under review",
    "cancelled": "Customer request",
    "rejected": "Fraud check",
}
# What the items' status becomes on a move (commerce.services.orders.ITEM_STATUS_FOR).
ITEM_STATUS_FOR = {
    "approved": "approved",
    "completed": "completed",
    "cancelled": "cancelled",
    "rejected": "cancelled",
}
OPEN = {"created", "approved", "processing", "held"}
VOID = {"cancelled", "rejected"}
# Where orders older than a month end, and younger ones (mostly still open), by weight.
OLD_OUTCOMES = [("completed", 80), ("cancelled", 8), ("rejected", 3), ("sent", 5), ("held", 4)]
RECENT_OUTCOMES = [
    ("created", 20),
    ("approved", 20),
    ("processing", 20),
    ("held", 6),
    ("sent", 20),
    ("completed", 12),
    ("cancelled", 2),
]
CHANNELS = [("web", 60), ("phone", 20), ("store", 12), ("partner", 4), ("marketplace", 4)]
SHIPPING = ["standard", "standard", "standard", "express", "next_day"]
LIST_TYPES = [
    ("wish_list", "Wish list"),
    ("auto_reorder", "Monthly reorder"),
    ("gift_registry", "Birthday gifts"),
    ("frequent", "Office supplies"),
]
REVIEW_TITLES = ["Great value", "As described", "Would buy again", "Not for me", "Arrived late"]

ORDER_COLUMNS = [
    "id",
    "number",
    "external_id",
    "customer_id",
    "order_date",
    "channel",
    "currency",
    "status",
    "payment_preference",
    "shipping_method",
    "shipping_amount",
    "items_total",
    "grand_total",
    "reporting_total",
    "notes",
    "opportunity_id",
    "created_at",
    "created_by_id",
    "status_changed_at",
]
ITEM_COLUMNS = [
    "id",
    "order_id",
    "line",
    "product_id",
    "description",
    "quantity",
    "cancelled_quantity",
    "unit_price",
    "discount",
    "line_total",
    "status",
    "order_date",
    "currency",
]
ADDRESS_COLUMNS = [
    "id",
    "order_id",
    "purpose",
    "to_name",
    "address1",
    "address2",
    "city",
    "postal_code",
    "state",
    "country",
]
STATUS_COLUMNS = [
    "id",
    "order_id",
    "from_status",
    "status",
    "changed_at",
    "changed_by_id",
    "reason",
]
JOURNEY_COLUMNS = [
    "id",
    "party_id",
    "occurred_at",
    "kind",
    "record_type",
    "record_id",
    "summary",
    "actor_id",
]
REVIEW_COLUMNS = [
    "id",
    "customer_id",
    "product_id",
    "rating",
    "title",
    "text",
    "status",
    "posted_at",
    "verified_purchase",
    "moderated_at",
    "moderated_by_id",
    "moderation_reason",
]
LIST_COLUMNS = [
    "id",
    "customer_id",
    "name",
    "list_type",
    "is_public",
    "is_active",
    "last_ordered_at",
    "created_at",
    "updated_at",
]


def cents(value: int) -> str:
    return f"{value // 100}.{value % 100:02d}"


def _weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def default_products(orders: int) -> int:
    """2,000 products at a million orders, fewer below (at least 50)."""
    return max(50, min(2_000, orders // 500))


def order_counts(rng: random.Random, customers: int, orders: int) -> list[int]:
    """How many orders each customer places, the first one the most: one customer with
    2,000 (at a million orders; a fiftieth of them below, at least three times the average),
    one in 300 with 100 to 300, the rest spread evenly over the others (a handful each)."""
    if not customers or not orders:
        return [0] * customers
    counts = [0] * customers
    counts[0] = min(2_000, max(orders // 50, 3 * orders // customers, 1), orders)
    left = orders - counts[0]
    heavy = min(customers - 1, customers // 300)
    for index in range(1, heavy + 1):
        counts[index] = min(rng.randint(100, 300), left // 2, counts[0] - 1)
        left -= counts[index]
    rest = customers - 1 - heavy
    if rest > 0:
        first = heavy + 1
        for _ in range(left):
            counts[first + rng.randrange(rest)] += 1
    else:
        counts[0] += left
    return counts


def seed_commerce(
    rng: random.Random,
    users: ScaleUsers,
    *,
    orders: int,
    customers: int,
    reviews: int,
    shopping_lists: int,
    products: int | None = None,
    first_party: int = 1,
    out: OutputWrapper,
) -> dict[str, Writer]:
    """The shop over the parties from `first_party` on: `customers` of them (those with the
    CUSTOMER role first, others given it if need be; the one with the most orders owned by
    the first rep, so a rep's and a CSR's bench look at the same customer), `orders` orders
    with 1-5 items each, `reviews` reviews and `shopping_lists` lists; then the figures and
    the RFM boundaries. Returns the writers by name."""
    w = {
        "category": Writer(ProductCategory),
        "product": Writer(
            Product,
            [
                "id",
                "created_at",
                "updated_at",
                "sku",
                "name",
                "category_id",
                "list_price",
                "currency",
                "is_active",
                "description",
            ],
        ),
        "prole": Writer(PartyRole, ["id", "party_id", "role", "created_at"]),
        "order": Writer(Order, ORDER_COLUMNS),
        "item": Writer(OrderItem, ITEM_COLUMNS),
        "address": Writer(OrderAddress, ADDRESS_COLUMNS),
        "status": Writer(OrderStatus, STATUS_COLUMNS),
        "review": Writer(ProductReview, REVIEW_COLUMNS),
        "list": Writer(ShoppingList, LIST_COLUMNS),
        "list_item": Writer(
            ShoppingListItem,
            ["id", "shopping_list_id", "product_id", "quantity", "quantity_purchased"],
        ),
        "journey": Writer(JourneyEntry, JOURNEY_COLUMNS),
    }
    if not orders and not reviews and not shopping_lists:
        return w
    now = datetime.now(UTC).replace(microsecond=0)
    currency = forecast_currency()
    started = time.monotonic()

    # The catalogue --------------------------------------------------------------------
    product_count = default_products(orders) if products is None else products
    leaves = []
    for root_name, children in CATEGORIES.items():
        root, _ = ProductCategory.objects.get_or_create(name=root_name, parent=None)
        for name in children:
            leaves.append(ProductCategory.objects.get_or_create(name=name, parent=root)[0])
    product_ids, prices, names = array("q"), array("q"), []
    made = timestamp(now - timedelta(days=800))
    for index in range(product_count):
        pk = w["product"].take_id()
        category = leaves[index % len(leaves)]
        name = (
            f"{ADJECTIVES[rng.randrange(len(ADJECTIVES))]} {ORIGINS[rng.randrange(len(ORIGINS))]} "
            f"{category.name.lower()} no. {pk}"
        )
        price = rng.choice((rng.randrange(290, 4_990), rng.randrange(5_000, 99_900)))
        active = rng.random() > 0.03
        w["product"].add(
            pk, made, made, f"SC-{pk:07d}", name, category.pk, cents(price), currency, active, ""
        )
        product_ids.append(pk)
        prices.append(price)
        names.append(name)
    flush_all([w["product"]])

    # The customers --------------------------------------------------------------------
    owners = dict(
        PartyRole.objects.filter(role="CUSTOMER", party_id__gte=first_party).values_list(
            "party_id", "party__owner_id"
        )
    )
    chosen = sorted(owners)[:customers]
    if len(chosen) < customers:
        others = (
            Party.objects.filter(pk__gte=first_party)
            .exclude(roles__role="CUSTOMER")
            .order_by("pk")
            .values_list("pk", "owner_id")[: customers - len(chosen)]
        )
        made_customer = timestamp(now - timedelta(days=800))
        for party_id, owner_id in others:
            w["prole"].add(w["prole"].take_id(), party_id, "CUSTOMER", made_customer)
            owners[party_id] = owner_id
            chosen.append(party_id)
    flush_all([w["prole"]])
    if not chosen:
        return w
    rep = users.reps[0].pk if users.reps else None
    whale = next((pk for pk in chosen if owners.get(pk) == rep), chosen[0])
    chosen.remove(whale)
    rng.shuffle(chosen)
    chosen.insert(0, whale)
    addresses = {}
    for row in (
        PartyContactMechPurpose.objects.filter(
            party_id__gte=first_party,
            party__roles__role="CUSTOMER",
            purpose="SHIPPING_LOCATION",
            thru_date__isnull=True,
        )
        .values_list(
            "party_id",
            "party_contact_mech__contact_mech__to_name",
            "party_contact_mech__contact_mech__address1",
            "party_contact_mech__contact_mech__address2",
            "party_contact_mech__contact_mech__city",
            "party_contact_mech__contact_mech__postal_code",
            "party_contact_mech__contact_mech__state",
            "party_contact_mech__contact_mech__country",
        )
        .iterator(chunk_size=CHUNK)
    ):
        addresses[row[0]] = row[1:]

    # Orders ---------------------------------------------------------------------------
    counts = order_counts(rng, len(chosen), orders)
    first_order = w["order"].next_id
    order_customers, order_products, order_days = array("q"), array("q"), array("q")
    channel_labels = dict(SalesChannel.choices)
    done = 0
    csr = users.csr.pk
    for customer_id, count in zip(chosen, counts, strict=True):
        owner_id = owners.get(customer_id)
        address = addresses.get(customer_id)
        for _ in range(count):
            order_id = w["order"].take_id()
            number = order_number(order_id)
            age = rng.randrange(0, 730)
            placed = now - timedelta(days=age, seconds=rng.randrange(3_600, 86_400))
            channel = _weighted(rng, CHANNELS)
            final = _weighted(rng, OLD_OUTCOMES if age > 30 else RECENT_OUTCOMES)
            actor = None if channel in ("web", "marketplace") else owner_id
            lines = rng.randint(1, 5)
            items_total = quantity_sum = 0
            first_product = 0
            item_status = "created"
            for step in PATHS[final]:
                item_status = ITEM_STATUS_FOR.get(step, item_status)
            for line in range(1, lines + 1):
                at = rng.randrange(len(product_ids))
                quantity = rng.choice((1, 1, 1, 2, 2, 3, 4))
                price = prices[at]
                discount = price * quantity // 10 if rng.random() < 0.1 else 0
                line_total = quantity * price - discount
                items_total += line_total
                quantity_sum += quantity
                first_product = first_product or product_ids[at]
                w["item"].add(
                    w["item"].take_id(),
                    order_id,
                    line,
                    product_ids[at],
                    names[at][:200],
                    quantity,
                    0,
                    cents(price),
                    cents(discount),
                    cents(line_total),
                    item_status,
                    placed,
                    currency,
                )
            pickup = channel == "store" and rng.random() < 0.5
            shipping = 0 if pickup or items_total >= 5_000 else 490
            grand = cents(items_total + shipping)
            # The history: created, then each move a few hours to two days after the last.
            when = placed
            moves = [("", "created", placed, actor, "")]
            for step in PATHS[final]:
                when = min(when + timedelta(seconds=rng.randrange(3 * 3_600, 2 * 86_400)), now)
                moves.append((moves[-1][1], step, when, csr if step in REASONS else None, ""))
                if step in REASONS:
                    moves[-1] = (*moves[-1][:4], REASONS[step])
            w["order"].add(
                order_id,
                number,
                "",
                customer_id,
                timestamp(placed),
                channel,
                currency,
                final,
                "credit_card",
                "pickup" if pickup else SHIPPING[rng.randrange(len(SHIPPING))],
                cents(shipping),
                cents(items_total),
                grand,
                grand,
                "",
                None,
                timestamp(placed),
                actor,
                timestamp(when),
            )
            if address:
                for purpose in ("bill_to",) if pickup else ("ship_to", "bill_to"):
                    w["address"].add(w["address"].take_id(), order_id, purpose, *address)
            journey = w["journey"]
            journey.add(
                journey.take_id(),
                customer_id,
                timestamp(placed),
                "order",
                "order",
                order_id,
                f"Order {number} placed ({channel_labels[channel]}): {quantity_sum} item(s), "
                f"{grand} {currency}",
                actor,
            )
            for from_status, status, changed, by, reason in moves:
                w["status"].add(
                    w["status"].take_id(),
                    order_id,
                    from_status,
                    status,
                    timestamp(changed),
                    by,
                    reason,
                )
                if from_status:
                    summary = f"Order {number}: {status}" + (f" ({reason})" if reason else "")
                    journey.add(
                        journey.take_id(),
                        customer_id,
                        timestamp(changed),
                        "order",
                        "order",
                        order_id,
                        summary,
                        by,
                    )
            order_customers.append(customer_id)
            order_products.append(first_product)
            order_days.append(age)
            done += 1
            if done % CHUNK == 0 or done == orders:
                flush_all(w[name] for name in ("order", "item", "address", "status", "journey"))
                rate = done / max(time.monotonic() - started, 1e-9)
                out.write(f"  {done:>10,} / {orders:,} orders  ({rate:,.0f}/s)")
                out.flush()
    flush_all(w[name] for name in ("order", "item", "address", "status", "journey"))

    # Reviews: of what a customer ordered (most), a few of anything ------------------------
    first_review = w["review"].next_id
    for index in range(reviews if order_customers else 0):
        at = rng.randrange(len(order_customers))
        customer_id = order_customers[at]
        if rng.random() < 0.8:
            product_at = None
            product_id = order_products[at]
        else:
            product_at = rng.randrange(len(product_ids))
            product_id = product_ids[product_at]
        if product_at is None:
            product_at = _index_of(product_ids, product_id)
        age = rng.randrange(0, max(1, order_days[at]))
        posted = now - timedelta(days=age, seconds=rng.randrange(3_600, 86_400))
        rating = rng.choices((5, 4, 3, 2, 1), weights=(40, 30, 15, 10, 5))[0]
        title = REVIEW_TITLES[rng.randrange(len(REVIEW_TITLES))]
        roll = rng.random()
        status = "pending" if roll < 0.2 else "approved" if roll < 0.9 else "rejected"
        moderated = min(posted + timedelta(hours=rng.randrange(1, 72)), now)
        reason = "Off-topic" if status == "rejected" else ""
        review_id = w["review"].take_id()
        w["review"].add(
            review_id,
            customer_id,
            product_id,
            rating,
            title,
            "",
            status,
            timestamp(posted),
            False,  # set from the orders below
            timestamp(moderated) if status != "pending" else None,
            csr if status != "pending" else None,
            reason,
        )
        product = names[product_at]
        journey = w["journey"]
        journey.add(
            journey.take_id(),
            customer_id,
            timestamp(posted),
            "review",
            "review",
            review_id,
            f"Review of {product} posted: {rating}/5 “{title}”"[:300],
            None,
        )
        if status != "pending":
            journey.add(
                journey.take_id(),
                customer_id,
                timestamp(moderated),
                "review",
                "review",
                review_id,
                (f"Review of {product} {status}" + (f" ({reason})" if reason else ""))[:300],
                csr,
            )
        if (index + 1) % CHUNK == 0:
            flush_all([w["review"], w["journey"]])
    flush_all([w["review"], w["journey"]])
    _verify_purchases(first_review)
    out.write(f"  {w['review'].written:,} reviews")

    # Shopping lists -------------------------------------------------------------------
    for index in range(shopping_lists if order_customers else 0):
        customer_id = order_customers[rng.randrange(len(order_customers))]
        list_type, name = LIST_TYPES[rng.randrange(len(LIST_TYPES))]
        list_id = w["list"].take_id()
        created = now - timedelta(days=rng.randrange(1, 700))
        w["list"].add(
            list_id,
            customer_id,
            name,
            list_type,
            False,
            True,
            None,
            timestamp(created),
            timestamp(created),
        )
        for at in rng.sample(range(len(product_ids)), min(len(product_ids), rng.randint(1, 6))):
            w["list_item"].add(
                w["list_item"].take_id(), list_id, product_ids[at], rng.randint(1, 4), 0
            )
        label = dict(ShoppingList._meta.get_field("list_type").choices)[list_type]
        w["journey"].add(
            w["journey"].take_id(),
            customer_id,
            timestamp(created),
            "shopping_list",
            "shopping_list",
            list_id,
            f"{label} “{name}” created",
            None,
        )
        if (index + 1) % CHUNK == 0:
            flush_all([w["list"], w["list_item"], w["journey"]])
    flush_all([w["list"], w["list_item"], w["journey"]])
    out.write(f"  {w['list'].written:,} shopping lists")

    written = figures_rebuild_from(first_order)
    boundaries_refresh()
    out.write(f"  figures of {written:,} customers, RFM boundaries")
    out.write("Rows: " + ", ".join(f"{k} {v.written:,}" for k, v in w.items()))
    return w


def _index_of(ids: array, value: int) -> int:
    # Product ids are consecutive.
    return value - ids[0]


def _verify_purchases(first_review: int) -> None:
    """A review is verified when its customer has a completed order with the product
    (commerce.services.has_bought): one UPDATE over the new reviews."""
    review, item, order = (
        ProductReview._meta.db_table,
        OrderItem._meta.db_table,
        Order._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {review} SET verified_purchase = TRUE WHERE id >= %s AND EXISTS ("
            f"SELECT 1 FROM {item} i JOIN {order} o ON o.id = i.order_id "
            f"WHERE o.customer_id = {review}.customer_id AND i.product_id = {review}.product_id "
            "AND o.status = 'completed')",
            [first_review],
        )


def figures_rebuild_from(first_order: int) -> int:
    """The figures of every customer with an order from `first_order` on, from all their
    orders, in one INSERT … SELECT … GROUP BY built from the aggregates figures_computed uses
    (so it gives exactly what it gives); their old rows go first."""
    touched = Order.objects.filter(pk__gte=first_order).values("customer_id")
    CustomerFigures.objects.filter(party_id__in=touched).delete()
    aggregates = dict(_AGGREGATES)
    aggregates["revenue"] = Coalesce(
        aggregates["revenue"],
        Value(Decimal("0.00")),
        output_field=DecimalField(max_digits=18, decimal_places=2),
    )
    columns = ["customer_id", *aggregates]
    select = (
        Order.objects.filter(customer_id__in=touched)
        .values("customer_id")
        .annotate(**aggregates)
        .values_list(*columns)
        .order_by()
    )
    sql, params = select.query.sql_with_params()
    table = CustomerFigures._meta.db_table
    target = ", ".join(connection.ops.quote_name(c) for c in ["party_id", *aggregates])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({target}) {sql}", params)
        return cursor.rowcount
