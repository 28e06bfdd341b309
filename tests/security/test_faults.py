"""Faults: a killed mail worker, a full disk under uploads, a database connection dropped mid-submit.

SMTP answering 421 or 550 or dropping the connection is tested against the real SMTP fixture in
tests/mail/test_delivery.py (temporary failures retried with backoff, permanent ones failed,
a dropped connection reopened); not repeated here.
"""

import io
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.mail.models import OutboxMessage
from reviewhub.submissions.models import Submission, SubmissionFile
from tests.access.world import build_world

ROOT = Path(__file__).resolve().parents[2]


def _submission_form(author, title: str, data: bytes) -> dict:
    return {"title": title, "abstract_md": "An abstract.", "authors-0-name": author.name,
            "authors-0-email": author.email, "authors-0-affiliation": "", "authors-0-position": "1",
            "contact": "0", "ai_use": "none", "presentation_preference": "either", "consent_to_publish": "y", "client_token": uuid.uuid4().hex,
            "submit_now": "Submit", "file-main": (io.BytesIO(data), "paper.pdf")}


def _pdf(size: int) -> bytes:
    from bench.rushclient import make_pdf

    return make_pdf("fault", size)


def _count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


@pytest.fixture
def full_disk(tmp_path):
    """A 1 MB filesystem for uploads (tmpfs; needs root and mount, as in CI containers here)."""
    target = tmp_path / "small"
    target.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(target)],
                             capture_output=True).returncode == 0
    if not mounted:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield target
    subprocess.run(["umount", "-l", str(target)], check=False)


def test_a_full_disk_gives_a_clear_message_and_saves_nothing(app, login_as, full_disk):
    app.config["UPLOAD_FOLDER"] = str(full_disk)
    world = build_world()
    world.event.cfp_open = True
    db.session.commit()
    author = world.users["other_author"]
    response = login_as(author).post(f"/{world.slug}/submissions/new?type=paper",
                                     data=_submission_form(author, "Too big for the disk", _pdf(3 << 20)),
                                     content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 507, response.status_code
    assert "could not be stored" in page and "Too big for the disk" in page  # message, input kept
    assert _count(Submission, Submission.title == "Too big for the disk") == 0
    assert _count(SubmissionFile) == 0
    assert [p.name for p in full_disk.iterdir()] == [], "no partial file is left on the disk"
    small = login_as(author).post(f"/{world.slug}/submissions/new?type=paper",
                                  data=_submission_form(author, "Fits on the disk", _pdf(100_000)),
                                  content_type="multipart/form-data")
    assert small.status_code == 302, "once there is room, the same form goes through"


def _worker(app, smtp_server, instance: Path) -> subprocess.Popen:
    """`flask send-mail` in its own process, on the test database and SMTP server."""
    env = {**os.environ, "REVIEWHUB_INSTANCE_PATH": str(instance),
           "REVIEWHUB_SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
           "REVIEWHUB_SECRET_KEY": "worker", "REVIEWHUB_MAIL_SERVER": "127.0.0.1",
           "REVIEWHUB_MAIL_PORT": str(smtp_server.port), "REVIEWHUB_MAIL_SMTP_CONNECTIONS": "1",
           "REVIEWHUB_MAIL_LEASE_SECONDS": "300"}
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "reviewhub", "send-mail"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def test_a_mail_worker_process_killed_mid_batch_loses_nothing(app, smtp_server, tmp_path):
    from datetime import timedelta

    from reviewhub.mail import delivery
    from reviewhub.mail.services import Recipient, enqueue
    from reviewhub.models_base import utcnow
    from tests.mail.helpers import use_smtp
    from tests.mail.test_delivery import CONTEXT

    people = [Recipient(f"person{i}@example.org", f"Person {i}") for i in range(150)]
    enqueue("decisions/accept", to=people, context=CONTEXT, dedupe_key="kill")
    db.session.commit()
    worker = _worker(app, smtp_server, tmp_path / "instance")
    deadline = time.monotonic() + 60
    while len(smtp_server.messages) < 10 and time.monotonic() < deadline and worker.poll() is None:
        time.sleep(0.01)
    os.killpg(worker.pid, signal.SIGKILL)  # mid-batch: some delivered, none recorded as sent
    worker.wait()
    delivered_before = len(smtp_server.messages)
    assert 10 <= delivered_before < 150, "the worker was not stopped mid-batch"
    db.session.expire_all()
    stuck = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.status == "sending"))
    assert stuck > 0, "the killed worker's batch is leased"
    use_smtp(app, smtp_server)
    pending = _count(OutboxMessage, OutboxMessage.status == "pending")
    assert delivery.deliver_pending()["sent"] == pending  # the killed worker's leases still hold
    db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.status == "sending")
                       .values(lease_until=utcnow() - timedelta(seconds=1)))  # the lease runs out
    db.session.commit()
    delivery.deliver_pending()
    assert _count(OutboxMessage, OutboxMessage.status != "sent") == 0
    by_recipient: dict[str, set[str]] = {}
    for received in smtp_server.messages:
        by_recipient.setdefault(received["to"][0], set()).add(received["message"]["Message-ID"])
    assert len(by_recipient) == 150, "every message arrived"
    assert all(len(ids) == 1 for ids in by_recipient.values()), "a resent message keeps its Message-ID"
    resent = len(smtp_server.messages) - 150
    assert resent <= delivered_before, "only messages of the killed batch are sent twice"


class _Cut:
    """Drops the request's database connection at its first INSERT into `table`:
    pg_terminate_backend from another connection on PostgreSQL, closing it on SQLite."""

    def __init__(self, engine, table: str):
        self.engine, self.table, self.armed = engine, table.upper(), True

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if not (self.armed and statement.lstrip().upper().startswith(f"INSERT INTO {self.table}")):
            return
        self.armed = False
        raw = conn.connection.dbapi_connection
        if self.engine.dialect.name == "postgresql":
            other = sa.create_engine(self.engine.url, poolclass=sa.pool.NullPool)
            with other.connect() as killer:
                killer.execute(sa.text("select pg_terminate_backend(:pid)"), {"pid": raw.info.backend_pid})
            other.dispose()
        else:
            raw.close()


def test_a_database_connection_dropped_mid_submit_gives_a_clear_message_and_no_duplicate(app, login_as):
    world = build_world()
    world.event.cfp_open = True
    db.session.commit()
    author = world.users["other_author"]
    form = _submission_form(author, "Dropped connection", _pdf(200_000))
    token = form["client_token"]
    cut = _Cut(db.engine, "submission_files")
    sa.event.listen(db.engine, "before_cursor_execute", cut)
    try:
        response = login_as(author).post(f"/{world.slug}/submissions/new?type=paper", data=form,
                                         content_type="multipart/form-data")
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", cut)
    assert not cut.armed, "the connection was not cut"
    assert response.status_code == 503, response.status_code
    assert "nothing was saved" in response.get_data(as_text=True).lower()
    assert _count(Submission, Submission.title == "Dropped connection") == 0
    assert _count(SubmissionFile) == 0
    retry = login_as(author).post(f"/{world.slug}/submissions/new?type=paper",
                                  data={**_submission_form(author, "Dropped connection", _pdf(200_000)),
                                        "client_token": token}, content_type="multipart/form-data")
    assert retry.status_code == 302
    assert _count(Submission, Submission.title == "Dropped connection", Submission.status == "submitted") == 1
    assert _count(SubmissionFile) == 1
