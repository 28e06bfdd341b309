"""Deadline rush: hundreds of authors submit 5-20 MB PDFs across the deadline; nothing may be lost.

Run from a checkout: `python bench/rush.py [--authors 300 --workers 4 --threads 2]`.
Creates its own PostgreSQL database (127.0.0.1:5432, user postgres) and upload folder, starts
reviewhub as production does (`reviewhub serve`: gunicorn gthread; CSRF on, argon2 at full
cost; no Redis, so jobs and mail run inline after the commit; with --redis URL they go to a
`reviewhub worker` at lower priority on the same cores), and then:
- every author logs in and opens the submission form, at a moment drawn uniformly over
  --ramp seconds (the login page, the argon2 login POST, the form page: before the rush), and
  has its PDF ready (size uniform in --min-mb..--max-mb, incompressible);
- the submission deadline is set --deadline-in seconds ahead (the server's clock judges; the
  client reads it on the same clock), and each author sends the form with its PDF at
  deadline - D * u**2 (u uniform in [0, 1), D = --deadline-in: skewed toward the deadline, a
  third of them in its last 7 s), or, for a --late share of them, 0.5-5 s after it. Each submit is one new keep-alive connection.
Prints throughput, latency percentiles of the submit POST, outcomes and status codes, where the
CPU went (server per submit, PostgreSQL, this client, other processes), then checks the
database and the files: every submission the server accepted is there once, submitted before
the deadline, with the exact bytes sent (sha256 of the stored file); nothing is submitted after
it; nothing extra. --profile FILE runs py-spy on the gunicorn workers during the rush.
Everything it creates is dropped at the end (--keep keeps it).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled

import sqlalchemy as sa  # noqa: E402

from bench.rushclient import Author, Outcome, make_pdf  # noqa: E402

PASSWORD = "rush hour password 2024"
SLUG = "rush"
CALIBRATION_MB = 13  # the single submit that says how fast this machine is (a typical paper)
CALIBRATION_SUBMITS = 3  # on the idle server, one after another; the median is the figure
CALIBRATION_PREFIX = "calibration"  # their authors' addresses; verify() leaves their rows out


@dataclass
class Setup:
    url: str
    instance: Path
    uploads: Path
    port: int
    redis: str = ""  # with Redis: jobs (text extraction) and mail go to an RQ worker
    queue: str = ""
    users: list[tuple[int, str]] = field(default_factory=list)  # (id, email)
    calibration_users: list[str] = field(default_factory=list)
    upload_path: str = "direct"  # REVIEWHUB_UPLOAD_PATH: "legacy" is the upload path before issue 22


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def create_database(server: str) -> str:
    name = f"reviewhub_rush_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return server.rsplit("/", 1)[0] + "/" + name


def drop_database(url: str) -> None:
    server, name = url.rsplit("/", 1)
    admin = sa.create_engine(server.replace("postgresql://", "postgresql+psycopg://", 1) + "/postgres",
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def _app(setup: Setup):
    from reviewhub import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": setup.url, "UPLOAD_FOLDER": str(setup.uploads),
                       "SECRET_KEY": "rush", "MAIL_FILE_DIR": str(setup.instance / "mail")})


def populate(setup: Setup, authors: int, max_mb: int) -> None:
    """Schema, an organizer, the event (deadline far away for now), a PDF type, the authors."""
    from flask_migrate import upgrade

    from reviewhub.accounts.models import User
    from reviewhub.accounts.services import hash_password
    from reviewhub.events.models import Event, Membership
    from reviewhub.extensions import db
    from reviewhub.models_base import utcnow
    from reviewhub.submissions.models import SubmissionType

    app = _app(setup)
    with app.app_context():
        upgrade()
        password_hash = hash_password(PASSWORD)  # argon2 at the production cost, computed once
        now = utcnow()
        organizer = User(email="organizer@rush.example", name="Organizer", password_hash=password_hash,
                         email_confirmed_at=now)
        event = Event(slug=SLUG, name="Rush Workshop", double_blind=True, cfp_open=True,
                      submission_deadline_at=now + timedelta(days=1), timezone="Etc/GMT+12")
        db.session.add_all([organizer, event])
        db.session.flush()
        db.session.add(Membership(event_id=event.id, user_id=organizer.id, role="organizer"))
        db.session.add(SubmissionType(event_id=event.id, key="paper", name="Paper", allowed_kinds=["pdf"],
                                      required_kinds=["pdf"], max_file_mb=max(max_mb, CALIBRATION_MB) + 1))
        users = [User(email=f"author{n}@uni{n % 37}.example.edu", name=f"Author {n}", affiliation=f"Uni {n % 37}",
                      password_hash=password_hash, email_confirmed_at=now) for n in range(authors)]
        calibrating = [User(email=f"{CALIBRATION_PREFIX}{n}@rush.example", name=f"Calibration {n}",
                            password_hash=password_hash, email_confirmed_at=now) for n in range(CALIBRATION_SUBMITS)]
        db.session.add_all(users + calibrating)
        db.session.commit()
        setup.users = [(u.id, u.email) for u in users]
        setup.calibration_users = [u.email for u in calibrating]
        db.engine.dispose()


def set_deadline(setup: Setup, seconds: float):
    """The deadline `seconds` from now (the server's clock judges); returns it."""
    from reviewhub.events.models import Event
    from reviewhub.extensions import db
    from reviewhub.models_base import utcnow

    app = _app(setup)
    with app.app_context():
        deadline = utcnow() + timedelta(seconds=seconds)
        db.session.execute(sa.update(Event).where(Event.slug == SLUG).values(submission_deadline_at=deadline))
        db.session.commit()
        db.engine.dispose()
    return deadline


def _env(setup: Setup) -> dict[str, str]:
    env = {**os.environ, "REVIEWHUB_INSTANCE_PATH": str(setup.instance), "DATABASE_URL": setup.url,
           "REVIEWHUB_UPLOAD_FOLDER": str(setup.uploads), "REVIEWHUB_SECRET_KEY": "rush",
           "REVIEWHUB_BASE_URL": f"http://127.0.0.1:{setup.port}",
           "REVIEWHUB_MAIL_FILE_DIR": str(setup.instance / "mail"), "REVIEWHUB_UPLOAD_PATH": setup.upload_path}
    if setup.redis:
        env.update({"REDIS_URL": setup.redis, "REVIEWHUB_RQ_QUEUE": setup.queue})
    return env


def start_worker(setup: Setup) -> subprocess.Popen:
    """`reviewhub worker` at a lower priority on the same cores: jobs and mail wait for idle CPU,
    as a conference's workers on their own machines would not take it from the web."""
    command = [sys.executable, "-c", "from reviewhub.cli import main; main()", "worker"]
    log = open(setup.instance / "worker.log", "wb")  # noqa: SIM115 (kept open for the process)
    worker = subprocess.Popen(command, env=_env(setup), cwd=str(Path(__file__).resolve().parents[1]), stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=lambda: os.nice(10))
    # A new session is a new scheduling autogroup on Linux, where a process's own nice value
    # counts only against its group: the group's nice is what yields the cores to the web.
    with contextlib.suppress(OSError):
        Path(f"/proc/{worker.pid}/autogroup").write_text("10")
    return worker


def drain(setup: Setup, timeout: float) -> str:
    """Wait for the worker to finish the rush's jobs; what it did, and how long it took."""
    engine = sa.create_engine(setup.url.replace("postgresql://", "postgresql+psycopg://", 1))
    started = time.monotonic()
    try:
        while True:
            with engine.connect() as connection:
                counts = dict(connection.execute(sa.text("select status, count(*) from jobs group by status")).all())
                texts = connection.scalar(sa.text("select count(*) from submission_files where extracted_text <> ''"))
            if not counts.get("queued") and not counts.get("running") or time.monotonic() - started > timeout:
                break
            time.sleep(0.5)
    finally:
        engine.dispose()
    return (f"background: jobs {dict(sorted(counts.items()))}, {texts} files with their text extracted, "
            f"queue drained {time.monotonic() - started:.1f} s after the check")


def drop_queue(setup: Setup) -> None:
    from redis import Redis

    connection = Redis.from_url(setup.redis)
    keys = list(connection.scan_iter(f"rq:*{setup.queue}*"))
    if keys:
        connection.delete(*keys)


def start_server(setup: Setup, workers: int, threads: int) -> subprocess.Popen:
    env = _env(setup)
    # As production runs it: `reviewhub serve` (gunicorn gthread, backlog 2048, timeout 120).
    command = [sys.executable, "-c", "from reviewhub.cli import main; main()", "serve", "--host", "127.0.0.1",
               "--port", str(setup.port), "--workers", str(workers), "--threads", str(threads), "--no-access-log"]
    log = open(setup.instance / "gunicorn.log", "wb")  # noqa: SIM115 (kept open for the process)
    process = subprocess.Popen(command, env=env, cwd=str(Path(__file__).resolve().parents[1]),
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", setup.port), timeout=0.5):
                return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited: see {setup.instance / 'gunicorn.log'}") from None
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def _profile(process: subprocess.Popen, output: str, seconds: float) -> subprocess.Popen:
    """py-spy (pip install py-spy) on every gunicorn worker, as collapsed stacks."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    return subprocess.Popen([spy, "record", "--pid", str(process.pid), "--subprocesses", "--rate", "200",
                             "--format", "raw", "--duration", str(int(seconds)), "--output", output, "--nonblocking"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def _pids(match) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if match(entry):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _tree(process: subprocess.Popen | None) -> list[int]:
    """The process and its children (gunicorn's master and workers; RQ's worker and the work
    horse of the moment)."""
    if process is None:
        return []
    return _pids(lambda e: e.name == str(process.pid)
                 or (e / "stat").read_text().rsplit(")", 1)[1].split()[1] == str(process.pid))


def cpu_snapshot(process: subprocess.Popen, worker: subprocess.Popen | None) -> dict[str, float]:
    """CPU seconds used so far by the server (gunicorn master and workers), the RQ worker,
    PostgreSQL, this client, and the whole machine (busy time of all cores): where a rush's
    CPU goes. (A work horse that has exited is not counted: RQ's jobs are undercounted.)"""
    tick = os.sysconf("SC_CLK_TCK")
    postgres = _pids(lambda e: (e / "comm").read_text().strip() == "postgres")
    times = os.times()
    cpu = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:8]]
    return {"server": sum(map(_ticks, _tree(process))) / tick, "worker": sum(map(_ticks, _tree(worker))) / tick,
            "postgres": sum(map(_ticks, postgres)) / tick,
            "client": times.user + times.system, "machine": (sum(cpu) - cpu[3] - cpu[4]) / tick}


def stop_process(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def _run_threads(targets, limit: float) -> None:
    threads = [threading.Thread(target=t, daemon=True) for t in targets]
    for thread in threads:
        thread.start()
    stop_at = time.monotonic() + limit
    for thread in threads:
        thread.join(max(0.0, stop_at - time.monotonic()))


def percentiles(values: list[float]) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return (f"p50 {statistics.median(ordered):.3f} s  p95 {pick(0.95):.3f} s  p99 {pick(0.99):.3f} s  "
            f"max {ordered[-1]:.3f} s")


def cpu_loop_seconds() -> float:
    """A fixed CPU-bound loop in this Python (hashing 64 MB and a million-step interpreted
    loop, best of 3): how fast one core of this machine is, to compare benches across machines."""
    block = bytes(64 << 20)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        hashlib.sha256(block).digest()
        total = 0
        for number in range(1_000_000):
            total += number % 7
        best = min(best, time.perf_counter() - start)
    return best


def single_submit_seconds(setup: Setup, base: str) -> float:
    """The median time of one 13 MB submit on the idle server (CALIBRATION_SUBMITS of them, one
    at a time): the rush's p99 is also given as a multiple of it, a figure that travels."""
    timings = []
    for email in setup.calibration_users:
        author = Author(base, SLUG, email, PASSWORD, size=CALIBRATION_MB << 20)
        author.prepare(0.0, make_pdf)
        if not author.ready:
            raise SystemExit(f"calibration author could not open the form: {author.error}")
        author.when = time.monotonic()
        author.submit()
        if author.outcome is not Outcome.accepted:
            raise SystemExit(f"calibration submit was not accepted: {author.status} {author.error}")
        timings.append(author.timings["submit"])
    return statistics.median(timings)


def _naive(moment):
    return moment.replace(tzinfo=None) if moment is not None and moment.tzinfo else moment


def verify(setup: Setup, authors: list[Author], deadline) -> list[str]:
    """Problems found in the database and the upload folder (empty: all is well)."""
    from reviewhub.extensions import db

    problems = []
    deadline = deadline.replace(tzinfo=None)  # the raw query's timestamps are naive UTC
    app = _app(setup)
    with app.app_context():
        rows = db.session.execute(sa.text(
            "select s.id, s.status, s.submitted_at, a.email, f.sha256, f.storage_key from submissions s "
            "join authorships a on a.submission_id = s.id and a.position = 0 "
            "left join submission_files f on f.submission_id = s.id")).all()
        db.engine.dispose()
    by_email: dict[str, list] = {}
    for row in rows:
        if not row.email.startswith(CALIBRATION_PREFIX):  # submitted before the rush, in time
            by_email.setdefault(row.email, []).append(row)
    for author in authors:
        found = by_email.pop(author.email, [])
        if author.outcome is Outcome.accepted:
            if len(found) != 1:
                problems.append(f"{author.email}: accepted but {len(found)} rows stored")
                continue
            row = found[0]
            on_disk = (setup.uploads / row.storage_key).read_bytes() if row.storage_key else b""
            if row.status != "submitted" or _naive(row.submitted_at) > deadline:
                problems.append(f"{author.email}: stored as {row.status} at {row.submitted_at}")
            if row.sha256 != author.sha256 or hashlib.sha256(on_disk).hexdigest() != author.sha256:
                problems.append(f"{author.email}: stored file differs from the one sent")
        elif found and any(r.status == "submitted" for r in found):
            verdict = "late but submitted" if author.outcome is Outcome.late else f"{author.outcome.value} but stored"
            problems.append(f"{author.email}: {verdict}")
    for email, extra in by_email.items():
        problems.append(f"{email}: {len(extra)} unexpected rows")
    late = [r for r in rows if r.submitted_at is not None and _naive(r.submitted_at) > deadline
            and not r.email.startswith(CALIBRATION_PREFIX)]
    if late:
        problems.append(f"{len(late)} submissions stored with submitted_at after the deadline")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--authors", type=int, default=300)
    # Two threads per worker process, two processes per core: the best p99 measured on 2 cores
    # (threads of one process share its GIL; under a burst of uploads many threads per
    # process spend their time waiting for it).
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--ramp", type=float, default=30.0, help="seconds over which authors log in")
    parser.add_argument("--deadline-in", type=float, default=60.0,
                        help="seconds from the rush start: on-time authors submit within them, skewed late")
    parser.add_argument("--late", type=float, default=0.15, help="share of authors who submit after it")
    parser.add_argument("--min-mb", type=int, default=5)
    parser.add_argument("--max-mb", type=int, default=20)
    parser.add_argument("--limit", type=float, default=300.0, help="seconds the rush may take at most")
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--profile", metavar="FILE",
                        help="py-spy the gunicorn workers during the rush (collapsed stacks to FILE)")
    parser.add_argument("--redis", metavar="URL",
                        help="run as a conference does: jobs and mail on an RQ worker (niced, same machine)")
    parser.add_argument("--runs", type=int, default=1,
                        help="rushes to run one after another (each on a fresh database); medians are printed")
    parser.add_argument("--compare", action="store_true",
                        help="each run rushes twice, on the legacy upload path (REVIEWHUB_UPLOAD_PATH=legacy, "
                             "before issue 22) and on today's, in alternating order: server CPU per submit of both")
    parser.add_argument("--legacy", action="store_true", help="rush on the legacy upload path only")
    parser.add_argument("--chunked", action="store_true",
                        help="authors send their paper through the chunk API, then the form naming it "
                             "(latency: from the first chunk to the form's answer)")
    args = parser.parse_args()
    cpu_loop = cpu_loop_seconds()
    print(f"machine: {os.cpu_count()} cores; fixed CPU loop {1000 * cpu_loop:.0f} ms (64 MB sha256 + 1M Python "
          f"steps, best of 3; lower is faster)")
    results, legacy = [], []
    for run in range(args.runs):
        if args.runs > 1:
            print(f"== run {run + 1} of {args.runs}")
        if not args.compare:
            results.append(rush_once(args, "legacy" if args.legacy else "direct"))
            continue
        order = ("legacy", "direct") if run % 2 == 0 else ("direct", "legacy")
        pair = {}
        for path in order:
            print(f"-- upload path: {path}")
            pair[path] = rush_once(args, path)
        results.append(pair["direct"])
        legacy.append(pair["legacy"])
        print(f"server CPU per submit, same run: legacy {pair['legacy']['cpu_ms']:.0f} ms, "
              f"today {pair['direct']['cpu_ms']:.0f} ms = {pair['direct']['cpu_ms'] / pair['legacy']['cpu_ms']:.2f} x")
    if legacy:
        old, new = (statistics.median(r["cpu_ms"] for r in rows) for rows in (legacy, results))
        print(f"median server CPU per submit over {len(results)} runs: legacy {old:.0f} ms, today {new:.0f} ms "
              f"= {new / old:.2f} x (per run: " + ", ".join(
                  f"{n['cpu_ms'] / o['cpu_ms']:.2f}" for o, n in zip(legacy, results, strict=True)) + ")")
    if args.runs > 1:
        print(f"median of {args.runs} runs: " + "  ".join(
            f"{name} {statistics.median(r[name] for r in results):.3f} s" for name in ("p50", "p95", "p99", "max"))
            + "  (p99 per run: " + ", ".join(f"{r['p99']:.3f}" for r in results) + ")")
        single = statistics.median(r["single"] for r in results)
        p99 = statistics.median(r["p99"] for r in results)
        print(f"median single 13 MB submit on the idle server {single:.3f} s; median p99 {p99:.3f} s = "
              f"{p99 / single:.1f} x the single submit; CPU loop {1000 * cpu_loop:.0f} ms")
    sys.exitcode = 1 if any(r["problems"] for r in results + legacy) else 0


def rush_once(args, upload_path: str = "direct") -> dict:
    """One rush on a fresh database and upload folder: prints its figures; returns the
    accepted submits' latency percentiles and the number of problems found."""
    workdir = Path(tempfile.mkdtemp(prefix="reviewhub-rush-"))
    setup = Setup(url=create_database(args.server), instance=workdir / "instance", uploads=workdir / "uploads",
                  port=_free_port(), redis=args.redis or "", queue=f"rush-{uuid.uuid4().hex[:8]}",
                  upload_path=upload_path)
    setup.instance.mkdir()
    process = worker = None
    try:
        started = time.monotonic()
        populate(setup, args.authors, args.max_mb)
        print(f"setup: {args.authors} authors in {time.monotonic() - started:.1f} s; database {setup.url}; "
              f"gunicorn {args.workers} workers x {args.threads} threads")
        process = start_server(setup, args.workers, args.threads)
        worker = start_worker(setup) if setup.redis else None
        rng = random.Random(2024)
        base = f"http://127.0.0.1:{setup.port}"
        single = single_submit_seconds(setup, base)
        print(f"calibration: one {CALIBRATION_MB} MB submit on the idle server takes {single:.3f} s "
              f"(median of {CALIBRATION_SUBMITS})")
        authors = [Author(base, SLUG, email, PASSWORD, size=rng.randint(args.min_mb, args.max_mb) << 20,
                          chunked=args.chunked and upload_path != "legacy") for _id, email in setup.users]

        t0 = time.monotonic()
        _run_threads([lambda a=a, d=rng.uniform(0, args.ramp): a.prepare(d, make_pdf) for a in authors], args.limit)
        ready = [a for a in authors if a.ready]
        print(f"login + form: {len(ready)}/{len(authors)} ready in {time.monotonic() - t0:.1f} s; "
              f"login {percentiles([a.timings['login'] for a in ready])}; "
              f"form {percentiles([a.timings['form'] for a in ready])}")

        deadline = set_deadline(setup, args.deadline_in)
        # The client's deadline is the server's, read on the same clock (setting it takes a
        # moment: a deadline_at taken afterwards would be late by that moment).
        rush_start = time.monotonic()
        deadline_at = rush_start + (deadline - datetime.now(UTC)).total_seconds()
        profiler = _profile(process, args.profile, args.deadline_in + 30) if args.profile else None
        cpu_before = cpu_snapshot(process, worker)
        for author in ready:  # skewed toward the deadline; a share after it
            if rng.random() < args.late:
                author.when = deadline_at + rng.uniform(0.5, 5.0)
            else:
                author.when = deadline_at - args.deadline_in * rng.random() ** 2
        _run_threads([lambda a=a: a.submit() for a in ready], args.limit)
        elapsed = time.monotonic() - rush_start
        cpu = {k: v - cpu_before[k] for k, v in cpu_snapshot(process, worker).items()}
        if profiler is not None:
            profiler.wait()
        figures = report(authors, elapsed, deadline_at)
        tried = sum(1 for a in authors if a.outcome is not None)
        print(f"CPU in the rush ({os.cpu_count()} cores x {elapsed:.0f} s = {os.cpu_count() * elapsed:.0f} s): "
              f"server {cpu['server']:.1f} s ({1000 * cpu['server'] / max(tried, 1):.0f} ms per submit), "
              + (f"RQ worker {cpu['worker']:.1f} s, " if worker else "")
              + f"postgres {cpu['postgres']:.1f} s, client {cpu['client']:.1f} s, other processes "
              f"{cpu['machine'] - cpu['server'] - cpu['worker'] - cpu['postgres'] - cpu['client']:.1f} s")
        problems = verify(setup, authors, deadline)
        if worker is not None:
            print(drain(setup, args.limit))
        errors = [line for line in (setup.instance / "gunicorn.log").read_text(errors="replace").splitlines()
                  if "Traceback" in line or "ERROR" in line]
        print(f"server log: {len(errors)} error lines")
        print("check: " + ("every accepted submission stored once, intact, before the deadline; none after"
                           if not problems else f"{len(problems)} PROBLEMS"))
        for problem in problems[:20]:
            print("  ", problem)
        print(f"accepted-submit p99 {figures['p99']:.3f} s = {figures['p99'] / single:.1f} x the idle single submit")
        return {**figures, "single": single, "problems": len(problems),
                "cpu_ms": 1000 * cpu["server"] / max(tried, 1)}
    finally:
        for running in (process, worker):
            if running is not None:
                stop_process(running)
        if setup.redis:
            drop_queue(setup)
        if not args.keep:
            drop_database(setup.url)
            shutil.rmtree(workdir, ignore_errors=True)


def report(authors: list[Author], elapsed: float, deadline_at: float) -> dict[str, float]:
    tried = [a for a in authors if a.outcome is not None]
    counts = {o: sum(1 for a in tried if a.outcome is o) for o in Outcome}
    sent = sum(a.size for a in tried if a.outcome in (Outcome.accepted, Outcome.late))
    latencies = [a.timings["submit"] for a in tried if "submit" in a.timings]
    statuses: dict[int, int] = {}
    for a in tried:
        statuses[a.status] = statuses.get(a.status, 0) + 1
    print(f"rush: {len(tried)} submits in {elapsed:.1f} s = {len(tried) / elapsed:.1f} submits/s, "
          f"{sent / elapsed / 2**20:.0f} MB/s uploaded")
    print("outcomes: " + ", ".join(f"{o.value} {n}" for o, n in counts.items()))
    print(f"status codes: {dict(sorted(statuses.items()))}; 5xx: {sum(n for s, n in statuses.items() if s >= 500)}")
    print(f"submit latency: {percentiles(latencies)}")
    before = [a.timings["submit"] for a in tried if a.outcome is Outcome.accepted]
    print(f"accepted-submit latency: {percentiles(before)}")
    ordered = sorted(before) or [float("nan")]
    figures = {"p50": statistics.median(ordered), "max": ordered[-1],
               **{f"p{q}": ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))] for q in (95, 99)}}
    queued = [a for a in tried if a.outcome is Outcome.late and a.sent_at < deadline_at]
    margin = f" (sent at most {1000 * max(deadline_at - a.sent_at for a in queued):.0f} ms before it)" if queued else ""
    print(f"sent before the deadline but judged after it: {len(queued)}{margin}")
    for a in [a for a in tried if a.outcome in (Outcome.error, Outcome.refused)][:5]:
        print(f"  {a.outcome.value}: {a.email} {a.status} {a.error}")
    return figures


if __name__ == "__main__":
    main()
    sys.exit(getattr(sys, "exitcode", 0))
