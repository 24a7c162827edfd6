"""Cases in the global search (crm.search): by case number exactly ("CS-000123", "cs-123",
"123", its unique index) or by a word of the subject (a term of three characters or more:
a subject is not a name to match from its start), the ones the user may see."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from crm.search import Found, Hit, SearchKind, found, is_short, visible_matches
from support.models import Case
from support.selectors import cases_visible_to
from support.services import case_number

NUMBER = re.compile(r"^(?:CS-?)?(\d{1,12})$", re.IGNORECASE)


def _condition(text: str) -> Q | None:
    match = NUMBER.match(text)
    if match:
        return Q(number=case_number(int(match.group(1))))
    return None if is_short(text) else Q(subject__icontains=text)


def _hit(case: Case) -> Hit:
    day = formats.date_format(case.created_at, "SHORT_DATE_FORMAT")
    return Hit(
        f"{case.number}: {case.subject}",
        reverse("cases:detail", args=[case.pk]),
        f"{case.customer.display_name} · {case.get_status_display()} · {day}",
    )


def search(user: User, text: str, limit: int) -> Found:
    condition = _condition(text)
    if condition is None:
        return Found([], 0)
    queryset = visible_matches(Case, condition, lambda: cases_visible_to(user))
    return found(
        queryset.select_related("customer"), order=("-created_at", "-id"), limit=limit, hit=_hit
    )


CASE_SEARCH = SearchKind(
    "cases",
    _("Cases"),
    search,
    allowed=lambda user: user.has_perm("support.view_case"),
    order=70,
)
