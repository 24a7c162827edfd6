import re

import pytest

from parties import services
from tests.factories import make_account, make_contact, make_customer

pytestmark = pytest.mark.django_db


def _stat(html: str, label: str) -> int:
    return int(re.search(rf"{label}</div><div class=\"stat\">(\d+)<", html).group(1))


def test_dashboard_counts_my_active_records_per_role(client_for, alice, dan):
    make_contact(alice)
    make_contact(alice)
    disabled = make_contact(alice)
    services.party_set_status(actor=alice, party=disabled, status="disabled")
    make_account(alice)
    make_customer(alice)
    make_contact(dan)
    html = client_for(alice).get("/").content.decode()
    assert (
        _stat(html, "My contacts"),
        _stat(html, "My accounts"),
        _stat(html, "My customers"),
    ) == (
        2,
        1,
        1,
    )


def test_dashboard_lists_records_shared_with_me_not_my_teams_defaults(client_for, alice, bob, dan):
    shared = make_contact(dan, first_name="Shared", last_name="Withalice")
    services.party_share(actor=dan, party=shared, action="view", user=alice)
    make_contact(bob, first_name="Teammate", last_name="Record")  # visible through the team
    html = client_for(alice).get("/").content.decode()
    panel = html.split("Recently shared with me")[1]
    assert "Shared Withalice" in panel
    assert "Teammate Record" not in panel


def test_search_needs_two_characters(client_for, alice):
    make_contact(alice, first_name="Al", last_name="Bo")
    html = client_for(alice).get("/search/?q=B").content.decode()
    assert "Type at least two characters." in html
    assert "/contacts/" not in html.split("</form>")[-1]


def test_search_by_employer_name_only_through_visible_employers(client_for, alice, dan):
    mine = make_account(alice, name="Vandelay Industries")
    theirs = make_account(dan, name="Kramerica Industries")
    make_contact(alice, first_name="Art", last_name="Vandelay", account=mine)
    hidden_link = make_contact(alice, first_name="Cosmo", last_name="K", account=theirs)
    html = client_for(alice).get("/search/?q=industries").content.decode()
    assert "Art Vandelay" in html and "Vandelay Industries" in html
    # alice's own contact employed at dan's account is not found by dan's account's name...
    assert f'href="/contacts/{hidden_link.pk}/"' not in html
    assert "Kramerica" not in html.split("</form>")[-1]
    # ...but by its own name, of course.
    assert "Cosmo K" in client_for(alice).get("/search/?q=cosmo").content.decode()


def test_search_results_show_email_phone_and_owner(client_for, alice):
    make_contact(
        alice,
        first_name="Ada",
        last_name="Byron",
        email="ada@example.org",
        phone="+44 20 7946 0123",
    )
    html = client_for(alice).get("/search/?q=byron").content.decode().split("</form>")[-1]
    for text in ("ada@example.org", "+44 20 7946 0123", "alice"):
        assert text in html
