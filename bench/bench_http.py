"""bench/pages.py --postgres: fill a scratch PostgreSQL database with a conference, time the
pages in process, then compare public pages served by gunicorn with a bare Flask route."""

from __future__ import annotations

import http.client
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

ROOT = Path(__file__).resolve().parents[1]


def run_postgres(args) -> None:
    from pages import PUBLIC, hello_times, measure, print_table

    server = "postgresql+psycopg://" + args.postgres.split("://", 1)[1]
    name = f"reviewhub_bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = server.rsplit("/", 1)[0] + "/" + name
    print(f"scratch database {name}" + (f", page cache on {args.redis}" if args.redis else ""), flush=True)
    os.environ["REVIEWHUB_PUBLIC_CACHE_PREFIX"] = name  # also the gunicorn servers' prefix
    try:
        with tempfile.TemporaryDirectory() as tmp:
            world, app = _fill(url, tmp, args)
            rows = measure(app, world, repeat=args.repeat or 20)
            rows.append(("bare Flask hello (same run)", *hello_times(args.repeat or 20), 0, 200))
            print_table(rows)
            searches = [r[2] for r in rows if r[0].startswith(("search", "reviewers search"))]
            if searches:
                print(f"\nslowest search p95 {max(searches) * 1000:.1f} ms (target < 300 ms)")
            if args.only:
                return
            organizer_list = next(r for r in rows if r[0].startswith("submissions.list (organizer, page 1)"))
            print(f"\norganizer list p95 {organizer_list[2] * 1000:.1f} ms (target < 150 ms)")
            console = next((r for r in rows if r[0].startswith("committee.console")), None)
            if console:
                print(f"area chair console p95 {console[2] * 1000:.1f} ms, {console[3]} queries "
                      "(20,000 submissions, 600 ACs; target < 150 ms)")
            _compare_throughput(url, tmp, world, PUBLIC, seconds=args.http_seconds, redis=args.redis,
                                rounds=args.http_rounds)
    finally:
        if args.redis:
            _forget_pages(args.redis, name)
        if not args.keep:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _forget_pages(redis_url: str, prefix: str) -> None:
    from redis import Redis

    redis = Redis.from_url(redis_url)
    keys = list(redis.scan_iter(f"{prefix}:*"))
    if keys:
        redis.delete(*keys)


def _fill(url: str, tmp: str, args):
    from pages import fill_conference

    os.environ["REVIEWHUB_INSTANCE_PATH"] = tmp
    from flask_migrate import upgrade

    from reviewhub import create_app
    from reviewhub.extensions import db

    prefix = os.environ["REVIEWHUB_PUBLIC_CACHE_PREFIX"]
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "MAIL_DELIVER_INLINE": False, "REDIS_URL": args.redis, "RQ_QUEUE": prefix,
                      "PUBLIC_CACHE_PREFIX": prefix})
    submissions, reviewers = args.submissions or 20_000, args.reviewers or 15_000
    with app.app_context():
        upgrade()
        start = time.perf_counter()
        world = fill_conference(db, submissions=submissions, reviewers=reviewers,
                                reviews=submissions * args.reviews)
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
        reviews = db.session.scalar(sa.text("SELECT count(*) FROM reviews"))
        print(f"filled {submissions} submissions, {reviewers} reviewers, {reviews} reviews "
              f"in {time.perf_counter() - start:.1f} s", flush=True)
        db.session.remove()
    return world, app


def _compare_throughput(url: str, tmp: str, world, public: tuple[str, ...], *, seconds: float,
                        redis: str | None = None, rounds: int = 3) -> None:
    """Requests per second through gunicorn (same workers and threads for both servers),
    from as many client processes as there are CPUs, on kept-alive connections."""
    workers = max(2, os.cpu_count() or 2)
    env = {**os.environ, "DATABASE_URL": url, "REVIEWHUB_INSTANCE_PATH": tmp, "REVIEWHUB_SECRET_KEY": "bench",
           "PYTHONPATH": str(ROOT)}
    env.pop("REDIS_URL", None)
    if redis:
        env.update(REDIS_URL=redis, REVIEWHUB_RQ_QUEUE=env["REVIEWHUB_PUBLIC_CACHE_PREFIX"])
    app_port, bare_port = _free_port(), _free_port()
    servers = [
        subprocess.Popen([sys.executable, "-m", "flask", "--app", "reviewhub", "serve", "--port", str(app_port),
                          "--workers", str(workers), "--threads", "4", "--no-access-log"], cwd=ROOT, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True),
        subprocess.Popen([sys.executable, "-m", "gunicorn", "--chdir", str(ROOT / "bench"), "-w", str(workers),
                          "--threads", "4", "-b", f"127.0.0.1:{bare_port}", "pages:make_bare_app()"],
                         cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True),
    ]
    try:
        for port in (app_port, bare_port):
            _wait_listening(port)
        # Throughput on a shared 2-core machine swings by tens of percent from one five-second
        # window to the next, so each URL is measured in several rounds, the order rotated
        # each round, and each ratio is the median of its rounds' ratios to the bare route.
        urls = [(bare_port, "/")] + [(app_port, p.format(slug=world.slug)) for p in public]
        rates: dict[str, list[float]] = {path: [] for _, path in urls}
        ratios: dict[str, list[float]] = {path: [] for _, path in urls[1:]}
        for round_no in range(rounds):
            order = urls[round_no % len(urls):] + urls[:round_no % len(urls)]
            measured = {path: _throughput(port, path, seconds, workers) for port, path in order}
            for path, rate in measured.items():
                rates[path].append(rate)
            for path in ratios:
                ratios[path].append(measured[path] / measured["/"])
        print(f"\nthrough gunicorn ({workers} workers x 4 threads, {workers} client processes, "
              f"{rounds} rounds of {seconds:.0f} s per URL; medians)")
        print(f"{'url':48} {'req/s':>8} {'vs bare':>8}")
        print(f"{'bare Flask hello':48} {statistics.median(rates['/']):8.0f} {1:8.2f}")
        for path, values in ratios.items():
            print(f"{path:48} {statistics.median(rates[path]):8.0f} {statistics.median(values):8.2f}"
                  f"  (target >= 0.50; rounds {', '.join(f'{v:.2f}' for v in values)})", flush=True)
    finally:
        for server in servers:
            os.killpg(server.pid, 15)
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, 9)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_listening(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing listening on port {port} after {timeout} s")


def _hammer(job: tuple[int, str, float]) -> int:
    port, path, seconds = job
    connection, done = http.client.HTTPConnection("127.0.0.1", port, timeout=30), 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"GET {path} answered {response.status}")
        done += 1
        if response.will_close:
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    return done


def _throughput(port: int, path: str, seconds: float, clients: int) -> float:
    _hammer((port, path, 0.5))  # warm up
    with multiprocessing.get_context("spawn").Pool(clients) as pool:
        counts = pool.map(_hammer, [(port, path, seconds)] * clients)
    return sum(counts) / seconds
