"""Personas of the access model: alice and bob (Sales Rep, same team), carol (their manager),
dan (Sales Rep, another team), erin (Customer Service), mark (Marketing), admin."""

import importlib
import os

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.test import override_settings

from crm.access import ADMINISTRATOR, CUSTOMER_SERVICE, MARKETING, SALES_MANAGER, SALES_REP
from crm.models import Team
from tests.factories import make_team, make_user
from tests.smtp_server import smtp_server  # noqa: F401  (a fixture: a real SMTP server)

# MD5 first for speed; PBKDF2 kept so passwords hashed outside the tests still verify.
FAST_PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# The Redis of the RQ runs (CRM_TEST_TASKS=rq, tests/crm/test_jobs_rq.py): its own database
# number, so that the tests never meet a development server's queue.
TEST_REDIS_URL = os.environ.get("CRM_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def create_role_groups() -> None:
    """The groups the data migrations create (idempotent: their functions are)."""
    importlib.import_module("crm.migrations.0002_groups").create_groups(apps, None)
    leads_migration = importlib.import_module("leads.migrations.0002_lead_sources_and_permissions")
    leads_migration.forwards(apps, None)
    importlib.import_module("opportunities.migrations.0002_stages_and_permissions").forwards(
        apps, None
    )
    importlib.import_module("forecasts.migrations.0002_permissions").forwards(apps, None)
    importlib.import_module("events.migrations.0002_permissions").forwards(apps, None)
    importlib.import_module("commerce.migrations.0002_permissions").forwards(apps, None)
    importlib.import_module("parties.migrations.0013_partnership_permissions").forwards(apps, None)
    importlib.import_module("parties.migrations.0016_customer_service").forwards(apps, None)
    importlib.import_module("support.migrations.0002_permissions").forwards(apps, None)


def make_manager(username: str, team: Team) -> User:
    user = make_user(username, role=SALES_MANAGER, team=team)
    team.manager = user
    team.save(update_fields=["manager"])
    return user


def make_admin() -> User:
    return make_user("admin", role=ADMINISTRATOR, is_staff=True, is_superuser=True)


def make_personas() -> dict[str, User]:
    """Every persona, built without fixtures (for fixtures of a wider scope than a test), in
    the order the function-scoped fixtures below build them."""
    create_role_groups()
    east = make_team("East")
    carol = make_manager("carol", east)
    alice = make_user("alice", role=SALES_REP, team=east)
    bob = make_user("bob", role=SALES_REP, team=east)
    dan = make_user("dan", role=SALES_REP, team=make_team("West"))
    return {
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "dan": dan,
        "erin": make_user("erin", role=CUSTOMER_SERVICE),
        "mark": make_user("mark", role=MARKETING),
        "admin": make_admin(),
    }


@pytest.fixture
def role_groups(db):
    """The groups the data migration creates. Transactional tests (the browser tests) flush
    them, so make sure they exist."""
    create_role_groups()


@pytest.fixture
def team_east(role_groups):
    return make_team("East")


@pytest.fixture
def team_west(role_groups):
    return make_team("West")


@pytest.fixture
def carol(team_east):
    return make_manager("carol", team_east)


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
    return make_admin()


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
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(scope="session", autouse=True)
def session_media_root(tmp_path_factory):
    """Uploaded files (note attachments, the demo's) go to a temporary directory, never the
    project's: for the whole session, so that module-wide worlds (the demo, the matrix) too."""
    path = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=str(path)):
        yield path


@pytest.fixture(autouse=True)
def media_root(settings, session_media_root):
    settings.MEDIA_ROOT = str(session_media_root)
    return session_media_root


@pytest.fixture(autouse=True)
def immediate_jobs(settings):
    """Background jobs run in place with django-tasks' immediate backend: a job has ended when
    crm.jobs.enqueue() returns. Their progress and cancel requests go through a per-process
    in-memory cache (tests/crm/test_jobs_worker.py runs the real database worker instead).

    With CRM_TEST_TASKS=rq (one run in .ci/run) they go through RQ on the local Redis
    (CRM_TEST_REDIS_URL) instead, with the queue running each job synchronously inside
    enqueue(): the job is pickled into Redis, performed by RQ and its result stored there,
    so the same tests prove the tasks work on the RQ backend (tests/crm/test_jobs_rq.py runs a
    real `rqworker` process)."""
    if os.environ.get("CRM_TEST_TASKS") == "rq":
        settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
        settings.RQ_QUEUES = {"default": {"URL": TEST_REDIS_URL, "ASYNC": False}}
    else:
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        }
    settings.CACHES = {
        **settings.CACHES,
        "jobs": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jobs"},
    }
    settings.CRM_JOB_PROGRESS_INTERVAL = 0
