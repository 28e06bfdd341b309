"""Real RQ worker processes (`reviewhub worker`) killed with SIGKILL mid-job: the job ends up
failed with the reason on its page, and runs again cleanly."""

import os
import signal

import pytest

from reviewhub import jobs
from reviewhub.extensions import db
from tests import factories as f
from tests.scale_support import drop_queue, process_env, queue_name, redis_url, running, wait_for

pytestmark = pytest.mark.redis


@pytest.fixture
def rq_env(app, tmp_path):
    """The test app and the worker processes on one Redis queue of this test's own."""
    url, name = redis_url(), queue_name()
    timing = {"JOB_HEARTBEAT_SECONDS": 0.2, "JOB_STALE_SECONDS": 2}
    app.config.update(REDIS_URL=url, RQ_QUEUE=name, **timing)
    env = process_env(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, REDIS_URL=url,
                      REVIEWHUB_RQ_QUEUE=name,
                      **{f"REVIEWHUB_{k}": str(v) for k, v in timing.items()})
    yield env
    drop_queue(url, name)


def fresh(job_id: int) -> jobs.Job:
    db.session.rollback()  # a new transaction sees what the workers committed
    return db.session.get(jobs.Job, job_id)


def started_job(tmp_path, name="job"):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    gate, pidfile = tmp_path / f"{name}.gate", tmp_path / f"{name}.pid"
    job = jobs.create("tests.scale_jobs:gated", title="Gated", event=event, by=organizer,
                      gate=str(gate), pidfile=str(pidfile))
    db.session.commit()
    jobs.start(job)
    return job, organizer, event, gate, pidfile


def test_killed_work_horse_fails_the_job_with_the_signal_and_a_rerun_finishes(app, rq_env, tmp_path, login_as):
    job, organizer, event, gate, pidfile = started_job(tmp_path)
    log = tmp_path / "worker.log"
    with running(["worker"], rq_env, log):
        horse = int(wait_for(lambda: pidfile.exists() and pidfile.read_text(), timeout=60,
                             what="the job to start on the worker", log=log))
        wait_for(lambda: fresh(job.id).status == "running", timeout=10, what="running", log=log)
        os.kill(horse, signal.SIGKILL)
        wait_for(lambda: fresh(job.id).status == "failed", timeout=20, what="the job marked failed", log=log)
        row = fresh(job.id)
        assert "signal 9" in row.error and row.attempt == 1 and row.finished_at is not None
        page = login_as(organizer).get(f"/{event.slug}/jobs/{job.id}")
        assert "failed" in page.text and "signal 9" in page.text

        gate.touch()  # the re-run finishes at once
        jobs.retry(row)
        db.session.commit()
        jobs.start(row)
        wait_for(lambda: fresh(job.id).status == "finished", timeout=30, what="the re-run", log=log)
    row = fresh(job.id)
    assert row.attempt == 2 and row.error == "" and row.result["pid"] != horse


def test_worker_killed_outright_is_found_by_its_stale_heartbeat(app, rq_env, tmp_path, login_as):
    if db.engine.dialect.name == "sqlite":
        pytest.skip("heartbeats from a second connection need a server database (PostgreSQL)")
    job, organizer, event, gate, pidfile = started_job(tmp_path)
    log = tmp_path / "worker.log"
    with running(["worker"], rq_env, log) as worker:
        horse = int(wait_for(lambda: pidfile.exists() and pidfile.read_text(), timeout=60,
                             what="the job to start on the worker", log=log))
        wait_for(lambda: fresh(job.id).done > 2, timeout=10, what="progress from the job", log=log)
        os.kill(worker.pid, signal.SIGKILL)  # the parent first: nobody is left to report
        os.kill(horse, signal.SIGKILL)
        assert fresh(job.id).status == "running"  # nothing recorded the death yet
        client = login_as(organizer)

        def failed_on_page():
            return client.get(f"/{event.slug}/jobs/{job.id}.json").get_json()["status"] == "failed"

        wait_for(failed_on_page, timeout=15, what="the job page to report the dead worker")
    row = fresh(job.id)
    assert "no heartbeat" in row.error
    gate.touch()
    jobs.retry(row)
    db.session.commit()
    jobs.start(row)
    with running(["worker"], rq_env, tmp_path / "worker2.log"):
        wait_for(lambda: fresh(job.id).status == "finished", timeout=60, what="the re-run",
                 log=tmp_path / "worker2.log")
    assert fresh(job.id).attempt == 2


def test_worker_count_runs_jobs_side_by_side(app, rq_env, tmp_path):
    first = started_job(tmp_path, "first")
    second = started_job(tmp_path, "second")
    log = tmp_path / "workers.log"
    with running(["worker", "--count", "2"], rq_env, log):
        # Both jobs wait for their gate, so both pids exist only if two processes run them.
        for _job, _o, _e, _gate, pidfile in (first, second):
            wait_for(pidfile.exists, timeout=60, what="both jobs running at once", log=log)
        for job, _o, _e, gate, _p in (first, second):
            gate.touch()
            wait_for(lambda job=job: fresh(job.id).status == "finished", timeout=30, what="finished", log=log)
