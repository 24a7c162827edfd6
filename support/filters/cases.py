"""The filters of the case list. Each narrows the list on an indexed column of the case
(status, priority, queue, owner, customer, product, the opening time, the next deadline); a
value that is no value of the filter is an error next to it, and the list shows unfiltered.

"Breached" and "due soon" are support.selectors' SQL conditions on the deadlines."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commerce.forms.orders import ProductPickerInput
from crm.filters import DayFilter, RecordChoiceFilter
from crm.timezones import local_midnight
from parties.filters import DATE_WIDGET
from parties.forms import PartyLookupField
from support import selectors
from support.forms.cases import ProductField
from support.models import CasePriority, CaseStatus, Queue

SCOPES = [
    ("mine", _("My cases")),
    ("team", _("My team's queue, unassigned")),
    ("all", _("All I may see")),
]
SLA_CHOICES = [("breached", _("Breached")), ("due_soon", _("Due within 1 h"))]


class CaseScopeForm(forms.Form):
    """The list's tabs (templates/crm/list_page.html draws them from this field)."""

    scope = forms.ChoiceField(choices=SCOPES, required=False, label=_("Show"))


class CustomerFilter(django_filters.Filter):
    field_class = PartyLookupField


class ProductFilter(django_filters.Filter):
    field_class = ProductField


class CaseFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=CaseStatus.choices, label=_("Status"), widget=forms.CheckboxSelectMultiple
    )
    priority = django_filters.MultipleChoiceFilter(
        choices=CasePriority.choices, label=_("Priority"), widget=forms.CheckboxSelectMultiple
    )
    sla = django_filters.ChoiceFilter(
        choices=SLA_CHOICES, method="filter_sla", label=_("Service level"), empty_label=_("Any")
    )
    queue = RecordChoiceFilter(queryset=Queue.objects.all(), label=_("Queue"))
    owner = RecordChoiceFilter(queryset=User.objects.none(), label=_("Owner"))
    customer = CustomerFilter(method="filter_customer", label=_("Customer"))
    product = ProductFilter(
        method="filter_product", label=_("Product (SKU)"), widget=ProductPickerInput
    )
    created_from = DayFilter(
        method="filter_created_from", label=_("Opened from"), widget=DATE_WIDGET
    )
    created_to = DayFilter(method="filter_created_to", label=_("Opened until"), widget=DATE_WIDGET)

    def __init__(self, *args, user=None, customers=None, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.form.fields["customer"]
        field.queryset = customers
        field.noun = _("customer")
        field.widget.lookup_url = reverse("customers:lookup")
        field.help_text = _("Its number, or type its name and pick it.")
        owner = self.form.fields["owner"]
        owner.queryset = owners
        owner.label_from_instance = lambda u: u.get_full_name() or u.username

    def filter_sla(self, queryset, name, value):
        now = timezone.now()
        if value == "breached":
            return queryset.filter(selectors.breached_q(now))
        return queryset.filter(selectors.due_soon_q(now))

    def filter_customer(self, queryset, name, value):
        return queryset.filter(customer_id=value.pk)

    def filter_product(self, queryset, name, value):
        return queryset.filter(product_id=value.pk)

    def filter_created_from(self, queryset, name, value):
        return queryset.filter(created_at__gte=local_midnight(value))

    def filter_created_to(self, queryset, name, value):
        return queryset.filter(created_at__lt=local_midnight(value + datetime.timedelta(days=1)))

    @property
    def active_customer(self):
        if not self.is_bound or not self.is_valid():
            return None
        return self.form.cleaned_data.get("customer")
