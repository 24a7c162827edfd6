"""The issue's "done when": carol sets quotas for alice and bob for this quarter; alice wins one
opportunity and moves another's close date into next month; both forecasts and carol's
roll-up show the right numbers at once, the chart follows, every figure drills down."""

import datetime
from decimal import Decimal

import pytest

from forecasts.models import PeriodKind, SalesForecast
from forecasts.selectors import period_at
from opportunities import services as opportunity_services
from opportunities.models import Opportunity
from tests.factories import make_account, make_opportunity

pytestmark = pytest.mark.django_db


def _first_day_of_next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def test_quotas_a_win_and_a_moved_close_date_show_everywhere(client, alice, bob, carol, settings):
    settings.CRM_FORECAST_CURRENCY = "EUR"
    today = datetime.date.today()
    quarter = period_at(PeriodKind.QUARTER, today)
    month = period_at(PeriodKind.MONTH, today)
    next_month_day = _first_day_of_next_month(today)

    client.force_login(carol)
    for rep, amount in ((alice, "30000"), (bob, "15000")):
        response = client.post(
            "/forecasts/quotas/",
            {"owner": rep.pk, "period": quarter.pk, "amount": amount, "split": "on"},
        )
        assert response.status_code == 302

    account = make_account(alice, name="Globex", preferred_currency="EUR")
    to_win = make_opportunity(
        alice, account=account, name="Globex - win", amount=6000, expected_close_date=today
    )
    to_move = make_opportunity(
        alice,
        account=account,
        name="Globex - later",
        amount=4000,
        stage="Proposal",
        expected_close_date=today,
    )
    make_opportunity(bob, amount=2000, stage="Negotiation", expected_close_date=today)

    opportunity_services.opportunity_close(
        actor=alice, opportunity=to_win, won=True, reason="Signed"
    )
    to_move = Opportunity.objects.get(pk=to_move.pk)
    opportunity_services.opportunity_update(
        actor=alice,
        opportunity=to_move,
        expected_version=to_move.version,
        expected_close_date=next_month_day,
    )

    def figures(owner, period):
        f = SalesForecast.objects.get(owner=owner, period=period)
        return f.closed, f.pipeline, f.weighted

    assert figures(alice, month) == (Decimal("6000.00"), Decimal("0.00"), Decimal("6000.00"))
    next_month = period_at(PeriodKind.MONTH, next_month_day)
    assert figures(alice, next_month) == (Decimal("0.00"), Decimal("4000.00"), Decimal("2400.00"))
    if next_month.parent_id == quarter.pk:  # both months in this quarter
        assert figures(alice, quarter) == (
            Decimal("6000.00"),
            Decimal("4000.00"),
            Decimal("8400.00"),
        )
    alice_quarter = SalesForecast.objects.get(owner=alice, period=quarter)
    assert alice_quarter.quota == Decimal("30000.00")

    # alice's page: her figures, and each one drills down to the deals behind it.
    client.force_login(alice)
    page = client.get("/forecasts/").content.decode()
    assert "6,000.00" in page
    closed_link = f"close_from={month.start_date.isoformat()}"
    assert closed_link in page and "state=won" in page and f"owner={alice.pk}" in page
    drill = client.get(
        f"/opportunities/?owner={alice.pk}&close_from={month.start_date}"
        f"&close_to={month.end_date}&state=won"
    ).content.decode()
    assert "Globex - win" in drill and "Globex - later" not in drill

    # carol's roll-up for the quarter sums alice and bob, against their quotas.
    client.force_login(carol)
    response = client.get(f"/forecasts/?period={quarter.pk}")
    rollup = response.context["rollup"]
    assert rollup.quota == Decimal("45000.00")
    assert rollup.closed == Decimal("6000.00")
    expected_weighted = Decimal("6000.00") + Decimal("1600.00")  # bob: 2,000 x 80 %
    if next_month.parent_id == quarter.pk:
        expected_weighted += Decimal("2400.00")
    assert rollup.weighted == expected_weighted
    # The chart's data follows: this quarter (the last bar) for the team and for alice.
    team = response.context["chart"]["team"]
    assert (team["labels"][-1], team["quota"][-1], team["closed"][-1]) == (
        quarter.name,
        45000.0,
        6000.0,
    )
    assert 'id="forecast-chart-data"' in response.content.decode()
