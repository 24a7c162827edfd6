"""The user's background jobs (crm.jobs): the list (theirs; an administrator may see
everyone's), one job's page with its progress (polled by htmx, reloaded without JavaScript)
and Cancel while it is queued or running. Another user's job is 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from crm.access import is_administrator
from crm.ids import parse_id
from crm.jobs import job_cancel, job_for, jobs_for, live_progress
from crm.models import Job
from crm.pagination import Ordering, request_page

NEWEST_FIRST = Ordering("created_at", descending=True)
# How often (seconds) a running job's page asks for its progress.
POLL_SECONDS = 2


def _job_or_404(request: HttpRequest, pk) -> Job:
    number = parse_id(pk)
    if number is None:
        raise Http404
    job = job_for(request.user, number)
    live_progress([job])
    return job


@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    may_see_all = is_administrator(request.user)
    scope = "all" if may_see_all and request.GET.get("scope") == "all" else "mine"
    page, query = request_page(
        request, jobs_for(request.user, everyone=scope == "all"), NEWEST_FIRST
    )
    live_progress(page.items)
    return render(
        request,
        "workspace/job_list.html",
        {
            "page": page,
            "querystring": query.urlencode(),
            "may_see_all": may_see_all,
            "job_scope": scope,
        },
    )


def _detail_context(job: Job) -> dict:
    return {"job": job, "poll_seconds": POLL_SECONDS}


@require_GET
def job_detail(request: HttpRequest, pk) -> HttpResponse:
    job = _job_or_404(request, pk)
    return render(request, "workspace/job_detail.html", _detail_context(job))


@require_GET
def job_progress(request: HttpRequest, pk) -> HttpResponse:
    """The part of the job's page that changes while it runs (htmx polls it)."""
    job = _job_or_404(request, pk)
    response = render(request, "workspace/_job_progress.html", _detail_context(job))
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def job_cancel_view(request: HttpRequest, pk) -> HttpResponse:
    job = _job_or_404(request, pk)
    if job_cancel(job=job, user=request.user):
        if job.state == Job.State.CANCELLED:
            messages.success(request, _("The job is cancelled; it did not start."))
        else:
            # The page itself says what happens next (and keeps saying it while it runs).
            messages.info(request, _("Cancel requested."))
    else:
        messages.info(
            request,
            _("The job had already ended (%(state)s).") % {"state": job.get_state_display()},
        )
    return redirect("job_detail", job.pk)
