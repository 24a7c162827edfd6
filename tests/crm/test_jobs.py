"""Background jobs (crm.jobs): state transitions, progress, failures and cancels that leave
nothing, the schedule. Tasks run in place (the immediate backend, tests/conftest.py)."""

import logging
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from crm.jobs import (
    SCHEDULE,
    JobCancelled,
    JobError,
    enqueue,
    enqueue_due,
    fail_stale_jobs,
    job_cancel,
    job_task,
    live_progress,
    scheduled,
)
from crm.models import Job, ScheduledTask

pytestmark = pytest.mark.django_db


@job_task
def count_to(job: Job, *, n: int, team: str = "") -> dict:
    if team:
        Group.objects.create(name=team)
    for i in range(1, n + 1):
        job.progress(i, n)
    return {"summary": f"Counted to {n}", "n": n}


@job_task
def fail_politely(job: Job, *, team: str) -> dict:
    Group.objects.create(name=team)
    job.progress(1, 3)
    raise JobError("Row 2: the e-mail address is not valid.")


@job_task
def fail_badly(job: Job, *, team: str) -> dict:
    Group.objects.create(name=team)
    return {"x": 1 / 0}


@job_task
def cancelled_midway(job: Job, *, team: str) -> dict:
    Group.objects.create(name=team)
    job.progress(1, 10)
    # The user presses Cancel (another request) while the job runs.
    job_cancel(job=Job.objects.get(pk=job.pk), user=job.created_by)
    job.progress(2, 10)
    raise AssertionError("progress() should have raised JobCancelled")


@job_task
def cancelled_after_last_row(job: Job, *, team: str) -> dict:
    Group.objects.create(name=team)
    job.progress(5, 5)
    job_cancel(job=Job.objects.get(pk=job.pk), user=job.created_by)
    return {"summary": "should not be kept"}


@job_task
def peek_progress(job: Job) -> dict:
    job.progress(2, 4)
    seen = Job.objects.get(pk=job.pk)
    stored = (seen.state, seen.done, seen.total)
    live_progress([seen])
    return {"stored": list(stored), "live": [seen.done, seen.total]}


def test_enqueue_runs_the_job_and_stores_its_result(alice):
    job = enqueue(count_to, user=alice, label="Count to three", n=3)

    assert job.state == Job.State.DONE
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.result == {"summary": "Counted to 3", "n": 3}
    assert job.error == ""
    assert job.created_by == alice
    assert job.label == "Count to three"
    assert job.kind == "tests.crm.test_jobs.count_to"
    assert job.task_result_id
    assert job.created_at <= job.started_at <= job.finished_at


@job_task
def look_at_stale_jobs(job: Job) -> dict:
    """While this job runs (its heartbeat renewed), the sweep judges every running job."""
    return {"failed": fail_stale_jobs()}


def test_a_running_job_without_a_heartbeat_is_failed_and_a_live_one_is_not(alice, settings):
    settings.CRM_JOB_STALE_AFTER = 60
    long_ago = timezone.now() - timedelta(minutes=5)
    orphan = Job.objects.create(
        kind="x", label="Orphan", created_by=alice, state=Job.State.RUNNING, started_at=long_ago
    )
    just_started = Job.objects.create(
        kind="x", label="New", created_by=alice, state=Job.State.RUNNING, started_at=timezone.now()
    )
    sweeper = enqueue(look_at_stale_jobs, user=alice, label="Sweep")
    # The sweeper itself ran for less than a minute, so it is not judged; had it been, its
    # own heartbeat would have kept it.
    assert sweeper.result == {"failed": [orphan.pk]}
    orphan.refresh_from_db()
    just_started.refresh_from_db()
    assert orphan.state == Job.State.FAILED and orphan.finished_at
    assert "killed or crashed" in orphan.error
    assert just_started.state == Job.State.RUNNING
    assert fail_stale_jobs() == []


def test_a_job_with_a_live_heartbeat_is_not_failed(alice, settings):
    from crm.jobs import live

    settings.CRM_JOB_STALE_AFTER = 60
    job = Job.objects.create(
        kind="x",
        label="Busy",
        created_by=alice,
        state=Job.State.RUNNING,
        started_at=timezone.now() - timedelta(minutes=5),
    )
    with live.heartbeat(job.pk):
        assert fail_stale_jobs() == []
    assert fail_stale_jobs() == [job.pk]


def test_progress_is_visible_outside_the_jobs_transaction(alice):
    job = enqueue(peek_progress, user=alice, label="Peek")

    # The row says running with no figures yet (the transaction has not ended); the live
    # progress read by the job's page has them.
    assert job.result == {"stored": ["running", 0, 0], "live": [2, 4]}
    assert (job.done, job.total, job.percent) == (2, 4, 50)


def test_a_failure_stores_the_message_and_keeps_nothing(alice):
    job = enqueue(fail_politely, user=alice, label="Import", team="Half imported")

    assert job.state == Job.State.FAILED
    assert job.error == "Row 2: the e-mail address is not valid."
    assert job.finished_at is not None
    assert (job.done, job.total) == (1, 3)
    assert not Group.objects.filter(name="Half imported").exists()


def test_an_unexpected_error_is_logged_and_the_user_reads_no_traceback(alice, caplog):
    with caplog.at_level(logging.ERROR, logger="crm.jobs.runner"):
        job = enqueue(fail_badly, user=alice, label="Divide", team="Never")

    assert job.state == Job.State.FAILED
    assert "unexpected error" in job.error
    assert "ZeroDivisionError" not in job.error and "Traceback" not in job.error
    assert "ZeroDivisionError" in caplog.text
    assert not Group.objects.filter(name="Never").exists()


def test_cancel_while_running_rolls_the_work_back(alice):
    job = enqueue(cancelled_midway, user=alice, label="Cancel me", team="Rolled back")

    assert job.state == Job.State.CANCELLED
    assert job.finished_at is not None
    assert job.done == 2  # where it stopped
    assert not Group.objects.filter(name="Rolled back").exists()


def test_cancel_after_the_last_progress_report_still_wins(alice):
    job = enqueue(cancelled_after_last_row, user=alice, label="Late cancel", team="Late")

    assert job.state == Job.State.CANCELLED
    assert job.result == {}
    assert not Group.objects.filter(name="Late").exists()


def test_a_queued_job_cancelled_never_runs(alice, settings):
    # The database backend only queues the task (no worker runs in this test).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = enqueue(count_to, user=alice, label="Queued", n=2, team="Not run")
    assert job.state == Job.State.QUEUED

    assert job_cancel(job=job, user=alice) is True
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED

    # The worker picks the task up later: it sees the job is no longer queued.
    assert count_to.call(job_id=job.pk, n=2, team="Not run") == {"state": "skipped"}
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED
    assert job.started_at is None
    assert not Group.objects.filter(name="Not run").exists()


def test_a_finished_job_cannot_be_cancelled(alice):
    job = enqueue(count_to, user=alice, label="Done", n=1)

    assert job_cancel(job=job, user=alice) is False
    job.refresh_from_db()
    assert job.state == Job.State.DONE


def test_enqueue_refuses_arguments_the_worker_could_not_read(alice):
    with pytest.raises(TypeError):
        enqueue(count_to, user=alice, label="Bad", n=timezone.now())
    with pytest.raises(TypeError):
        enqueue(count_to, user=alice, label="Bad", n=1, job_id=3)
    assert not Job.objects.exists()


def test_job_cancelled_is_an_exception_the_function_lets_through():
    assert issubclass(JobCancelled, Exception)


# The schedule ---------------------------------------------------------------------------


@job_task
def nightly_cleanup(job: Job) -> dict:
    """Nightly clean-up"""
    Group.objects.create(name=f"Cleanup {job.pk}")
    return {"summary": "Cleaned"}


@pytest.fixture
def schedule():
    """An empty registry for the test; scheduled() adds to it."""
    with mock.patch.dict(SCHEDULE, clear=True):
        yield SCHEDULE


def test_scheduled_registers_a_task_and_enqueue_due_runs_it_once(schedule):
    scheduled(every=timedelta(hours=1))(nightly_cleanup)
    assert list(schedule) == ["tests.crm.test_jobs.nightly_cleanup"]

    first = enqueue_due()
    assert [(j.label, j.state, j.created_by) for j in first] == [
        ("Nightly clean-up", Job.State.DONE, None)
    ]
    assert enqueue_due() == []
    assert enqueue_due(timezone.now() + timedelta(minutes=59)) == []
    later = enqueue_due(timezone.now() + timedelta(minutes=61))
    assert len(later) == 1
    assert Group.objects.filter(name__startswith="Cleanup").count() == 2
    row = ScheduledTask.objects.get(name="tests.crm.test_jobs.nightly_cleanup")
    assert row.last_job == later[0]


def test_a_run_claimed_by_another_scheduler_is_not_enqueued_again(schedule):
    scheduled(every=timedelta(hours=1), label="Clean")(nightly_cleanup)
    # Another scheduler (or this one before a restart) enqueued it ten minutes ago.
    ScheduledTask.objects.create(
        name="tests.crm.test_jobs.nightly_cleanup",
        last_enqueued_at=timezone.now() - timedelta(minutes=10),
    )

    assert enqueue_due() == []
    assert not Job.objects.exists()


def test_run_schedule_once_enqueues_only_what_is_due(schedule):
    scheduled(every=timedelta(hours=1), label="Hourly")(nightly_cleanup)
    scheduled(every=timedelta(days=1), label="Daily")(count_to_zero)
    ScheduledTask.objects.create(
        name="tests.crm.test_jobs.count_to_zero", last_enqueued_at=timezone.now()
    )
    out = StringIO()

    with mock.patch("crm.management.commands.run_schedule.discover_scheduled_tasks"):
        call_command("run_schedule", "--once", stdout=out)
        call_command("run_schedule", "--once", stdout=out)

    assert list(Job.objects.values_list("label", "state")) == [("Hourly", "done")]
    assert out.getvalue().count("Enqueued job") == 1


@job_task
def count_to_zero(job: Job) -> dict:
    return {}


def test_scheduled_refuses_a_period_that_is_not_positive():
    with pytest.raises(ValueError):
        scheduled(every=timedelta(0))
