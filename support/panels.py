"""The support panels on other apps' pages (crm.panels): the cases of a customer on its 360
page and on its account page (open first), with "New case" for those who open cases; and
"Open a case" on an order's page. One query each."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from commerce.records import ORDER
from crm import panels
from parties.models import RoleType
from parties.records import ACCOUNT, CUSTOMER
from support import selectors

PANEL_SIZE = 10
CASE_ROLES = (RoleType.CUSTOMER, RoleType.ACCOUNT)


def _may_have_cases(party) -> bool:
    """Cases are opened for customers and accounts (read from the prefetched roles)."""
    return any(role.role in CASE_ROLES for role in party.roles.all())


def _customer_cases(request, party, **page) -> dict | None:
    user = request.user
    if not user.has_perm("support.view_case") or not _may_have_cases(party):
        return None
    rows = selectors.customer_cases(user, party, limit=PANEL_SIZE + 1)
    return {
        "customer_cases": rows[:PANEL_SIZE],
        "more_cases": len(rows) > PANEL_SIZE,
        "cases_url": f"{reverse('cases:list')}?{urlencode({'customer': party.pk})}",
        "can_add_case": user.has_perm("support.add_case"),
        "new_case_url": f"{reverse('cases:new')}?{urlencode({'customer': party.pk})}",
    }


def _order_case(request, order, **page) -> dict | None:
    if not request.user.has_perm("support.add_case"):
        return None
    return {"new_case_url": f"{reverse('cases:new')}?{urlencode({'order': order.pk})}"}


CUSTOMER_CASES = panels.Panel(
    "customer_cases", "support/panels/_customer_cases.html", _customer_cases, order=4
)
ORDER_CASE = panels.Panel("order_case", "support/panels/_order_case.html", _order_case)


def register_panels() -> None:
    panels.register(CUSTOMER, ACCOUNT, panel=CUSTOMER_CASES)
    panels.register(ORDER, panel=ORDER_CASE)
