"""The order pages: the list with its totals per currency, placing a phone order for a
customer, an order's page with its items and status history, and moving its status."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from commerce import services
from commerce.filters.orders import OrderFilter
from commerce.forms.orders import ItemFormSet, OrderForm, StatusMoveForm
from commerce.models import REASON_REQUIRED, OrderStatusValue
from commerce.records import ORDER
from commerce.selectors import orders as selectors
from crm import access, panels, timeline
from crm.access import CHANGE
from crm.forms import add_service_errors
from crm.pagination import Ordering, request_page
from crm.records import RecordMixin, record_or_404
from crm.views import PageTitleMixin
from parties.kinds import page_url
from parties.records import CUSTOMER

NEWEST_FIRST = Ordering("order_date", descending=True)

S = OrderStatusValue
# The button of each status an order may move to.
MOVE_LABELS = {
    S.APPROVED: gettext_lazy("Approve"),
    S.PROCESSING: gettext_lazy("Start processing"),
    S.SENT: gettext_lazy("Mark sent"),
    S.COMPLETED: gettext_lazy("Mark completed"),
    S.HELD: gettext_lazy("Hold"),
    S.CANCELLED: gettext_lazy("Cancel"),
    S.REJECTED: gettext_lazy("Reject"),
}


class OrderListView(TemplateView):
    template_name = "commerce/order_list.html"

    def dispatch(self, request, *args, **kwargs):
        access.require_perm(request.user, "commerce.view_order")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request, user = self.request, self.request.user
        queryset = selectors.orders_for_list(user)
        filterset = OrderFilter(request.GET or None, queryset=queryset, user=user)
        if filterset.is_bound and filterset.is_valid():
            queryset = filterset.qs
        page, query = request_page(request, queryset, NEWEST_FIRST)
        for order in page.items:
            order.customer_url = page_url(order.customer)
        customer_query = request.GET.copy()
        customer_query.pop("after", None)
        customer_query.pop("before", None)
        customer_query.pop("customer", None)
        # The totals read every matching order: on request ("Show totals"), or at once when
        # the list is one customer's (one range of its index), so the list itself stays fast.
        show_totals = request.GET.get("totals") == "1" or filterset.active_customer is not None
        totals_query = query.copy()
        totals_query["totals"] = "1"
        context.update(
            filterset=filterset,
            page=page,
            querystring=query.urlencode(),
            show_totals=show_totals,
            totals_url=f"?{totals_query.urlencode()}",
            totals=selectors.totals_by_currency(queryset) if show_totals else None,
            totals_cap=selectors.TOTALS_CAP,
            active_customer=filterset.active_customer,
            without_customer_query=customer_query.urlencode(),
        )
        return context


class OrderCreateView(PageTitleMixin, TemplateView):
    """A phone order a CSR (or a rep, a manager) places for a customer they may see."""

    template_name = "commerce/order_form.html"

    def get_title(self) -> str:
        return _("New order for %(customer)s") % {"customer": self.customer.display_name}

    def dispatch(self, request, *args, **kwargs):
        access.require_perm(request.user, "commerce.add_order")
        self.customer, _actions = record_or_404(request, CUSTOMER, request.GET.get("customer"))
        self.addresses = selectors.postal_addresses_for(self.customer)
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None, *, quiet=False) -> tuple[OrderForm, ItemFormSet]:
        form = OrderForm(data, customer=self.customer, addresses=self.addresses, quiet=quiet)
        currency = (data or {}).get("currency") or form.initial["currency"]
        items = ItemFormSet(data, prefix="items", currency=currency, quiet=quiet)
        return form, items

    def get(self, request, *args, **kwargs):
        form, items = self.forms()
        return self.render_to_response(self.get_context_data(form=form, items=items))

    def post(self, request, *args, **kwargs):
        if "add_line" in request.POST:
            # Shown again as typed, with one more blank line, and no judgement yet.
            _form, items = self.forms(request.POST, quiet=True)
            form, items = self.forms(items.add_line_data(), quiet=True)
            return self.render_to_response(self.get_context_data(form=form, items=items))
        form, items = self.forms(request.POST)
        if form.is_valid() and items.is_valid():
            try:
                order = services.order_create(
                    actor=request.user,
                    customer=self.customer,
                    items=items.items(),
                    **form.service_fields(),
                )
            except ValidationError as exc:
                self.show_service_errors(exc, form, items)
            else:
                messages.success(
                    request,
                    _("Order %(number)s was placed for %(customer)s.")
                    % {"number": order.number, "customer": self.customer.display_name},
                )
                return redirect("orders:detail", order.pk)
        return self.render_to_response(self.get_context_data(form=form, items=items))

    @staticmethod
    def show_service_errors(exc: ValidationError, form: OrderForm, items) -> None:
        """The service's refusals: about the lines above them, the rest next to their
        fields (or above the form)."""
        if not hasattr(exc, "error_dict"):
            add_service_errors(form, exc)
            return
        errors = dict(exc.error_dict)
        for error in errors.pop("items", []):
            items.non_form_errors().extend(error.messages)
        if errors:
            add_service_errors(form, ValidationError(errors))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            customer=self.customer,
            customer_url=page_url(self.customer),  # its roles came with it (parties.records)
            form_action=f"{reverse('orders:new')}?customer={self.customer.pk}",
        )
        return context


class OrderDetailView(RecordMixin, TemplateView):
    template_name = "commerce/order_detail.html"
    record_type = ORDER
    context_object_name = "order"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.record
        can_change = CHANGE in self.actions
        detail = selectors.order_page(self.request.user, order)
        context.update(
            detail=detail,
            # Its status changes and the notes and files on it (crm.timeline), oldest first.
            history=timeline.merged(
                ORDER,
                self.request.user,
                order,
                detail.history,
                when=lambda row: row.changed_at,
                limit=None,
                newest_first=False,
            ),
            can_change=can_change,
            moves=[
                {"status": s, "label": MOVE_LABELS[s], "needs_reason": s in REASON_REQUIRED}
                for s in order.legal_moves()
            ]
            if can_change
            else [],
            needs_reason=any(s in REASON_REQUIRED for s in order.legal_moves()),
            status_form=kwargs.get("status_form") or StatusMoveForm(),
            # What the apps above commerce add here ("Open a case": crm.panels).
            panels=panels.panels_for(ORDER, self.request, order),
        )
        return context


def _render_detail(request: HttpRequest, order, actions, **forms) -> HttpResponse:
    """The order's page again, with the status form that did not validate: its errors next
    to its fields and what the user typed kept."""
    view = OrderDetailView()
    view.setup(request, pk=order.pk)
    view.record, view.actions = order, actions
    return view.render_to_response(view.get_context_data(**forms))


@require_POST
def order_status(request: HttpRequest, pk) -> HttpResponse:
    order, actions = record_or_404(request, ORDER, pk, CHANGE)
    form = StatusMoveForm(request.POST)
    if form.is_valid():
        try:
            services.order_status_change(
                actor=request.user,
                order=order,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Order %(number)s is %(status)s.")
                % {"number": order.number, "status": order.get_status_display().lower()},
            )
            return redirect("orders:detail", order.pk)
    order.refresh_from_db(fields=["status", "status_changed_at"])
    return _render_detail(request, order, actions, status_form=form)
