"""Factories for tests. Parties are built through the services, as the app builds them, so
they carry their roles and access grants."""

from decimal import Decimal

import factory
from django.contrib.auth.models import Group, User
from faker import Faker

from crm.models import Team, UserProfile
from parties import services
from parties.models import PartyKind, RoleType


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("demo")


def make_team(name: str, manager: User | None = None) -> Team:
    group, _ = Group.objects.get_or_create(name=f"Team {name}")
    team, _ = Team.objects.get_or_create(group=group, defaults={"manager": manager})
    return team


def make_user(username: str, *, role: str | None = None, team: Team | None = None, **extra) -> User:
    user = UserFactory(username=username, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    UserProfile.objects.update_or_create(user=user, defaults={"home_team": team})
    if team:
        user.groups.add(team.group)
    return user


fake = Faker()


def make_contact(owner: User, **fields):
    fields.setdefault("first_name", fake.first_name())
    fields.setdefault("last_name", fake.last_name())
    return services.contact_create(actor=owner, **fields)


def make_account(owner: User, **fields):
    fields.setdefault("name", fake.company())
    return services.account_create(actor=owner, **fields)


def make_customer(owner: User, *, kind: str = PartyKind.PERSON, **fields):
    defaults = {
        "email": f"customer{User.objects.count()}{owner.pk}@example.com",
        "phone": "+44 20 7946 0000",
        "payment_preference": "credit_card",
        "shipping_address": {
            "address1": "1 High Street",
            "city": "London",
            "postal_code": "N1 9GU",
            "country": "GB",
        },
    }
    if kind == PartyKind.PERSON:
        defaults.update(first_name="Cathy", last_name="Customer")
    else:
        defaults.update(name="Customer Ltd")
    defaults.update(fields)
    return services.customer_create(actor=owner, kind=kind, **defaults)


def make_lead(owner: User, **fields):
    from leads import services as lead_services

    if not fields.get("company_name") or "first_name" in fields:
        fields.setdefault("first_name", fake.first_name())
        fields.setdefault("last_name", fake.last_name())
    return lead_services.lead_create(actor=owner, **fields)


def make_campaign(owner: User, **fields):
    from leads import services as lead_services

    fields.setdefault("name", "Spring trade show")
    return lead_services.campaign_create(actor=owner, **fields)


def make_contact_list(owner: User, **fields):
    from leads import services as lead_services

    fields.setdefault("name", "Newsletter")
    return lead_services.contact_list_create(actor=owner, **fields)


__all__ = [
    "RoleType",
    "make_account",
    "make_campaign",
    "make_contact",
    "make_contact_list",
    "make_customer",
    "make_lead",
    "make_opportunity",
    "make_team",
    "make_user",
]


def make_opportunity(owner: User, *, account=None, stage: str = "Prospecting", **fields):
    import datetime

    from opportunities import services as opportunity_services
    from opportunities.models import OpportunityStage

    account = account or make_account(owner)
    fields.setdefault("name", f"{account.display_name} - licences")
    fields.setdefault("expected_close_date", datetime.date.today() + datetime.timedelta(days=30))
    fields.setdefault("amount", 1000)
    return opportunity_services.opportunity_create(
        actor=owner, account=account, stage=OpportunityStage.objects.get(name=stage), **fields
    )


def make_event(owner: User, *, kind: str = "meeting", starts_at=None, **fields):
    """An event through the service (grants and participants as in the app). Default: a
    meeting tomorrow at 10:00 UTC, one hour."""
    import datetime

    from django.utils import timezone

    from events import services as event_services

    if starts_at is None:
        tomorrow = timezone.now().date() + datetime.timedelta(days=1)
        starts_at = datetime.datetime.combine(tomorrow, datetime.time(10), tzinfo=datetime.UTC)
    if kind != "task":
        fields.setdefault("ends_at", starts_at + datetime.timedelta(hours=1))
    fields.setdefault("subject", f"{kind.capitalize()} with the customer")
    return event_services.event_create(actor=owner, kind=kind, starts_at=starts_at, **fields)


def make_product(sku: str = "", *, price="19.90", currency: str = "EUR", **fields):
    from commerce.models import Product, ProductCategory

    category, _created = ProductCategory.objects.get_or_create(name="Coffee", parent=None)
    sku = sku or f"SKU-{Product.objects.count() + 1:04d}"
    defaults = {"name": f"Product {sku}", "category": category, "list_price": Decimal(price)}
    defaults.update(fields)
    return Product.objects.create(sku=sku, currency=currency, **defaults)


def make_order(actor: User, customer, *, products=(), status: str = "", **fields):
    """An order of one of each product (a new product if none), moved on to `status` along
    legal moves."""
    from commerce import services as commerce_services

    products = list(products) or [make_product()]
    fields.setdefault("channel", "phone")
    fields.setdefault("currency", products[0].currency)
    order = commerce_services.order_create(
        actor=actor,
        customer=customer,
        items=[commerce_services.ItemInput(product=p, quantity=1) for p in products],
        **fields,
    )
    path = {
        "approved": ["approved"],
        "processing": ["approved", "processing"],
        "sent": ["approved", "sent"],
        "completed": ["approved", "sent", "completed"],
        "held": ["held"],
        "cancelled": ["cancelled"],
        "rejected": ["rejected"],
    }
    for step in path.get(status, []):
        order = commerce_services.order_status_change(
            actor=actor,
            order=order,
            status=step,
            reason="test" if step in ("held", "cancelled", "rejected") else "",
        )
    return order
