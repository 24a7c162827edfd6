"""Writes on jobs the user asks for."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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


def fail_stale_jobs() -> list[int]:
    """Mark failed the running jobs whose worker stopped renewing their heartbeat (killed,
    crashed, its machine gone): their work ran in one transaction, which the database rolled
    back, so nothing of it was kept. Run by the scheduler (manage.py run_schedule) on each of
    its looks. Only jobs started more than CRM_JOB_STALE_AFTER seconds ago are judged (a
    worker beats as soon as it starts). Returns the ids failed."""
    started_before = timezone.now() - datetime.timedelta(seconds=settings.CRM_JOB_STALE_AFTER)
    running = list(
        Job.objects.filter(state=Job.State.RUNNING, started_at__lt=started_before).values_list(
            "pk", flat=True
        )
    )
    stale = sorted(set(running) - live.alive(running))
    if not stale:
        return []
    Job.objects.filter(pk__in=stale, state=Job.State.RUNNING).update(
        state=Job.State.FAILED,
        finished_at=timezone.now(),
        error=_(
            "The worker running this job stopped (it was killed or crashed); nothing the job "
            "did was kept. Start it again."
        ),
    )
    for pk in stale:
        live.forget(pk)
    logger.warning("Jobs %s: their worker stopped; marked failed", stale)
    return stale
