"""One permission matrix for the whole CRM: every URL x every persona -> expected status.

alice owns the records; bob (same team) may view them; carol manages the team (views them,
may change the owner); dan (other team) sees nothing of it; erin (Customer Service) sees
every customer; mark (Marketing) sees nothing of it; admin sees everything; anonymous users
are sent to the sign-in page. Not visible answers 404, visible but not allowed 403.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from parties.models import ConsentPurpose, ContactMechKind
from parties.services import contact_mech_add
from tests.factories import make_account, make_contact, make_customer

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "alice", "bob", "carol", "dan", "erin", "mark", "admin"]


@dataclass
class World:
    contact: object
    account: object
    customer: object
    contact_pcm: object
    employment: object


@pytest.fixture
def world(personas):
    alice = personas["alice"]
    account = make_account(alice, name="Globex")
    contact = make_contact(
        alice, first_name="Hank", last_name="Scorpio", email="hank@globex.example", account=account
    )
    customer = make_customer(alice, first_name="Marge", last_name="Bouvier")
    pcm = contact.contact_mechs.get()
    employment = contact.relationships_from.get()
    contact_mech_add(
        actor=alice, party=account, kind=ContactMechKind.WEB, value="globex.example", purposes=[]
    )
    return World(contact, account, customer, pcm, employment)


def _expect(**codes):
    """Expected codes per persona; unnamed signed-in personas default to `others`."""
    others = codes.pop("others")
    table = {p: codes.get(p, others) for p in PERSONAS}
    table["anonymous"] = codes.get("anonymous", 302)
    return table


EVERYONE = _expect(others=200)
# The owner and admin may act; teammates and the manager may only look; others don't see it.
OWNER_ONLY_PAGE = _expect(alice=200, admin=200, bob=403, carol=403, others=404)
OWNER_ONLY_POST = _expect(alice=302, admin=302, bob=403, carol=403, others=404)
VISIBLE_TO_TEAM = _expect(alice=200, bob=200, carol=200, admin=200, others=404)
CUSTOMER_VISIBLE = _expect(alice=200, bob=200, carol=200, admin=200, erin=200, others=404)
CUSTOMER_OWNER_PAGE = _expect(alice=200, admin=200, bob=403, carol=403, erin=403, others=404)
CUSTOMER_OWNER_POST = _expect(alice=302, admin=302, bob=403, carol=403, erin=403, others=404)


def _rows():
    """(name, method, url builder, POST data builder, expected)."""
    c = "contacts"
    return [
        ("dashboard", "get", lambda w: "/", None, EVERYONE),
        ("search", "get", lambda w: "/search/?q=Scorpio", None, EVERYONE),
        ("contacts list", "get", lambda w: "/contacts/", None, EVERYONE),
        ("accounts list", "get", lambda w: "/accounts/", None, EVERYONE),
        ("customers list", "get", lambda w: "/customers/", None, EVERYONE),
        ("contact new", "get", lambda w: "/contacts/new/", None, EVERYONE),
        ("account new", "get", lambda w: "/accounts/new/", None, EVERYONE),
        ("customer new", "get", lambda w: "/customers/new/", None, EVERYONE),
        ("contact detail", "get", lambda w: f"/{c}/{w.contact.pk}/", None, VISIBLE_TO_TEAM),
        ("contact edit", "get", lambda w: f"/{c}/{w.contact.pk}/edit/", None, OWNER_ONLY_PAGE),
        (
            "contact sharing",
            "get",
            lambda w: f"/{c}/{w.contact.pk}/sharing/",
            None,
            VISIBLE_TO_TEAM,
        ),
        (
            "contact share",
            "post",
            lambda w: f"/{c}/{w.contact.pk}/sharing/",
            lambda w, p: {"operation": "share", "user": p["dan"].pk, "access": "view"},
            OWNER_ONLY_POST,
        ),
        (
            "contact revoke",
            "post",
            lambda w: f"/{c}/{w.contact.pk}/sharing/",
            lambda w, p: {"operation": "revoke", "user": p["bob"].pk, "access": "view"},
            OWNER_ONLY_POST,
        ),
        (
            "contact reassign",
            "post",
            lambda w: f"/{c}/{w.contact.pk}/sharing/",
            lambda w, p: {"operation": "reassign", "owner": p["bob"].pk},
            # carol manages alice's team, so she may hand the record to bob.
            _expect(alice=302, admin=302, carol=302, bob=403, others=404),
        ),
        (
            "contact disable",
            "post",
            lambda w: f"/{c}/{w.contact.pk}/disable/",
            None,
            OWNER_ONLY_POST,
        ),
        ("contact enable", "post", lambda w: f"/{c}/{w.contact.pk}/enable/", None, OWNER_ONLY_POST),
        (
            "contact mech new",
            "get",
            lambda w: f"/{c}/{w.contact.pk}/contact-mechs/new/",
            None,
            OWNER_ONLY_PAGE,
        ),
        (
            "contact mech edit",
            "get",
            lambda w: f"/{c}/{w.contact.pk}/contact-mechs/{w.contact_pcm.pk}/edit/",
            None,
            OWNER_ONLY_PAGE,
        ),
        (
            "contact mech end",
            "post",
            lambda w: f"/{c}/{w.contact.pk}/contact-mechs/{w.contact_pcm.pk}/end/",
            None,
            OWNER_ONLY_POST,
        ),
        (
            "employment new",
            "get",
            lambda w: f"/{c}/{w.contact.pk}/employment/new/",
            None,
            OWNER_ONLY_PAGE,
        ),
        (
            "relationship end",
            "post",
            lambda w: f"/{c}/{w.contact.pk}/relationships/{w.employment.pk}/end/",
            None,
            OWNER_ONLY_POST,
        ),
        (
            "consent",
            "post",
            lambda w: f"/{c}/{w.contact.pk}/consent/",
            lambda w, p: {
                "purpose": ConsentPurpose.MARKETING_EMAIL,
                "granted": "1",
                "source": "PHONE",
            },
            OWNER_ONLY_POST,
        ),
        ("account detail", "get", lambda w: f"/accounts/{w.account.pk}/", None, VISIBLE_TO_TEAM),
        ("account edit", "get", lambda w: f"/accounts/{w.account.pk}/edit/", None, OWNER_ONLY_PAGE),
        (
            "account sharing",
            "get",
            lambda w: f"/accounts/{w.account.pk}/sharing/",
            None,
            VISIBLE_TO_TEAM,
        ),
        (
            "account employment new",
            "get",
            lambda w: f"/accounts/{w.account.pk}/employment/new/",
            None,
            OWNER_ONLY_PAGE,
        ),
        (
            "customer detail (360)",
            "get",
            lambda w: f"/customers/{w.customer.pk}/",
            None,
            CUSTOMER_VISIBLE,
        ),
        (
            "customer edit",
            "get",
            lambda w: f"/customers/{w.customer.pk}/edit/",
            None,
            CUSTOMER_OWNER_PAGE,
        ),
        (
            "customer sharing",
            "get",
            lambda w: f"/customers/{w.customer.pk}/sharing/",
            None,
            CUSTOMER_VISIBLE,
        ),
        (
            "customer disable",
            "post",
            lambda w: f"/customers/{w.customer.pk}/disable/",
            None,
            CUSTOMER_OWNER_POST,
        ),
        (
            "customer consent",
            "post",
            lambda w: f"/customers/{w.customer.pk}/consent/",
            lambda w, p: {"purpose": "SMS", "granted": "0", "source": "PAPER"},
            CUSTOMER_OWNER_POST,
        ),
        # A customer who is not a contact has no contact page, for anyone.
        (
            "customer under /contacts/",
            "get",
            lambda w: f"/contacts/{w.customer.pk}/",
            None,
            _expect(others=404),
        ),
        # An account is not a contact either.
        (
            "account under /contacts/",
            "get",
            lambda w: f"/contacts/{w.account.pk}/",
            None,
            _expect(others=404),
        ),
        ("unknown id", "get", lambda w: "/contacts/987654321/", None, _expect(others=404)),
        (
            "admin index",
            "get",
            lambda w: reverse("admin:index"),
            None,
            _expect(admin=200, others=302),
        ),
        (
            "admin party change",
            "get",
            lambda w: reverse("admin:parties_party_change", args=[w.contact.pk]),
            None,
            _expect(admin=200, others=302),
        ),
        (
            "admin party object permissions",
            "get",
            lambda w: reverse("admin:parties_party_permissions", args=[w.contact.pk]),
            None,
            _expect(admin=200, others=302),
        ),
        ("health check", "get", lambda w: "/healthz/", None, _expect(anonymous=200, others=200)),
    ]


ROWS = _rows()
GET_ROWS = [row for row in ROWS if row[1] == "get"]
# A POST changes the record, so each persona's POST gets a fresh world.
POST_CASES = [(row, persona) for row in ROWS if row[1] == "post" for persona in PERSONAS]


def _status(client, personas, world, row, persona) -> int:
    _, method, url_for, data_for, _ = row
    client.logout()
    if persona != "anonymous":
        client.force_login(personas[persona])
    url = url_for(world)
    if method == "post":
        return client.post(url, data_for(world, personas) if data_for else {}).status_code
    return client.get(url).status_code


@pytest.mark.parametrize("row", GET_ROWS, ids=[row[0] for row in GET_ROWS])
def test_get_permission_matrix(row, world, personas, client):
    actual = {persona: _status(client, personas, world, row, persona) for persona in PERSONAS}
    assert actual == row[4]


@pytest.mark.parametrize(
    ("row", "persona"), POST_CASES, ids=[f"{row[0]}-{persona}" for row, persona in POST_CASES]
)
def test_post_permission_matrix(row, persona, world, personas, client):
    assert _status(client, personas, world, row, persona) == row[4][persona]


def test_every_url_pattern_is_in_the_matrix():
    """A new URL must get a row above: list every named route and compare."""
    from django.urls import get_resolver

    covered = {
        "dashboard",
        "search",
        "healthz",
        "list",
        "new",
        "detail",
        "edit",
        "sharing",
        "disable",
        "enable",
        "contact_mech_new",
        "contact_mech_edit",
        "contact_mech_end",
        "employment_new",
        "relationship_end",
        "consent",
        "login",
        "logout",
    }
    names = set()
    for pattern in get_resolver().url_patterns:
        for sub in getattr(pattern, "url_patterns", [pattern]):
            if getattr(sub, "name", None) and not str(pattern.pattern).startswith("admin/"):
                names.add(sub.name)
    assert names - covered == set()
