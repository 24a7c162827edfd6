"""The filters of the order list. Every one narrows the list on an indexed column of the
order (status, channel, order date, grand total, customer); a value that is no value of the
filter is an error next to it, and the list shows unfiltered."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from commerce.models import OrderStatusValue, SalesChannel
from crm.filters import DayFilter
from crm.timezones import local_midnight
from parties.filters import DATE_WIDGET
from parties.forms import PartyLookupField
from parties.kinds import CUSTOMERS
from parties.selectors import page_queryset


class CustomerFilter(django_filters.Filter):
    """A customer by number ("123", "#123"), by "Name (#123)" or by exact name; a customer
    the user may not see is no customer (its queryset is set per user)."""

    field_class = PartyLookupField


class OrderFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=OrderStatusValue.choices, label=_("Status"), widget=forms.CheckboxSelectMultiple
    )
    channel = django_filters.ChoiceFilter(choices=SalesChannel.choices, label=_("Sales channel"))
    date_from = DayFilter(method="filter_date_from", label=_("Ordered from"), widget=DATE_WIDGET)
    date_to = DayFilter(method="filter_date_to", label=_("Ordered until"), widget=DATE_WIDGET)
    amount_min = django_filters.NumberFilter(
        field_name="grand_total",
        lookup_expr="gte",
        label=_("Grand total from"),
        max_digits=14,
        decimal_places=2,
    )
    amount_max = django_filters.NumberFilter(
        field_name="grand_total",
        lookup_expr="lte",
        label=_("Grand total up to"),
        max_digits=14,
        decimal_places=2,
    )
    customer = CustomerFilter(method="filter_customer", label=_("Customer"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.form.fields["customer"]
        field.queryset = page_queryset(user, CUSTOMERS)
        field.noun = _("customer")
        field.widget.lookup_url = reverse("customers:lookup")
        field.help_text = _("Its number, or type its name and pick it.")

    # Compared as a datetime range from local midnight, so the order-date indexes serve it.
    def filter_date_from(self, queryset, name, value):
        return queryset.filter(order_date__gte=local_midnight(value))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(order_date__lt=local_midnight(value + datetime.timedelta(days=1)))

    def filter_customer(self, queryset, name, value):
        return queryset.filter(customer_id=value.pk)

    @property
    def active_customer(self):
        """The customer the list is narrowed to (None: all), for the page to name."""
        if not self.is_bound or not self.is_valid():
            return None
        return self.form.cleaned_data.get("customer")
