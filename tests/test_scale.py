"""Two gunicorn servers (`reviewhub serve`, two workers each) on one PostgreSQL database and
one Redis: a login, a submission and a background job made through one are seen from the
other, and the job runs on a separate `reviewhub worker` process."""

from __future__ import annotations

import json
import os
import re
import uuid
from contextlib import ExitStack

import pytest
import sqlalchemy as sa

from reviewhub import create_app, jobs
from reviewhub.extensions import db
from tests import factories as f
from tests.scale_support import (
    Browser,
    drop_queue,
    free_port,
    listening,
    process_env,
    queue_name,
    redis_url,
    running,
    unavailable,
    wait_for,
)

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def pg_database():
    """A PostgreSQL database of this test's own, migrated; dropped afterwards."""
    server = os.environ.get("REVIEWHUB_TEST_DATABASE_URL")
    if not server or not server.startswith(("postgres://", "postgresql")):
        # Not a failure in CI either: scripts/test's SQLite pass unsets it, its PostgreSQL pass runs this.
        pytest.skip("needs PostgreSQL: set REVIEWHUB_TEST_DATABASE_URL=postgresql://...")
    server = "postgresql+psycopg://" + server.split("://", 1)[1]
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"reviewhub_scale_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as error:
        unavailable(f"PostgreSQL at {server} is unreachable ({error.orig})")
    url = server.rsplit("/", 1)[0] + "/" + name
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def test_two_gunicorn_servers_share_logins_submissions_and_jobs(pg_database, tmp_path):
    redis, queue = redis_url(), queue_name()
    ports = free_port(), free_port()
    a, b = (f"http://127.0.0.1:{port}" for port in ports)
    env = process_env(pg_database, tmp_path, REDIS_URL=redis, REVIEWHUB_RQ_QUEUE=queue,
                      REVIEWHUB_BASE_URL=a)
    app = create_app({"SQLALCHEMY_DATABASE_URI": pg_database, "SECRET_KEY": "scale-test-secret",
                      "REDIS_URL": redis, "RQ_QUEUE": queue, "PASSWORD_TIME_COST": 1,
                      "PASSWORD_MEMORY_COST_KIB": 1024, "PASSWORD_PARALLELISM": 1,
                      "UPLOAD_FOLDER": str(tmp_path / "uploads"), "MAIL_DELIVER_INLINE": False})
    with app.app_context(), ExitStack() as processes:
        processes.callback(drop_queue, redis, queue)
        from flask_migrate import upgrade

        upgrade()
        organizer = f.make_user(email="olga@scale.example.org", name="Olga Organizer")
        author = f.make_user(email="ada@scale.example.org", name="Ada Author")
        event = f.make_event(slug="scaleconf", organizer=organizer)
        from reviewhub.submissions import services as submissions

        submissions.ensure_default_types(event)
        db.session.commit()
        logs = [tmp_path / "a.log", tmp_path / "b.log"]
        for port, log in zip(ports, logs, strict=True):
            processes.enter_context(running(
                ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"], env, log))
        for base, log in zip((a, b), logs, strict=True):
            wait_for(listening(base), timeout=60, what=f"gunicorn on {base}", log=log)

        # A login on A is a login on B.
        browser = Browser()
        status, _url, _page = browser.post_form(f"{a}/account/login",
                                                {"email": author.email, "password": f.PASSWORD})
        assert status == 200
        status, url, page = browser.get(f"{b}/account/profile")
        assert status == 200 and url.endswith("/account/profile") and author.email in page

        # A submission made through A's form is on B.
        title = f"Brushes that listen {uuid.uuid4().hex[:6]}"
        status, url, page = browser.post_form(f"{a}/{event.slug}/submissions/new?type=paper", {
            "title": title, "abstract_md": "We study co-creative painting tools.", "keywords": "painting",
            "ai_use": "none", "presentation_preference": "either", "consent_to_publish": "y",
            "client_token": uuid.uuid4().hex, "save": "Save draft", "contact": "0",
            "authors-0-name": author.name, "authors-0-email": author.email,
            "authors-0-affiliation": "Analytical Engines", "authors-0-position": "1"})
        sid = re.search(r"/submissions/(\d+)$", url)
        assert status == 200 and sid, f"the submission was not saved: {url}\n{page[:2000]}"
        status, _url, page = browser.get(f"{b}/{event.slug}/submissions/{sid.group(1)}")
        assert status == 200 and title in page

        # A job queued by one process runs on a worker; its progress shows on B's job page.
        organizer_browser = Browser()
        organizer_browser.post_form(f"{a}/account/login", {"email": organizer.email, "password": f.PASSWORD})
        gate, pidfile = tmp_path / "gate", tmp_path / "pid"
        job = jobs.create("tests.scale_jobs:gated", title="Counting on a worker", event=event,
                          by=organizer, gate=str(gate), pidfile=str(pidfile))
        db.session.commit()
        jobs.start(job)
        processes.enter_context(running(["worker"], env, tmp_path / "worker.log"))

        def progress_on_b():
            _s, _u, body = organizer_browser.get(f"{b}/{event.slug}/jobs/{job.id}.json")
            state = json.loads(body)
            return state if state["status"] == "running" and state["done"] >= 3 else None

        state = wait_for(progress_on_b, timeout=60, what="the job's progress on B", log=tmp_path / "worker.log")
        assert state["total"] == 3000 and state["message"].startswith("step")
        gate.touch()
        wait_for(lambda: "finished" in organizer_browser.get(f"{b}/{event.slug}/jobs/{job.id}")[2],
                 timeout=30, what="the finished job on B's page", log=tmp_path / "worker.log")
        assert int(pidfile.read_text()) != os.getpid()  # it ran on the worker, not in this process
        for log in logs:  # each server really ran two worker processes
            assert len(set(re.findall(r"Booting worker with pid: (\d+)", log.read_text()))) == 2
        db.session.remove()
        db.engine.dispose()
