"""The demo's deals: the pipeline board and the forecasts need open ones in every stage."""

from __future__ import annotations

import datetime
from decimal import Decimal

from demo.builders.common import Demo
from opportunities import services as opportunity_services
from opportunities.models import OpportunityStage, OpportunityType, StageKind

SELLERS = ("alice", "bob", "dan", "carol")
# product, fewest and most units per deal
PRODUCTS = [
    ("licences", 20, 400),
    ("support renewal", 1, 12),
    ("onboarding package", 1, 3),
    ("hardware refresh", 5, 60),
    ("analytics add-on", 10, 150),
]


def build(demo: Demo) -> None:
    """Deals on the sales users' accounts in every stage, a few won and lost, closing over
    the next months (and a few overdue next steps)."""
    rng = demo.rng
    today = datetime.date.today()
    stages = list(OpportunityStage.objects.filter(kind=StageKind.OPEN))
    count = 0
    for demo_account in demo.accounts:
        account = demo_account.party
        if account.owner.username not in SELLERS:
            continue
        for _ in range(rng.choice([0, 1, 1, 2])):
            product, low, high = rng.choice(PRODUCTS)
            quantity = rng.randint(low, high)
            unit = rng.choice([90, 150, 240, 480, 1200])
            next_step_date = today + datetime.timedelta(days=rng.randint(-10, 20))
            deal = opportunity_services.opportunity_create(
                actor=account.owner,
                account=account,
                name=f"{account.display_name} - {quantity} {product}",
                stage=rng.choice(stages),
                amount=Decimal(quantity * unit),
                expected_close_date=today + datetime.timedelta(days=rng.randint(5, 150)),
                next_step=rng.choice(
                    ["Send the proposal", "Call the buyer", "Demo for the team", "Price review"]
                ),
                next_step_date=next_step_date,
                type=rng.choice(list(OpportunityType.values)),
            )
            count += 1
            if rng.random() < 0.15:
                opportunity_services.opportunity_close(
                    actor=account.owner,
                    opportunity=deal,
                    won=rng.random() < 0.6,
                    reason=rng.choice(
                        ["Best price", "Chose a competitor", "Budget frozen", "Great demo"]
                    ),
                )
    demo.summary.opportunities = count
