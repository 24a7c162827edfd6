"""Orders in the global search (crm.search): by order number or external id, exactly, the
ones the user may see. Both are read from indexes: the number's unique index, and the
(channel, external id) index with every channel named."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.db.models import Q
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from commerce.models import Order, SalesChannel
from commerce.selectors import orders_visible_to
from commerce.services import order_number
from crm.search import Found, Hit, SearchKind, found, visible_matches

# "SO-000123", "so-123", "000123", "123": the order number they name.
NUMBER = re.compile(r"^(?:SO-?)?(\d{1,12})$", re.IGNORECASE)


def _condition(text: str) -> Q:
    condition = Q(channel__in=SalesChannel.values, external_id=text)
    match = NUMBER.match(text)
    if match:
        condition |= Q(number=order_number(int(match.group(1))))
    return condition


def _hit(order: Order) -> Hit:
    total = f"{floatformat(order.grand_total, '2g')} {order.currency}"
    day = formats.date_format(order.order_date, "SHORT_DATE_FORMAT")
    return Hit(
        order.number,
        reverse("orders:detail", args=[order.pk]),
        f"{order.customer.display_name} · {order.get_status_display()} · {total} · {day}",
    )


def search(user: User, text: str, limit: int) -> Found:
    queryset = visible_matches(Order, _condition(text), lambda: orders_visible_to(user))
    return found(
        queryset.select_related("customer"), order=("-order_date", "-id"), limit=limit, hit=_hit
    )


ORDER_SEARCH = SearchKind(
    "orders",
    _("Orders"),
    search,
    allowed=lambda user: user.has_perm("commerce.view_order"),
    order=60,
)
