"""The demo shop: a coffee and tea catalogue, two years of orders of the demo customers in
every status, reviews awaiting and past moderation, shopping lists, and one customer whose
whole story — captured on the trade show's web form, converted, called, ordering, reviewing —
customer service can follow on its journey."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from commerce import services as commerce_services
from commerce.models import (
    OrderStatus,
    OrderStatusValue,
    Product,
    ProductCategory,
    SalesChannel,
    ShippingMethod,
    ShoppingListType,
)
from demo.builders.common import Demo
from demo.builders.schedule import Schedule
from demo.data import CITIES
from events.models import EventKind, EventStatus
from leads import services as lead_services
from leads.models import Lead, MarketingCampaign
from parties import services as party_services
from parties.models import (
    ContactMech,
    ContactMechKind,
    ContactMechPurpose,
    JourneyEntry,
    Party,
    PaymentPreference,
    RoleType,
)
from parties.selectors import with_role

CURRENCY = "EUR"
# category path, then (SKU, name, price in EUR)
CATALOGUE: list[tuple[tuple[str, ...], list[tuple[str, str, str]]]] = [
    (
        ("Coffee", "Beans"),
        [
            ("CB-ETH-250", "Ethiopia Yirgacheffe, whole beans 250 g", "11.90"),
            ("CB-COL-1K", "Colombia Huila, whole beans 1 kg", "32.50"),
            ("CB-BRA-1K", "Brazil Cerrado espresso blend 1 kg", "24.90"),
            ("CB-KEN-250", "Kenya AA Nyeri, whole beans 250 g", "13.40"),
            ("CB-GUA-500", "Guatemala Antigua, ground 500 g", "16.80"),
            ("CB-DEC-250", "Swiss Water decaf, whole beans 250 g", "10.90"),
            ("CB-HOU-1K", "House espresso, whole beans 1 kg", "21.90"),
            ("CB-SUM-250", "Sumatra Mandheling dark roast 250 g", "12.60"),
        ],
    ),
    (
        ("Coffee", "Machines"),
        [
            ("CM-ESP-200", "Barista Pro espresso machine", "649.00"),
            ("CM-ESP-100", "Compact single-boiler espresso machine", "329.00"),
            ("CM-GRD-064", "Conical burr grinder 64 mm", "289.00"),
            ("CM-GRD-038", "Hand grinder, stainless steel", "79.90"),
            ("CM-DRP-010", "Filter coffee machine, 10 cups", "119.00"),
            ("CM-BTA-001", "Bean-to-cup automatic", "899.00"),
            ("CM-MLK-300", "Milk frother, induction", "89.00"),
            ("CM-PRS-350", "French press 1 l, double-walled", "39.90"),
        ],
    ),
    (
        ("Tea",),
        [
            ("TE-DAR-100", "Darjeeling first flush, loose 100 g", "14.50"),
            ("TE-ASS-250", "Assam breakfast, loose 250 g", "9.80"),
            ("TE-SEN-100", "Japanese sencha, loose 100 g", "12.90"),
            ("TE-MAT-030", "Ceremonial matcha 30 g", "18.90"),
            ("TE-EAR-100", "Earl Grey with bergamot, loose 100 g", "8.40"),
            ("TE-ROO-200", "Rooibos vanilla, loose 200 g", "7.90"),
            ("TE-CHA-150", "Masala chai blend 150 g", "9.20"),
            ("TE-MIN-040", "Moroccan mint, 40 bags", "6.50"),
        ],
    ),
    (
        ("Kitchen",),
        [
            ("KI-KET-120", "Gooseneck kettle with thermometer", "69.00"),
            ("KI-SCL-001", "Coffee scale with timer", "42.00"),
            ("KI-V60-002", "Ceramic pour-over dripper, size 02", "24.50"),
            ("KI-FLT-100", "Paper filters size 02, 100 pieces", "5.90"),
            ("KI-TPT-080", "Cast-iron teapot 0.8 l", "54.00"),
            ("KI-CAN-500", "Airtight coffee canister 500 g", "27.90"),
            ("KI-DSC-004", "Descaler for espresso machines, 4 doses", "12.90"),
            ("KI-TMP-058", "Espresso tamper 58 mm", "34.00"),
        ],
    ),
    (
        ("Accessories",),
        [
            ("AC-CUP-ESP", "Espresso cups, set of 4", "29.00"),
            ("AC-MUG-350", "Stoneware mug 350 ml", "14.90"),
            ("AC-JUG-600", "Milk jug 600 ml", "19.90"),
            ("AC-INF-001", "Tea infuser, fine mesh", "8.90"),
            ("AC-BAG-001", "Canvas coffee tote bag", "12.00"),
            ("AC-GFT-050", "Gift card 50 EUR", "50.00"),
            ("AC-CLN-001", "Group head cleaning brush", "9.50"),
            ("AC-KNK-001", "Knock box, beech wood", "36.00"),
        ],
    ),
]
# What each order ends as, by weight, for orders older than a month (younger ones are mostly
# still open).
OLD_OUTCOMES = {
    OrderStatusValue.COMPLETED: 70,
    OrderStatusValue.CANCELLED: 8,
    OrderStatusValue.REJECTED: 3,
    OrderStatusValue.SENT: 4,
    OrderStatusValue.HELD: 3,
}
RECENT_OUTCOMES = {
    OrderStatusValue.CREATED: 20,
    OrderStatusValue.APPROVED: 20,
    OrderStatusValue.PROCESSING: 20,
    OrderStatusValue.HELD: 8,
    OrderStatusValue.SENT: 20,
    OrderStatusValue.COMPLETED: 12,
}
# The legal moves from created to each status, and the reason a move needs.
PATHS = {
    OrderStatusValue.CREATED: [],
    OrderStatusValue.APPROVED: ["approved"],
    OrderStatusValue.PROCESSING: ["approved", "processing"],
    OrderStatusValue.HELD: ["approved", "held"],
    OrderStatusValue.SENT: ["approved", "processing", "sent"],
    OrderStatusValue.COMPLETED: ["approved", "processing", "sent", "completed"],
    OrderStatusValue.CANCELLED: ["approved", "cancelled"],
    OrderStatusValue.REJECTED: ["rejected"],
}
REASONS = {
    "held": ["Payment under review.", "Waiting for the customer to confirm the address."],
    "cancelled": ["The customer changed their mind.", "Out of stock for three weeks."],
    "rejected": ["Card declined twice.", "Address could not be verified."],
}
CHANNELS = {SalesChannel.WEB: 60, SalesChannel.PHONE: 25, SalesChannel.STORE: 15}
REVIEW_TITLES = {
    5: ["Best beans we have had", "Exactly as described", "Worth every cent"],
    4: ["Very good, quick delivery", "Solid choice", "Nice, will buy again"],
    3: ["Fine, nothing special", "Good but pricey"],
    2: ["Not what I expected", "Arrived late"],
    1: ["Broke after a week", "Stale on arrival"],
}
REVIEW_TEXTS = [
    "Ordered on a Monday, it was here on Wednesday.",
    "My partner now refuses any other coffee.",
    "The packaging could be smaller, the product is great.",
    "Customer service sorted out a wrong delivery quickly.",
    "",
]
RETIRED_SKU = "CM-DRP-010"
FEATURED_COMPANY = "Kaffeehaus Lindenhof GmbH"
FEATURED_ORDERS = 32
MOST_ORDERS_OTHERS = 25


def build(demo: Demo) -> None:
    """The catalogue, the featured customer's story, then every other customer's orders,
    reviews and lists; the RFM boundaries over them last."""
    products = create_catalogue()
    demo.summary.products = len(products)
    featured = create_featured_customer(demo)
    customers = list(with_role(Party.objects.all(), RoleType.CUSTOMER).order_by("pk"))
    for customer in customers:
        count = FEATURED_ORDERS if customer == featured else demo.rng.randint(0, MOST_ORDERS_OTHERS)
        history(demo, customer, products, count)
    # One product no longer sold: its old orders stay, new orders and lists refuse it.
    Product.objects.filter(sku=RETIRED_SKU).update(is_active=False)
    products = list(Product.objects.filter(pk__in=[p.pk for p in products]).order_by("pk"))
    shop_lists(demo, customers, products, featured)
    featured_story(demo, featured, products)
    commerce_services.boundaries_refresh()


def create_catalogue() -> list[Product]:
    products = []
    for path, items in CATALOGUE:
        parent = None
        for name in path:
            parent, _ = ProductCategory.objects.get_or_create(name=name, parent=parent)
        for sku, name, price in items:
            products.append(
                Product.objects.create(
                    sku=sku,
                    name=name,
                    category=parent,
                    list_price=Decimal(price),
                    currency=CURRENCY,
                    description=f"{name}. Ships within two working days.",
                )
            )
    return products


def create_featured_customer(demo: Demo) -> Party:
    """A café chain that found us on the trade show's web form 26 months ago: a company
    lead, handed to alice, converted into an account, then made a customer with its shipping
    and billing addresses."""
    alice = demo.users["alice"]
    campaign = MarketingCampaign.objects.get(name="Spring trade show")
    lead = lead_services.lead_capture(
        campaign=campaign,
        first_name="",
        last_name="",
        company_name=FEATURED_COMPANY,
        email="einkauf@kaffeehaus-lindenhof.example",
        phone=demo.phone(CITIES["München"]),
        message="We run three cafés in Munich and want to switch our espresso supplier.",
        marketing_consent=True,
    )
    lead_services.lead_assign(actor=demo.users["admin"], leads=[lead], new_owner=alice)
    lead = Lead.objects.select_related("party").get(pk=lead.pk)
    conversion = lead_services.lead_convert(actor=alice, lead=lead)
    party = conversion.account
    party_services.party_role_add(party=party, role=RoleType.CUSTOMER)
    city = CITIES["München"]
    party_services.contact_mech_add(
        actor=alice,
        party=party,
        kind=ContactMechKind.POSTAL_ADDRESS,
        purposes=[ContactMechPurpose.SHIPPING_LOCATION],
        **demo.address(city, to_name=FEATURED_COMPANY, line2_chance=0),
    )
    party_services.contact_mech_add(
        actor=alice,
        party=party,
        kind=ContactMechKind.POSTAL_ADDRESS,
        purposes=[ContactMechPurpose.BILLING_LOCATION],
        **demo.address(city, to_name=f"{FEATURED_COMPANY}, Buchhaltung", line2_chance=0),
    )
    Party.objects.filter(pk=party.pk).update(payment_preference=PaymentPreference.INSTALLMENTS)
    # The capture and conversion happened before the first order, not when the demo was
    # loaded: the journey tells the story in order.
    captured = timezone.now() - datetime.timedelta(days=790)
    JourneyEntry.objects.filter(party=party, kind__in=["lead_captured", "consent"]).update(
        occurred_at=captured
    )
    JourneyEntry.objects.filter(party=party, kind="lead_converted").update(
        occurred_at=captured + datetime.timedelta(days=9)
    )
    Lead.objects.filter(pk=lead.pk).update(converted_at=captured + datetime.timedelta(days=9))
    demo.summary.leads += 1
    demo.summary.converted_leads += 1
    demo.summary.customers_b2b += 1
    return Party.objects.get(pk=party.pk)


def _address(customer: Party, purpose: str) -> ContactMech | None:
    return ContactMech.objects.filter(
        parties__party=customer,
        parties__purposes__purpose=purpose,
        parties__purposes__thru_date__isnull=True,
        kind=ContactMechKind.POSTAL_ADDRESS,
    ).first()


def _pick(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def history(demo: Demo, customer: Party, products: list[Product], count: int) -> None:
    """`count` orders over the last two years, each moved along its legal statuses on the
    days after it was placed."""
    rng = demo.rng
    now = timezone.now()
    ship_to = _address(customer, ContactMechPurpose.SHIPPING_LOCATION)
    bill_to = _address(customer, ContactMechPurpose.BILLING_LOCATION) or ship_to
    staff = [demo.users["erin"], customer.owner]
    sellable = [p for p in products if p.sku != RETIRED_SKU]
    ages = sorted((rng.randint(1, 730) for _ in range(count)), reverse=True)
    for age in ages:
        placed = (now - datetime.timedelta(days=age)).replace(
            hour=rng.randint(7, 21), minute=rng.randrange(60), second=0, microsecond=0
        )
        placed = min(placed, now - datetime.timedelta(hours=2))
        channel = _pick(rng, CHANNELS)
        # Only older orders name the product that is no longer sold.
        catalogue = products if age > 400 else sellable
        picked = rng.sample(catalogue, rng.choice([1, 1, 2, 2, 3, 4]))
        items = [
            commerce_services.ItemInput(
                product=product,
                quantity=rng.choice([1, 1, 1, 2, 3])
                if product.list_price > 60
                else rng.randint(1, 6),
                discount=Decimal("5.00")
                if product.list_price > 300 and rng.random() < 0.3
                else Decimal("0.00"),
            )
            for product in picked
        ]
        actor = None if channel == SalesChannel.WEB else rng.choice(staff)
        method = (
            rng.choice(list(ShippingMethod.values)) if channel != SalesChannel.STORE else "pickup"
        )
        order = commerce_services.order_create(
            actor=actor,
            customer=customer,
            channel=channel,
            currency=CURRENCY,
            items=items,
            order_date=placed,
            payment_preference=customer.payment_preference,
            shipping_method=method,
            shipping_amount=Decimal("0.00") if method == "pickup" else Decimal("4.90"),
            ship_to=None if method == "pickup" else ship_to,
            bill_to=bill_to,
            notes="Please ring twice." if rng.random() < 0.05 else "",
        )
        final = _pick(rng, OLD_OUTCOMES if age > 30 else RECENT_OUTCOMES)
        move_along(demo, order, final, placed, now)
        demo.summary.orders += 1


def move_along(demo: Demo, order, final: str, placed, now) -> None:
    rng = demo.rng
    when = placed
    for step in PATHS[final]:
        when = min(when + datetime.timedelta(hours=rng.randint(3, 60)), now)
        reason = rng.choice(REASONS[step]) if step in REASONS else ""
        actor = None if step in ("approved", "completed") else demo.users["erin"]
        commerce_services.order_status_change(
            actor=actor, order=order, status=step, reason=reason, changed_at=when
        )


EVERY_OUTCOME = ("rejected", "pending", "approved")


def shop_lists(demo: Demo, customers: list[Party], products: list[Product], featured) -> None:
    """Wish lists and auto-reorder lists of a third of the customers; reviews of about half,
    most of something they bought; customer service moderates most of them."""
    rng = demo.rng
    now = timezone.now()
    sellable = [p for p in products if p.is_active]
    for customer in customers:
        if customer == featured or rng.random() > 0.35:
            continue
        list_type = rng.choice([ShoppingListType.WISH_LIST, ShoppingListType.AUTO_REORDER])
        name = "Wish list" if list_type == ShoppingListType.WISH_LIST else "Monthly beans"
        commerce_services.shopping_list_create(
            actor=None,
            customer=customer,
            name=name,
            list_type=list_type,
            items=[(p, rng.randint(1, 3)) for p in rng.sample(sellable, rng.randint(1, 4))],
            created_at=now - datetime.timedelta(days=rng.randint(10, 500)),
        )
        demo.summary.shopping_lists += 1
    for customer in customers:
        if customer == featured or rng.random() > 0.5:
            continue
        bought = list(
            Product.objects.filter(
                order_items__order__customer=customer,
                order_items__order__status=OrderStatusValue.COMPLETED,
            )
            .distinct()
            .order_by("pk")
        )
        for _ in range(rng.randint(1, 3)):
            product = rng.choice(bought) if bought and rng.random() < 0.8 else rng.choice(products)
            review(demo, customer, product, review_date(demo, customer, product))


def review_date(demo: Demo, customer: Party, product: Product) -> datetime.datetime:
    """A few days to a few months after the customer's first completed order of the product
    (a review then is verified), or any day of the last year without one."""
    now = timezone.now()
    delivered = (
        OrderStatus.objects.filter(
            order__customer=customer, order__items__product=product, status="completed"
        )
        .order_by("changed_at")
        .values_list("changed_at", flat=True)
        .first()
    )
    if delivered is None:
        return now - datetime.timedelta(days=demo.rng.randint(1, 365))
    return min(
        delivered + datetime.timedelta(days=demo.rng.randint(2, 90)),
        now - datetime.timedelta(hours=1),
    )


def review(demo: Demo, customer: Party, product: Product, posted, outcome: str | None = None):
    rng = demo.rng
    rating = rng.choices([5, 4, 3, 2, 1], weights=[40, 30, 15, 10, 5])[0]
    posted = posted.replace(microsecond=0)
    made = commerce_services.review_post(
        actor=None,
        customer=customer,
        product=product,
        rating=rating,
        title=rng.choice(REVIEW_TITLES[rating]),
        text=rng.choice(REVIEW_TEXTS),
        posted_at=posted,
    )
    demo.summary.reviews += 1
    if outcome is None:
        outcome = rng.choices(["pending", "approved", "rejected"], weights=[30, 60, 10])[0]
        # The first three show the moderation queue every outcome whatever the draws (which
        # follow the orders, and so the day the demo is loaded), drawing as the others do.
        if demo.summary.reviews <= len(EVERY_OUTCOME):
            outcome = EVERY_OUTCOME[demo.summary.reviews - 1]
    if outcome != "pending":
        commerce_services.review_moderate(
            actor=demo.users["erin"],
            review=made,
            approve=outcome == "approved",
            reason="" if outcome == "approved" else "Mentions a competitor's shop.",
            moderated_at=min(posted + datetime.timedelta(days=1), timezone.now()),
        )
    return made


def featured_story(demo: Demo, customer: Party, products: list[Product]) -> None:
    """The featured customer's touch points beyond its orders: erin's call about a late
    delivery, an auto-reorder list it orders from, an approved and a pending review."""
    erin = demo.users["erin"]
    schedule = Schedule(demo)
    day = schedule.past_day(20, 30)
    call = schedule.event(
        erin,
        EventKind.CALL,
        "Kaffeehaus Lindenhof: late delivery of the espresso beans",
        schedule.at(day),
        minutes=15,
        outcome=EventStatus.COMPLETED,
        description="Two sacks arrived a week late; offered free express shipping next time.",
        party=customer,
    )
    JourneyEntry.objects.filter(party=customer, record_type="event", record_id=call.pk).update(
        occurred_at=call.starts_at
    )
    by_sku = {p.sku: p for p in products}
    now = timezone.now()
    reorder = commerce_services.shopping_list_create(
        actor=erin,
        customer=customer,
        name="Weekly café supplies",
        list_type=ShoppingListType.AUTO_REORDER,
        items=[(by_sku["CB-HOU-1K"], 6), (by_sku["CB-BRA-1K"], 4), (by_sku["TE-EAR-100"], 2)],
        created_at=now - datetime.timedelta(days=60),
    )
    commerce_services.shopping_list_create(
        actor=None,
        customer=customer,
        name="New café, Schwabing",
        list_type=ShoppingListType.WISH_LIST,
        items=[(by_sku["CM-ESP-200"], 1), (by_sku["CM-GRD-064"], 1), (by_sku["AC-CUP-ESP"], 6)],
        created_at=now - datetime.timedelta(days=14),
    )
    demo.summary.shopping_lists += 2
    ship_to = _address(customer, ContactMechPurpose.SHIPPING_LOCATION)
    bill_to = _address(customer, ContactMechPurpose.BILLING_LOCATION)
    for days_ago, final in ((35, OrderStatusValue.COMPLETED), (7, OrderStatusValue.PROCESSING)):
        placed = (now - datetime.timedelta(days=days_ago)).replace(microsecond=0)
        order = commerce_services.order_from_shopping_list(
            actor=erin,
            shopping_list=reorder,
            channel=SalesChannel.PHONE,
            currency=CURRENCY,
            order_date=placed,
            payment_preference=customer.payment_preference,
            shipping_method=ShippingMethod.STANDARD,
            shipping_amount=Decimal("4.90"),
            ship_to=ship_to,
            bill_to=bill_to,
        )
        move_along(demo, order, final, placed, now)
        demo.summary.orders += 1
    beans = by_sku["CB-HOU-1K"]
    # After the list's first order was completed (at most ten days after its 35 days ago).
    review(demo, customer, beans, now - datetime.timedelta(days=5), outcome="approved")
    review(demo, customer, by_sku["CB-BRA-1K"], now - datetime.timedelta(days=2), "pending")
