"""`manage.py seed_scale` on a small count: the shape of what it makes, and its refusals."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from commerce.models import Order, Product, ProductReview, ShoppingList
from crm import access
from crm.access import OWNER_ACTIONS, VIEW
from crm.models import Team
from events.models import Event
from opportunities.models import Opportunity
from parties import selectors
from parties.models import (
    Partnership,
    Party,
    PartyContactMech,
    PartyContactMechPurpose,
    PartyGroupObjectPermission,
    PartyRelationship,
    PartyRole,
    PartyUserObjectPermission,
)
from support.models import Case

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_scale", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(role_groups):
    return seed("--parties", "500", "--reps", "10", "--teams", "2")


def test_makes_people_and_organizations_with_roles(seeded):
    assert Party.objects.count() == 500
    assert Party.objects.filter(kind="organization").count() == 100  # 20 %
    assert PartyRole.objects.filter(role="CONTACT").count() == 400
    assert PartyRole.objects.filter(role="ACCOUNT").count() == 100
    customers = PartyRole.objects.filter(role="CUSTOMER").count()
    assert 25 <= customers <= 80  # about 10 %
    assert all(p.display_name for p in Party.objects.all())


def test_every_party_has_two_to_four_current_contact_mechs_with_one_primary_email(seeded):
    per_party = PartyContactMech.objects.values("party").annotate(n=Count("pk"))
    assert {row["n"] for row in per_party} <= {2, 3, 4}
    assert per_party.count() == 500
    emails = PartyContactMechPurpose.objects.filter(purpose="PRIMARY_EMAIL", thru_date__isnull=True)
    assert emails.values("party").distinct().count() == 500


def test_people_are_employed_at_organizations(seeded):
    jobs = PartyRelationship.objects.filter(kind="EMPLOYMENT")
    assert jobs.count() >= 390
    assert not jobs.exclude(to_party__kind="organization").exists()


def test_reps_in_teams_own_their_share_with_owner_grants(seeded):
    reps = User.objects.filter(username__startswith="rep")
    assert (
        reps.count() == 10
        and Team.objects.filter(group__name__startswith="Scale Team").count() == 2
    )
    assert set(Party.objects.values_list("owner__username", flat=True)) <= set(
        reps.values_list("username", flat=True)
    )
    owner_grants = PartyUserObjectPermission.objects.filter(cause="owner")
    assert owner_grants.count() == 500 * 4
    assert PartyUserObjectPermission.objects.filter(cause="share").exists()


def test_rep_sees_own_and_shared_manager_sees_team(seeded):
    rep = User.objects.get(username="rep01")
    manager = User.objects.get(username="manager01")
    own = Party.objects.filter(owner=rep).count()
    rep_sees = selectors.parties_visible_to(rep).count()
    assert own <= rep_sees < own + 20
    team_owned = Party.objects.filter(owner__profile__home_team__manager=manager).count()
    assert selectors.parties_visible_to(manager).count() >= team_owned > own


def test_team_access_read_adds_team_grants(role_groups):
    seed("--parties", "50", "--reps", "4", "--teams", "2", "--team-access", "read")
    assert PartyGroupObjectPermission.objects.filter(cause="team").count() == 50


def test_same_seed_makes_the_same_data(role_groups, django_db_blocker):
    seed("--parties", "60", "--reps", "4", "--teams", "2")
    first = list(Party.objects.order_by("pk").values_list("display_name", "owner__username"))
    deals = list(Opportunity.objects.order_by("pk").values_list("name", "amount", "stage"))
    shop = ("customer__display_name", "grand_total", "status", "order_date")
    orders = list(Order.objects.order_by("pk").values_list(*shop))
    desk = ("customer__display_name", "subject", "priority", "status", "sla_missed")
    cases = list(Case.objects.order_by("pk").values_list(*desk))
    terms = ("partner__display_name", "type", "commission_rate")
    partners = list(Partnership.objects.order_by("pk").values_list(*terms))
    # Events, deals, orders and cases protect the parties they are about; reviews their
    # products; partnerships their partners.
    Case.objects.all().delete()
    Partnership.objects.all().delete()
    Event.objects.all().delete()
    Opportunity.objects.all().delete()
    Order.objects.all().delete()
    ProductReview.objects.all().delete()
    ShoppingList.objects.all().delete()
    Product.objects.all().delete()
    Party.objects.all().delete()
    seed("--parties", "60", "--reps", "4", "--teams", "2")
    assert (
        list(Party.objects.order_by("pk").values_list("display_name", "owner__username")) == first
    )
    assert list(Opportunity.objects.order_by("pk").values_list("name", "amount", "stage")) == deals
    second = list(Order.objects.order_by("pk").values_list(*shop))
    # The same orders, placed as many seconds later as the second run started after the first.
    assert [row[:3] for row in second] == [row[:3] for row in orders]
    # The same cases (their clocks in business time from a later now: the flags may differ).
    assert [row[:4] for row in Case.objects.order_by("pk").values_list(*desk)] == [
        row[:4] for row in cases
    ]
    assert list(Partnership.objects.order_by("pk").values_list(*terms)) == partners


def test_makes_a_fifth_as_many_deals_on_accounts_owned_as_their_account(seeded):
    from opportunities.selectors import opportunities_visible_to

    deals = Opportunity.objects.select_related("account")
    assert deals.count() == 100  # 500 parties
    assert all(d.account.kind == "organization" and d.owner_id == d.account.owner_id for d in deals)
    assert {d.stage.kind for d in deals} == {"open", "won", "lost"}
    rep = Opportunity.objects.order_by("pk").first().owner
    assert set(opportunities_visible_to(rep)) == set(deals.filter(owner=rep))


def test_refuses_a_database_holding_parties_unless_told(seeded):
    with pytest.raises(CommandError, match="already holds 500 parties"):
        seed("--parties", "10")
    assert Party.objects.count() == 500
    seed("--parties", "10", "--allow-existing-data")
    assert Party.objects.count() == 510


@pytest.mark.parametrize(
    "args",
    [
        ["--parties", "-5"],
        ["--parties", "0"],
        ["--parties", "999999999"],
        ["--reps", "2", "--teams", "5"],
    ],
)
def test_refuses_absurd_counts(role_groups, args):
    with pytest.raises(CommandError):
        seed(*args)
    assert Party.objects.count() == 0


def _bench(database_url: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=database_url, DEBUG="1")
    return subprocess.run(
        [sys.executable, "bench/run.py", "--requests", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_bench_says_so_and_fails_without_a_reachable_database():
    result = _bench("postgres://nobody@127.0.0.1:1/none")
    assert result.returncode == 2
    assert "cannot reach the database" in result.stderr


def test_bench_says_so_and_fails_without_seeded_data(tmp_path):
    db = tmp_path / "empty.sqlite3"
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}", DEBUG="1")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300
    )
    result = _bench(f"sqlite:///{db}")
    assert result.returncode == 2
    assert "holds no parties" in result.stderr


def test_makes_as_many_events_as_parties_owned_by_the_party_owner(seeded):
    from events.models import Event, EventParticipant, EventUserObjectPermission

    assert Event.objects.count() == 500
    assert set(Event.objects.values_list("kind", flat=True)) == {
        "call",
        "meeting",
        "task",
        "email",
        "note",
    }
    assert not Event.objects.exclude(owner=F("party__owner")).exists()
    assert EventUserObjectPermission.objects.filter(cause="owner").count() == 500 * 4
    taking_part = EventParticipant.objects.filter(user__isnull=False)
    assert taking_part.exists()
    assert EventUserObjectPermission.objects.filter(cause="participant").count() == (
        taking_part.count()
    )
    assert not Event.objects.filter(status="completed", completed_at__isnull=True).exists()
    for event in Event.objects.all()[:50]:
        event.full_clean()


def test_reps_see_their_events_and_managers_the_team_events(seeded):
    from events.models import Event
    from events.selectors import events_visible_to

    rep = User.objects.get(username="rep01")
    manager = User.objects.get(username="manager01")
    own = Event.objects.filter(owner=rep).count()
    assert own <= events_visible_to(rep).count() < own + 30
    team = Event.objects.filter(owner__profile__home_team__manager=manager).count()
    assert events_visible_to(manager).count() == team > own


@pytest.mark.parametrize("events", ["0", "120"])
def test_events_option_sets_how_many(role_groups, events):
    from events.models import Event

    seed("--parties", "60", "--reps", "4", "--teams", "2", "--events", events)
    assert Event.objects.count() == int(events)


def test_refuses_a_negative_number_of_events(role_groups):
    with pytest.raises(CommandError, match="--events"):
        seed("--parties", "10", "--events", "-1")
    assert Party.objects.count() == 0


def test_the_grant_rows_written_are_what_the_access_layer_reads(seeded):
    """seed_scale writes its grant rows through access.bulk_grant_rows: a rep sees exactly
    their own parties and those shared with them or their team, each grant holds the actions
    of its cause, made by the owner when the party was made (or shared)."""
    shared = PartyUserObjectPermission.objects.filter(cause="share").select_related(
        "user", "content_object"
    )
    rep = shared.first().user
    own = set(Party.objects.filter(owner=rep).values_list("pk", flat=True))
    shared_with_rep = set(
        PartyUserObjectPermission.objects.filter(user=rep, cause="share").values_list(
            "content_object_id", flat=True
        )
    )
    shared_with_team = set(
        PartyGroupObjectPermission.objects.filter(group__user=rep, cause="share").values_list(
            "content_object_id", flat=True
        )
    )
    visible = set(selectors.parties_visible_to(rep).values_list("pk", flat=True))
    assert visible == own | shared_with_rep | shared_with_team
    assert shared_with_rep - own

    party = Party.objects.filter(owner=rep).first()
    assert access.granted_actions(rep, party) == set(OWNER_ACTIONS)
    for grant in shared:
        assert access.granted_actions(grant.user, grant.content_object) >= {VIEW}
        assert grant.granted_by_id == grant.content_object.owner_id
        assert grant.granted_at == grant.content_object.updated_at
    assert set(PartyUserObjectPermission.objects.values_list("cause", flat=True)) == {
        "owner",
        "share",
    }
    assert set(PartyGroupObjectPermission.objects.values_list("cause", flat=True)) <= {"share"}
    assert (
        not PartyUserObjectPermission.objects.filter(cause="owner")
        .exclude(
            user=F("content_object__owner"),
            granted_by=F("content_object__owner"),
            granted_at=F("content_object__created_at"),
        )
        .exists()
    )


def test_team_grants_let_teammates_see_and_guests_see_their_meetings(role_groups):
    """--team-access read: the owner's team holds view through its group; a teammate invited
    to a meeting holds view on that event, with cause "participant"."""
    from events.models import EventParticipant, EventUserObjectPermission
    from events.selectors import events_visible_to

    seed("--parties", "200", "--reps", "4", "--teams", "2", "--team-access", "read")
    team_grant = PartyGroupObjectPermission.objects.filter(cause="team").first()
    party = team_grant.content_object
    assert team_grant.group == party.owner.profile.home_team.group
    teammate = (
        User.objects.filter(groups=team_grant.group, username__startswith="rep")
        .exclude(pk=party.owner_id)
        .first()
    )
    assert access.granted_actions(teammate, party) == {VIEW}
    assert selectors.parties_visible_to(teammate).filter(pk=party.pk).exists()

    guest = EventParticipant.objects.filter(user__isnull=False).select_related("event").first()
    grants = EventUserObjectPermission.objects.filter(
        user_id=guest.user_id, content_object=guest.event
    )
    assert list(grants.values_list("cause", flat=True)) == ["participant"]
    assert access.granted_actions(guest.user, guest.event) == {VIEW}
    assert events_visible_to(guest.user).filter(pk=guest.event_id).exists()


# The shop ---------------------------------------------------------------------------------


def test_makes_orders_with_items_history_and_journey_over_a_long_tail(seeded):
    from decimal import Decimal

    from commerce.models import Order, OrderItem, OrderStatus, Product
    from parties.models import JourneyEntry

    assert Order.objects.count() == 500  # as many as parties
    assert Product.objects.count() == 50
    assert Product.objects.values("category").distinct().count() == 20
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
    items = OrderItem.objects.count()
    assert 2.7 <= items / 500 <= 3.3
    customers = Order.objects.values("customer").annotate(n=Count("pk")).order_by("-n")
    assert customers.count() == 50  # a tenth of the parties
    assert customers[0]["n"] == 30 and customers[1]["n"] < 25  # three times the average
    assert not Order.objects.exclude(customer__roles__role="CUSTOMER").exists()
    for order in Order.objects.prefetch_related("items", "status_history")[:60]:
        lines = list(order.items.all())
        assert 1 <= len(lines) <= 5
        for line in lines:
            assert line.line_total == line.compute_total()
        assert order.items_total == sum((line.line_total for line in lines), Decimal(0))
        assert order.grand_total == order.items_total + order.shipping_amount
        assert order.reporting_total == order.grand_total
        assert order.number == f"SO-{order.pk:06d}"
        history = list(order.status_history.all())
        assert history[0].status == "created" and history[-1].status == order.status
        assert all(a.status == b.from_status for a, b in zip(history, history[1:], strict=False))
        assert order.status_changed_at == history[-1].changed_at
        journey = JourneyEntry.objects.filter(record_type="order", record_id=order.pk)
        assert journey.count() == len(history)
        assert journey.filter(summary__startswith=f"Order {order.number} placed").count() == 1
    assert OrderStatus.objects.count() >= Order.objects.count()


def test_reviews_and_shopping_lists_are_made_verified_when_bought(seeded):
    from commerce.models import ProductReview, ShoppingList, ShoppingListItem
    from commerce.services import has_bought
    from parties.models import JourneyEntry

    assert ProductReview.objects.count() == 100  # a fifth of the parties
    assert set(ProductReview.objects.values_list("status", flat=True)) == {
        "pending",
        "approved",
        "rejected",
    }
    for review in ProductReview.objects.select_related("customer", "product")[:50]:
        assert review.verified_purchase == has_bought(review.customer, review.product)
    assert ProductReview.objects.filter(verified_purchase=True).exists()
    assert JourneyEntry.objects.filter(record_type="review").count() == (
        100 + ProductReview.objects.exclude(status="pending").count()
    )
    assert ShoppingList.objects.count() == 50
    assert not ShoppingList.objects.filter(items__isnull=True).exists()
    assert ShoppingListItem.objects.count() >= 50


def test_figures_equal_a_recomputation_and_boundaries_are_set(seeded):
    from commerce.models import CustomerFigures, Order, RfmBoundaries
    from commerce.services import figures_computed, figures_mismatches

    assert figures_mismatches(limit=0) == []
    customers = set(Order.objects.values_list("customer_id", flat=True))
    assert set(CustomerFigures.objects.values_list("party_id", flat=True)) == customers
    row = CustomerFigures.objects.order_by("-order_count").first()
    assert {name: getattr(row, name) for name in figures_computed(row.party_id)} == (
        figures_computed(row.party_id)
    )
    out = StringIO()
    call_command("customer_figures", "--check", stdout=out)
    assert "match" in out.getvalue()
    assert RfmBoundaries.objects.get().customers == len(customers)


def test_the_customer_with_the_most_orders_is_the_first_reps(seeded):
    from commerce.models import CustomerFigures

    top = CustomerFigures.objects.select_related("party__owner").order_by("-order_count").first()
    assert top.party.owner.username == "rep01"


def test_commerce_only_adds_the_shop_to_a_seeded_database(role_groups):
    from commerce.models import CustomerFigures, Order
    from commerce.services import figures_mismatches

    seed("--parties", "300", "--reps", "4", "--teams", "2", "--orders", "0")
    assert not Order.objects.exists()
    parties = Party.objects.count()
    seed("--commerce-only", "--reps", "4", "--teams", "2", "--orders", "200")
    assert Party.objects.count() == parties
    assert Order.objects.count() == 200
    assert figures_mismatches(limit=0) == []
    assert CustomerFigures.objects.count() == Order.objects.values("customer").distinct().count()
    with pytest.raises(CommandError, match="already holds 200 orders"):
        seed("--commerce-only", "--reps", "4", "--teams", "2")
    assert Order.objects.count() == 200


def test_commerce_only_refuses_an_empty_database(role_groups):
    with pytest.raises(CommandError, match="seeded before"):
        seed("--commerce-only")


@pytest.mark.parametrize(
    "args",
    [["--orders", "-1"], ["--reviews", "-3"], ["--customers", "0"], ["--products", "0"]],
)
def test_refuses_absurd_shop_counts(role_groups, args):
    with pytest.raises(CommandError):
        seed("--parties", "10", *args)
    assert Party.objects.count() == 0
