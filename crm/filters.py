"""Filters of records for django-filter FilterSets: a tampered id in a list's query string is an
error of the filter form (the list shows unfiltered, the error next to the filter), never a
database error. They refuse what `crm.ids.parse_id` refuses, as the forms' record pickers do."""

import django_filters
from django_filters import fields as filter_fields

from crm.forms import DayField, RecordChoiceField, RecordMultipleChoiceField


class RecordChoiceFilterField(RecordChoiceField, filter_fields.ModelChoiceField):
    pass


class RecordMultipleChoiceFilterField(
    RecordMultipleChoiceField, filter_fields.ModelMultipleChoiceField
):
    pass


class RecordChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = RecordChoiceFilterField


class RecordMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = RecordMultipleChoiceFilterField


class DayFilter(django_filters.DateFilter):
    """A date from crm.forms.FIRST_DAY to LAST_DAY (filters add a day to a last day)."""

    field_class = DayField
