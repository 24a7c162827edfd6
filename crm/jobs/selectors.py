"""Which jobs a user sees: their own; an administrator everyone's (and the scheduled ones)."""

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from crm.access import is_administrator
from crm.models import Job


def jobs_for(user: User, *, everyone: bool = False) -> QuerySet[Job]:
    """The user's jobs, newest first; with everyone=True an administrator's view of all."""
    jobs = Job.objects.select_related("created_by")
    if everyone and is_administrator(user):
        return jobs
    return jobs.filter(created_by=user)


def job_for(user: User, pk: int) -> Job:
    """One job the user may see, or 404 (another user's job, unless an administrator)."""
    jobs = Job.objects.select_related("created_by")
    if not is_administrator(user):
        jobs = jobs.filter(created_by=user)
    return get_object_or_404(jobs, pk=pk)
