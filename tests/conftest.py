"""Personas of the access model: alice and bob (Sales Rep, same team), carol (their manager),
dan (Sales Rep, another team), erin (Customer Service), mark (Marketing), admin."""

import importlib

import pytest
from django.apps import apps

from crm.access import ADMINISTRATOR, CUSTOMER_SERVICE, MARKETING, SALES_MANAGER, SALES_REP
from tests.factories import make_team, make_user


@pytest.fixture
def role_groups(db):
    """The groups the data migration creates. Transactional tests (the browser tests) flush
    them, so make sure they exist; the migration's function is idempotent."""
    importlib.import_module("crm.migrations.0002_groups").create_groups(apps, None)
    leads_migration = importlib.import_module("leads.migrations.0002_lead_sources_and_permissions")
    leads_migration.forwards(apps, None)
    importlib.import_module("opportunities.migrations.0002_stages_and_permissions").forwards(
        apps, None
    )
    importlib.import_module("forecasts.migrations.0002_permissions").forwards(apps, None)
    importlib.import_module("events.migrations.0002_permissions").forwards(apps, None)


@pytest.fixture
def team_east(role_groups):
    return make_team("East")


@pytest.fixture
def team_west(role_groups):
    return make_team("West")


@pytest.fixture
def carol(team_east):
    user = make_user("carol", role=SALES_MANAGER, team=team_east)
    team_east.manager = user
    team_east.save(update_fields=["manager"])
    return user


@pytest.fixture
def alice(team_east, carol):
    return make_user("alice", role=SALES_REP, team=team_east)


@pytest.fixture
def bob(team_east, carol):
    return make_user("bob", role=SALES_REP, team=team_east)


@pytest.fixture
def dan(team_west):
    return make_user("dan", role=SALES_REP, team=team_west)


@pytest.fixture
def erin(role_groups):
    return make_user("erin", role=CUSTOMER_SERVICE)


@pytest.fixture
def mark(role_groups):
    return make_user("mark", role=MARKETING)


@pytest.fixture
def admin_user(role_groups):
    return make_user("admin", role=ADMINISTRATOR, is_staff=True, is_superuser=True)


@pytest.fixture
def personas(alice, bob, carol, dan, erin, mark, admin_user):
    return {
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "dan": dan,
        "erin": erin,
        "mark": mark,
        "admin": admin_user,
    }


@pytest.fixture
def client_for(client):
    """client_for(user) signs the test client in as that user (None: anonymous)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # MD5 first for speed; PBKDF2 kept so passwords hashed outside this fixture still verify.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
