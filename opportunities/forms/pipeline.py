"""The pipeline board's forms: its filters (owner, team, close period) and a card's move."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from crm.forms import RecordChoiceField
from crm.models import Team
from opportunities.models import Opportunity, OpportunityStage

THIS_MONTH, NEXT_MONTH = "this_month", "next_month"
THIS_QUARTER, NEXT_QUARTER = "this_quarter", "next_quarter"
OVERDUE = "overdue"
PERIODS = [
    ("", _("All")),
    (THIS_MONTH, _("This month")),
    (NEXT_MONTH, _("Next month")),
    (THIS_QUARTER, _("This quarter")),
    (NEXT_QUARTER, _("Next quarter")),
    (OVERDUE, _("Overdue")),
]


def _month_start(year: int, month: int) -> datetime.date:
    """The first day of a month, `month` counted past December into the following years."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return datetime.date(year, month, 1)


def period_range(
    period: str, today: datetime.date
) -> tuple[datetime.date | None, datetime.date | None]:
    """(from, before) for a close period: `from` included, `before` excluded, None unbounded."""
    if period == OVERDUE:
        return None, today
    if period in (THIS_MONTH, NEXT_MONTH):
        start = _month_start(today.year, today.month + (period == NEXT_MONTH))
        return start, _month_start(start.year, start.month + 1)
    if period in (THIS_QUARTER, NEXT_QUARTER):
        first_month = (today.month - 1) // 3 * 3 + 1 + (3 if period == NEXT_QUARTER else 0)
        start = _month_start(today.year, first_month)
        return start, _month_start(start.year, start.month + 3)
    return None, None


class PipelineFilterForm(forms.Form):
    """GET filters. A value that does not validate is left out (and said next to its field);
    the others still apply."""

    owner = RecordChoiceField(
        label=_("Owner"),
        queryset=User.objects.filter(is_active=True).order_by("username"),
        required=False,
        empty_label=_("Anyone"),
    )
    team = RecordChoiceField(
        label=_("Team"),
        queryset=Team.objects.select_related("group").order_by("group__name"),
        required=False,
        empty_label=_("Any team"),
    )
    period = forms.ChoiceField(label=_("Closing"), choices=PERIODS, required=False)

    def __init__(self, data: QueryDict | None = None, **kwargs):
        data = data if data else None  # no parameters: unbound, no errors shown
        super().__init__(data, **kwargs)
        self.fields["owner"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )

    def apply(self, queryset: QuerySet[Opportunity], today: datetime.date) -> QuerySet:
        if not self.is_bound:
            return queryset
        self.is_valid()
        values = self.cleaned_data
        if values.get("owner"):
            queryset = queryset.filter(owner=values["owner"])
        if values.get("team"):
            queryset = queryset.filter(owner__profile__home_team=values["team"])
        start, before = period_range(values.get("period") or "", today)
        if start is not None:
            queryset = queryset.filter(expected_close_date__gte=start)
        if before is not None:
            queryset = queryset.filter(expected_close_date__lt=before)
        return queryset


def board_url(next_url: str | None) -> str:
    """The board's address to go back to, with its filters: only the board itself, rebuilt
    from its parsed query so nothing else (another site, a header break) passes through."""
    board = reverse("opportunities:pipeline")
    if not next_url:
        return board
    parts = urlsplit(next_url)
    if parts.scheme or parts.netloc or parts.path != board:
        return board
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query) if k in PipelineFilterForm.base_fields]
    )
    return f"{board}?{query}" if query else board


class MoveForm(forms.Form):
    """A card's move: an existing stage (the service refuses closed ones, with its reason)."""

    stage = RecordChoiceField(
        label=_("Move to"),
        queryset=OpportunityStage.objects.all(),
        error_messages={
            "required": _("Choose a stage."),
            "invalid_choice": _("That stage does not exist; reload the board and try again."),
        },
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
