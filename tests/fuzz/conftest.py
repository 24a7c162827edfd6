"""Property-based tests of bad input: the world they post against, signed-in clients, and what
"nothing was saved" means (no table of the CRM's apps gained or lost a row, no record's version
moved).

Hypothesis runs with the "ci" profile: derandomized (the same examples on every run and every
machine, so a failure reproduces), no example database, no shrinking.
`HYPOTHESIS_PROFILE=explore` draws new random examples (and shrinks a failure), and
`FUZZ_SCALE=10` runs ten times as many of them."""

import contextlib
import logging
import os
import tempfile

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from hypothesis import HealthCheck, Phase, settings

from tests.conftest import make_personas
from tests.fuzz.world import World, build_world

COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "print_blob": True,
}
# No shrinking in CI: a failure is reported as found (each field is probed alone, so it is
# small already), and shrinking page requests can take many minutes.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    **COMMON,
)
settings.register_profile("explore", **COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SCALE = int(os.environ.get("FUZZ_SCALE", "1"))
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The apps whose tables "nothing was saved" is checked on.
CRM_APPS = ("crm", "parties", "leads", "opportunities", "events", "forecasts", "notes")


def examples(count: int) -> int:
    """A test's number of examples, times FUZZ_SCALE."""
    return count * SCALE


@pytest.fixture(scope="module")
def fuzz_db(django_db_setup, django_db_blocker):
    """The personas and the world, built once for the module in a transaction rolled back at its
    end (each test's own changes are rolled back after it by the `db` fixture's savepoint).
    Files (the world's attachment, uploads the forms accept) go to a directory of the module's."""
    with (
        django_db_blocker.unblock(),
        tempfile.TemporaryDirectory(prefix="fuzz-media-") as media_root,
        override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=media_root),
        transaction.atomic(),
    ):
        try:
            yield build_world(make_personas())
        finally:
            transaction.set_rollback(True)


@pytest.fixture
def world(fuzz_db, db) -> World:
    cache.clear()
    return fuzz_db


@pytest.fixture(scope="module")
def fuzz_clients(fuzz_db, django_db_blocker) -> dict[str, Client]:
    """A client signed in as each persona ("anonymous": none), for the whole module: signed in
    outside the examples' savepoints, so that rolling an example back keeps the session."""
    with django_db_blocker.unblock():
        users = User.objects.in_bulk(fuzz_db.users.values())
        clients = {"anonymous": Client()}
        for name, pk in fuzz_db.users.items():
            clients[name] = Client()
            clients[name].force_login(users[pk])
    return clients


@pytest.fixture(autouse=True)
def quiet_refusals():
    """Refusals (403, 404, 405) are what bad input should get: not worth a logged traceback
    each. Errors (500) are still logged."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@contextlib.contextmanager
def rolled_back():
    """One example: whatever it writes is undone after it, so every example starts from the
    same world. The cache (the web form's rate limit) is emptied too."""
    cache.clear()
    with transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


def _crm_tables() -> list[tuple[str, bool]]:
    tables = []
    for label in CRM_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                has_version = any(f.name == "version" for f in model._meta.concrete_fields)
                tables.append((model._meta.db_table, has_version))
    return sorted(set(tables))


def crm_state() -> dict[str, tuple[int, int]]:
    """Per table of the CRM's apps: its row count and the sum of its records' versions (an
    edit saved moves it), read in one query."""
    tables = _crm_tables()
    quote = connection.ops.quote_name
    parts = []
    for table, has_version in tables:
        parts.append(f"(SELECT COUNT(*) FROM {quote(table)})")
        parts.append(
            f"(SELECT COALESCE(SUM({quote('version')}), 0) FROM {quote(table)})"
            if has_version
            else "0"
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return {table: (row[2 * i], row[2 * i + 1]) for i, (table, _) in enumerate(tables)}


def changed_tables(before: dict, after: dict) -> dict:
    return {
        table: (before[table], after[table]) for table in before if before[table] != after[table]
    }
