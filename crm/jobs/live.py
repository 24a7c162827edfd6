"""A running job's progress and cancel requests, kept outside the database.

The job's work runs in one transaction; anything it wrote to the database would stay invisible
until it commits, and on SQLite that transaction holds the only write lock, so neither the
worker nor a web request could write the progress or a cancel request next to it. They go
through the "jobs" cache instead (settings.CACHES: Redis when REDIS_URL is set, files next to
the database otherwise); the Job row gets the final figures when the job ends.
"""

import logging
import threading
from collections.abc import Iterable
from contextlib import contextmanager

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


def _beat_key(pk: int) -> str:
    return f"crm-job:{pk}:beat"


def _stale_after() -> float:
    return settings.CRM_JOB_STALE_AFTER


@contextmanager
def heartbeat(pk: int):
    """While the job runs, a thread of its worker renews a key that expires
    CRM_JOB_STALE_AFTER seconds after its last renewal: a worker killed (SIGKILL, out of
    memory, the machine gone) stops renewing it, and `alive()` tells the scheduler so."""
    stop = threading.Event()

    def beat() -> None:
        while True:
            try:
                _cache().set(_beat_key(pk), 1, _stale_after())
            except Exception:
                logger.warning("Job %s: could not renew its heartbeat", pk, exc_info=True)
            if stop.wait(_stale_after() / 4):
                return

    thread = threading.Thread(target=beat, name=f"crm-job-{pk}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        try:
            _cache().delete(_beat_key(pk))
        except Exception:
            logger.warning("Job %s: could not clear its heartbeat", pk, exc_info=True)


def alive(pks: Iterable[int]) -> set[int]:
    """Which of these running jobs' workers renewed their heartbeat lately. A cache that
    cannot be read counts them all alive: nothing is failed for a missing reading."""
    pks = list(pks)
    if not pks:
        return set()
    try:
        found = _cache().get_many([_beat_key(pk) for pk in pks])
    except Exception:
        logger.warning("Could not read the heartbeats of running jobs", exc_info=True)
        return set(pks)
    return {pk for pk in pks if _beat_key(pk) in found}


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
