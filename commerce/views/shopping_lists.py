"""A shopping list's page, and an order made from it (a CSR on the phone: "the usual")."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from commerce import records, services
from commerce.models import SalesChannel, ShoppingList
from crm import access
from crm.records import RecordMixin, record_or_404
from parties.kinds import page_url


def shopping_list_context(user, shopping_list: ShoppingList) -> dict:
    """What the page shows: the customer's link, the items with their products, and whether
    the viewer may order them (three queries, whatever the number of items)."""
    customer = shopping_list.customer
    prefetch_related_objects([customer], "roles")
    items = list(shopping_list.items.select_related("product").order_by("id"))
    return {
        "shopping_list": shopping_list,
        "customer": customer,
        "customer_url": page_url(customer),
        "items": items,
        "can_order": user.has_perm("commerce.add_order"),
        "order_currency": customer.preferred_currency or settings.CRM_DEFAULT_CURRENCY,
    }


class ShoppingListDetailView(RecordMixin, TemplateView):
    record_type = records.SHOPPING_LIST
    template_name = "commerce/shopping_list_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(shopping_list_context(self.request.user, self.record))
        return context


@require_POST
def shopping_list_order(request: HttpRequest, pk) -> HttpResponse:
    """A phone order of the list's items in the customer's currency; a refusal (an item no
    longer sold, an empty list) shows on the list's page and nothing is written."""
    shopping_list, actions = record_or_404(request, records.SHOPPING_LIST, pk)
    access.require_perm(request.user, "commerce.add_order")
    context = shopping_list_context(request.user, shopping_list)
    try:
        order = services.order_from_shopping_list(
            actor=request.user,
            shopping_list=shopping_list,
            channel=SalesChannel.PHONE,
            currency=context["order_currency"],
        )
    except ValidationError as exc:
        context.update(record=shopping_list, actions=actions, order_errors=exc.messages)
        return render(request, ShoppingListDetailView.template_name, context)
    messages.success(
        request,
        _("Order %(number)s was created from “%(name)s”.")
        % {"number": order.number, "name": shopping_list.name},
    )
    return redirect("orders:detail", order.pk)
