"""Background jobs: inline without Redis, on an RQ worker with it; failures are recorded."""

import os
import uuid

import pytest

from reviewhub import jobs
from reviewhub.errors import InvalidTransition
from reviewhub.extensions import db
from tests import factories as f


def count_to(job, *, n):
    for i in range(n):
        jobs.report_progress(job, i + 1, n, f"step {i + 1}")
    return {"counted": n}


def explode(job):
    raise RuntimeError("boom")


def test_inline_job_runs_and_records_progress(app):
    event = f.make_event()
    job = jobs.create("tests.test_jobs:count_to", title="Count", event=event, n=3)
    db.session.commit()
    jobs.start(job)
    db.session.expire_all()
    job = db.session.get(jobs.Job, job.id)
    assert job.status == "finished" and job.result == {"counted": 3} and (job.done, job.total) == (3, 3)


def test_failed_job_keeps_its_error(app):
    job = jobs.create("tests.test_jobs:explode", title="Explode")
    db.session.commit()
    jobs.start(job)
    db.session.expire_all()
    job = db.session.get(jobs.Job, job.id)
    assert job.status == "failed" and "RuntimeError: boom" in job.error


def test_job_page_shows_progress_to_organizers(app, login_as):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    job = jobs.create("tests.test_jobs:count_to", title="Count", event=event, by=organizer, n=2)
    db.session.commit()
    jobs.start(job)
    page = login_as(organizer).get(f"/{event.slug}/jobs/{job.id}")
    assert page.status_code == 200 and b"finished" in page.data
    status = login_as(organizer).get(f"/{event.slug}/jobs/{job.id}.json").get_json()
    assert status["status"] == "finished" and status["percent"] == 100


@pytest.mark.redis
def test_job_runs_on_an_rq_worker_with_redis(app):
    from redis import Redis
    from rq import Queue, SimpleWorker

    url = os.environ.get("REVIEWHUB_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    queue_name = f"reviewhub-test-{uuid.uuid4().hex[:8]}"
    app.config.update(REDIS_URL=url, RQ_QUEUE=queue_name)
    job = jobs.create("tests.test_jobs:count_to", title="Count", n=2)
    db.session.commit()
    jobs.start(job)
    db.session.expire_all()
    assert db.session.get(jobs.Job, job.id).status == "queued"  # nothing ran in this process
    connection = Redis.from_url(url)
    try:
        queue = Queue(queue_name, connection=connection)
        # The worker builds its own app from the environment: point it at the test database.
        os.environ["DATABASE_URL"] = app.config["SQLALCHEMY_DATABASE_URI"]
        SimpleWorker([queue], connection=connection).work(burst=True)
    finally:
        os.environ.pop("DATABASE_URL", None)
        connection.delete(f"rq:queue:{queue_name}")
    db.session.expire_all()
    assert db.session.get(jobs.Job, job.id).status == "finished"


def test_stale_running_job_is_marked_failed(app):
    from datetime import timedelta

    from reviewhub.models_base import utcnow

    job = jobs.create("tests.test_jobs:count_to", title="Count", n=1)
    job.status, job.heartbeat_at = "running", utcnow() - timedelta(hours=1)
    db.session.commit()
    assert jobs.mark_stale_jobs_failed() == 1
    assert job.status == "failed" and "worker stopped" in job.error


def given_up_midway(job):
    """Meanwhile the job is declared dead and re-queued (on another connection, as a web
    worker would); then this attempt writes and finishes anyway."""
    import sqlalchemy as sa

    with db.engine.begin() as connection:
        connection.execute(sa.update(jobs.Job).where(jobs.Job.id == job.id)
                           .values(status="queued", error="", attempt=job.attempt))
    job.title = "written by the zombie"
    return {"zombie": True}


def test_a_superseded_attempt_cannot_overwrite_the_rerun(app):
    job = jobs.create("tests.test_jobs:given_up_midway", title="Original")
    db.session.commit()
    jobs.run(job.id)
    db.session.rollback()
    row = db.session.get(jobs.Job, job.id)
    assert (row.status, row.title, row.result, row.attempt) == ("queued", "Original", {}, 1)


def test_a_job_that_is_not_queued_is_not_run_twice(app):
    job = jobs.create("tests.test_jobs:count_to", title="Count", n=2)
    db.session.commit()
    jobs.run(job.id)
    finished_at = db.session.get(jobs.Job, job.id).finished_at
    jobs.run(job.id)  # a duplicate delivery from the queue
    db.session.rollback()
    row = db.session.get(jobs.Job, job.id)
    assert row.attempt == 1 and row.finished_at == finished_at


def test_retry_clears_a_failed_job_and_refuses_a_running_one(app):
    job = jobs.create("tests.test_jobs:explode", title="Explode")
    db.session.commit()
    jobs.start(job)
    db.session.rollback()
    row = db.session.get(jobs.Job, job.id)
    jobs.retry(row)
    assert (row.status, row.error, row.attempt) == ("queued", "", 1)
    row.status = "running"
    with pytest.raises(InvalidTransition):
        jobs.retry(row)


def fails_the_first_time(job):
    if job.attempt == 1:
        raise RuntimeError("a passing fault")
    return {"ran_on_attempt": job.attempt}


def _failed_job(event, by):
    job = jobs.create("tests.test_jobs:fails_the_first_time", title="Flaky", event=event, by=by)
    db.session.commit()
    jobs.start(job)
    db.session.expire_all()
    assert db.session.get(jobs.Job, job.id).status == "failed"
    return job.id


def test_organizer_runs_a_failed_job_again_from_its_page(app, login_as):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    job_id = _failed_job(event, organizer)
    client = login_as(organizer)
    page = client.get(f"/{event.slug}/jobs/{job_id}")
    assert b"Run again" in page.data and f"/jobs/{job_id}/rerun".encode() in page.data
    response = client.post(f"/{event.slug}/jobs/{job_id}/rerun")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/jobs/{job_id}")
    db.session.expire_all()
    row = db.session.get(jobs.Job, job_id)
    assert (row.status, row.attempt, row.result, row.error) == ("finished", 2, {"ran_on_attempt": 2}, "")
    assert b"Run again" not in client.get(f"/{event.slug}/jobs/{job_id}").data


@pytest.mark.parametrize("status", ["queued", "running", "finished"])
def test_a_job_that_did_not_fail_is_not_run_again(app, login_as, status):
    from reviewhub.models_base import utcnow

    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    job = jobs.create("tests.test_jobs:count_to", title="Count", event=event, by=organizer, n=1)
    job.status, job.attempt, job.heartbeat_at = status, 1, utcnow()
    db.session.commit()
    response = login_as(organizer).post(f"/{event.slug}/jobs/{job.id}/rerun")
    assert response.status_code == 409 and b"only a failed job can be run again" in response.data
    db.session.expire_all()
    row = db.session.get(jobs.Job, job.id)
    assert (row.status, row.attempt) == (status, 1)


def test_only_organizers_run_a_job_again(app, login_as):
    organizer, reviewer, stranger = f.make_user(), f.make_user(), f.make_user()
    event = f.make_event(organizer=organizer)
    f.add_role(event, reviewer, "reviewer")
    # The reviewer started it (say, an import on their behalf): seeing is not re-running.
    job_id = _failed_job(event, reviewer)
    client = login_as(reviewer)
    assert client.get(f"/{event.slug}/jobs/{job_id}").status_code == 200
    assert b"Run again" not in client.get(f"/{event.slug}/jobs/{job_id}").data
    assert client.post(f"/{event.slug}/jobs/{job_id}/rerun").status_code == 403
    assert login_as(stranger).post(f"/{event.slug}/jobs/{job_id}/rerun").status_code == 404
    db.session.expire_all()
    assert db.session.get(jobs.Job, job_id).attempt == 1


def test_run_again_needs_the_csrf_token(app, login_as):
    import re

    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    job_id = _failed_job(event, organizer)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = login_as(organizer)
        assert client.post(f"/{event.slug}/jobs/{job_id}/rerun").status_code == 400
        db.session.expire_all()
        assert db.session.get(jobs.Job, job_id).status == "failed"
        token = re.search(rb'name="csrf_token" value="([^"]+)"', client.get(f"/{event.slug}/jobs/{job_id}").data)
        assert client.post(f"/{event.slug}/jobs/{job_id}/rerun", data={"csrf_token": token.group(1).decode()}).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.expire_all()
    assert db.session.get(jobs.Job, job_id).status == "finished"
