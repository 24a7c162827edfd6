"""A running job's progress and cancel requests, kept outside the database.

The job's work runs in one transaction; anything it wrote to the database would stay invisible
until it commits, and on SQLite that transaction holds the only write lock, so neither the
worker nor a web request could write the progress or a cancel request next to it. They go
through the "jobs" cache instead (settings.CACHES: Redis when REDIS_URL is set, files next to
the database otherwise); the Job row gets the final figures when the job ends.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import caches

from crm.models import Job

logger = logging.getLogger(__name__)

# Long enough for any job; the keys are deleted when the job ends.
TIMEOUT = 7 * 24 * 3600


def _cache():
    return caches["jobs" if "jobs" in settings.CACHES else "default"]


def _progress_key(pk: int) -> str:
    return f"crm-job:{pk}:progress"


def _cancel_key(pk: int) -> str:
    return f"crm-job:{pk}:cancel"


def publish(pk: int, done: int, total: int) -> bool:
    """Store the progress; True when a cancel was requested. A failing cache costs the
    progress display, never the job."""
    try:
        cache = _cache()
        cache.set(_progress_key(pk), [done, total], TIMEOUT)
        return bool(cache.get(_cancel_key(pk)))
    except Exception:
        logger.warning("Job %s: could not publish its progress", pk, exc_info=True)
        return False


def request_cancel(pk: int) -> None:
    _cache().set(_cancel_key(pk), 1, TIMEOUT)


def cancel_requested(pk: int) -> bool:
    try:
        return bool(_cache().get(_cancel_key(pk)))
    except Exception:
        logger.warning("Job %s: could not read its cancel request", pk, exc_info=True)
        return False


def forget(pk: int) -> None:
    try:
        _cache().delete_many([_progress_key(pk), _cancel_key(pk)])
    except Exception:
        logger.warning("Job %s: could not clear its progress", pk, exc_info=True)


def live_progress(jobs: Iterable[Job]) -> None:
    """Give the running (and queued) jobs among `jobs` their latest done/total and a
    `cancel_requested` flag, in one cache read. Other jobs get cancel_requested = False."""
    jobs = list(jobs)
    active = [job for job in jobs if job.is_active]
    for job in jobs:
        job.cancel_requested = False
    if not active:
        return
    keys = [k for job in active for k in (_progress_key(job.pk), _cancel_key(job.pk))]
    try:
        found = _cache().get_many(keys)
    except Exception:
        logger.warning("Could not read the progress of running jobs", exc_info=True)
        return
    for job in active:
        progress = found.get(_progress_key(job.pk))
        if progress and job.state == Job.State.RUNNING:
            job.done, job.total = progress
        job.cancel_requested = bool(found.get(_cancel_key(job.pk)))
