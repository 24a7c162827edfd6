"""`manage.py load_demo`: demo users, their teams, parties with roles and grants, sharing,
and a second run that changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F
from django.test import override_settings

from commerce.models import (
    CustomerFigures,
    Order,
    OrderItem,
    OrderStatus,
    Product,
    ProductCategory,
    ProductReview,
    RfmBoundaries,
    ShoppingList,
    ShoppingListItem,
)
from commerce.services import figures_computed, figures_mismatches
from crm import access
from crm.models import AccessChange, GrantCause, Team
from demo.data import CITIES
from parties.models import (
    Consent,
    ContactMech,
    ContactMechKind,
    ContactMechPurpose,
    JourneyEntry,
    Party,
    PartyContactMechPurpose,
    PartyGroupObjectPermission,
    PartyKind,
    PartyRelationship,
    PartyUserObjectPermission,
    RelationshipKind,
    RoleType,
)
from parties.normalize import normalize_email, normalize_phone
from parties.selectors import parties_visible_to, with_role

pytestmark = pytest.mark.django_db

COMMERCE_MODELS = (
    ProductCategory,
    Product,
    Order,
    OrderItem,
    OrderStatus,
    ProductReview,
    ShoppingList,
    ShoppingListItem,
    CustomerFigures,
    RfmBoundaries,
)

# The module fixture runs before function-scoped settings fixtures, so it picks its hasher
# itself: a fast one, also used when checking the password.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_load_demo() -> str:
    out = StringIO()
    call_command("load_demo", "--not-production", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """Load the demo once for the whole module (it takes a few seconds) inside a transaction
    that is rolled back afterwards; each test runs in its own savepoint within it."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            output = run_load_demo()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output, db):
    return {user.username: user for user in User.objects.all()}


def contacts(queryset=None):
    return with_role(queryset if queryset is not None else Party.objects.all(), RoleType.CONTACT)


def share_grant_ids(user: User) -> set[int]:
    return set(
        PartyUserObjectPermission.objects.filter(
            user=user, cause=GrantCause.SHARE, permission__codename="view_party"
        ).values_list("content_object_id", flat=True)
    )


def test_creates_the_demo_users_with_their_groups(demo):
    expected = {
        "admin": {access.ADMINISTRATOR},
        "alice": {access.SALES_REP, "Team East"},
        "bob": {access.SALES_REP, "Team East"},
        "carol": {access.SALES_MANAGER, "Team East"},
        "dan": {access.SALES_REP, "Team West"},
        "erin": {access.CUSTOMER_SERVICE, "Team Support Europe"},
        "mark": {access.MARKETING},
    }
    for username, groups in expected.items():
        user = demo[username]
        assert set(user.groups.values_list("name", flat=True)) == groups, username
        assert user.first_name and user.last_name, username
    assert demo["admin"].is_superuser and demo["admin"].is_staff
    assert not any(
        demo[name].is_superuser or demo[name].is_staff for name in expected if name != "admin"
    )


@override_settings(PASSWORD_HASHERS=FAST_HASHERS)
def test_every_demo_user_signs_in_with_password_demo(demo):
    for user in demo.values():
        assert user.check_password("demo"), user.username


def test_home_teams_and_managers(demo):
    east = Team.objects.get(group__name="Team East")
    west = Team.objects.get(group__name="Team West")
    assert east.manager == demo["carol"]
    assert west.manager is not None and west.manager != demo["dan"]
    for username in ("alice", "bob", "carol"):
        assert access.home_team(demo[username]) == east, username
    assert access.home_team(demo["dan"]) == west
    for username in ("admin", "mark"):
        assert access.home_team(demo[username]) is None, username
    # erin works the Europe support queue (demo.builders.support).
    assert access.home_team(demo["erin"]).group.name == "Team Support Europe"


def test_creates_accounts_contacts_and_customers_with_their_roles(demo):
    accounts = with_role(Party.objects.all(), RoleType.ACCOUNT)
    customers = with_role(Party.objects.all(), RoleType.CUSTOMER)
    # 50 accounts and 200 contacts, plus the 4 of each that converted leads became, and the
    # shop's featured customer: a company lead converted into an account, then a customer;
    # and the 3 partners (accounts too) with a contact each.
    assert accounts.filter(kind=PartyKind.ORGANIZATION).count() == accounts.count() == 58
    assert contacts().filter(kind=PartyKind.PERSON).count() == contacts().count() == 207
    assert customers.count() == 31
    assert customers.filter(kind=PartyKind.PERSON).count() == 24
    assert customers.filter(kind=PartyKind.ORGANIZATION).count() == 7
    # and 41 leads, 4 accounts from conversions; the 3 partners, their 3 contacts, 6 leads
    assert Party.objects.count() == 280 + 41 + 4 + 12
    assert customers.filter(owner=demo["erin"]).count() >= 3
    assert set(Party.objects.values_list("owner__username", flat=True)) <= {
        "alice",
        "bob",
        "carol",
        "dan",
        "erin",
        "mark",
    }


def test_every_owner_holds_every_action_on_their_records(demo):
    for party in Party.objects.select_related("owner")[::20]:
        assert access.granted_actions(party.owner, party) == set(access.OWNER_ACTIONS)
    owner_grants = PartyUserObjectPermission.objects.filter(cause=GrantCause.OWNER)
    assert owner_grants.count() == Party.objects.count() * len(access.OWNER_ACTIONS)


def test_every_contact_works_at_an_account_and_some_worked_elsewhere_before(demo):
    employments = PartyRelationship.objects.filter(kind=RelationshipKind.EMPLOYMENT)
    current = employments.filter(thru_date__isnull=True)
    assert current.values("from_party").distinct().count() == 207  # 3 at the partners
    assert not current.exclude(to_party__in=with_role(Party.objects.all(), RoleType.ACCOUNT))
    assert current.exclude(title="").count() == 207
    ended = employments.filter(thru_date__isnull=False)
    assert 5 <= ended.count() <= 20
    for relationship in ended:
        assert relationship.from_date <= relationship.thru_date


def test_every_customer_has_email_phone_shipping_and_billing(demo):
    customers = with_role(Party.objects.all(), RoleType.CUSTOMER)
    for purpose in (
        ContactMechPurpose.PRIMARY_EMAIL,
        ContactMechPurpose.PRIMARY_PHONE,
        ContactMechPurpose.SHIPPING_LOCATION,
        ContactMechPurpose.BILLING_LOCATION,
    ):
        holders = PartyContactMechPurpose.objects.filter(purpose=purpose, thru_date__isnull=True)
        assert customers.exclude(pk__in=holders.values("party_id")).count() == 0, purpose
    assert customers.exclude(payment_preference="").count() == 31
    separate_billing = PartyContactMechPurpose.objects.filter(
        purpose=ContactMechPurpose.BILLING_LOCATION, party__in=customers
    ).exclude(
        party_contact_mech__in=PartyContactMechPurpose.objects.filter(
            purpose=ContactMechPurpose.SHIPPING_LOCATION
        ).values("party_contact_mech")
    )
    assert separate_billing.exists()


def test_every_phone_and_email_is_valid(demo):
    phones = ContactMech.objects.filter(kind=ContactMechKind.PHONE)
    emails = ContactMech.objects.filter(kind=ContactMechKind.EMAIL)
    assert phones.count() >= 280 and emails.count() >= 250
    for mech in phones:
        assert normalize_phone(mech.value) == mech.value
    for mech in emails:
        assert normalize_email(mech.value) == mech.value
    contact_emails = list(emails.values_list("value", flat=True))
    assert len(contact_emails) == len(set(contact_emails)), "e-mail addresses repeat"


@pytest.mark.parametrize("city", CITIES.values(), ids=lambda city: city.name)
def test_every_phone_range_of_the_demo_data_is_valid(city):
    for n in (0, 1, city.phone_capacity // 2, city.phone_capacity - 1):
        normalize_phone(city.phone_pattern.format(n))


def test_consent_is_recorded_granted_and_withdrawn(demo):
    assert Consent.objects.filter(granted=True).exists()
    assert Consent.objects.filter(granted=False).exists()
    assert Consent.objects.filter(party__in=contacts()).exists()
    customers = with_role(Party.objects.all(), RoleType.CUSTOMER)
    assert Consent.objects.filter(party__in=customers).exists()
    assert Consent.objects.values("source").distinct().count() >= 3


def test_bob_sees_alices_contacts_through_the_team_grant(demo):
    alices = contacts().filter(owner=demo["alice"])
    assert alices.count() > 10
    assert set(alices) <= set(parties_visible_to(demo["bob"]))
    assert set(alices) <= set(parties_visible_to(demo["carol"]))


def test_dan_sees_only_the_contacts_alice_shared_with_him(demo):
    dan = demo["dan"]
    visible = contacts(parties_visible_to(dan)).filter(owner=demo["alice"])
    shared = share_grant_ids(dan)
    assert len(shared) == 3
    assert set(visible.values_list("pk", flat=True)) == shared
    assert contacts().filter(owner=demo["alice"]).exclude(pk__in=shared).exists()


def test_bob_shares_an_account_with_alice_to_change(demo):
    shared = PartyUserObjectPermission.objects.get(
        user=demo["alice"], cause=GrantCause.SHARE, permission__codename="change_party"
    ).content_object
    assert shared.owner == demo["bob"]
    assert {access.VIEW, access.CHANGE} <= access.granted_actions(demo["alice"], shared)
    bobs_other = with_role(Party.objects.filter(owner=demo["bob"]), RoleType.ACCOUNT).exclude(
        pk=shared.pk
    )
    assert access.CHANGE not in access.granted_actions(demo["alice"], bobs_other.first())


def test_dan_shares_two_accounts_with_team_east(demo):
    shared = PartyGroupObjectPermission.objects.filter(
        group__name="Team East", cause=GrantCause.SHARE
    )
    assert shared.count() == 2
    dans_accounts = with_role(Party.objects.filter(owner=demo["dan"]), RoleType.ACCOUNT)
    seen_by_bob = dans_accounts.filter(pk__in=parties_visible_to(demo["bob"]).values("pk"))
    assert set(seen_by_bob.values_list("pk", flat=True)) == set(
        shared.values_list("content_object_id", flat=True)
    )


def test_erin_sees_every_customer(demo):
    customers = with_role(parties_visible_to(demo["erin"]), RoleType.CUSTOMER)
    assert customers.count() == 31
    assert not contacts(parties_visible_to(demo["erin"])).exists()


def test_prints_a_summary(demo_output):
    assert "Demo data loaded." in demo_output
    for line in ("accounts:   50", "contacts:   200", "customers:  31", "shares:     6"):
        assert line in demo_output


def test_running_twice_changes_nothing(demo):
    def counts():
        return [
            model.objects.count()
            for model in (
                User,
                Team,
                Party,
                ContactMech,
                PartyRelationship,
                Consent,
                PartyUserObjectPermission,
                PartyGroupObjectPermission,
                AccessChange,
                *COMMERCE_MODELS,
                JourneyEntry,
            )
        ]

    before = counts()
    assert "Demo data already loaded" in run_load_demo()
    assert counts() == before


def test_leaves_users_made_by_hand_alone(demo):
    """Without alice, the demo counts as not loaded; "admin" made by hand must not break it."""
    User.objects.filter(username="alice").update(username="alice.anderson")
    parties = Party.objects.count()
    err = StringIO()
    call_command("load_demo", "--not-production", stdout=StringIO(), stderr=err)
    assert "Demo data not loaded" in err.getvalue()
    assert Party.objects.count() == parties
    assert not User.objects.filter(username="alice").exists()


def test_refuses_to_run_with_debug_off_unless_told(db, settings):
    settings.DEBUG = False
    users, parties = User.objects.count(), Party.objects.count()
    with pytest.raises(CommandError, match="looks like production"):
        call_command("load_demo", stdout=StringIO())
    assert (User.objects.count(), Party.objects.count()) == (users, parties)


def test_creates_leads_in_every_status_campaigns_and_a_consented_newsletter(demo):
    from leads.models import ContactListMember, Lead, LeadStatus, MarketingCampaign, MemberStatus
    from leads.services import has_current_consent

    statuses = set(Lead.objects.values_list("status", flat=True))
    assert Lead.objects.count() == 41 + 6  # and the 6 the partners brought
    assert statuses == set(LeadStatus.values)
    assert Lead.objects.filter(status=LeadStatus.CONVERTED).count() == 5
    assert MarketingCampaign.objects.filter(capture_enabled=True, owner=demo["mark"]).count() == 1
    accepted = ContactListMember.objects.filter(status=MemberStatus.ACCEPTED).select_related(
        "party", "contact_list"
    )
    assert accepted.exists()
    for member in accepted:
        assert has_current_consent(party=member.party, purpose=member.contact_list.consent_purpose)


def test_creates_opportunities_in_every_open_stage_and_some_closed(demo):
    from opportunities.models import Opportunity, OpportunityStage, StageKind

    open_stages = set(
        OpportunityStage.objects.filter(kind=StageKind.OPEN).values_list("pk", flat=True)
    )
    assert Opportunity.objects.count() >= 30
    assert set(Opportunity.objects.values_list("stage", flat=True)) >= open_stages
    assert Opportunity.objects.filter(closed_at__isnull=False).exists()
    for deal in Opportunity.objects.select_related("account")[:10]:
        assert deal.owner_id == deal.account.owner_id


def test_forecasts_follow_the_demo_deals_with_quotas(demo):
    from forecasts.models import ExchangeRate, Quota, SalesForecast

    assert ExchangeRate.objects.filter(currency="USD").exists()
    assert Quota.objects.filter(owner=demo["alice"], period__kind="month").count() == 6
    weighted = SalesForecast.objects.filter(owner=demo["alice"], period__kind="year")
    assert weighted.exists() and all(f.quota for f in weighted)


def test_creates_six_weeks_of_activities_and_three_weeks_of_plans(demo):
    import datetime

    from django.utils import timezone

    from events.models import Event

    today = timezone.now().date()
    for name in ("alice", "bob", "carol", "dan", "erin"):
        events = Event.objects.filter(owner=demo[name])
        assert events.filter(kind="call", status="completed").exists(), name
        assert events.filter(kind="task", status="scheduled").exists(), name
        assert events.filter(status="cancelled").exists(), name
    days = [e.start_date for e in Event.objects.all()]
    assert today - datetime.timedelta(days=45) <= min(days)
    assert max(days) <= today + datetime.timedelta(days=24)
    assert min(days) < today - datetime.timedelta(days=28) and max(days) > today + (
        datetime.timedelta(days=14)
    )


def test_demo_events_cover_calls_meetings_and_tasks_as_reps_use_them(demo):
    from django.utils import timezone

    from events.models import Event, EventParticipant, floating

    alice = Event.objects.filter(owner=demo["alice"])
    assert alice.filter(kind="call", status="completed", lead__isnull=False).exists()
    assert alice.filter(kind="call", status="completed", party__roles__role="CONTACT").exists()
    meetings = EventParticipant.objects.filter(event__owner=demo["alice"], event__kind="meeting")
    assert meetings.filter(party__isnull=False).exists()
    assert meetings.filter(user=demo["bob"], response="accepted").exists()
    today = floating(timezone.now().date())
    tasks = alice.filter(kind="task")
    assert tasks.filter(status="scheduled", starts_at__lt=today).exists()  # overdue
    assert tasks.filter(status="scheduled", starts_at__gte=today).exists()
    assert tasks.filter(status="completed").exists()
    done = Event.objects.filter(status="completed")
    assert not done.filter(completed_at__isnull=True).exists()
    assert not done.filter(completed_at__gt=timezone.now()).exists()
    assert done.filter(completed_at__lt=today).exists()  # when it happened, not when loaded


def test_demo_events_are_seen_as_the_access_model_says(demo):
    from events.models import Event
    from events.selectors import events_visible_to

    alices = Event.objects.filter(owner=demo["alice"])
    assert not events_visible_to(demo["dan"]).filter(owner=demo["alice"]).exists()
    assert events_visible_to(demo["carol"]).filter(owner=demo["alice"]).count() == alices.count()
    bob_sees = events_visible_to(demo["bob"]).filter(owner=demo["alice"])
    assert 0 < bob_sees.count() < alices.count()  # only those he takes part in
    assert not bob_sees.exclude(participants__user=demo["bob"]).exists()
    demo_day = alices.get(
        subject__startswith="Product demo for", party__kind="organization", kind="meeting"
    )
    assert demo_day.participants.filter(user=demo["bob"], response="accepted").exists()
    assert demo_day.start_date.weekday() == 1  # next Tuesday
    assert demo_day.participants.filter(party__isnull=False).count() == 2


def test_running_twice_adds_no_event(demo):
    from events.models import Event, EventParticipant

    before = (Event.objects.count(), EventParticipant.objects.count())
    assert "Demo data already loaded" in run_load_demo()
    assert (Event.objects.count(), EventParticipant.objects.count()) == before


# The shop ---------------------------------------------------------------------------------


def erins_customer(erin):
    """The customer erin opens first: the one with the most orders of all she may see."""
    customers = with_role(parties_visible_to(erin), RoleType.CUSTOMER)
    return (
        CustomerFigures.objects.filter(party__in=customers)
        .select_related("party")
        .order_by("-order_count", "party_id")
        .first()
        .party
    )


def test_the_shop_sells_40_products_in_5_categories_in_eur(demo):
    leaves = ProductCategory.objects.filter(products__isnull=False).distinct()
    assert {str(c) for c in leaves} == {
        "Coffee › Beans",
        "Coffee › Machines",
        "Tea",
        "Kitchen",
        "Accessories",
    }
    assert Product.objects.count() == 40
    assert set(Product.objects.values_list("currency", flat=True)) == {"EUR"}
    assert Product.objects.values("sku").distinct().count() == 40
    assert Product.objects.filter(is_active=False).count() == 1
    for category in leaves:
        assert category.products.count() == 8, category


def test_orders_in_every_status_and_channel_over_two_years(demo):
    import datetime

    from django.utils import timezone

    assert set(Order.objects.values_list("status", flat=True)) == {
        "created",
        "approved",
        "processing",
        "held",
        "sent",
        "completed",
        "cancelled",
        "rejected",
    }
    assert set(Order.objects.values_list("channel", flat=True)) == {"web", "phone", "store"}
    now = timezone.now()
    dates = list(Order.objects.values_list("order_date", flat=True))
    assert min(dates) >= now - datetime.timedelta(days=731)
    assert min(dates) < now - datetime.timedelta(days=600) and max(dates) < now
    per_customer = Order.objects.values("customer").annotate(n=Count("pk"))
    assert 20 <= per_customer.count() <= 31
    # Every status change is a history row, at or after the order's date.
    assert OrderStatus.objects.count() > Order.objects.count()
    assert not OrderStatus.objects.filter(changed_at__lt=F("order__order_date")).exists()
    for order in Order.objects.filter(status="completed")[:5]:
        assert list(order.status_history.values_list("status", flat=True)) == [
            "created",
            "approved",
            "processing",
            "sent",
            "completed",
        ]


def test_order_totals_and_figures_are_what_the_services_compute(demo):
    for order in Order.objects.prefetch_related("items")[:40]:
        items = list(order.items.all())
        assert 1 <= len(items) <= 4
        assert order.items_total == sum(item.line_total for item in items)
        assert order.grand_total == order.items_total + order.shipping_amount
        assert order.reporting_total == order.grand_total  # EUR, the reporting currency
    assert figures_mismatches() == []
    assert (
        RfmBoundaries.objects.get().customers
        == CustomerFigures.objects.filter(order_count__gt=0).count()
    )


def test_orders_ship_to_the_customers_address_unless_picked_up(demo):
    from commerce.models import OrderAddress

    shipped = OrderAddress.objects.filter(purpose="ship_to").select_related("order")
    assert shipped.exists()
    for address in shipped[:20]:
        mech = ContactMech.objects.filter(
            parties__party=address.order.customer_id,
            parties__purposes__purpose=ContactMechPurpose.SHIPPING_LOCATION,
        ).first()
        assert (address.address1, address.city) == (mech.address1, mech.city)
    assert not Order.objects.filter(shipping_method="pickup", addresses__purpose="ship_to")


def test_reviews_pending_approved_and_rejected_verified_when_bought(demo):
    assert set(ProductReview.objects.values_list("status", flat=True)) == {
        "pending",
        "approved",
        "rejected",
    }
    for review in ProductReview.objects.all():
        bought = OrderStatus.objects.filter(
            order__customer=review.customer_id,
            order__items__product=review.product_id,
            status="completed",
            changed_at__lte=review.posted_at,
        ).exists()
        assert review.verified_purchase == bought, review
        assert (review.moderated_by is None) == (review.status == "pending")
    assert ProductReview.objects.filter(moderated_by__username="erin").exists()


def test_shopping_lists_wish_lists_and_auto_reorder(demo):
    assert set(ShoppingList.objects.values_list("list_type", flat=True)) == {
        "wish_list",
        "auto_reorder",
    }
    assert not ShoppingList.objects.filter(items__isnull=True).exists()
    assert ShoppingList.objects.filter(last_ordered_at__isnull=False).exists()


def test_erins_first_customer_has_a_whole_story(demo):
    customer = erins_customer(demo["erin"])
    assert customer.display_name == "Kaffeehaus Lindenhof GmbH"
    figures = customer.figures
    assert {k: getattr(figures, k) for k in figures_computed(customer.pk)} == figures_computed(
        customer.pk
    )
    assert figures.order_count >= 26 and figures.open_order_count >= 1
    assert figures.revenue > 0 and figures.first_order_at < figures.last_order_at
    orders = Order.objects.filter(customer=customer)
    assert orders.values("status").distinct().count() >= 4
    lists = ShoppingList.objects.filter(customer=customer)
    assert set(lists.values_list("list_type", flat=True)) == {"auto_reorder", "wish_list"}
    assert lists.get(list_type="auto_reorder").last_ordered_at is not None
    reviews = ProductReview.objects.filter(customer=customer)
    assert set(reviews.values_list("status", flat=True)) == {"approved", "pending"}
    assert reviews.filter(verified_purchase=True).exists()

    journey = JourneyEntry.objects.filter(party=customer)
    assert set(journey.values_list("kind", flat=True)) >= {
        "lead_captured",
        "lead_converted",
        "event",
        "order",
        "review",
        "shopping_list",
    }
    assert journey.filter(kind="order", summary__contains="shopping list").count() == 2
    call = journey.get(kind="event")
    assert "Kaffeehaus Lindenhof" in call.summary
    # The story in order: captured first, its orders after, nothing in the future.
    first = journey.order_by("occurred_at", "id").first()
    assert first.kind in ("lead_captured", "consent")
    assert journey.get(kind="lead_captured").occurred_at < figures.first_order_at
    from django.utils import timezone

    assert not journey.filter(occurred_at__gt=timezone.now()).exists()


def test_erins_first_customer_has_the_most_orders_clearly(demo):
    customer = erins_customer(demo["erin"])
    runner_up = CustomerFigures.objects.exclude(party=customer).order_by("-order_count").first()
    assert customer.figures.order_count > runner_up.order_count
