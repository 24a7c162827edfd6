"""The events app's scheduled work (`manage.py run_schedule` imports `<app>.tasks`)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from crm.jobs import job_task, scheduled
from crm.models import Job
from events.services import reminders_send_due


@scheduled(every=timedelta(minutes=1))
@job_task
def send_event_reminders(job: Job, **kwargs) -> dict:
    """Send the reminders of events and tasks that are due."""
    result = reminders_send_due(now=timezone.now())
    return result | {
        "summary": f"{result['reminders']} reminders, {result['notifications']} notifications"
    }
