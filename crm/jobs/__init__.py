"""Background jobs (DESIGN §9): long work runs as a django-tasks task, never in a request, and
what the user sees of it (state, rows done of total, result, error, who started it) is a
crm.models.Job row, listed at /jobs/.

    @job_task
    def contacts_change_owner(job: Job, *, ids: list[int], owner_id: int) -> dict:
        for n, pk in enumerate(ids, 1):
            ...
            job.progress(n, len(ids))  # raises JobCancelled when the user cancelled
        return {"summary": f"{len(ids)} contacts changed"}

    job = enqueue(contacts_change_owner, user=request.user, label="Change owner of 120
                  contacts", ids=ids, owner_id=owner.pk)
    return redirect("job_detail", job.pk)

The function runs in one transaction: when it raises (or the user cancels) nothing it wrote is
kept. Raise JobError("...") for a message meant for the user; any other exception is logged
with its traceback and the user reads a generic message. The returned dict (JSON) is the
job's result; the job page shows its "summary" and links its "url" (labelled "url_label").

Scheduled work: `@scheduled(every=timedelta(hours=1))` above `@job_task` registers the task
with `manage.py run_schedule` (started by `make run`), which enqueues it when due. Put such
tasks in `<app>/tasks.py` (or any module the URLconf imports): the scheduler imports those.

A worker killed while it runs a job leaves the job "running": the job's heartbeat (renewed
by its worker) expires, and the scheduler marks such jobs failed (fail_stale_jobs).
"""

from crm.jobs.live import live_progress
from crm.jobs.runner import JobCancelled, JobError, enqueue, job_task, report_progress
from crm.jobs.schedule import SCHEDULE, Schedule, enqueue_due, scheduled
from crm.jobs.selectors import job_for, jobs_for
from crm.jobs.services import fail_stale_jobs, job_cancel

__all__ = [
    "SCHEDULE",
    "JobCancelled",
    "JobError",
    "Schedule",
    "enqueue",
    "enqueue_due",
    "fail_stale_jobs",
    "job_cancel",
    "job_for",
    "job_task",
    "jobs_for",
    "live_progress",
    "report_progress",
    "scheduled",
]
