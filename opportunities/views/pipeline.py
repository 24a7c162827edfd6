"""The pipeline board: a column per open stage with its cards and totals, filters, and a
card's move to another stage (drag and drop with htmx, or the card's stage select without
JavaScript)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from crm import currencies as crm_currencies
from crm import preferences
from crm.access import CHANGE
from crm.records import record_or_404
from opportunities import selectors, services
from opportunities.forms import MoveForm, PipelineFilterForm, board_url
from opportunities.models import Opportunity
from opportunities.records import OPPORTUNITY
from opportunities.selectors import CENT, BoardColumn, CurrencyTotal

BOARD_TEMPLATE = "opportunities/_pipeline_board.html"
STAGE_OPTIONS_TEMPLATE = "opportunities/_pipeline_stage_options.html"
# What a card shows, and no more: loading whole rows of the opportunity and its related
# records takes most of the board's time at 2,000 cards. A field left out here and used on
# a card costs a query per card, which the query-count tests catch.
CARD_FIELDS = (
    "name",
    "amount",
    "currency",
    "probability",
    "expected_close_date",
    "next_step",
    "next_step_date",
    "stage",
    "account",
    "primary_contact",
    "owner",
    "account__display_name",
    "primary_contact__id",
    "owner__id",
    "stage__id",
)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@dataclass(frozen=True)
class ConvertedTotal:
    """A column's (or the board's) amounts in one currency at today's exchange rates, or the
    currencies that have no rate (then no sum: a sum leaving them out would be wrong)."""

    currency: str
    amount: Decimal | None
    weighted: Decimal | None
    missing: tuple[str, ...] = ()


def _converted(
    sums: dict[str, list[Decimal]], rates: dict[str, Decimal], target: str
) -> ConvertedTotal | None:
    """`sums` (currency -> [amount, weighted]) in `target`, as the forecasts convert."""
    if not sums:
        return None
    missing = tuple(sorted(currency for currency in sums if currency not in rates))
    if missing:
        return ConvertedTotal(target, None, None, missing)
    amount = sum((a * rates[c] for c, (a, _w) in sums.items()), Decimal(0))
    weighted = sum((w * rates[c] for c, (_a, w) in sums.items()), Decimal(0))
    return ConvertedTotal(
        target, amount.quantize(CENT, ROUND_HALF_UP), weighted.quantize(CENT, ROUND_HALF_UP)
    )


def convert_totals(columns: list[BoardColumn], today) -> tuple[ConvertedTotal | None, bool]:
    """Each column's converted total (`column.converted`) and the board's, in the forecast
    currency at today's rates (the rates the forecasts app keeps, through crm.currencies).
    Shown only when it says something: some amount is in another currency and an app keeps
    rates. One query for the rates, whatever the cards (a page's count stays the same)."""
    target = settings.CRM_FORECAST_CURRENCY
    for column in columns:
        column.converted = None
    rates = crm_currencies.rates_on(today, target)
    currencies = {c for column in columns for c in column.totals}
    if rates is None or not currencies - {target}:
        return None, False
    board: dict[str, list[Decimal]] = {}
    for column in columns:
        column.converted = _converted(column.totals, rates, target)
        for currency, (amount, weighted) in column.totals.items():
            total = board.setdefault(currency, [Decimal(0), Decimal(0)])
            total[0] += amount
            total[1] += weighted
    return _converted(board, rates, target), True


def _overall_totals(columns: list[BoardColumn]) -> list[CurrencyTotal]:
    sums: dict[str, list] = {}
    for column in columns:
        for card in column.cards:
            count, amount, weighted = sums.setdefault(card.currency, [0, Decimal(0), Decimal(0)])
            sums[card.currency] = [
                count + 1,
                amount + card.amount,
                weighted + card.amount * card.probability / 100,
            ]
    return [
        CurrencyTotal(currency, n, a.quantize(CENT, ROUND_HALF_UP), w.quantize(CENT, ROUND_HALF_UP))
        for currency, (n, a, w) in sorted(sums.items())
    ]


def _prepare_cards(cards: list[Opportunity], movable: set[int]) -> None:
    """What a card shows, formatted once per distinct value rather than by template tags
    and filters per card: a board may hold thousands of cards (see bench/pipeline.py)."""
    base = reverse("opportunities:list")
    amounts: dict = {}
    dates: dict = {None: ""}

    def amount_text(card) -> str:
        key = (card.amount, card.currency)
        if key not in amounts:
            amounts[key] = f"{number_format(card.amount, 2, force_grouping=True)} {card.currency}"
        return amounts[key]

    def date_text(value) -> str:
        if value not in dates:
            dates[value] = preferences.format_date(value)
        return dates[value]

    for card in cards:
        card.can_move = card.pk in movable
        card.url = f"{base}{card.pk}/"
        card.move_url = f"{card.url}move/"
        card.amount_text = amount_text(card)
        card.probability_text = f"{card.probability} %"
        card.close_text = date_text(card.expected_close_date)
        card.next_step_date_text = date_text(card.next_step_date)


def board_context(request: HttpRequest, board_path: str) -> dict:
    """Everything the board shows for the filters in `board_path` (the board's own address
    with its query): a fixed number of queries whatever the number of cards."""
    user = request.user
    filters = PipelineFilterForm(QueryDict(urlsplit(board_path).query))
    queryset = filters.apply(selectors.opportunities_visible_to(user), timezone.localdate())
    columns = selectors.pipeline_board(user, queryset.only(*CARD_FIELDS))
    cards = [card for column in columns for card in column.cards]
    _prepare_cards(cards, selectors.changeable_ids(user, [card.pk for card in cards]))
    converted, show_converted = convert_totals(columns, timezone.localdate())
    stages = [column.stage for column in columns]
    for column in columns:
        column.stage_options = render_to_string(
            STAGE_OPTIONS_TEMPLATE, {"stages": stages, "selected": column.stage.pk}
        )
    return {
        "filters": filters,
        "columns": columns,
        "stages": stages,
        "totals": _overall_totals(columns),
        "converted": converted,
        "show_converted": show_converted,
        "board_next": board_path,
    }


class PipelineView(TemplateView):
    """The board (GET). An htmx request gets the board alone, to replace it in place."""

    template_name = "opportunities/pipeline.html"

    def get_template_names(self):
        return [BOARD_TEMPLATE] if _is_htmx(self.request) else [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(board_context(self.request, board_url(self.request.get_full_path())))
        context["can_add"] = self.request.user.has_perm("opportunities.add_opportunity")
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response


def _board_response(
    request: HttpRequest, board_path: str, *, status: int = 200, error: str = "", done: str = ""
) -> HttpResponse:
    """The board again, after a move or a refused one: the card is where the database says."""
    context = board_context(request, board_path) | {"board_error": error, "board_done": done}
    response = HttpResponse(render_to_string(BOARD_TEMPLATE, context, request), status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
def opportunity_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a card to another open stage. Unseen is 404, seen but not changeable 403, a bad
    stage 400 with htmx (a message without it). Without htmx it returns to the board with its
    filters; with htmx it answers the board itself, so counts and totals follow."""
    htmx = _is_htmx(request)
    opportunity, actions = record_or_404(request, OPPORTUNITY, pk)
    form = MoveForm(request.POST)
    back = board_url(request.POST.get("next"))
    if CHANGE not in actions:
        if not htmx:
            raise PermissionDenied
        error = _("You may only view %(name)s; it was not moved.") % {"name": opportunity.name}
        return _board_response(request, back, status=403, error=error)
    error = done = ""
    if not form.is_valid():
        error = " ".join(form.errors.get("stage", [])) or _("Choose a stage.")
    else:
        stage = form.cleaned_data["stage"]
        was_in = opportunity.stage_id
        try:
            moved = services.opportunity_move(
                actor=request.user, opportunity=opportunity, stage=stage
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            names = {"name": moved.name, "stage": stage.name, "probability": moved.probability}
            if moved.stage_id == was_in:
                done = _("%(name)s is already in %(stage)s.") % names
            else:
                done = _("%(name)s moved to %(stage)s (%(probability)s %%).") % names
    if htmx:
        return _board_response(request, back, status=400 if error else 200, error=error, done=done)
    if error:
        reason = {"name": opportunity.name, "reason": error}
        messages.error(request, _("%(name)s was not moved: %(reason)s") % reason)
    else:
        messages.success(request, done)
    return redirect(back)
