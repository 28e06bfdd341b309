"""Background jobs: inline without Redis, on an RQ worker with it; failures are recorded."""

import os
import uuid

import pytest

from reviewhub import jobs
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
    with pytest.raises(ValueError):
        jobs.retry(row)
