"""Jobs on RQ (REDIS_URL set): two jobs end to end through a real `manage.py rqworker`
process on the local Redis — one ends done with its result, one that fails keeps nothing and
says why. The worker opens the same database (a file copy of the in-memory SQLite database,
or the PostgreSQL test database), as test_jobs_worker does for the database worker.

Skipped, with the reason, when no Redis answers; CRM_REDIS_REQUIRED=1 (.ci/run) makes that a
failure instead."""

import os
import subprocess
import sys

import pytest
import redis
from django.conf import settings
from django.contrib.auth.models import Group, User

from crm.jobs import JobError, enqueue, job_task
from crm.models import Job
from tests.crm.test_jobs_worker import _database_url, _outcome

pytestmark = pytest.mark.django_db(transaction=True)

# A Redis database of its own, emptied before the test: the worker drains it (--burst).
REDIS_URL = os.environ.get("CRM_TEST_RQ_WORKER_URL", "redis://127.0.0.1:6379/14")
WORKER_TIMEOUT = 120


@job_task
def make_group(job, *, group: str) -> dict:
    Group.objects.create(name=group)
    job.progress(1, 1)
    return {"summary": f"Made {group}"}


@job_task
def make_group_then_fail(job, *, group: str) -> dict:
    Group.objects.create(name=group)
    raise JobError("The file ended early.")


@pytest.fixture
def rq_settings(settings, tmp_path):
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.RedisError as exc:
        message = f"no Redis at {REDIS_URL} ({exc}): the RQ worker test is skipped"
        if os.environ.get("CRM_REDIS_REQUIRED") == "1":
            pytest.fail(message)
        pytest.skip(message)
    connection.flushdb()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    yield connection
    connection.flushdb()


def test_an_rq_worker_runs_the_jobs(rq_settings, tmp_path):
    user = User.objects.create_user("rq-test")
    done = enqueue(make_group, user=user, label="Make a group", group="made by the first")
    failed = enqueue(
        make_group_then_fail, user=user, label="Make, then fail", group="made by the second"
    )
    # On RQ a job waits in Redis for a worker (sent once its Job row was committed).
    assert (done.state, failed.state) == (Job.State.QUEUED, Job.State.QUEUED)
    assert rq_settings.llen("rq:queue:default") == 2
    url, sqlite_path = _database_url(tmp_path)

    worker = subprocess.run(
        [sys.executable, "manage.py", "rqworker", "default", "--burst"],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": url,
            "REDIS_URL": REDIS_URL,
            "CRM_JOB_PROGRESS_INTERVAL": "0",
        },
        capture_output=True,
        text=True,
        timeout=WORKER_TIMEOUT,
    )
    assert worker.returncode == 0, worker.stdout + worker.stderr

    rows, groups = _outcome(sqlite_path, [done.pk, failed.pk])
    assert rows[done.pk] == ("done", 1, 1, '{"summary": "Made made by the first"}', "")
    assert rows[failed.pk][0] == "failed"
    assert rows[failed.pk][4] == "The file ended early."
    assert groups == ["made by the first"]  # the failed job's group was rolled back
    assert rq_settings.llen("rq:queue:default") == 0
