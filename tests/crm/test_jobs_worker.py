"""One job end to end through the real database worker (`manage.py db_worker` in its own
process): it picks the task up, its progress shows while it runs, it ends done; a second job
cancelled while it runs keeps nothing; a worker killed mid-job leaves a job that the scheduler
(`manage.py run_schedule`) marks failed once its heartbeat has expired.

The worker needs a database it can open: on SQLite the test's in-memory database is copied to
a file (SQLite's backup API) and the outcome read back from that file; on PostgreSQL the
worker opens the test database itself."""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection

from crm.jobs import enqueue, job_task, live
from crm.models import Job

pytestmark = pytest.mark.django_db(transaction=True)

STEPS = 15
STEP_SECONDS = 0.15
WORKER_TIMEOUT = 60


@job_task
def slow_count(job: Job, *, group: str) -> dict:
    Group.objects.create(name=group)
    for i in range(1, STEPS + 1):
        time.sleep(STEP_SECONDS)
        job.progress(i, STEPS)
    return {"summary": f"Counted to {STEPS}"}


def _database_url(tmp_path: Path) -> tuple[str, Path | None]:
    if connection.vendor == "sqlite":
        path = tmp_path / "worker.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}", path
    if connection.vendor != "postgresql":
        pytest.skip(f"the worker test knows SQLite and PostgreSQL, not {connection.vendor}")
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        None,
    )


def _wait_for(condition, what: str, worker: subprocess.Popen, timeout: float = WORKER_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if worker.poll() is not None and not condition():
            break
        time.sleep(0.05)
    worker.kill()
    out = worker.communicate()[0]
    pytest.fail(f"waited in vain for {what}; the worker said:\n{out}")


def _worker(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.1",
            *args,
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _env(url: str, **extra: str) -> dict:
    return {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": url,
        "CRM_JOBS_DIR": settings.CACHES["jobs"]["LOCATION"],
        "CRM_JOB_PROGRESS_INTERVAL": "0",
        **extra,
    }


def _live(pk: int) -> tuple[int, int] | None:
    job = Job(pk=pk, state=Job.State.RUNNING)
    live.live_progress([job])
    return (job.done, job.total) if job.done else None


def test_the_database_worker_runs_a_job_and_reports_its_progress(tmp_path, settings_override):
    user = User.objects.create_user("worker-test")
    first = enqueue(slow_count, user=user, label="Count slowly", group="made by the first")
    second = enqueue(slow_count, user=user, label="Count, cancelled", group="made by the second")
    assert (first.state, second.state) == (Job.State.QUEUED, Job.State.QUEUED)
    url, sqlite_path = _database_url(tmp_path)

    worker = _worker(_env(url), "--batch")
    try:
        # The first job's progress shows while it runs (outside its transaction).
        seen = _wait_for(
            lambda: (p := _live(first.pk)) and 0 < p[0] < STEPS and p,
            "the first job's progress",
            worker,
        )
        assert seen[1] == STEPS
        # The second starts after it; cancel it midway.
        _wait_for(lambda: _live(second.pk), "the second job to start", worker)
        live.request_cancel(second.pk)
        out = worker.communicate(timeout=WORKER_TIMEOUT)[0]
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, out

    rows, groups = _outcome(sqlite_path, [first.pk, second.pk])
    assert rows[first.pk] == ("done", STEPS, STEPS, '{"summary": "Counted to 15"}', "")
    state, done, total, result, error = rows[second.pk]
    assert (state, total, result, error) == ("cancelled", STEPS, "{}", "")
    assert 0 < done < STEPS
    assert groups == ["made by the first"]  # the cancelled job's group was rolled back


def test_a_job_whose_worker_was_killed_is_marked_failed_by_the_scheduler(
    tmp_path, settings_override
):
    user = User.objects.create_user("worker-test")
    job = enqueue(slow_count, user=user, label="Count, then killed", group="made by the killed")
    url, sqlite_path = _database_url(tmp_path)
    env = _env(url, CRM_JOB_STALE_AFTER="1")
    worker = _worker(env)
    try:
        _wait_for(lambda: _live(job.pk), "the job to start", worker)
    finally:
        worker.kill()
        worker.communicate()
    assert _outcome(sqlite_path, [job.pk, job.pk])[0][job.pk][0] == "running"
    time.sleep(1.5)  # the heartbeat, renewed every 0.25 s while the worker lived, expires
    scheduler = subprocess.run(
        [sys.executable, "manage.py", "run_schedule", "--once"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=WORKER_TIMEOUT,
    )
    assert scheduler.returncode == 0, scheduler.stderr
    assert f"Job {job.pk}: its worker stopped; marked failed" in scheduler.stdout
    rows, groups = _outcome(sqlite_path, [job.pk, job.pk])
    state, _done, _total, _result, error = rows[job.pk]
    assert state == "failed" and "was killed or crashed" in error
    assert groups == []  # what the job wrote was rolled back with its worker


def _outcome(sqlite_path: Path | None, pks: list[int]):
    query = "SELECT id, state, done, total, result, error FROM crm_job WHERE id IN (%s, %s)"
    groups = "SELECT name FROM auth_group WHERE name LIKE 'made by%%' ORDER BY name"
    if sqlite_path is None:
        with connection.cursor() as cursor:
            cursor.execute(query, pks)
            rows = cursor.fetchall()
            cursor.execute(groups)
            names = [n for (n,) in cursor.fetchall()]
        rows = [(r[0], r[1], r[2], r[3], _json_text(r[4]), r[5]) for r in rows]
    else:
        db = sqlite3.connect(sqlite_path)
        rows = db.execute(query.replace("%s", "?"), pks).fetchall()
        names = [n for (n,) in db.execute(groups.replace("%%", "%")).fetchall()]
        db.close()
    return {r[0]: tuple(r[1:]) for r in rows}, names


def _json_text(value) -> str:
    import json

    return value if isinstance(value, str) else json.dumps(value)


@pytest.fixture
def settings_override(settings, tmp_path):
    """The database backend (the worker runs the tasks) and a progress store the worker and
    this test share (files in tmp_path)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CACHES = {
        **settings.CACHES,
        "jobs": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "jobs"),
        },
    }
    return settings
