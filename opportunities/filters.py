import django_filters
from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from crm.filters import DayFilter, RecordChoiceFilter
from opportunities.models import OpportunityStage, OpportunityTag
from parties.filters import DATE_WIDGET, SCOPES, TagFilter
from parties.selectors import partners_for_filter, visible_accounts_named

SORT_CHOICES = [
    ("close", _("Closing soonest")),
    ("-close", _("Closing latest")),
    ("-amount", _("Largest amount")),
    ("amount", _("Smallest amount")),
    ("name", _("Name A–Z")),
    ("-updated", _("Recently updated")),
]
STATES = [
    ("open", _("Open")),
    ("won", _("Won")),
    ("lost", _("Lost")),
    ("open_or_won", _("Open or won")),
]


class OpportunityFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=STATES, method="filter_state", label=_("Show"))
    stage = RecordChoiceFilter(queryset=OpportunityStage.objects.all(), label=_("Stage"))
    owner = RecordChoiceFilter(
        queryset=User.objects.filter(is_active=True).order_by("username"), label=_("Owner")
    )
    partner = RecordChoiceFilter(queryset=partners_for_filter(), label=_("Partner"))
    account = django_filters.CharFilter(
        method="filter_account", label=_("Account name contains"), max_length=200
    )
    close_from = DayFilter(
        field_name="expected_close_date",
        lookup_expr="gte",
        label=_("Closing from"),
        widget=DATE_WIDGET,
    )
    close_to = DayFilter(
        field_name="expected_close_date",
        lookup_expr="lte",
        label=_("Closing until"),
        widget=DATE_WIDGET,
    )
    amount_min = django_filters.NumberFilter(
        field_name="amount", lookup_expr="gte", label=_("Amount from")
    )
    amount_max = django_filters.NumberFilter(
        field_name="amount", lookup_expr="lte", label=_("Amount up to")
    )
    tag = TagFilter(link_model=OpportunityTag, link_field="opportunity")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def filter_account(self, queryset, name, value):
        """Only accounts the user may see narrow the list (a restricted account's name is
        never matched)."""
        return queryset.filter(account_id__any=visible_accounts_named(self.user, value))

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(closed_at__isnull=True)
        if value == "open_or_won":
            return queryset.exclude(stage__kind="lost")
        return queryset.filter(closed_at__isnull=False, stage__kind=value)


class OpportunityListOptionsForm(forms.Form):
    scope = forms.ChoiceField(choices=SCOPES, required=False, label=_("Show"))
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False, label=_("Sort by"))
