"""The job pages: /jobs/ (mine; an administrator's "all"), a job's page with its progress
(htmx polling, a self-reload without JavaScript), Cancel; another user's job is 404."""

import re
from html import unescape

import pytest
from django.urls import reverse

from crm.jobs import enqueue, job_task, live
from crm.models import Job
from tests.helpers import assert_flat_queries

pytestmark = pytest.mark.django_db


def make_job(user, label="Import contacts.csv", **fields) -> Job:
    return Job.objects.create(created_by=user, kind="tests.job", label=label, **fields)


@job_task
def tidy_up(job: Job, *, n: int) -> dict:
    for i in range(1, n + 1):
        job.progress(i, n)
    return {
        "summary": f"{n} contacts tidied",
        "url": "/contacts/",
        "url_label": "See the contacts",
        "details": {"Tidied": n, "Skipped": 0},
    }


def _progress_tag(html: str) -> str:
    """The opening tag of the job page's changing part (where htmx's polling is declared)."""
    return re.search(r'<div class="card-body" id="job-progress"[^>]*>', html).group(0)


def _text(response) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_list_shows_my_jobs_and_not_others(client_for, alice, dan):
    make_job(alice, "Alice's import", state=Job.State.DONE, total=10, done=10)
    make_job(dan, "Dan's export")

    text = _text(client_for(alice).get("/jobs/"))

    assert "Alice's import" in text
    assert "10 / 10 (100 %)" in text
    assert "Dan's export" not in text
    assert "All" not in re.findall(r'class="nav-link[^"]*"[^>]*>(\w+)<', text)


def test_a_user_who_is_no_administrator_cannot_ask_for_all(client_for, alice, dan):
    make_job(dan, "Dan's export")

    assert "Dan's export" not in _text(client_for(alice).get("/jobs/?scope=all"))


def test_an_administrator_sees_mine_or_all(client_for, admin_user, dan):
    make_job(dan, "Dan's export")
    make_job(None, "Nightly clean-up")
    make_job(admin_user, "Admin's merge")
    client = client_for(admin_user)

    mine = _text(client.get("/jobs/"))
    everyone = _text(client.get("/jobs/?scope=all"))

    assert "Admin's merge" in mine and "Dan's export" not in mine
    assert "Dan's export" in everyone and "Nightly clean-up" in everyone
    assert "the schedule" in everyone  # who started the scheduled one
    assert "Started by" in everyone


def test_an_empty_list_says_what_jobs_are(client_for, alice):
    assert "No jobs yet" in _text(client_for(alice).get("/jobs/"))


def test_a_running_jobs_page_shows_its_progress_and_polls_it(client_for, alice):
    job = make_job(alice, state=Job.State.RUNNING)
    live.publish(job.pk, 30, 120)

    response = client_for(alice).get(f"/jobs/{job.pk}/")
    html = response.content.decode()

    assert "30 of 120 rows done (25 %)" in _text(response)
    assert 'style="width: 25%"' in html
    assert f'hx-get="{reverse("job_progress", args=[job.pk])}"' in _progress_tag(html)
    assert 'hx-trigger="every 2s"' in _progress_tag(html)
    head = html.split("</head>")[0]
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in head
    assert "Cancel job" in html


def test_an_ended_jobs_page_neither_polls_nor_reloads(client_for, alice):
    job = enqueue(tidy_up, user=alice, label="Tidy up", n=4)

    response = client_for(alice).get(f"/jobs/{job.pk}/")
    html, text = response.content.decode(), _text(response)

    assert "hx-trigger" not in _progress_tag(html)
    assert 'http-equiv="refresh"' not in html
    assert "Cancel job" not in html
    assert "4 of 4 rows done (100 %)" in text
    assert "4 contacts tidied" in text
    assert '<a class="alert-link" href="/contacts/">See the contacts</a>' in html
    assert "Tidied 4" in text and "Skipped 0" in text
    assert f"Started by {alice.get_full_name()}" in text


def test_a_result_link_off_the_site_is_not_linked(client_for, alice):
    job = make_job(
        alice,
        state=Job.State.DONE,
        result={"summary": "Exported", "url": "//evil.example/x", "url_label": "Download"},
    )

    html = client_for(alice).get(f"/jobs/{job.pk}/").content.decode()

    assert "Exported" in html
    assert "evil.example" not in html


def test_a_failed_job_shows_its_message(client_for, alice):
    job = make_job(alice, state=Job.State.FAILED, error="Row 12: the e-mail address is not valid.")

    text = _text(client_for(alice).get(f"/jobs/{job.pk}/"))

    assert "Failed" in text
    assert "Row 12: the e-mail address is not valid." in text


def test_the_progress_fragment_answers_the_latest_figures(client_for, alice):
    job = make_job(alice, state=Job.State.RUNNING, total=10)
    client = client_for(alice)
    live.publish(job.pk, 7, 10)

    response = client.get(f"/jobs/{job.pk}/progress/", HTTP_HX_REQUEST="true")

    assert response["Cache-Control"] == "no-store"
    assert "<html" not in response.content.decode()
    assert "7 of 10 rows done (70 %)" in _text(response)

    Job.objects.filter(pk=job.pk).update(state=Job.State.DONE, done=10)
    done = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert "hx-trigger" not in _progress_tag(done)  # polling stops with the job
    assert "10 of 10 rows done (100 %)" in done


def test_another_users_job_is_404_and_the_administrator_sees_it(client_for, alice, bob, admin_user):
    job = make_job(alice)

    for url in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/progress/"):
        assert client_for(bob).get(url).status_code == 404
        assert client_for(admin_user).get(url).status_code == 200
    assert client_for(bob).post(f"/jobs/{job.pk}/cancel/").status_code == 404
    assert Job.objects.get(pk=job.pk).state == Job.State.QUEUED
    assert client_for(alice).get("/jobs/nonsense/").status_code == 404
    assert client_for(alice).get("/jobs/98765/").status_code == 404


def test_cancel_a_queued_job(client_for, alice):
    job = make_job(alice)

    response = client_for(alice).post(f"/jobs/{job.pk}/cancel/", follow=True)

    assert response.redirect_chain[-1][0] == f"/jobs/{job.pk}/"
    assert "The job is cancelled; it did not start." in _text(response)
    assert Job.objects.get(pk=job.pk).state == Job.State.CANCELLED
    assert "Cancel job" not in response.content.decode()


def test_cancel_a_running_job_asks_it_to_stop(client_for, alice):
    job = make_job(alice, state=Job.State.RUNNING)

    response = client_for(alice).post(f"/jobs/{job.pk}/cancel/", follow=True)
    text = _text(response)

    assert "Cancel requested. " in text
    assert "Cancel requested: the job stops at its next step and keeps nothing." in text
    assert "Cancelling" in text
    assert "Cancel job" not in text
    assert live.cancel_requested(job.pk)
    # The worker marks it cancelled when it stops.
    assert Job.objects.get(pk=job.pk).state == Job.State.RUNNING


def test_cancel_an_ended_job_says_so(client_for, alice):
    job = make_job(alice, state=Job.State.DONE)

    response = client_for(alice).post(f"/jobs/{job.pk}/cancel/", follow=True)

    assert "The job had already ended (Done)." in _text(response)
    assert Job.objects.get(pk=job.pk).state == Job.State.DONE


def test_cancel_needs_a_post(client_for, alice):
    job = make_job(alice)

    assert client_for(alice).get(f"/jobs/{job.pk}/cancel/").status_code == 405


def test_the_user_menu_links_the_jobs(client_for, alice):
    html = client_for(alice).get("/").content.decode()

    assert 'href="/jobs/"' in html


def test_the_list_reads_a_constant_number_of_queries(client_for, admin_user, alice):
    make_job(alice, state=Job.State.RUNNING)
    make_job(admin_user, state=Job.State.RUNNING)
    client = client_for(admin_user)

    def grow():
        for n in range(30):
            make_job(alice if n % 2 else admin_user, f"Job {n}", state=Job.State.RUNNING)

    assert_flat_queries(client, "/jobs/?scope=all", grow=grow, budget=8)
    assert_flat_queries(client, "/jobs/", grow=grow, budget=8)


def test_the_job_page_reads_a_constant_number_of_queries(client_for, alice):
    job = make_job(alice, state=Job.State.DONE, result={"details": {"a": 1}})
    client = client_for(alice)

    def grow():
        Job.objects.filter(pk=job.pk).update(
            result={"summary": "x", "details": {str(n): n for n in range(50)}}
        )

    assert_flat_queries(client, f"/jobs/{job.pk}/", grow=grow, budget=6)
    assert_flat_queries(client, f"/jobs/{job.pk}/progress/", grow=grow, budget=6)
