"""Background work: RQ workers on Redis when REDIS_URL is set, inline otherwise.

A job is a row in `jobs` (so every web worker can show its progress) plus a function named
by its import path. Job functions take the Job and keyword arguments, report progress with
`report_progress`, and return a JSON-serialisable result.
"""

import importlib
import traceback
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm.attributes import flag_modified, set_committed_value

from reviewhub.extensions import db
from reviewhub.models_base import utcnow

STALE_AFTER = timedelta(minutes=10)


class Job(db.Model):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    function: Mapped[str] = mapped_column(sa.String(200))  # "package.module:function"
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    status: Mapped[str] = mapped_column(sa.String(20), default="queued")
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    message: Mapped[str] = mapped_column(sa.String(500), default="")
    result: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    error: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_stale(self) -> bool:
        """A running job whose worker stopped reporting: it died mid-job."""
        return (
            self.status == "running"
            and self.heartbeat_at is not None
            and utcnow() - self.heartbeat_at > STALE_AFTER
        )


def uses_queue() -> bool:
    return bool(current_app.config.get("REDIS_URL"))


def create(function: str, *, title: str, event=None, by=None, **params) -> Job:
    """Add a queued job to the session; call `start` after the commit."""
    job = Job(
        function=function,
        title=title,
        event_id=getattr(event, "id", None),
        created_by_id=getattr(by, "id", None),
        params=params,
    )
    db.session.add(job)
    db.session.flush()
    return job


def start(job: Job) -> None:
    """Hand a committed job to RQ, or run it now when there is no queue."""
    if uses_queue():
        _queue().enqueue("reviewhub.jobs.run_in_worker", job.id, job_timeout=3600)
    else:
        run(job.id)


def _queue():
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(current_app.config["REDIS_URL"])
    return Queue(current_app.config["RQ_QUEUE"], connection=connection)


def run(job_id: int) -> Job:
    """Run a job in this process; a failure is recorded on the job, never raised."""
    job = db.session.get(Job, job_id)
    module_name, function_name = job.function.split(":")
    function = getattr(importlib.import_module(module_name), function_name)
    job.status, job.started_at, job.heartbeat_at = "running", utcnow(), utcnow()
    db.session.commit()
    try:
        job.result = function(job, **job.params) or {}
        job.status = "finished"
        job.done = job.total or job.done
        for key in ("done", "total", "message"):
            flag_modified(job, key)  # progress skipped under the job's own row lock lands now
    except Exception as error:  # the job page shows it; the worker keeps going
        db.session.rollback()
        job = db.session.get(Job, job_id)
        job.status = "failed"
        job.error = f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=5)}"
    job.finished_at = utcnow()
    db.session.commit()
    return job


def run_in_worker(job_id: int) -> None:
    """Entry point for RQ workers: builds the app, then runs the job."""
    from reviewhub import create_app

    with create_app().app_context():
        run(job_id)


def report_progress(job: Job, done: int, total: int, message: str = "") -> None:
    """Record progress where every web worker can read it.

    On a server database it is written on a separate connection, so the page sees it while
    the job's own transaction is still open. If that transaction has itself written the job
    row (and so holds its lock), this update is skipped rather than waiting on ourselves: the
    values reach the row with the job's commit. SQLite allows one writer, so there the row is
    updated within the job's session.
    """
    if job is None:
        return
    now = utcnow()
    values = {"done": done, "total": total, "message": message[:500], "heartbeat_at": now}
    if db.engine.dialect.name == "sqlite":
        for key, value in values.items():
            setattr(job, key, value)
        return
    for key, value in values.items():
        # Keep the object in step without making it dirty: a flush of the job's session
        # would otherwise lock the row this separate connection writes.
        set_committed_value(job, key, value)
    unlocked = sa.select(Job.id).where(Job.id == job.id).with_for_update(skip_locked=True)
    with db.engine.begin() as connection:
        connection.execute(sa.update(Job).where(Job.id == unlocked.scalar_subquery()).values(**values))


def mark_stale_jobs_failed() -> int:
    """Jobs whose worker died are marked failed so they can be re-run; returns how many."""
    rows = db.session.scalars(sa.select(Job).where(Job.status == "running")).all()
    stale = [job for job in rows if job.is_stale]
    for job in stale:
        job.status, job.error, job.finished_at = "failed", "worker stopped mid-job", utcnow()
    return len(stale)
