import datetime

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from crm.filters import DayFilter, RecordChoiceFilter
from crm.timezones import local_midnight
from leads.models import LeadStatus, MarketingCampaign
from parties.filters import DATE_WIDGET, SORT_CHOICES, ListOptionsForm, TagFilter
from parties.models import LeadSource
from parties.selectors import partners_for_filter


class LeadFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        field_name="display_name", lookup_expr="istartswith", label=_("Name starts with")
    )
    status = django_filters.ChoiceFilter(
        field_name="lead__status", choices=LeadStatus.choices, label=_("Status")
    )
    source = RecordChoiceFilter(queryset=LeadSource.objects.all(), label=_("Lead source"))
    campaign = RecordChoiceFilter(
        field_name="lead__campaign",
        queryset=MarketingCampaign.objects.order_by("name"),
        label=_("Campaign"),
    )
    partner = RecordChoiceFilter(
        field_name="lead__partner", queryset=partners_for_filter(), label=_("Partner")
    )
    owner = RecordChoiceFilter(
        queryset=User.objects.filter(is_active=True).order_by("username"), label=_("Owner")
    )
    created_after = DayFilter(
        method="filter_created_after", label=_("Created from"), widget=DATE_WIDGET
    )
    created_before = DayFilter(
        method="filter_created_before", label=_("Created until"), widget=DATE_WIDGET
    )
    tag = TagFilter()

    # Compared as a datetime range (local midnight), so the created_at index serves it.
    def filter_created_after(self, queryset, name, value):
        return queryset.filter(created_at__gte=local_midnight(value))

    def filter_created_before(self, queryset, name, value):
        return queryset.filter(created_at__lt=local_midnight(value + datetime.timedelta(days=1)))


class LeadListOptionsForm(ListOptionsForm):
    """Reps work their newest leads first."""

    sort = forms.ChoiceField(
        choices=sorted(SORT_CHOICES, key=lambda choice: choice[0] != "-created"),
        required=False,
        label=_("Sort by"),
    )
