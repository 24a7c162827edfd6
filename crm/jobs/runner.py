"""job_task, enqueue and the runner that turns a task function into a Job's life."""

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import DEFAULT_TASK_QUEUE_NAME, task
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import DEFAULT_TASK_PRIORITY, Task
from django_tasks.utils import normalize_json
from django_tasks_db import DatabaseBackend

from crm.jobs import live
from crm.models import Job

logger = logging.getLogger(__name__)

# Arguments of enqueue() itself, or of the task the runner is; not usable as task kwargs.
RESERVED_KWARGS = {"job_id", "user", "label", "total"}


class JobCancelled(Exception):
    """Raised by Job.progress() once the user cancelled the job; the runner rolls the work
    back and marks the job cancelled. Let it propagate."""


class JobError(Exception):
    """A failure whose message is meant for the user (shown on the job's page as it is)."""


def job_task(
    func: Callable[..., Any] | None = None,
    *,
    queue_name: str = DEFAULT_TASK_QUEUE_NAME,
    priority: int = DEFAULT_TASK_PRIORITY,
):
    """Make `def work(job: Job, **kwargs) -> dict` a django-tasks task run through a Job.
    Decorate a module-level function; the task keeps its name, so the worker imports it."""

    def wrap(function: Callable[..., Any]) -> Task:
        @functools.wraps(function)
        def run_job(job_id: int, **kwargs: Any) -> dict:
            return _run(function, job_id, kwargs)

        return task(run_job, queue_name=queue_name, priority=priority)

    return wrap(func) if func is not None else wrap


def enqueue(task: Task, *, user: User | None, label: str, total: int = 0, **kwargs: Any) -> Job:
    """Create the Job (queued, started by `user`; None for scheduled work) and enqueue its
    task with the JSON-serialisable `kwargs`. With the immediate backend (tests) the job has
    run when this returns; the returned Job is read back from the database."""
    if RESERVED_KWARGS & kwargs.keys():
        raise TypeError(f"Task arguments may not be named {sorted(RESERVED_KWARGS)}")
    kwargs = normalize_json(kwargs)  # TypeError now rather than in the worker
    job = Job.objects.create(
        kind=task.module_path,
        label=label[:255],
        created_by=user if user is not None and user.is_authenticated else None,
        total=total,
    )
    # The cache may remember a job of the same id from a database since deleted.
    live.forget(job.pk)

    def send() -> None:
        result = task.enqueue(job_id=job.pk, **kwargs)
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id)[:64])

    if _runs_with_this_transaction(task):
        # Same database (or run in place): enqueued with the Job row, in its transaction.
        send()
    else:
        # A queue outside the database (RQ): its worker must find the committed Job row.
        transaction.on_commit(send)
    job.refresh_from_db()
    return job


def _runs_with_this_transaction(task: Task) -> bool:
    """Whether the task's backend sees the enqueuing transaction: the database queue, a task
    run in place, or an RQ queue configured to run synchronously (ASYNC: False, as the tests'
    RQ run does), which performs the job inside enqueue()."""
    backend = task.get_backend()
    if isinstance(backend, ImmediateBackend | DatabaseBackend):
        return True
    queue = settings.RQ_QUEUES.get(task.queue_name, {})
    return queue.get("ASYNC", True) is False


def report_progress(job: Job, done: int, total: int | None = None) -> None:
    """Job.progress(): remember the figures; publish them at most every
    CRM_JOB_PROGRESS_INTERVAL seconds (and always the last row), checking for a cancel."""
    job.done = max(0, int(done))
    if total is not None:
        job.total = max(0, int(total))
    now = time.monotonic()
    last = getattr(job, "_published_at", None)
    interval = settings.CRM_JOB_PROGRESS_INTERVAL
    if last is not None and now - last < interval and job.done != job.total:
        return
    job._published_at = now
    if live.publish(job.pk, job.done, job.total):
        raise JobCancelled


def user_message(exc: BaseException, job: Job) -> str:
    if isinstance(exc, JobError):
        return str(exc)
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return _(
        "An unexpected error stopped the job; nothing it did was kept. The details are in "
        "the server log (job %(pk)s)."
    ) % {"pk": job.pk}


def _finish(job: Job, state: str, *, result: dict | None = None, error: str = "") -> None:
    job.state = state
    job.finished_at = timezone.now()
    job.result = result or {}
    job.error = error
    Job.objects.filter(pk=job.pk).update(
        state=state,
        finished_at=job.finished_at,
        done=job.done,
        total=job.total,
        result=job.result,
        error=error,
    )
    live.forget(job.pk)


def _run(function: Callable[..., Any], job_id: int, kwargs: dict) -> dict:
    """The task body: claim the queued job, run the function in one transaction, record
    how it ended."""
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        logger.info("Job %s is no longer queued (cancelled before it started): skipped", job_id)
        return {"state": "skipped"}
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if live.cancel_requested(job.pk):
        _finish(job, Job.State.CANCELLED)
        return {"state": Job.State.CANCELLED}
    try:
        with live.heartbeat(job.pk), transaction.atomic():
            result = function(job, **kwargs)
            result = normalize_json({} if result is None else result)
            if not isinstance(result, dict):
                result = {"value": result}
            # A cancel that came after the last progress report still wins.
            if live.cancel_requested(job.pk):
                raise JobCancelled
    except JobCancelled:
        _finish(job, Job.State.CANCELLED)
        return {"state": Job.State.CANCELLED}
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(job, Job.State.FAILED, error=user_message(exc, job))
        raise
    except BaseException:
        # The worker is being stopped (a second Ctrl-C): the transaction was rolled back.
        _finish(
            job,
            Job.State.FAILED,
            error=_("The worker stopped while the job ran; nothing it did was kept."),
        )
        raise
    _finish(job, Job.State.DONE, result=result)
    return result
