"""Picking an account or contact by typing: suggestions, and the field that resolves them."""

import pytest

from parties.models import PartyRelationship
from tests.factories import make_account, make_contact
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db


def test_suggestions_list_visible_matches_only(client_for, alice, dan):
    mine = make_account(alice, name="Globex Corporation")
    make_account(dan, name="Globex Holdings")  # dan's: not visible to alice
    html = client_for(alice).get("/accounts/lookup/?q=globex").content.decode()
    assert html.count("<option") == 1
    assert f'value="Globex Corporation (#{mine.pk})"' in html


def test_suggestions_need_two_characters(client_for, alice):
    make_account(alice, name="Globex Corporation")
    assert "<option" not in client_for(alice).get("/accounts/lookup/?q=g").content.decode()


def test_suggestion_queries_do_not_grow_with_matches(client, alice):
    client.force_login(alice)
    make_account(alice, name="Initech 0")

    def grow():
        for i in range(30):
            make_account(alice, name=f"Initech {i + 1}")

    assert_flat_queries(client, "/accounts/lookup/?q=initech", grow=grow, budget=7)


@pytest.mark.parametrize(
    "typed", ["Globex Corporation (#{pk})", "#{pk}", "{pk}", "globex corporation"]
)
def test_account_field_takes_suggestion_number_or_exact_name(client_for, alice, typed):
    account = make_account(alice, name="Globex Corporation")
    client_for(alice).post(
        "/contacts/new/",
        {"first_name": "Hank", "last_name": "Scorpio", "account": typed.format(pk=account.pk)},
    )
    assert PartyRelationship.objects.get().to_party == account


def test_ambiguous_name_asks_to_pick_a_suggestion(client_for, alice):
    make_account(alice, name="Acme")
    make_account(alice, name="Acme")
    response = client_for(alice).post(
        "/contacts/new/", {"first_name": "Wile", "last_name": "Coyote", "account": "Acme"}
    )
    assert "Several accounts are named “Acme”: pick one from the suggestions." in (
        response.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    )
    assert not PartyRelationship.objects.exists()


def test_contact_list_filters_by_visible_account_name(client_for, alice, dan):
    globex = make_account(alice, name="Globex Corporation")
    hidden = make_account(dan, name="Globex Secret Lab")
    at_globex = make_contact(alice, first_name="Hank", last_name="Scorpio", account=globex)
    at_hidden = make_contact(alice, first_name="Mindy", last_name="Simmons", account=hidden)
    make_contact(alice, first_name="Homer", last_name="Simpson")
    html = client_for(alice).get("/contacts/?account=globex").content.decode()
    assert f'href="/contacts/{at_globex.pk}/"' in html
    assert f'href="/contacts/{at_hidden.pk}/"' not in html  # the hidden account never narrows
    assert "Homer Simpson" not in html


def test_suggestions_take_the_fields_own_parameter_as_htmx_sends_it(client_for, alice):
    account = make_account(alice, name="Globex Corporation")
    html = client_for(alice).get("/accounts/lookup/?account=glob").content.decode()
    assert f"(#{account.pk})" in html
