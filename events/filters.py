"""The event list's filters. Dates are the user's: a timed event matches the days it starts on
in the user's time zone, a task or an all-day event its own date (see `Event.is_dated`)."""

import datetime

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.filters import DayFilter, RecordChoiceFilter
from crm.ids import parse_id
from crm.timezones import local_midnight
from events import selectors
from events.models import EventKind, EventStatus, floating
from parties.filters import DATE_WIDGET, SCOPES
from parties.selectors import visible_ids

SORT_CHOICES = [
    ("-start", _("Newest first")),
    ("start", _("Oldest first")),
    ("subject", _("Subject A–Z")),
]
DATED = Q(all_day=True) | Q(kind=EventKind.TASK)
NOT_CANCELLED = "not_cancelled"
HAPPENED = "happened"  # completed, or past and not cancelled (what team activity counts)


class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=EventKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(
        choices=[
            *EventStatus.choices,
            (NOT_CANCELLED, _("Not cancelled")),
            (HAPPENED, _("Completed or past")),
        ],
        method="filter_status",
        label=_("Status"),
    )
    owner = RecordChoiceFilter(
        queryset=User.objects.filter(is_active=True).order_by("username"), label=_("Owner")
    )
    start_from = DayFilter(method="filter_start_from", label=_("Starting from"), widget=DATE_WIDGET)
    start_to = DayFilter(method="filter_start_to", label=_("Starting until"), widget=DATE_WIDGET)
    completed_from = DayFilter(
        method="filter_completed_from", label=_("Completed from"), widget=DATE_WIDGET
    )
    completed_to = DayFilter(
        method="filter_completed_to", label=_("Completed until"), widget=DATE_WIDGET
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("Overdue only"), widget=forms.CheckboxInput
    )
    # Set by the "All activities" links of record pages; kept through the filter form.
    party = django_filters.CharFilter(method="filter_party", widget=forms.HiddenInput)
    opportunity = django_filters.CharFilter(method="filter_opportunity", widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def filter_status(self, queryset, name, value):
        if value == NOT_CANCELLED:
            return queryset.exclude(status=EventStatus.CANCELLED)
        if value == HAPPENED:
            return queryset.filter(selectors.happened_q(timezone.now()))
        return queryset.filter(status=value)

    def filter_completed_from(self, queryset, name, value):
        return queryset.filter(completed_at__gte=local_midnight(value))

    def filter_completed_to(self, queryset, name, value):
        return queryset.filter(completed_at__lt=local_midnight(value + datetime.timedelta(days=1)))

    def filter_start_from(self, queryset, name, value):
        return queryset.filter(
            (DATED & Q(starts_at__gte=floating(value)))
            | (~DATED & Q(starts_at__gte=local_midnight(value)))
        )

    def filter_start_to(self, queryset, name, value):
        next_day = value + datetime.timedelta(days=1)
        return queryset.filter(
            (DATED & Q(starts_at__lt=floating(next_day)))
            | (~DATED & Q(starts_at__lt=local_midnight(next_day)))
        )

    def filter_overdue(self, queryset, name, value):
        """As `Event.is_overdue`: scheduled, and a date before today or a time in the past."""
        if not value:
            return queryset
        return queryset.annotate(last_moment=Coalesce("ends_at", "starts_at")).filter(
            Q(status=EventStatus.SCHEDULED)
            & (
                (DATED & Q(last_moment__lt=selectors.overdue_before()))
                | (~DATED & Q(last_moment__lt=timezone.now()))
            )
        )

    def filter_party(self, queryset, name, value):
        """About this party (or lead), or with it taking part: only a party the user may see
        (another answers no rows, whether it exists or not)."""
        pk = parse_id(value)
        if pk is None or pk not in visible_ids(self.user, [pk]):
            return queryset.none()
        return queryset.filter(selectors.about_q(party_id=pk))

    def filter_opportunity(self, queryset, name, value):
        from opportunities.selectors import opportunities_visible_to

        pk = parse_id(value)
        if pk is None or not opportunities_visible_to(self.user).filter(pk=pk).exists():
            return queryset.none()
        return queryset.filter(selectors.about_q(opportunity_id=pk))


class EventListOptionsForm(forms.Form):
    scope = forms.ChoiceField(choices=SCOPES, required=False, label=_("Show"))
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False, label=_("Sort by"))
