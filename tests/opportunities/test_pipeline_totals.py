"""The pipeline board's converted totals: each column (and the board) in the forecast currency
at today's exchange rates, as the forecasts convert; a currency without a rate is named
("no rate for GBP") instead of a sum that leaves it out. And the no-JavaScript stage select:
hidden by the stylesheet when JavaScript runs (html.js), kept without it."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from crm import currencies
from forecasts.models import ExchangeRate
from tests.factories import make_opportunity

pytestmark = pytest.mark.django_db

BOARD = "/opportunities/pipeline/"


def _column(text: str, stage: str) -> str:
    found = re.search(rf'data-stage-name="{stage}">(.*?)</header>', text, re.S)
    return found.group(1)


def _rate(currency: str, rate: str, days_ago: int = 10):
    ExchangeRate.objects.create(
        currency=currency,
        rate=Decimal(rate),
        valid_from=datetime.date.today() - datetime.timedelta(days=days_ago),
    )


@pytest.fixture
def mixed_board(alice):
    make_opportunity(alice, name="A", amount=1000, currency="EUR")  # Prospecting, 10 %
    make_opportunity(alice, name="B", amount=2000, currency="USD")
    make_opportunity(alice, name="C", amount=500, currency="USD", stage="Proposal")  # 60 %
    return alice


def test_columns_and_board_show_the_converted_total(client, mixed_board):
    assert settings.CRM_FORECAST_CURRENCY == "EUR"
    _rate("USD", "0.80", days_ago=40)
    _rate("USD", "0.90")  # the latest before today wins
    _rate("USD", "0.50", days_ago=-5)  # not yet valid
    client.force_login(mixed_board)
    text = client.get(BOARD).content.decode()
    prospecting = _column(text, "Prospecting")
    # 1,000 EUR + 2,000 USD × 0.9 = 2,800 EUR; weighted 10 %: 280.
    assert re.search(
        r'In EUR: <strong><span data-total="converted-amount">2,800.00</span>', prospecting
    )
    assert '<span data-total="converted-weighted">280.00</span>' in prospecting
    proposal = _column(text, "Proposal")
    assert '<span data-total="converted-amount">450.00</span>' in proposal  # 500 × 0.9
    assert '<span data-total="converted-weighted">270.00</span>' in proposal
    board = re.search(r'data-testid="board-converted">(.*?)</div>', text, re.S).group(1)
    assert '<span data-total="converted-amount">3,250.00</span>' in board
    assert '<span data-total="converted-weighted">550.00</span>' in board
    assert "(at today's exchange rates)" in board
    # The per-currency totals stay as they were.
    assert '<span data-total="amount">2,000.00</span> USD' in prospecting


def test_a_currency_without_a_rate_is_named_instead_of_a_wrong_sum(client, alice):
    make_opportunity(alice, name="A", amount=1000, currency="EUR")
    make_opportunity(alice, name="B", amount=2000, currency="USD")
    make_opportunity(alice, name="C", amount=300, currency="GBP")
    _rate("USD", "0.90")
    client.force_login(alice)
    text = client.get(BOARD).content.decode()
    prospecting = _column(text, "Prospecting")
    assert '<span class="text-danger-emphasis" data-testid="no-rate">no rate for GBP</span>' in (
        prospecting
    )
    assert "converted-amount" not in prospecting
    board = re.search(r'data-testid="board-converted">(.*?)</div>', text, re.S).group(1)
    assert "no rate for GBP" in board and "converted-amount" not in board


def test_a_board_all_in_the_forecast_currency_shows_no_extra_line(client, alice):
    make_opportunity(alice, amount=1000, currency="EUR")
    client.force_login(alice)
    text = client.get(BOARD).content.decode()
    assert "column-converted" not in text and "board-converted" not in text


def test_without_an_app_keeping_rates_there_is_no_converted_total(client, mixed_board, monkeypatch):
    monkeypatch.setattr(currencies, "_rates_sources", [])
    client.force_login(mixed_board)
    text = client.get(BOARD).content.decode()
    assert "column-converted" not in text and "board-converted" not in text
    assert '<span data-total="amount">2,000.00</span> USD' in _column(text, "Prospecting")


def test_the_htmx_board_after_a_move_carries_the_converted_totals(client, mixed_board):
    _rate("USD", "0.90")
    client.force_login(mixed_board)
    text = client.get(BOARD, HTTP_HX_REQUEST="true").content.decode()
    assert '<span data-total="converted-amount">2,800.00</span>' in text


def test_the_move_select_is_kept_in_the_page_and_hidden_only_with_javascript(client, alice):
    make_opportunity(alice, name="A", amount=1000)
    client.force_login(alice)
    text = client.get(BOARD).content.decode()
    assert re.search(r'<label class="form-label small mb-0" for="move-\d+">Move to</label>', text)
    assert '<script>document.documentElement.classList.add("js")</script>' in text
    css = (Path(settings.BASE_DIR) / "static/css/pipeline.css").read_text()
    # Visually hidden with JavaScript, never display: none (it stays in the tab order).
    assert ".js .pipeline-card .pipeline-move:not(:focus-within) {" in css
    assert "display: none" not in css
