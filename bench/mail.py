"""How long 20,000 decision emails take from "release" to all accepted by a local SMTP server.

    python bench/mail.py [--emails 20000] [--runs 3] [--workers 2] [--database URL] [--mode inline|rq|both]

Builds an event with N submitted works (one author each), decides them all, then per run:
releases (decisions marked, N outbox rows written, one transaction) and delivers, inline
after the commit or through RQ workers (`reviewhub worker --burst`, as separate processes;
Redis at 127.0.0.1:6379), until the aiosmtpd server has accepted every message. Prints each
run, then medians and messages per second. The target is under two minutes.
"""

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


class CountingHandler:
    """Counts accepted messages in a counter shared with the benchmark's process."""

    def __init__(self, counter):
        self.counter = counter

    async def handle_DATA(self, server, session, envelope):
        with self.counter.get_lock():
            self.counter.value += 1
        return "250 OK"


def serve_smtp(port: int, counter, stop) -> None:
    """The SMTP server in a process of its own, so it does not share a GIL with the sender."""
    controller = Controller(CountingHandler(counter), hostname="127.0.0.1", port=port)
    controller.start()
    stop.wait()
    controller.stop()


class Server:
    def __init__(self):
        self.port = free_port()
        self.counter, self.stop_event = multiprocessing.Value("l", 0), multiprocessing.Event()
        self.process = multiprocessing.Process(target=serve_smtp, args=(self.port, self.counter, self.stop_event))

    def start(self):
        self.process.start()
        time.sleep(1.0)

    def stop(self):
        self.stop_event.set()
        self.process.join(10)

    @property
    def count(self) -> int:
        return self.counter.value

    @count.setter
    def count(self, value: int) -> None:
        self.counter.value = value


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_world(n: int):
    """An event with n submitted works, each decided (half accept, half reject)."""
    from reviewhub.decisions.models import Decision
    from reviewhub.decisions.services import ensure_default_outcomes
    from reviewhub.events.models import Event
    from reviewhub.extensions import db
    from reviewhub.models_base import utcnow
    from reviewhub.submissions.models import Authorship, Submission, SubmissionType

    event = Event(slug=f"bench-{uuid.uuid4().hex[:6]}", name="Bench Workshop", camera_ready_at=utcnow())
    db.session.add(event)
    db.session.flush()
    kind = SubmissionType(event_id=event.id, key="paper", name="Paper", allowed_kinds=["pdf"], required_kinds=[])
    db.session.add(kind)
    outcomes = ensure_default_outcomes(event)
    db.session.flush()
    now = utcnow()
    db.session.execute(sa.insert(Submission), [
        dict(event_id=event.id, number=i + 1, type_id=kind.id, title=f"Work {i + 1}", status="submitted",
             submitted_at=now, created_at=now, updated_at=now) for i in range(n)])
    ids = db.session.scalars(sa.select(Submission.id).where(Submission.event_id == event.id)
                             .order_by(Submission.number)).all()
    db.session.execute(sa.insert(Authorship), [
        dict(submission_id=sid, position=0, name=f"Author {i}", email=f"author{i}@bench.example.org",
             affiliation="", is_contact=True) for i, sid in enumerate(ids)])
    db.session.execute(sa.insert(Decision), [
        dict(submission_id=sid, outcome_id=outcomes[1 if i % 2 else 2].id, note="", decided_at=now,
             changed_since_release=False) for i, sid in enumerate(ids)])
    db.session.commit()
    return event


def reset(event) -> None:
    """Back to "decided, not released", with an empty outbox."""
    from reviewhub.decisions.models import Decision, ReleaseBatch
    from reviewhub.extensions import db
    from reviewhub.mail.models import OutboxMessage

    db.session.execute(sa.delete(OutboxMessage))
    db.session.execute(sa.update(Decision).values(released_at=None, release_batch_id=None,
                                                  released_outcome_id=None))
    db.session.execute(sa.delete(ReleaseBatch))
    db.session.commit()


def wait_for(handler, n: int, timeout: float = 600) -> None:
    deadline = time.perf_counter() + timeout
    while handler.count < n:
        if time.perf_counter() > deadline:
            raise SystemExit(f"timed out: {handler.count} of {n} accepted")
        time.sleep(0.01)


def run_once(app, event, handler, n: int, mode: str, workers: int, env: dict) -> tuple[float, float]:
    from reviewhub.decisions.services import release
    from reviewhub.extensions import db
    from reviewhub.mail.services import send_pending

    reset(event)
    handler.count = 0
    started = time.perf_counter()
    release(event, by=None)
    db.session.commit()
    released = time.perf_counter() - started
    send_pending()  # inline: delivers now; rq: hands batches to the queue
    procs = []
    if mode == "rq":
        procs = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "reviewhub", "worker", "--burst"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                 for _ in range(workers)]
    wait_for(handler, n)
    total = time.perf_counter() - started
    for proc in procs:
        proc.wait(timeout=60)
    return released, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--emails", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--mode", choices=["inline", "rq", "both"], default="both")
    parser.add_argument("--database", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()

    instance = Path(tempfile.mkdtemp(prefix="bench-mail-"))
    database = args.database or f"sqlite:///{instance / 'bench.sqlite'}"
    handler = Server()
    handler.start()
    port = handler.port
    queue = f"bench-mail-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "REVIEWHUB_INSTANCE_PATH": str(instance), "DATABASE_URL": database,
           "REVIEWHUB_MAIL_SERVER": "127.0.0.1", "REVIEWHUB_MAIL_PORT": str(port),
           "REDIS_URL": "redis://127.0.0.1:6379/0", "REVIEWHUB_RQ_QUEUE": queue}
    from flask_migrate import upgrade

    from reviewhub import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port,
                      "MAIL_DELIVER_INLINE": True, "SECRET_KEY": "bench", "RQ_QUEUE": queue,
                      "MAIL_FILE_DIR": str(instance / "mail"), "UPLOAD_FOLDER": str(instance / "u")})
    modes = ["inline", "rq"] if args.mode == "both" else [args.mode]
    print(f"{args.emails} decision emails, {args.runs} run(s) per setup, database {database.split(':')[0]}")
    with app.app_context():
        upgrade()
        event = build_world(args.emails)
        for mode in modes:
            app.config["REDIS_URL"] = "redis://127.0.0.1:6379/0" if mode == "rq" else None
            label = f"rq ({args.workers} workers)" if mode == "rq" else "inline"
            releases, totals = [], []
            for run in range(args.runs):
                released, total = run_once(app, event, handler, args.emails, mode, args.workers, env)
                releases.append(released)
                totals.append(total)
                print(f"  {label:<16} run {run + 1}: release {released:6.1f} s, all accepted {total:6.1f} s")
            median = statistics.median(totals)
            print(f"{label:<16} median: release {statistics.median(releases):.1f} s, release to all accepted "
                  f"{median:.1f} s, {args.emails / median:.0f} messages/s "
                  f"({'within' if median < 120 else 'OVER'} the 2-minute target)")
        if "rq" in modes:
            from redis import Redis
            from rq import Queue

            Queue(queue, connection=Redis.from_url("redis://127.0.0.1:6379/0")).delete(delete_jobs=True)
    handler.stop()


if __name__ == "__main__":
    main()
