"""Opportunities in the global search (crm.search): by name (containing the term, or starting
with a two-character one), the ones the user may see."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from crm.search import Found, Hit, SearchKind, found, name_match, visible_matches
from opportunities.models import Opportunity
from opportunities.selectors import opportunities_visible_to


def _hit(deal) -> Hit:
    amount = f"{floatformat(deal.amount, '2g')} {deal.currency}"  # as the list shows it
    closes = formats.date_format(deal.expected_close_date, "SHORT_DATE_FORMAT")
    return Hit(
        deal.name,
        reverse("opportunities:detail", args=[deal.pk]),
        f"{deal.stage} · {amount} · {closes}",
    )


def search(user: User, text: str, limit: int) -> Found:
    """Latest close date first (the close-date index serves a broad term's first page)."""
    queryset = visible_matches(
        Opportunity, name_match("name", text), lambda: opportunities_visible_to(user)
    )
    return found(
        queryset.select_related("stage"),
        order=("-expected_close_date", "-id"),
        limit=limit,
        hit=_hit,
    )


OPPORTUNITY_SEARCH = SearchKind("opportunities", _("Opportunities"), search, order=50)
