"""The commerce panels of the customer 360 page, also on the account pages of B2B customers
(crm.panels): the key figures and consent at a glance under the title, the order history
(keyset paged and filtered within the page), the shopping lists, the product reviews, and
the customer journey's latest entries.

An account that is no customer shows none of them, read from its prefetched roles without a
query (every order gives its party the CUSTOMER role, which is never taken away, so a party
without the role has no orders). Each panel is a fixed number of queries."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commerce.models import OrderStatusValue
from commerce.selectors import customers
from commerce.selectors.visibility import orders_visible_to
from crm import panels
from crm.forms import DayField
from crm.pagination import Ordering, decode_cursor
from parties.kinds import ACCOUNTS, CUSTOMERS, PageKind
from parties.models import RoleType
from parties.records import ACCOUNT, CUSTOMER
from parties.selectors.journey import latest_journey
from parties.selectors.rollup import account_contacts_q, rollup_panel

PREFIX = "orders_"


def _is_customer(party) -> bool:
    return any(role.role == RoleType.CUSTOMER for role in party.roles.all())


# Key figures and consent ------------------------------------------------------------------


def _key_figures(request, party, **page) -> dict | None:
    if not _is_customer(party) or not request.user.has_perm("commerce.view_order"):
        return None
    return {
        "key_figures": customers.customer_key_figures(party),
        "reporting_currency": settings.CRM_FORECAST_CURRENCY,
    }


# Order history ----------------------------------------------------------------------------


class OrderHistoryFilter(forms.Form):
    """The order history's filters, in the 360 page's query string (prefixed `orders_`)."""

    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any status")), *OrderStatusValue.choices],
    )
    date_from = DayField(label=gettext_lazy("From"), required=False)
    date_to = DayField(label=gettext_lazy("To"), required=False)

    PARAMS = {"status": "status", "date_from": "from", "date_to": "to"}

    def __init__(self, data, **kwargs):
        data = {field: data.get(PREFIX + name, "") for field, name in self.PARAMS.items()}
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> dict:
        """The valid filters (a bad one is dropped, the others kept)."""
        data = getattr(self, "cleaned_data", {})
        return {
            name: data[name]
            for name in self.PARAMS
            if name not in self.errors and data.get(name) not in (None, "")
        }

    def query(self) -> dict:
        return {
            PREFIX + self.PARAMS[name]: value.isoformat() if hasattr(value, "isoformat") else value
            for name, value in self.filters().items()
        }


def _cursor(request, name: str) -> str:
    value = request.GET.get(PREFIX + name, "")
    if value and decode_cursor(value, "DateTimeField") is None:
        messages.warning(request, _("That order history page was not valid: showing the latest."))
        return ""
    return value


def _order_history(request, party, **page) -> dict | None:
    user = request.user
    if not _is_customer(party) or not user.has_perm("commerce.view_order"):
        return None
    filter_form = OrderHistoryFilter(request.GET)
    if filter_form.is_bound and not filter_form.is_valid():
        messages.warning(request, _("Some order history filters were not valid and were ignored."))
    filters = filter_form.filters()
    window = customers.order_history(
        party, after=_cursor(request, "after"), before=_cursor(request, "before"), **filters
    )
    query = filter_form.query()

    def page_url(direction: str, cursor: str) -> str:
        return "?" + urlencode({**query, PREFIX + direction: cursor}) + "#orders-h"

    return {
        "order_history": {
            "page": window,
            "filter_form": filter_form,
            "filtered": bool(filters),
            "first_url": ("?" + urlencode(query) if query else "?") + "#orders-h",
            "next_url": page_url("after", window.next_cursor) if window.has_next else "",
            "previous_url": page_url("before", window.previous_cursor)
            if window.has_previous
            else "",
            "can_add": user.has_perm("commerce.add_order"),
            "new_url": f"{reverse('orders:new')}?{urlencode({'customer': party.pk})}",
            "all_url": f"{reverse('orders:list')}?{urlencode({'customer': party.pk})}",
        }
    }


# Shopping lists and reviews ---------------------------------------------------------------


def _shopping_lists(request, party, **page) -> dict | None:
    if not _is_customer(party) or not request.user.has_perm("commerce.view_shoppinglist"):
        return None
    rows = customers.customer_shopping_lists(party)
    return {
        "shopping_lists": rows[: customers.PANEL_SIZE],
        "more_shopping_lists": len(rows) > customers.PANEL_SIZE,
    }


def _reviews(request, party, **page) -> dict | None:
    if not _is_customer(party) or not request.user.has_perm("commerce.view_productreview"):
        return None
    rows = customers.customer_reviews(party)
    return {
        "customer_reviews": rows[: customers.PANEL_SIZE],
        "more_reviews": len(rows) > customers.PANEL_SIZE,
    }


# The journey ------------------------------------------------------------------------------


def _journey(kind: PageKind):
    def context(request, party, **page) -> dict | None:
        if not _is_customer(party):
            return None
        return {
            "journey_rows": latest_journey(request.user, party),
            "journey_url": reverse(f"{kind.slug}:journey", args=[party.pk]),
        }

    return context


KEY_FIGURES = panels.Panel(
    "key_figures", "commerce/panels/_key_figures.html", _key_figures, order=0, slot="header"
)
ORDER_HISTORY = panels.Panel(
    "order_history", "commerce/panels/_order_history.html", _order_history, order=1
)
SHOPPING_LISTS = panels.Panel(
    "shopping_lists", "commerce/panels/_shopping_lists.html", _shopping_lists, order=2
)
REVIEWS = panels.Panel("customer_reviews", "commerce/panels/_reviews.html", _reviews, order=3)
JOURNEY_TEMPLATE = "commerce/panels/_journey.html"
CUSTOMER_JOURNEY = panels.Panel(
    "journey", JOURNEY_TEMPLATE, _journey(CUSTOMERS), order=panels.END_FROM + 50
)
ACCOUNT_JOURNEY = panels.Panel(
    "journey", JOURNEY_TEMPLATE, _journey(ACCOUNTS), order=panels.END_FROM + 50
)


# An account's roll-up: its contacts' orders, "from <contact>" (parties.selectors.rollup) ----


def _account_contact_orders(request, account, **page) -> dict | None:
    """The orders of the account's current contacts (as customers) that the viewer may see."""
    if not request.user.has_perm("commerce.view_order"):
        return None
    return rollup_panel(
        "contact_orders",
        request,
        orders_visible_to(request.user).filter(account_contacts_q(account, "customer")),
        Ordering("order_date", descending=True),
        anchor="contact-orders-h",
        contact_field="customer",
    )


ACCOUNT_CONTACT_ORDERS = panels.Panel(
    "contact_orders",
    "commerce/panels/_account_contact_orders.html",
    _account_contact_orders,
    order=30,
)


def register_panels() -> None:
    for panel in (KEY_FIGURES, ORDER_HISTORY, SHOPPING_LISTS, REVIEWS):
        panels.register(CUSTOMER, ACCOUNT, panel=panel)
    panels.register(ACCOUNT, panel=ACCOUNT_CONTACT_ORDERS)
    panels.register(CUSTOMER, panel=CUSTOMER_JOURNEY)
    panels.register(ACCOUNT, panel=ACCOUNT_JOURNEY)
