"""Enqueue the @scheduled job tasks when they are due (README: Background jobs).

`make run` starts it next to the web server and the worker; in production run one (or more:
each due run is enqueued once) per deployment, or `--once` from cron.
"""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.urls import get_resolver
from django.utils.module_loading import autodiscover_modules

from crm.jobs import SCHEDULE, enqueue_due, fail_stale_jobs


def discover_scheduled_tasks() -> None:
    """Import the modules that declare scheduled tasks: every app's tasks.py and jobs.py,
    and everything the URLconf imports (views and the services they call)."""
    autodiscover_modules("tasks", "jobs")
    get_resolver().url_patterns  # noqa: B018 - imports the views


class Command(BaseCommand):
    help = "Enqueue scheduled background jobs when they are due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Enqueue what is due now, then exit."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=30.0,
            help="Seconds between looks at the schedule (default: %(default)s).",
        )

    def handle(self, *, once: bool, interval: float, verbosity: int, **options):
        discover_scheduled_tasks()
        if verbosity > 1 or not once:
            for schedule in SCHEDULE.values():
                self.stdout.write(f"Scheduled: {schedule.name} every {schedule.every}")
        self.running = True
        if not once:
            signal.signal(signal.SIGTERM, self._stop)
            signal.signal(signal.SIGINT, self._stop)
        while True:
            for pk in fail_stale_jobs():
                self.stdout.write(f"Job {pk}: its worker stopped; marked failed")
            for job in enqueue_due():
                self.stdout.write(f"Enqueued job {job.pk}: {job.label}")
            if once:
                return
            close_old_connections()
            slept = 0.0
            while self.running and slept < interval:
                time.sleep(min(1.0, interval - slept))
                slept += 1.0
            if not self.running:
                return

    def _stop(self, signum, frame):
        self.running = False
