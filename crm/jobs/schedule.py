"""Scheduled work: @scheduled(every=...) registers a job task; `manage.py run_schedule`
enqueues each one when it is due. The last run is kept in the database (ScheduledTask), and
a due run is claimed with a conditional UPDATE, so several schedulers (or one restarted)
enqueue it once."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks.base import Task

from crm.jobs.runner import enqueue, job_task
from crm.models import Job, ScheduledTask

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Schedule:
    name: str
    task: Task
    every: timedelta
    label: str


# Filled by @scheduled as the modules holding the tasks are imported.
SCHEDULE: dict[str, Schedule] = {}


def scheduled(*, every: timedelta, label: str = ""):
    """Register a job task (or a plain function, made one) to run every `every`; the job is
    labelled `label` (default: the first line of the docstring) and started by nobody."""
    if every <= timedelta(0):
        raise ValueError("every must be a positive timedelta")

    def register(target):
        task = target if isinstance(target, Task) else job_task(target)
        doc = (task.func.__doc__ or "").strip().splitlines()
        SCHEDULE[task.module_path] = Schedule(
            name=task.module_path,
            task=task,
            every=every,
            label=label or (doc[0] if doc else task.name),
        )
        return task

    return register


def enqueue_due(now: datetime | None = None) -> list[Job]:
    """Enqueue every registered task that is due (never run, or last enqueued at least
    `every` ago) and return their jobs."""
    now = now or timezone.now()
    jobs = []
    for schedule in list(SCHEDULE.values()):
        ScheduledTask.objects.get_or_create(name=schedule.name)
        with transaction.atomic():
            claimed = (
                ScheduledTask.objects.filter(name=schedule.name)
                .filter(
                    Q(last_enqueued_at__isnull=True) | Q(last_enqueued_at__lte=now - schedule.every)
                )
                .update(last_enqueued_at=now)
            )
            if not claimed:
                continue
            job = enqueue(schedule.task, user=None, label=schedule.label)
            ScheduledTask.objects.filter(name=schedule.name).update(last_job=job)
        logger.info("Scheduled %s enqueued as job %s", schedule.name, job.pk)
        jobs.append(job)
    return jobs
