"""Forecast formulas on hand-computed examples, periods, quotas, recomputation on every kind
of opportunity change, frozen closed periods, commits and roll-ups."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from forecasts import services
from forecasts.models import (
    ExchangeRate,
    ForecastHistory,
    PeriodKind,
    Quota,
    SalesForecast,
    TimePeriod,
)
from forecasts.selectors import forecasts_visible_to, team_rollup
from opportunities import services as opportunity_services
from opportunities.models import OpportunityStage
from tests.factories import make_account, make_opportunity

pytestmark = pytest.mark.django_db

JAN_15 = datetime.date(2027, 1, 15)
JAN_31 = datetime.date(2027, 1, 31)
FEB_1 = datetime.date(2027, 2, 1)


def period(kind: str, day: datetime.date) -> TimePeriod:
    services.fiscal_year_ensure(day=day)
    return TimePeriod.objects.get(kind=kind, start_date__lte=day, end_date__gte=day)


def forecast(owner, kind: str, day: datetime.date) -> SalesForecast:
    return SalesForecast.objects.get(owner=owner, period=period(kind, day))


def stage(name: str) -> OpportunityStage:
    return OpportunityStage.objects.get(name=name)


# Periods -----------------------------------------------------------------------------------


def test_a_fiscal_year_has_four_quarters_of_three_months(settings):
    settings.CRM_FISCAL_YEAR_START_MONTH = 4
    year = services.fiscal_year_ensure(day=datetime.date(2027, 2, 10))
    assert (year.name, year.start_date, year.end_date) == (
        "FY2027",
        datetime.date(2026, 4, 1),
        datetime.date(2027, 3, 31),
    )
    quarters = list(year.children.order_by("start_date"))
    assert [q.name for q in quarters] == ["FY2027 Q1", "FY2027 Q2", "FY2027 Q3", "FY2027 Q4"]
    assert quarters[3].start_date == datetime.date(2027, 1, 1)
    months = list(quarters[3].children.order_by("start_date"))
    assert [(m.name, m.end_date) for m in months] == [
        ("2027-01", datetime.date(2027, 1, 31)),
        ("2027-02", datetime.date(2027, 2, 28)),
        ("2027-03", datetime.date(2027, 3, 31)),
    ]
    services.fiscal_year_ensure(day=datetime.date(2026, 7, 1))  # the same year: nothing new
    assert TimePeriod.objects.count() == 1 + 4 + 12


# The formulas ------------------------------------------------------------------------------


@pytest.fixture
def january(alice, carol, settings):
    """alice's deals closing in January 2027, in several stages and currencies."""
    settings.CRM_FORECAST_CURRENCY = "EUR"
    ExchangeRate.objects.create(currency="USD", rate=Decimal("0.9"), valid_from="2026-01-01")
    account = make_account(alice, name="Globex")
    won = make_opportunity(
        alice, account=account, amount=1000, currency="EUR", expected_close_date=JAN_15
    )
    opportunity_services.opportunity_close(actor=alice, opportunity=won, won=True, reason="Yes")
    # Closing sets the close date to today: put it back in January for the example.
    from opportunities.models import Opportunity

    Opportunity.objects.filter(pk=won.pk).update(expected_close_date=JAN_15)
    make_opportunity(
        alice,
        account=account,
        amount=2000,
        currency="EUR",
        stage="Needs analysis",
        expected_close_date=JAN_31,
    )  # 40 %
    make_opportunity(
        alice, account=account, amount=500, currency="USD", expected_close_date=JAN_15
    )  # 10 %, 450 EUR
    lost = make_opportunity(
        alice, account=account, amount=700, currency="EUR", expected_close_date=JAN_15
    )
    opportunity_services.opportunity_close(actor=alice, opportunity=lost, won=False, reason="No")
    Opportunity.objects.filter(pk=lost.pk).update(expected_close_date=JAN_15)
    make_opportunity(
        alice,
        account=account,
        name="Pound deal",
        amount=300,
        currency="GBP",
        expected_close_date=JAN_15,
    )  # no rate: left out, named
    make_opportunity(
        alice, account=account, amount=9999, currency="EUR", expected_close_date=FEB_1
    )  # next month
    services.quota_set(
        actor=carol,
        owner=alice,
        period=period(PeriodKind.MONTH, JAN_15),
        amount=Decimal("5000"),
    )
    return period(PeriodKind.MONTH, JAN_15)


def test_the_formulas_on_a_hand_computed_month(alice, january):
    result = services.forecast_recompute(owner=alice, period=january)
    assert result.quota == Decimal("5000.00")
    assert result.closed == Decimal("1000.00")
    assert result.pipeline == Decimal("2450.00")  # 2,000 + 500 USD x 0.9
    assert result.best_case == Decimal("3450.00")
    assert result.weighted == Decimal("1845.00")  # 1,000 + 2,000 x 40 % + 450 x 10 %
    assert result.percent_of_quota_forecast == Decimal("36.90")
    assert result.percent_of_quota_closed == Decimal("20.00")
    assert result.excluded_list == ["Pound deal (GBP)"]


def test_a_rate_added_later_brings_the_left_out_deal_in(alice, january):
    ExchangeRate.objects.create(currency="GBP", rate=Decimal("1.2"), valid_from="2026-06-01")
    result = services.forecast_recompute(owner=alice, period=january)
    assert result.pipeline == Decimal("2810.00")  # + 300 GBP x 1.2
    assert result.excluded_list == []


def test_quarter_and_year_sum_their_months(alice, january):
    quarter = forecast(alice, PeriodKind.QUARTER, JAN_15)
    month_jan = forecast(alice, PeriodKind.MONTH, JAN_15)
    month_feb = forecast(alice, PeriodKind.MONTH, FEB_1)
    assert quarter.pipeline == month_jan.pipeline + month_feb.pipeline
    assert quarter.weighted == month_jan.weighted + month_feb.weighted
    assert quarter.quota == Decimal("5000.00")  # from its months
    assert forecast(alice, PeriodKind.YEAR, JAN_15).closed == Decimal("1000.00")


def test_the_last_day_of_a_period_belongs_to_it(alice):
    make_opportunity(alice, amount=100, expected_close_date=JAN_31)
    assert forecast(alice, PeriodKind.MONTH, JAN_31).pipeline == Decimal("100.00")
    assert not SalesForecast.objects.filter(
        owner=alice, period=period(PeriodKind.MONTH, FEB_1)
    ).exists()


def test_weighted_amounts_round_half_up(alice):
    make_opportunity(alice, amount=Decimal("0.05"), probability=50, expected_close_date=JAN_15)
    assert forecast(alice, PeriodKind.MONTH, JAN_15).weighted == Decimal("0.03")


# Recomputation -----------------------------------------------------------------------------


def test_moving_the_close_date_updates_both_periods(alice):
    deal = make_opportunity(alice, amount=800, expected_close_date=JAN_31)
    opportunity_services.opportunity_update(
        actor=alice, opportunity=deal, expected_version=deal.version, expected_close_date=FEB_1
    )
    assert forecast(alice, PeriodKind.MONTH, JAN_31).pipeline == Decimal("0.00")
    assert forecast(alice, PeriodKind.MONTH, FEB_1).pipeline == Decimal("800.00")
    history = ForecastHistory.objects.filter(
        forecast=forecast(alice, PeriodKind.MONTH, JAN_31), field="pipeline"
    ).values_list("old_value", "new_value")
    assert ("800.00", "0.00") in list(history)


def test_amount_and_stage_changes_recompute(alice):
    deal = make_opportunity(alice, amount=1000, expected_close_date=JAN_15)
    assert forecast(alice, PeriodKind.MONTH, JAN_15).weighted == Decimal("100.00")
    deal = opportunity_services.opportunity_update(
        actor=alice, opportunity=deal, expected_version=deal.version, amount=Decimal("2000")
    )
    assert forecast(alice, PeriodKind.MONTH, JAN_15).weighted == Decimal("200.00")
    opportunity_services.opportunity_move(actor=alice, opportunity=deal, stage=stage("Proposal"))
    assert forecast(alice, PeriodKind.MONTH, JAN_15).weighted == Decimal("1200.00")


def test_winning_moves_the_deal_to_closed_in_the_period_of_today(alice):
    today = datetime.date.today()
    deal = make_opportunity(alice, amount=1000, expected_close_date=today)
    opportunity_services.opportunity_close(actor=alice, opportunity=deal, won=True, reason="Yes")
    month = forecast(alice, PeriodKind.MONTH, today)
    assert (month.closed, month.pipeline, month.weighted) == (
        Decimal("1000.00"),
        Decimal("0.00"),
        Decimal("1000.00"),
    )


def test_a_new_owner_takes_the_deal_from_the_old_owners_forecast(alice, bob, carol):
    deal = make_opportunity(alice, amount=500, expected_close_date=JAN_15)
    opportunity_services.opportunity_reassign(actor=carol, opportunity=deal, new_owner=bob)
    assert forecast(alice, PeriodKind.MONTH, JAN_15).pipeline == Decimal("0.00")
    assert forecast(bob, PeriodKind.MONTH, JAN_15).pipeline == Decimal("500.00")


def test_a_closed_period_is_frozen(alice):
    deal = make_opportunity(alice, amount=500, expected_close_date=JAN_15)
    january = period(PeriodKind.MONTH, JAN_15)
    services.period_close(actor=_admin(), period=january.parent.parent)
    opportunity_services.opportunity_update(
        actor=alice, opportunity=deal, expected_version=deal.version, amount=Decimal("900")
    )
    assert forecast(alice, PeriodKind.MONTH, JAN_15).pipeline == Decimal("500.00")
    assert TimePeriod.objects.filter(closed=True).count() == 1 + 4 + 12


def _admin():
    from tests.factories import make_user

    return make_user("root", is_superuser=True)


# Quotas, commits, access, roll-up ----------------------------------------------------------


def test_quarter_quota_split_evenly_into_months(alice, carol):
    quarter = period(PeriodKind.QUARTER, JAN_15)
    services.quota_set(actor=carol, owner=alice, period=quarter, amount=Decimal("1000"), split=True)
    amounts = list(
        Quota.objects.filter(owner=alice)
        .order_by("period__start_date")
        .values_list("period__kind", "amount")
    )
    assert amounts == [
        ("month", Decimal("333.33")),
        ("month", Decimal("333.33")),
        ("month", Decimal("333.34")),
    ]
    assert forecast(alice, PeriodKind.QUARTER, JAN_15).quota == Decimal("1000.00")


@pytest.mark.parametrize(
    ("who", "amount", "field"),
    [("carol", Decimal("-1"), "amount"), ("bob", Decimal("100"), "owner")],
)
def test_quota_bad_input_is_refused(alice, bob, carol, who, amount, field):
    actor = {"carol": carol, "bob": bob}[who]
    with pytest.raises(ValidationError) as exc:
        services.quota_set(
            actor=actor, owner=alice, period=period(PeriodKind.MONTH, JAN_15), amount=amount
        )
    assert field in exc.value.message_dict
    assert not Quota.objects.exists()


def test_a_manager_cannot_set_quotas_for_another_team(carol, dan):
    with pytest.raises(ValidationError):
        services.quota_set(
            actor=carol, owner=dan, period=period(PeriodKind.MONTH, JAN_15), amount=Decimal("100")
        )


def test_no_quota_for_a_closed_period(alice, carol):
    january = period(PeriodKind.MONTH, JAN_15)
    TimePeriod.objects.filter(pk=january.pk).update(closed=True)
    january.refresh_from_db()
    with pytest.raises(ValidationError):
        services.quota_set(actor=carol, owner=alice, period=january, amount=Decimal("100"))


def test_an_exchange_rate_of_zero_is_refused():
    rate = ExchangeRate(currency="USD", rate=Decimal("0"), valid_from="2027-01-01")
    with pytest.raises(ValidationError):
        rate.full_clean()
    with pytest.raises(IntegrityError):
        rate.save()


def test_commit_writes_history_and_only_the_owner_may(alice, carol):
    make_opportunity(alice, amount=500, expected_close_date=JAN_15)
    month = forecast(alice, PeriodKind.MONTH, JAN_15)
    with pytest.raises(PermissionDenied):
        services.forecast_commit(
            actor=carol, forecast=month, committed=Decimal(1), best_case_override=None
        )
    services.forecast_commit(
        actor=alice,
        forecast=month,
        committed=Decimal("450"),
        best_case_override=Decimal("600"),
        note="Two deals look good",
    )
    month.refresh_from_db()
    assert (month.committed, month.best_case_override) == (Decimal("450.00"), Decimal("600.00"))
    rows = set(
        month.history.filter(field__in=["committed", "best_case_override"]).values_list(
            "field", "old_value", "new_value", "note", "changed_by__username"
        )
    )
    assert rows == {
        ("committed", "", "450.00", "Two deals look good", "alice"),
        ("best_case_override", "", "600.00", "Two deals look good", "alice"),
    }


def test_a_rep_sees_their_own_forecasts_a_manager_the_teams(alice, bob, carol, dan):
    make_opportunity(alice, expected_close_date=JAN_15)
    make_opportunity(dan, expected_close_date=JAN_15)
    assert set(forecasts_visible_to(alice).values_list("owner__username", flat=True)) == {"alice"}
    assert not forecasts_visible_to(bob).exists()
    assert set(forecasts_visible_to(carol).values_list("owner__username", flat=True)) == {"alice"}


def test_the_roll_up_sums_the_team(alice, bob, carol):
    make_opportunity(alice, amount=1000, expected_close_date=JAN_15)
    make_opportunity(bob, amount=3000, stage="Proposal", expected_close_date=JAN_15)
    services.quota_set(
        actor=carol, owner=alice, period=period(PeriodKind.MONTH, JAN_15), amount=Decimal("2000")
    )
    rollup = team_rollup(carol, period(PeriodKind.MONTH, JAN_15))
    assert [row.owner.username for row in rollup.rows] == ["alice", "bob"]
    assert (rollup.pipeline, rollup.weighted, rollup.quota) == (
        Decimal("4000.00"),
        Decimal("1900.00"),  # 1,000 x 10 % + 3,000 x 60 %
        Decimal("2000.00"),
    )
    assert rollup.percent_of_quota_forecast == Decimal("95.00")
