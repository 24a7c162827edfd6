"""The forecast pages: my forecast with drill-downs, the team roll-up, a forecast's page with
the rep's commit, quotas; access and query counts."""

import datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django.utils import timezone

from forecasts.models import ForecastHistory, PeriodKind, Quota, SalesForecast
from forecasts.selectors import period_at
from opportunities.services import opportunity_close
from tests.factories import make_opportunity, make_user
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db

OVERVIEW = "/forecasts/"
QUOTAS = "/forecasts/quotas/"


def today():
    return timezone.localdate()


def month():
    return period_at(PeriodKind.MONTH, today())


def quarter():
    return period_at(PeriodKind.QUARTER, today())


def month_forecast(owner) -> SalesForecast:
    return SalesForecast.objects.get(owner=owner, period=month())


@pytest.fixture
def alices_deals(alice):
    won = make_opportunity(
        alice, name="Globex - licences", amount=1000, expected_close_date=today()
    )
    opportunity_close(actor=alice, opportunity=won, won=True, reason="Signed")
    make_opportunity(alice, name="Initech - support", amount=500, expected_close_date=today())
    return won


def detail_url(forecast) -> str:
    return reverse("forecasts:detail", args=[forecast.pk])


# Overview ----------------------------------------------------------------------------------


def test_overview_shows_my_figures(client_for, alice, alices_deals):
    response = client_for(alice).get(OVERVIEW)
    assert response.status_code == 200
    row = response.context["my_rows"][0].row
    assert row.period == month()
    assert (row.closed, row.pipeline, row.best_case) == (
        Decimal("1000.00"),
        Decimal("500.00"),
        Decimal("1500.00"),
    )
    assert row.weighted == Decimal("1050.00")  # Prospecting: 10 %
    content = response.content.decode()
    assert "1,000.00" in content and "1,500.00" in content
    assert detail_url(row.forecast) in content


def test_overview_figures_drill_down_to_the_opportunities(client_for, alice, alices_deals):
    response = client_for(alice).get(OVERVIEW)
    links = response.context["my_rows"][0].links
    period = month()
    for href, state in (
        (links.closed, "won"),
        (links.pipeline, "open"),
        (links.weighted, "open"),
        (links.best_case, "open_or_won"),
    ):
        assert href in response.content.decode().replace("&amp;", "&")
        query = parse_qs(urlparse(href).query)
        assert urlparse(href).path == reverse("opportunities:list")
        assert query["close_from"] == [period.start_date.isoformat()]
        assert query["close_to"] == [period.end_date.isoformat()]
        assert query["owner"] == [str(alice.pk)]
        assert query["state"] == [state]


def test_overview_warns_about_deals_left_out_for_want_of_a_rate(client_for, alice):
    make_opportunity(alice, name="Umbrella - kit", currency="JPY", expected_close_date=today())
    response = client_for(alice).get(OVERVIEW)
    assert "left out for want of an exchange rate" in response.content.decode()
    assert "Umbrella - kit (JPY)" in response.content.decode()


def test_overview_embeds_the_chart_data_and_its_table(client_for, alice, alices_deals):
    response = client_for(alice).get(OVERVIEW)
    content = response.content.decode()
    assert 'id="forecast-chart-data"' in content
    assert "vendor/chartjs/chart.umd.min.js" in content
    assert "js/forecast_chart.js" in content
    chart = response.context["chart"]
    assert chart["team"] is None
    assert chart["mine"]["labels"][-1] == quarter().name
    assert chart["mine"]["closed"][-1] == 1000.0
    assert 'data-testid="chart-table"' in content


def test_a_rep_sees_no_team_rollup(client_for, alice):
    response = client_for(alice).get(OVERVIEW)
    assert "rollup" not in response.context
    assert QUOTAS not in response.content.decode()


def test_the_manager_sees_the_rollup_of_the_team(client_for, carol, alice, bob, alices_deals):
    make_opportunity(bob, amount=2000, expected_close_date=today())
    response = client_for(carol).get(OVERVIEW)
    assert response.status_code == 200
    rollup = response.context["rollup"]
    assert rollup.period == quarter()
    assert [r.owner for r in rollup.rows] == [alice, bob]
    assert rollup.closed == Decimal("1000.00")
    assert rollup.best_case == Decimal("3500.00")
    content = response.content.decode()
    assert QUOTAS in content
    assert response.context["chart"]["team"]["closed"][-1] == 1000.0


def test_the_rollup_totals_drill_down_without_an_owner(client_for, carol, alice):
    response = client_for(carol).get(OVERVIEW)
    query = parse_qs(urlparse(response.context["total_links"].closed).query)
    assert "owner" not in query
    assert query["state"] == ["won"]
    rep_query = parse_qs(urlparse(response.context["team_rows"][0].links.closed).query)
    assert rep_query["owner"] == [str(alice.pk)]


def test_the_rollup_period_is_chosen_by_id(client_for, carol, alice):
    chosen = month()
    response = client_for(carol).get(OVERVIEW, {"period": chosen.pk})
    assert response.context["rollup"].period == chosen


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "99999999999999999999999"])
def test_an_unknown_rollup_period_falls_back_with_a_message(client_for, carol, value):
    response = client_for(carol).get(OVERVIEW, {"period": value})
    assert response.status_code == 200
    assert response.context["rollup"].period == quarter()
    assert "That period is not available" in response.content.decode()


def test_customer_service_may_not_see_forecasts(client_for, erin):
    assert client_for(erin).get(OVERVIEW).status_code == 403


def test_overview_query_count_does_not_grow_with_opportunities(client_for, alice):
    make_opportunity(alice, expected_close_date=today())
    client = client_for(alice)

    def grow():
        for amount in range(5):
            make_opportunity(alice, amount=100 + amount, expected_close_date=today())

    # The warming request also creates the fiscal years.
    assert_flat_queries(client, OVERVIEW, grow=grow, budget=40)


def test_rollup_query_count_does_not_grow_with_reps_or_opportunities(
    client_for, carol, alice, bob, team_east
):
    make_opportunity(alice, expected_close_date=today())
    client = client_for(carol)

    def grow():
        for n in range(8):
            rep = make_user(f"rep{n}", role="Sales Rep", team=team_east)
            make_opportunity(rep, expected_close_date=today())
            make_opportunity(rep, expected_close_date=today() + datetime.timedelta(days=40))

    assert_flat_queries(client, OVERVIEW, grow=grow, budget=57)
    response = client.get(OVERVIEW)
    assert len(response.context["rollup"].rows) == 10


# Forecast page and commit ------------------------------------------------------------------


def test_another_teams_forecast_is_not_found(client_for, alice, dan):
    make_opportunity(dan, expected_close_date=today())
    assert client_for(alice).get(detail_url(month_forecast(dan))).status_code == 404


def test_a_teammate_does_not_see_my_forecast(client_for, bob, alices_deals, alice):
    assert client_for(bob).get(detail_url(month_forecast(alice))).status_code == 404


def test_the_owner_sees_the_commit_form(client_for, alice, alices_deals):
    response = client_for(alice).get(detail_url(month_forecast(alice)))
    assert response.status_code == 200
    assert 'data-testid="commit-form"' in response.content.decode()


def test_the_manager_sees_the_forecast_read_only(client_for, carol, alice, alices_deals):
    response = client_for(carol).get(detail_url(month_forecast(alice)))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="commit-form"' not in content
    assert "1,000.00" in content


def test_the_manager_may_not_commit_for_the_rep(client_for, carol, alice, alices_deals):
    forecast = month_forecast(alice)
    response = client_for(carol).post(detail_url(forecast), {"committed": "5"})
    assert response.status_code == 403
    forecast.refresh_from_db()
    assert forecast.committed is None


def test_customer_service_gets_403_on_a_forecast(client_for, erin, alice, alices_deals):
    assert client_for(erin).get(detail_url(month_forecast(alice))).status_code == 403


def test_commit_writes_the_values_and_a_history_row(client_for, alice, alices_deals):
    forecast = month_forecast(alice)
    before = ForecastHistory.objects.filter(forecast=forecast).count()
    response = client_for(alice).post(
        detail_url(forecast),
        {"committed": "1200", "best_case_override": "1800", "note": "Big quarter"},
    )
    assert response.status_code == 302
    forecast.refresh_from_db()
    assert (forecast.committed, forecast.best_case_override, forecast.note) == (
        Decimal("1200.00"),
        Decimal("1800.00"),
        "Big quarter",
    )
    rows = ForecastHistory.objects.filter(forecast=forecast).order_by("-id")[:2]
    assert ForecastHistory.objects.filter(forecast=forecast).count() == before + 2
    assert {(r.field, r.new_value, r.note, r.changed_by_id) for r in rows} == {
        ("committed", "1200.00", "Big quarter", alice.pk),
        ("best_case_override", "1800.00", "Big quarter", alice.pk),
    }
    page = client_for(alice).get(detail_url(forecast)).content.decode()
    assert "Big quarter" in page


def test_a_negative_commit_is_refused_next_to_its_field(client_for, alice, alices_deals):
    forecast = month_forecast(alice)
    history = ForecastHistory.objects.filter(forecast=forecast).count()
    response = client_for(alice).post(
        detail_url(forecast), {"committed": "-5", "best_case_override": "100"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["committed"] == ["Enter an amount of zero or more."]
    forecast.refresh_from_db()
    assert forecast.committed is None and forecast.best_case_override is None
    assert ForecastHistory.objects.filter(forecast=forecast).count() == history


def test_a_commit_that_is_not_a_number_is_refused(client_for, alice, alices_deals):
    forecast = month_forecast(alice)
    response = client_for(alice).post(detail_url(forecast), {"committed": "lots"})
    assert response.status_code == 200
    assert "committed" in response.context["form"].errors


def test_a_commit_in_a_closed_period_is_refused(client_for, alice, alices_deals):
    forecast = month_forecast(alice)
    forecast.period.closed = True
    forecast.period.save(update_fields=["closed"])
    client = client_for(alice)
    response = client.post(detail_url(forecast), {"committed": "1200"}, follow=True)
    assert "This period is closed" in response.content.decode()
    assert 'data-testid="commit-form"' not in response.content.decode()
    forecast.refresh_from_db()
    assert forecast.committed is None


def test_an_unknown_forecast_is_not_found(client_for, alice):
    assert client_for(alice).get("/forecasts/999999/").status_code == 404


# Quotas ------------------------------------------------------------------------------------


def test_the_manager_splits_a_quarter_quota_into_months(client_for, carol, alice):
    q = quarter()
    response = client_for(carol).post(
        QUOTAS, {"owner": alice.pk, "period": q.pk, "amount": "1000", "split": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{QUOTAS}?period={q.pk}"
    amounts = list(
        Quota.objects.filter(owner=alice, period__parent=q)
        .order_by("period__start_date")
        .values_list("amount", flat=True)
    )
    assert amounts == [Decimal("333.33"), Decimal("333.33"), Decimal("333.34")]
    assert sum(amounts) == Decimal("1000")
    assert not Quota.objects.filter(owner=alice, period=q).exists()
    page = client_for(carol).get(response["Location"])
    assert "333.34" in page.content.decode()


def test_the_manager_sets_a_month_quota(client_for, carol, alice):
    response = client_for(carol).post(
        QUOTAS, {"owner": alice.pk, "period": month().pk, "amount": "250"}
    )
    assert response.status_code == 302
    assert Quota.objects.get(owner=alice, period=month()).amount == Decimal("250.00")


def test_a_negative_quota_is_refused(client_for, carol, alice):
    response = client_for(carol).post(
        QUOTAS, {"owner": alice.pk, "period": quarter().pk, "amount": "-1"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["amount"] == ["A quota cannot be negative."]
    assert not Quota.objects.exists()


def test_a_rep_of_another_team_is_refused(client_for, carol, dan):
    response = client_for(carol).post(
        QUOTAS, {"owner": dan.pk, "period": quarter().pk, "amount": "100"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["owner"] == ["Choose one of the reps of your team."]
    assert not Quota.objects.exists()


@pytest.mark.parametrize("value", ["999999", "abc"])
def test_a_period_that_does_not_exist_is_refused(client_for, carol, alice, value):
    response = client_for(carol).post(QUOTAS, {"owner": alice.pk, "period": value, "amount": "1"})
    assert response.status_code == 200
    assert "period" in response.context["form"].errors
    assert not Quota.objects.exists()


def test_a_closed_period_is_refused(client_for, carol, alice):
    period = month()
    period.closed = True
    period.save(update_fields=["closed"])
    response = client_for(carol).post(
        QUOTAS, {"owner": alice.pk, "period": period.pk, "amount": "1"}
    )
    assert response.status_code == 200
    assert "period" in response.context["form"].errors
    assert not Quota.objects.exists()


def test_a_split_with_a_closed_month_saves_nothing(client_for, carol, alice):
    q = quarter()
    first = q.children.order_by("start_date").first()
    first.closed = True
    first.save(update_fields=["closed"])
    response = client_for(carol).post(
        QUOTAS, {"owner": alice.pk, "period": q.pk, "amount": "900", "split": "on"}
    )
    assert response.status_code == 200
    assert "A month of this quarter is closed." in response.content.decode()
    assert not Quota.objects.exists()


def test_only_a_quarter_can_be_split(client_for, carol, alice):
    response = client_for(carol).post(
        QUOTAS, {"owner": alice.pk, "period": month().pk, "amount": "1", "split": "on"}
    )
    assert response.status_code == 200
    assert "split" in response.context["form"].errors
    assert not Quota.objects.exists()


def test_a_rep_may_not_open_the_quotas_page(client_for, alice):
    assert client_for(alice).get(QUOTAS).status_code == 403
    assert client_for(alice).post(QUOTAS, {}).status_code == 403


def test_the_quotas_page_lists_the_team(client_for, carol, alice, bob):
    response = client_for(carol).get(QUOTAS)
    assert response.status_code == 200
    assert [row.rep for row in response.context["rows"]] == [alice, bob]
    assert response.context["period"] == quarter()
    assert list(response.context["form"].fields["owner"].queryset) == [alice, bob]


def test_quotas_page_query_count_does_not_grow_with_reps(client_for, carol, alice, team_east):
    client = client_for(carol)

    def grow():
        for n in range(5):
            make_user(f"rep{n}", role="Sales Rep", team=team_east)

    assert_flat_queries(client, QUOTAS, grow=grow, budget=21)


def test_forecast_page_query_count_does_not_grow_with_history(client_for, alice, alices_deals):
    forecast = month_forecast(alice)
    client = client_for(alice)

    def grow():
        for n in range(5):
            make_opportunity(alice, amount=10 + n, expected_close_date=today())

    assert_flat_queries(client, detail_url(forecast), grow=grow, budget=11)


# Permission matrix -------------------------------------------------------------------------

PERSONAS = ["anonymous", "alice", "bob", "carol", "dan", "erin", "mark", "admin"]


def _expect(**codes):
    others = codes.pop("others")
    table = {p: codes.get(p, others) for p in PERSONAS}
    table["anonymous"] = codes.get("anonymous", 302)
    return table


MATRIX = [
    ("overview", "get", lambda f, q: OVERVIEW, None,
     _expect(alice=200, bob=200, carol=200, dan=200, admin=200, others=403)),
    ("detail", "get", lambda f, q: detail_url(f), None,
     _expect(alice=200, carol=200, admin=200, erin=403, mark=403, others=404)),
    ("commit", "post", lambda f, q: detail_url(f), lambda f, q, p: {"committed": "100"},
     _expect(alice=302, admin=302, carol=403, erin=403, mark=403, others=404)),
    ("quotas", "get", lambda f, q: QUOTAS, None, _expect(carol=200, admin=200, others=403)),
    ("quota set", "post", lambda f, q: QUOTAS,
     lambda f, q, p: {"owner": p["alice"].pk, "period": q.pk, "amount": "100"},
     _expect(carol=302, admin=302, others=403)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "method", "url", "data", "codes"), MATRIX)
def test_permission_matrix(client_for, personas, name, method, url, data, codes):
    make_opportunity(personas["alice"], expected_close_date=today())
    forecast, q = month_forecast(personas["alice"]), quarter()
    for persona in PERSONAS:
        client = client_for(personas.get(persona))
        payload = data(forecast, q, personas) if data else None
        response = getattr(client, method)(url(forecast, q), payload)
        assert response.status_code == codes[persona], (name, persona)
