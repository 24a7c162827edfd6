"""The colleague picker (crm.forms.PersonChoiceField): a text field with suggestions from
/people/lookup/ instead of a list of every user. It takes a suggestion, a username, an
e-mail, a unique full name or an id, and says next to the field why anything else cannot be
chosen, keeping what was typed."""

import re

import pytest
from django.contrib.auth.models import User

from crm.bulk import OwnerForm
from crm.forms import ReassignForm
from parties.models import Party
from tests.factories import make_contact, make_user
from tests.helpers import count_queries, field_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(alice, bob, dan):
    User.objects.filter(pk=alice.pk).update(first_name="Alice", last_name="Anderson")
    User.objects.filter(pk=bob.pk).update(
        first_name="Bob", last_name="Brown", email="bob.brown@example.com"
    )
    User.objects.filter(pk=dan.pk).update(first_name="Dan", last_name="Diaz")


def _chosen(value) -> User | None:
    form = ReassignForm({"owner": value})
    assert form.is_valid(), form.errors
    return form.cleaned_data["owner"]


def _error(value, form_class=ReassignForm, **kwargs) -> str:
    form = form_class({"owner": value}, **kwargs)
    assert not form.is_valid()
    return " ".join(form.errors["owner"])


@pytest.mark.parametrize(
    "typed",
    ["Bob Brown (bob)", "bob", "BOB", "bob.brown@example.com", "Bob Brown", "bob brown"],
)
def test_a_colleague_is_taken_by_suggestion_username_email_or_full_name(named, bob, typed):
    assert _chosen(typed) == bob


def test_a_colleague_is_taken_by_id(named, bob):
    assert _chosen(str(bob.pk)) == bob


def test_a_username_wins_over_someone_else_of_that_full_name(named, bob):
    make_user("bob brown", first_name="Other", last_name="Person")
    impostor = make_user("robert", first_name="Bob", last_name="Brown")
    assert _chosen("Bob Brown (bob)") == bob
    assert _chosen("robert") == impostor


def test_a_first_name_alone_is_a_full_name(named):
    prince = make_user("tafkap", first_name="Prince", last_name="")
    assert _chosen("prince") == prince


def test_an_unknown_name_is_refused_with_the_name(named):
    assert _error("Zed Zulu") == (
        "No colleague is called “Zed Zulu”: type a name, username or e-mail address, "
        "or pick a suggestion."
    )


def test_a_shared_full_name_is_ambiguous(named, bob):
    make_user("robert", first_name="Bob", last_name="Brown")
    assert _error("Bob Brown") == (
        "Several colleagues are called “Bob Brown”: type the username or e-mail address, "
        "or pick a suggestion."
    )


def test_an_inactive_colleague_is_refused(named, dan):
    User.objects.filter(pk=dan.pk).update(is_active=False)
    expected = "Dan Diaz (dan) is no longer active and cannot be chosen."
    assert _error("dan") == expected
    assert _error(str(dan.pk)) == expected


def test_an_inactive_namesake_does_not_make_a_name_ambiguous(named, bob):
    make_user("robert", first_name="Bob", last_name="Brown", is_active=False)
    assert _chosen("Bob Brown") == bob


def test_someone_outside_the_fields_queryset_cannot_be_chosen(named, alice, dan):
    owners = User.objects.filter(pk=alice.pk)
    assert _error("dan", OwnerForm, user=alice, owners=owners) == (
        "Dan Diaz (dan) cannot be chosen here."
    )
    assert _error(str(dan.pk), OwnerForm, user=alice, owners=owners) == (
        "Dan Diaz (dan) cannot be chosen here."
    )


def test_an_id_of_nobody_is_refused(named):
    assert _error("987654321").startswith("No colleague is called “987654321”")


def test_the_field_is_a_text_input_with_suggestions_showing_the_chosen_person(named, bob):
    html = str(ReassignForm(initial={"owner": bob.pk})["owner"])
    assert re.search(r'<input type="text" name="owner" value="Bob Brown \(bob\)"', html)
    assert 'hx-get="/people/lookup/?field=owner"' in html and 'list="id_owner-options"' in html
    assert "<select" not in html


def _options(client, **params) -> list[tuple[str, str]]:
    response = client.get("/people/lookup/", params)
    assert response.status_code == 200
    return re.findall(r'<option value="([^"]*)">([^<]*)</option>', response.content.decode())


def test_the_lookup_suggests_active_colleagues_by_name_username_or_email(
    client_for, named, alice, bob, dan
):
    client = client_for(alice)
    assert _options(client, q="bro") == [("Bob Brown (bob)", "Bob Brown · Team East")]
    assert _options(client, owner="bob.b") == [("Bob Brown (bob)", "Bob Brown · Team East")]
    # The picker's URL names the parameter with the text; others htmx may send are ignored.
    assert _options(client, version="3", field="owner", owner="Bob B") == [
        ("Bob Brown (bob)", "Bob Brown · Team East")
    ]
    assert _options(client, user="Dan D") == [("Dan Diaz (dan)", "Dan Diaz · Team West")]
    assert ("Alice Anderson (alice)", "Alice Anderson · Team East") in _options(client, q="al")
    assert _options(client, q="d") == []  # one letter is too little to suggest
    User.objects.filter(pk=dan.pk).update(is_active=False)
    assert _options(client, q="dan") == []


def test_the_lookup_shows_ten_at_most_with_constant_queries(client_for, alice, team_east):
    client = client_for(alice)
    make_user("zed1", first_name="Zed", last_name="One", team=team_east)
    one = count_queries(client, "/people/lookup/?q=zed")
    for n in range(2, 15):
        make_user(f"zed{n}", first_name="Zed", last_name=f"No{n}", team=team_east)
    many = count_queries(client, "/people/lookup/?q=zed")
    assert one == many
    assert len(_options(client, q="zed")) == 10


def test_the_lookup_needs_signing_in(client):
    response = client.get("/people/lookup/?q=bo")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_reassigning_by_typing_a_username_without_javascript(client_for, named, alice, bob):
    contact = make_contact(alice, first_name="Ada", last_name="Byron")
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/sharing/", {"operation": "reassign", "owner": "bob"}
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.owner == bob


def test_a_new_lead_is_given_to_an_owner_typed_by_email_without_javascript(client_for, alice):
    response = client_for(alice).post(
        "/leads/new/", {"first_name": "Ann", "last_name": "Lee", "owner": alice.email.upper()}
    )
    assert response.status_code == 302
    assert Party.objects.get(first_name="Ann", last_name="Lee").owner == alice


def test_an_unknown_new_owner_is_shown_next_to_the_field_with_the_text_kept(
    client_for, named, alice
):
    contact = make_contact(alice, first_name="Ada", last_name="Byron")
    response = client_for(alice).post(
        f"/contacts/{contact.pk}/sharing/", {"operation": "reassign", "owner": "Zed <Zulu>"}
    )
    assert response.status_code == 200
    assert field_error(response, "owner").startswith("No colleague is called “Zed &lt;Zulu&gt;”")
    assert 'value="Zed &lt;Zulu&gt;"' in response.content.decode()
    contact.refresh_from_db()
    assert contact.owner == alice
