"""Every record picker of every form and filter refuses what the one id parser refuses.

The pages' fuzzing (test_form_pages, test_list_pages) posts bad ids into the pickers it finds
on the pages; this test holds for the pickers of every form and filter class of the CRM's apps,
shown on a page or not: each is a crm.forms.RecordChoiceField or RecordMultipleChoiceField
(django-filter's through crm.filters), whose ids crm.ids.parse_id reads."""

import importlib
import pkgutil

import django_filters
import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from crm.forms import RecordChoiceField, RecordMultipleChoiceField
from crm.ids import parse_id
from parties.models import Party
from tests.fuzz import strategies as hostile
from tests.fuzz.conftest import examples

APPS = ("crm", "parties", "leads", "opportunities", "events", "forecasts", "workspace")
RECORD_FIELDS = (RecordChoiceField, RecordMultipleChoiceField)


def _import_all() -> None:
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)


def _subclasses(cls) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def _ours(cls: type) -> bool:
    return cls.__module__.split(".")[0] in APPS


def test_every_form_picks_records_with_record_fields():
    _import_all()
    ours = {form for form in _subclasses(forms.BaseForm) if _ours(form)}
    assert {"LeadOwnerForm", "EventForm", "OpportunityForm", "QuotaForm"} <= {
        form.__name__ for form in ours
    }
    offenders = [
        f"{form.__module__}.{form.__name__}.{name}: {type(field).__name__}"
        for form in ours
        for name, field in form.base_fields.items()
        if isinstance(field, forms.ModelChoiceField) and not isinstance(field, RECORD_FIELDS)
    ]
    assert offenders == []


def test_every_filter_picks_records_with_record_fields():
    _import_all()
    model_filters = (django_filters.ModelChoiceFilter, django_filters.ModelMultipleChoiceFilter)
    ours = {filterset for filterset in _subclasses(django_filters.FilterSet) if _ours(filterset)}
    assert {"LeadFilter", "OpportunityFilter", "EventFilter"} <= {f.__name__ for f in ours}
    offenders = [
        f"{filterset.__module__}.{filterset.__name__}.{name}: {f.field_class.__name__}"
        for filterset in ours
        for name, f in filterset.base_filters.items()
        if isinstance(f, model_filters) and not issubclass(f.field_class, RECORD_FIELDS)
    ]
    assert offenders == []


@pytest.mark.django_db
@settings(max_examples=examples(50))
@given(value=st.one_of(hostile.ids(), hostile.anything()))
def test_record_fields_refuse_what_parse_id_refuses(value):
    """A value parse_id refuses is an invalid choice, with the field's message, before the
    database sees it; one it accepts is looked up (and found nowhere: there are no parties)."""
    if not value.strip():
        return  # nothing chosen: "This field is required."
    single = RecordChoiceField(queryset=Party.objects.all())
    several = RecordMultipleChoiceField(queryset=Party.objects.all())
    for field, posted in ((single, value), (several, [value])):
        with CaptureQueriesContext(connection) as queries, pytest.raises(ValidationError) as no:
            field.clean(posted)
        assert no.value.code in {"invalid_choice", "invalid_pk_value"}, (value, no.value)
        if parse_id(value) is None:
            assert len(queries) == 0, (value, [q["sql"] for q in queries])
