"""Under `reviewhub serve` (gunicorn), a submission sent before the deadline is on time even
when every server thread is busy and it waits, queued, until after the deadline: the server
notes when it queued the request (reviewhub.gunicorn_worker), and deadlines judge that."""

from __future__ import annotations

import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import timedelta

import sqlalchemy as sa

from reviewhub import create_app
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions import services as submissions
from reviewhub.submissions.models import Submission
from tests import factories as f
from tests.scale_support import Browser, free_port, listening, process_env, running, wait_for


def _occupy_the_only_thread(port: int) -> socket.socket:
    """A login POST whose body arrives slowly: the server's one thread waits on it."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"POST /account/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 20\r\n\r\nemail=")
    return sock


def _post(browser: Browser, url: str, fields: dict, token: str, answers: list) -> None:
    body = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
    try:
        with browser.opener.open(urllib.request.Request(url, data=body), timeout=60) as response:
            answers.append((response.status, response.geturl(), response.read().decode()))
    except urllib.error.HTTPError as error:
        answers.append((error.code, url, error.read().decode(errors="replace")))


def test_a_submission_queued_behind_busy_threads_is_judged_by_when_it_reached_the_server(tmp_path):
    database = f"sqlite:///{tmp_path / 'arrival.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": "scale-test-secret",
                      "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = process_env(database, tmp_path, REVIEWHUB_BASE_URL=base)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        author = f.make_user(email="ada@arrival.example.org", name="Ada Author")
        event = f.make_event(slug="arrival", submission_deadline_at=utcnow() + timedelta(days=1))
        submissions.ensure_default_types(event)
        db.session.commit()
        log = tmp_path / "serve.log"
        with running(["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1", "--threads", "1"],
                     env, log):
            wait_for(listening(base), timeout=60, what=f"gunicorn on {base}", log=log)
            browser = Browser()
            status, _url, _page = browser.post_form(f"{base}/account/login",
                                                    {"email": author.email, "password": f.PASSWORD})
            assert status == 200
            form_url = f"{base}/arrival/submissions/new?type=paper"
            page = browser.get(form_url)[2]
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
            fields = {"title": "Sent in time", "abstract_md": "Queued, not late.", "ai_use": "none",
                      "presentation_preference": "either", "consent_to_publish": "y", "contact": "0",
                      "client_token": uuid.uuid4().hex, "save": "Save draft",
                      "authors-0-name": author.name, "authors-0-email": author.email,
                      "authors-0-affiliation": "Analytical Engines", "authors-0-position": "1"}

            event.submission_deadline_at = utcnow() + timedelta(seconds=2)
            db.session.commit()
            blocker = _occupy_the_only_thread(port)
            time.sleep(0.3)  # the thread is now waiting for the blocker's body
            answers: list = []
            sender = threading.Thread(target=_post, args=(browser, form_url, fields, token, answers))
            sender.start()  # accepted at once, then queued behind the blocker
            time.sleep(2.7)
            assert utcnow() > event.submission_deadline_at and not answers, "still queued after the deadline"
            blocker.sendall(b"x" * 14)
            blocker.close()
            sender.join(timeout=30)

            status, url, page = answers[0]
            assert status == 200 and re.search(r"/submissions/\d+$", url), page[:1500]
            db.session.expire_all()
            saved = db.session.scalar(sa.select(Submission).where(Submission.title == "Sent in time"))
            assert saved is not None and saved.created_at < event.submission_deadline_at

            # Sent after the deadline, it is late however quickly it is served.
            late: list = []
            _post(browser, form_url, {**fields, "title": "Sent late", "client_token": uuid.uuid4().hex}, token, late)
            assert late[0][0] == 403 and "deadline passed" in late[0][2]
        db.session.remove()
        db.engine.dispose()
