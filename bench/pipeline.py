"""Benchmark: the pipeline board for a sales rep who may see 2,000 open opportunities.

    DEBUG=1 .venv/bin/python bench/pipeline.py [--cards 2000] [--requests 20] [--warmup 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench_pipeline DEBUG=1 \
        .venv/bin/python bench/pipeline.py

Builds a throwaway test database (Django's test-database machinery: `test_<name>` on
PostgreSQL, a temporary file on SQLite; dropped at the end) holding one rep with `--cards`
open opportunities spread over the open stages and 200 accounts, as many of a rep in another
team (not visible) and some closed ones of the rep's. Then renders /opportunities/pipeline/
with Django's test Client (DEBUG off, as in production) `--requests` times after `--warmup`
and prints the median and p95 time, the SQL query count and the HTML size. Prints figures;
nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def seed(cards: int) -> object:
    """The rep (returned) and the data, written in bulk; grants as opportunity_create gives
    them (the owner every action, the owner's team a view)."""
    from django.contrib.auth.models import Group, User

    from crm import access
    from crm.access import OWNER_ACTIONS, SALES_REP
    from crm.models import GrantCause, Team, UserProfile
    from opportunities.models import Opportunity, OpportunityStage, StageKind
    from parties.services import account_create

    def user(username: str, team_name: str) -> User:
        person = User.objects.create_user(username, password="demo")
        group, _ = Group.objects.get_or_create(name=f"Team {team_name}")
        team, _ = Team.objects.get_or_create(group=group)
        person.groups.add(Group.objects.get(name=SALES_REP), group)
        UserProfile.objects.update_or_create(user=person, defaults={"home_team": team})
        return person

    rep, other = user("rep", "North"), user("other", "South")
    open_stages = list(OpportunityStage.objects.filter(kind=StageKind.OPEN, active=True))
    lost = OpportunityStage.objects.get(kind=StageKind.LOST)
    today = datetime.date.today()
    now = datetime.datetime.now(datetime.UTC)

    def deals(owner: User, count: int, closed: bool = False) -> list[Opportunity]:
        accounts = [account_create(actor=owner, name=f"{owner} account {i}") for i in range(200)]
        rows = []
        for i in range(count):
            stage = lost if closed else open_stages[i % len(open_stages)]
            rows.append(
                Opportunity(
                    name=f"{accounts[i % 200].display_name} - deal {i}",
                    account=accounts[i % 200],
                    owner=owner,
                    amount=Decimal(1000 + (i * 37) % 50_000),
                    currency=["EUR", "USD", "GBP"][i % 3],
                    probability=stage.probability,
                    expected_close_date=today + datetime.timedelta(days=(i % 240) - 30),
                    stage=stage,
                    next_step="Call the buyer" if i % 2 else "",
                    next_step_date=today + datetime.timedelta(days=(i % 20) - 10),
                    closed_at=now if closed else None,
                    close_reason="Budget" if closed else "",
                    created_by=owner,
                    updated_by=owner,
                )
            )
        created = Opportunity.objects.bulk_create(rows, batch_size=500)
        team = owner.profile.home_team
        access.bulk_grant(
            Opportunity,
            holder="user",
            pairs=[(deal.pk, owner.pk) for deal in created],
            actions=OWNER_ACTIONS,
            cause=GrantCause.OWNER,
        )
        access.bulk_grant(
            Opportunity,
            holder="group",
            pairs=[(deal.pk, team.group_id) for deal in created],
            actions=(access.VIEW,),
            cause=GrantCause.TEAM,
        )
        return created

    deals(rep, cards)
    deals(rep, cards // 4, closed=True)
    deals(other, cards)
    return rep


def measure(client, path: str, warmup: int, requests: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        assert client.get(path).status_code == 200
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[min(len(times) - 1, round(0.95 * len(times)) - 1)],
        "queries": len(ctx.captured_queries),
        "bytes": len(response.content),
        "cards": sum(column.count for column in response.context["columns"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cards", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()

    django_setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment

    vendor = connection.vendor
    workdir = None
    if vendor == "sqlite":
        # A file, as the app runs on, rather than the test runner's in-memory database.
        workdir = tempfile.TemporaryDirectory(prefix="crm-bench-pipeline-")
        connection.settings_dict["TEST"]["NAME"] = f"{workdir.name}/bench.sqlite3"
    setup_test_environment(debug=False)
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        rep = seed(args.cards)
        print(f"seeded in {time.perf_counter() - started:.1f} s on {vendor}")
        client = Client()
        client.force_login(rep)
        for label, path in [
            ("board", "/opportunities/pipeline/"),
            ("board, filtered (this quarter)", "/opportunities/pipeline/?period=this_quarter"),
            ("board fragment (htmx)", "/opportunities/pipeline/"),
        ]:
            if label.startswith("board fragment"):
                client.defaults["HTTP_HX_REQUEST"] = "true"
            result = measure(client, path, args.warmup, args.requests)
            print(
                f"{label:32} {result['cards']:5} cards  median {result['median']:7.1f} ms  "
                f"p95 {result['p95']:7.1f} ms  {result['queries']:3} queries  "
                f"{result['bytes'] / 1024:7.0f} KiB"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
        if workdir is not None:
            workdir.cleanup()


if __name__ == "__main__":
    main()
