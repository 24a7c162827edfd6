"""Writes on jobs the user asks for."""

import logging

from django.contrib.auth.models import User
from django.db import OperationalError, transaction
from django.utils import timezone

from crm.jobs import live
from crm.models import Job

logger = logging.getLogger(__name__)


def job_cancel(*, job: Job, user: User) -> bool:
    """Ask a queued or running job to stop; False when it had already ended. A queued job is
    cancelled at once; a running one stops at its next progress report (its work is rolled
    back) and the runner marks it cancelled. `job` comes from job_for(user, pk)."""
    if not job.is_active:
        return False
    live.request_cancel(job.pk)
    logger.info("Job %s: cancel requested by %s", job.pk, user.pk)
    try:
        with transaction.atomic():
            stopped = Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(
                state=Job.State.CANCELLED, finished_at=timezone.now()
            )
    except OperationalError:
        # SQLite while another job holds the write lock: the runner reads the request when
        # it picks this job up.
        stopped = 0
    if stopped:
        live.forget(job.pk)
        job.state = Job.State.CANCELLED
    return True
