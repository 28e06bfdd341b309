"""Background work: RQ workers on Redis when REDIS_URL is set, inline otherwise.

A job is a row in `jobs` (so every web worker can show its progress) plus a function named
by its import path. Job functions take the Job and keyword arguments, report progress with
`report_progress`, and return a JSON-serialisable result.

A run claims the row (queued -> running, `attempt` + 1) and every later write about it is
fenced on that attempt, so a worker that was given up for dead can never overwrite a re-run.
A worker that dies mid-job is noticed three ways: RQ's parent process sees its work horse
killed (`horse_killed`), RQ's abandoned-job cleanup calls `on_rq_failure`, and a page that
shows the job finds its heartbeat stale or its RQ job failed (`refresh`).
"""

import importlib
import logging
import threading
import traceback
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm.attributes import set_committed_value

from reviewhub import audit
from reviewhub.errors import DomainError, InvalidTransition
from reviewhub.extensions import db
from reviewhub.models_base import utcnow

log = logging.getLogger(__name__)
ACTIVE = ("queued", "running")
DIED = "The worker stopped mid-job ({why}). Run it again."


class Job(db.Model):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    function: Mapped[str] = mapped_column(sa.String(200))  # "package.module:function"
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    status: Mapped[str] = mapped_column(sa.String(20), default="queued", index=True)
    attempt: Mapped[int] = mapped_column(default=0, server_default="0")
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
            and utcnow() - self.heartbeat_at > stale_after()
        )


def stale_after() -> timedelta:
    """How long a running job may go without a heartbeat. SQLite cannot take the heartbeat's
    write while the job's own transaction holds the lock, so there only progress counts."""
    seconds = float(current_app.config.get("JOB_STALE_SECONDS", 120))
    if db.engine.dialect.name == "sqlite":
        seconds = max(seconds, 600)
    return timedelta(seconds=seconds)


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
    if not uses_queue():
        run(job.id)
        return
    from rq import Callback

    _queue().enqueue(
        "reviewhub.jobs.run_in_worker", job.id,
        job_id=rq_job_id(job.id, (job.attempt or 0) + 1),
        job_timeout=int(current_app.config.get("JOB_TIMEOUT_SECONDS", 3600)),
        on_failure=Callback("reviewhub.jobs.on_rq_failure"),
    )


def retry(job: Job, *, by=None) -> None:
    """A failed job back to queued, its progress and error cleared (call `start` after the
    commit). The attempt it failed in stays fenced off. Flushes; audited when a person asks
    (`by`); raises InvalidTransition unless the job failed (or its worker died)."""
    if job.status != "failed" and not job.is_stale:
        raise InvalidTransition(f"This job is {job.status}: only a failed job can be run again.")
    if by is not None:
        audit.record("job.rerun", actor=by, obj=job, failed_attempt=job.attempt).event_id = job.event_id
    job.status, job.done, job.total, job.message, job.error, job.result = "queued", 0, 0, "", "", {}
    job.started_at = job.heartbeat_at = job.finished_at = None
    db.session.flush()


def rq_job_id(job_id: int, attempt: int) -> str:
    """The RQ job of one attempt; the queue's name keeps deployments sharing a Redis apart."""
    return f"{current_app.config['RQ_QUEUE']}-job-{job_id}-{attempt}"


def _queue():
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(current_app.config["REDIS_URL"])
    return Queue(current_app.config["RQ_QUEUE"], connection=connection)


def run(job_id: int) -> Job | None:
    """Run a job in this process; a failure is recorded on the job, never raised. A job that
    is not queued (another worker claimed it, or it was given up) is left alone."""
    attempt = _claim(job_id)
    if attempt is None:
        return db.session.get(Job, job_id)
    job = db.session.get(Job, job_id)
    module_name, function_name = job.function.split(":")
    with _Heartbeat(job_id, attempt):
        try:
            function = getattr(importlib.import_module(module_name), function_name)
            values = {"result": function(job, **job.params) or {}, "status": "finished"}
            # Progress skipped under the job's own row lock lands now.
            values.update(done=job.total or job.done, total=job.total, message=job.message)
        except DomainError as error:  # a rule refused the work: its message is for the user
            db.session.rollback()
            values = {"status": "failed", "error": str(error)}
        except Exception as error:  # the job page shows it; the worker keeps going
            db.session.rollback()
            values = {"status": "failed",
                      "error": f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=5)}"}
    finished = _finish(job_id, attempt, values)
    if not finished:
        db.session.rollback()  # given up and re-run meanwhile: this attempt's work is dropped
    db.session.commit()
    db.session.expire_all()
    if finished and values["status"] == "finished":
        _send_queued_mail(job_id)
    return db.session.get(Job, job_id)


def _send_queued_mail(job_id: int) -> None:
    """Mail a job queued goes out after its commit, as after a view's; a delivery problem
    leaves it in the outbox (for `flask mail send-pending`) rather than failing the job."""
    from reviewhub.mail.services import send_pending

    try:
        send_pending()
    except Exception:
        log.exception("job %s: sending its mail failed; it stays in the outbox", job_id)


def _claim(job_id: int) -> int | None:
    """queued -> running in one statement, so two workers never both run a job; committed."""
    now = utcnow()
    claimed = db.session.execute(
        sa.update(Job).where(Job.id == job_id, Job.status == "queued")
        .values(status="running", attempt=Job.attempt + 1, started_at=now, heartbeat_at=now,
                finished_at=None, error="")
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    if not claimed:
        return None
    return db.session.scalar(sa.select(Job.attempt).where(Job.id == job_id))


def _finish(job_id: int, attempt: int, values: dict) -> bool:
    """Record the outcome in the job's transaction, only if this attempt still owns it."""
    db.session.flush()
    return bool(db.session.execute(
        sa.update(Job).where(Job.id == job_id, Job.attempt == attempt, Job.status == "running")
        .values(finished_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    ).rowcount)


class _Heartbeat:
    """While a job runs, a thread stamps heartbeat_at on its own connection, so a job that
    reports no progress for a while is still known alive (not on SQLite: see stale_after)."""

    def __init__(self, job_id: int, attempt: int) -> None:
        self.job_id, self.attempt = job_id, attempt
        self.engine = db.engine
        self.every = float(current_app.config.get("JOB_HEARTBEAT_SECONDS", 15))
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True)

    def __enter__(self):
        if self.engine.dialect.name != "sqlite":
            self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join(timeout=self.every + 5)

    def _beat(self) -> None:
        while not self.stop.wait(self.every):
            try:
                with self.engine.begin() as connection:
                    connection.execute(sa.update(Job).where(_unlocked(self.job_id, self.attempt))
                                       .values(heartbeat_at=utcnow()))
            except sa.exc.SQLAlchemyError:  # the database is away for a moment: try again next beat
                log.warning("job %s: heartbeat failed", self.job_id, exc_info=True)


def run_in_worker(job_id: int) -> None:
    """Entry point for RQ workers: builds the app, runs the job, releases the connections."""
    from reviewhub import create_app

    app = create_app()
    with app.app_context():
        try:
            run(job_id)
        finally:
            db.session.remove()
            db.engine.dispose()


def report_progress(job: Job, done: int, total: int, message: str = "") -> None:
    """Record progress where every web worker can read it.

    On a server database it is written on a separate connection, so the page sees it while
    the job's own transaction is still open. If that transaction has itself written the job
    row (and so holds its lock), this update is skipped rather than waiting on ourselves: the
    values reach the row with the job's finish. SQLite allows one writer, so there the row is
    updated within the job's session.
    """
    if job is None:
        return
    values = {"done": done, "total": total, "message": message[:500], "heartbeat_at": utcnow()}
    if db.engine.dialect.name == "sqlite":
        for key, value in values.items():
            setattr(job, key, value)
        return
    for key, value in values.items():
        # Keep the object in step without making it dirty: a flush of the job's session
        # would otherwise lock the row this separate connection writes.
        set_committed_value(job, key, value)
    with db.engine.begin() as connection:
        connection.execute(sa.update(Job).where(_unlocked(job.id, job.attempt)).values(**values))


def _unlocked(job_id: int, attempt: int):
    """This attempt's row, unless a transaction holds its lock (then: no row, no wait)."""
    row = sa.select(Job.id).where(Job.id == job_id, Job.attempt == attempt, Job.status == "running")
    return Job.id == row.with_for_update(skip_locked=True).scalar_subquery()


def fail(job_id: int, attempt: int | None, error: str) -> bool:
    """Mark an active job failed (fenced on `attempt` when given). Flushes; returns whether
    it changed anything."""
    query = sa.update(Job).where(Job.id == job_id, Job.status.in_(ACTIVE))
    if attempt is not None:
        query = query.where(Job.attempt == attempt)
    changed = db.session.execute(
        query.values(status="failed", error=error[:10000], finished_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.expire_all()
    return bool(changed)


def refresh(job: Job) -> bool:
    """Before showing a job: mark it failed when its worker is gone (a stale heartbeat, or
    RQ recorded its job failed). The caller commits; returns whether it changed."""
    if job.status not in ACTIVE:
        return False
    reason = DIED.format(why="no heartbeat since " + job.heartbeat_at.isoformat(timespec="seconds")) \
        if job.is_stale else _queue_failure(job)
    if reason is None:
        return False
    attempt = job.attempt if job.status == "running" else None
    return fail(job.id, attempt, reason)


def _queue_failure(job: Job) -> str | None:
    """RQ's word on the job's current attempt: its error when RQ holds it failed or stopped."""
    if not uses_queue():
        return None
    from rq.exceptions import NoSuchJobError
    from rq.job import Job as RQJob
    from rq.job import JobStatus

    attempt = job.attempt + (1 if job.status == "queued" else 0)
    queue = _queue()
    try:
        rq_job = RQJob.fetch(rq_job_id(job.id, attempt), connection=queue.connection)
    except NoSuchJobError:
        return None
    if rq_job.get_status() not in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
        return None
    result = rq_job.latest_result()
    detail = (getattr(result, "exc_string", "") or "").strip() or rq_job.get_status()
    return DIED.format(why=detail.splitlines()[-1] if detail else "failed")


def _ids_of(rq_job) -> tuple[int, int] | None:
    """(job id, attempt) from an RQ job that runs one of ours."""
    if rq_job.func_name != "reviewhub.jobs.run_in_worker" or not rq_job.args:
        return None
    try:
        return int(rq_job.args[0]), int(rq_job.id.rsplit("-", 1)[1])
    except (ValueError, IndexError):
        return None


def _fail_from_rq(rq_job, why: str) -> None:
    """Record on our row that RQ gave the job up; builds an app where there is none."""
    ids = _ids_of(rq_job)
    if ids is None:
        return
    if has_app_context():
        fail(ids[0], ids[1], DIED.format(why=why))
        db.session.commit()
        return
    from reviewhub import create_app

    with create_app().app_context():
        try:
            fail(ids[0], ids[1], DIED.format(why=why))
            db.session.commit()
        finally:
            db.session.remove()
            db.engine.dispose()


def on_rq_failure(rq_job, connection, exc_type, exc_value, tb) -> None:
    """RQ's failure callback: also called when its cleanup finds the job abandoned."""
    _fail_from_rq(rq_job, f"{getattr(exc_type, '__name__', 'error')}: {exc_value}".rstrip(": "))


def horse_killed(rq_job, retpid, ret_val, rusage) -> None:
    """RQ worker hook: the process running the job died (killed, out of memory)."""
    import os

    why = f"killed by signal {os.WTERMSIG(ret_val)}" if ret_val and os.WIFSIGNALED(ret_val) \
        else f"exit status {ret_val}"
    _fail_from_rq(rq_job, why)


def mark_stale_jobs_failed() -> int:
    """Jobs whose worker died are marked failed so they can be re-run; returns how many."""
    rows = db.session.scalars(sa.select(Job).where(Job.status == "running")).all()
    stale = [job for job in rows if job.is_stale]
    for job in stale:
        fail(job.id, job.attempt, DIED.format(why="no heartbeat; found when a worker started"))
    return len(stale)
