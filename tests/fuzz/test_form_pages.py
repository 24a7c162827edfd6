"""Bad input into every form of the CRM never answers 500, and a refused form saves nothing.

The forms are found as users find them: every named URL (the URL conf's, arguments filled from
the world) is fetched as each persona, and every form posting to the CRM is read from the HTML.
Each form is then posted as the persona who saw it, with what the browser would send, some
fields replaced by hostile values: ids beyond 64 bits, ids of records the persona may not pick,
NaN and 1e309 as amounts, 0000-00-00 and 9999-12-31 as dates, NUL characters, very long
text, several values for one field. Properties:

- the answer is never 5xx (and no exception escapes a view);
- when the answer is not a redirect (the form again, an error page), nothing was saved: no
  table of the CRM's apps gained or lost a row, and no record's version moved;
- when the answer is the form again, it says what is wrong.
"""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.test import Client
from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz import strategies as hostile
from tests.fuzz.conftest import changed_tables, crm_state, examples, rolled_back
from tests.fuzz.discovery import (
    Page,
    Target,
    context_forms,
    crawl,
    post_targets,
    route_urls,
    view_name_of,
)
from tests.fuzz.html_forms import Field
from tests.fuzz.pages import FORM_VIEWS, LIST_PAGES
from tests.fuzz.world import World

pytestmark = pytest.mark.django_db

# What the browser would send for fields the page leaves empty, so that untouched fields are
# valid and a hostile value in one field reaches the code behind the form.
FILLED = {
    "first_name": "Fuzz",
    "last_name": "Tester",
    "name": "Fuzz Ltd",
    "subject": "Fuzz call",
    "email": "fuzz@example.com",
    "phone": "+44 20 7946 0000",
    "value": "fuzz@example.com",
    "payment_preference": "credit_card",
    "shipping-address1": "1 High Street",
    "shipping-city": "London",
    "shipping-country": "GB",
    "starts_at": "2030-01-01T10:00",
    "expected_close_date": "2030-01-31",
    "amount": "100",
    "code": "fuzz-source",
    "reason": "Because",
    "opportunity_name": "Initech - licences",
}
# Pages that answer 200 when the form was accepted (the public web form's thanks).
ACCEPTED_TEMPLATES = {"leads/capture_thanks.html"}
REDIRECTS = {301, 302, 303}
# Buttons that show the form again by design, with nothing wrong to say ("Add a line").
REDRAW_BUTTONS = {"add_line"}
ERROR_SHOWN = re.compile(r'class="[^"]*\b(invalid-feedback|alert-danger|alert-warning)\b')


@pytest.fixture(scope="module")
def pages(fuzz_db, fuzz_clients, django_db_blocker) -> list[Page]:
    with django_db_blocker.unblock():
        urls, unknown = route_urls(fuzz_db)
        assert unknown == [], "named URLs whose arguments the world cannot fill"
        return crawl(fuzz_clients, urls)


@pytest.fixture(scope="module")
def targets(pages) -> dict[str, list[Target]]:
    return post_targets(pages)


def test_every_form_is_fuzzed(targets):
    """A new form of the CRM (a form on any page, for any persona) needs its row in FORM_VIEWS."""
    assert sorted(set(targets) - set(FORM_VIEWS)) == []
    assert sorted(set(FORM_VIEWS) - set(targets)) == [], "forms the crawl no longer finds"


def test_every_filter_form_is_fuzzed(pages):
    """A page with a form of GET parameters (filters, options) needs its row in LIST_PAGES."""
    filtered = {
        page.view_name
        for page in pages
        for form in page.forms()
        if form.method == "get" and view_name_of(form.action) == page.view_name
    }
    assert sorted(filtered - set(LIST_PAGES)) == []


def _value(field: Field, ids: list[int]) -> st.SearchStrategy:
    """A hostile value (its kind's worst first), one the form offers, or several values."""
    kind = hostile.field_kind(field.name, field.type)
    single = hostile.values_for(kind, ids)
    if field.options:
        single = st.one_of(single, st.sampled_from(field.options))
    return st.one_of(single, st.lists(single, min_size=2, max_size=4))


def _untouched(target: Target, world: World) -> dict[str, list[str]]:
    """The form as the browser would send it, the fields it leaves empty filled in."""
    filled = FILLED | {"account": f"#{world.records['accounts'].party.pk}"}
    return {
        name: [filled[name]] if name in filled and not "".join(values).strip() else values
        for name, values in target.form.base_data().items()
    }


def _probes(data: st.DataObject, target: Target, world: World) -> list[dict]:
    """Posts of the form, each with one field replaced by a hostile value and the others as
    the browser sends them (a bad value in one field must not hide another's). Hypothesis's
    first example probes every field with its kind's worst value; later ones a third of the
    fields with drawn values; some posts replace several fields at once."""
    untouched = _untouched(target, world)
    probes = []
    for name in _fuzzable(target):
        if data.draw(st.sampled_from([True, False, False]), label=f"probe {name}"):
            value = data.draw(_value(target.form.fields[name], world.ids), label=name)
            probes.append(untouched | {name: value if isinstance(value, list) else [value]})
    if len(probes) > 1 and data.draw(st.booleans(), label="all at once"):
        together = dict(untouched)
        for probe in probes:
            together.update({k: v for k, v in probe.items() if v != untouched.get(k)})
        probes.append(together)
    return probes or [untouched]


# The pages every party page kind shares (the same views and forms): fuzzed in full for
# contacts, a few examples each for the other kinds.
SHARED_SUBPAGES = {
    "consent",
    "contact_mech_new",
    "contact_mech_edit",
    "contact_mech_end",
    "employment_new",
    "relationship_end",
    "sharing",
    "disable",
}


def _fuzzable(target: Target) -> list[str]:
    return sorted(name for name in target.form.fields if name != "csrfmiddlewaretoken")


def _examples(view_name: str, found: list[Target]) -> int:
    """Examples for the forms posting to a view (each probes each field at most once): one
    for a button alone or a page kind's copy of a contact's page, three otherwise."""
    if not any(_fuzzable(target) for target in found):
        return 1
    kind, _, name = view_name.partition(":")
    if kind in ("accounts", "customers", "leads") and name in SHARED_SUBPAGES:
        return examples(1)
    return examples(3)


def _accepted(response) -> bool:
    if response.status_code in REDIRECTS:
        return True
    return any(t.name in ACCEPTED_TEMPLATES for t in response.templates if t.name)


def errors_not_shown(response) -> list[str]:
    """The errors of the response's forms that its page does not show: a field's error must
    be next to its field (crispy's `id_<field>_error` block) or at least on the page; a
    hidden field's error may be said above the form instead (the form's own errors)."""
    html = response.content.decode()
    missing = []
    for form in context_forms(response.context):
        if not form.is_bound:
            continue
        above = [e for e in form.non_field_errors() if escape(e) in html]
        for name, errors in form.errors.items():
            if name != NON_FIELD_ERRORS:
                if f'id="{form[name].auto_id}_error"' in html:
                    continue
                if form.fields[name].widget.is_hidden and above:
                    continue
            missing += [f"{name}: {e}" for e in errors if escape(e) not in html]
    return missing


def check_post(client: Client, target: Target, posted: dict) -> None:
    before = crm_state()
    response = client.post(target.form.action, posted)
    assert response.status_code < 500, (target.form.action, posted)
    if _accepted(response):
        return
    after = crm_state()
    assert changed_tables(before, after) == {}, (
        f"{target.form.action} answered {response.status_code} and saved: {posted}"
    )
    if response.status_code == 200:
        assert errors_not_shown(response) == [], f"{target.form.action}: {posted}"
        if REDRAW_BUTTONS & set(posted):
            return
        assert ERROR_SHOWN.search(response.content.decode()), (
            f"{target.form.action} showed the form again without saying why: {posted}"
        )


@pytest.mark.parametrize("view_name", FORM_VIEWS)
def test_bad_input_never_answers_500_and_saves_nothing(view_name, world, targets, fuzz_clients):
    found = targets.get(view_name)
    if not found:
        pytest.fail(f"no form posts to {view_name} (test_every_form_is_fuzzed)")

    @settings(max_examples=_examples(view_name, found))
    @given(data=st.data())
    def post_hostile_values(data):
        for target in found:
            for posted in _probes(data, target, world):
                with rolled_back():
                    check_post(fuzz_clients[target.persona], target, posted)

    post_hostile_values()
