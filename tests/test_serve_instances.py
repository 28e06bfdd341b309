"""`reviewhub serve` as started on a real machine: without REVIEWHUB_BASE_URL its mailed
links point where it listens (and it says so), and two instances side by side keep their
own gunicorn control sockets, so stopping one leaves the other's alone."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import time
import urllib.request

import pytest

from reviewhub import create_app
from tests.scale_support import Browser, free_port, listening, process_env, running, wait_for


def _migrated(tmp_path, *, released: bool = False) -> str:
    """A migrated database; with `released`, an event whose program is public."""
    database = f"sqlite:///{tmp_path / 'serve.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": "serve-test-secret",
                      "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    with app.app_context():
        from flask_migrate import upgrade

        from reviewhub.extensions import db

        upgrade()
        if released:
            from reviewhub.program import services
            from tests.program.helpers import program_event

            services.release_schedule(program_event(slug="served"), by=None)
            db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return database


def _env(database, folder, **extra):
    env = process_env(database, folder, **extra)
    env.pop("XDG_RUNTIME_DIR", None)  # gunicorn's own default would go there
    return env


def _serve(port: int) -> list[str]:
    return ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1", "--no-access-log"]


def _mail_texts(folder) -> list[str]:
    texts = []
    for path in sorted(folder.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        texts.append(message.get_body(("plain",)).get_content())
    return texts


def test_serve_without_a_base_url_mails_links_to_where_it_listens(tmp_path):
    database = _migrated(tmp_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with running(_serve(port), _env(database, tmp_path), log):
        wait_for(listening(base), timeout=60, what=f"gunicorn on {base}", log=log)
        assert f"Links in mail and feeds use {base} (from where it listens" in log.read_text()
        assert f"written as an .eml file in {tmp_path / 'mail'}" in log.read_text()
        status, _url, page = Browser().post_form(f"{base}/account/register", {
            "name": "Ada Lovelace", "email": "ada@example.org", "affiliation": "",
            "password": "long-enough-pw", "password_again": "long-enough-pw"})
        assert status == 200, page[:1000]
        [text] = wait_for(lambda: _mail_texts(tmp_path / "mail"), timeout=30, what="the mail", log=log)
    assert f"{base}/account/confirm/" in text
    assert "127.0.0.1:5000" not in text


def test_serve_without_a_base_url_builds_feeds_on_where_it_listens_whatever_the_host(tmp_path):
    database = _migrated(tmp_path, released=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with running(_serve(port), _env(database, tmp_path), log):
        wait_for(listening(base), timeout=60, what=f"gunicorn on {base}", log=log)
        bodies = []
        for host in (f"127.0.0.1:{port}", f"localhost:{port}"):
            request = urllib.request.Request(f"{base}/served/program/schedule.ics", headers={"Host": host})
            with urllib.request.urlopen(request, timeout=30) as response:
                bodies.append(response.read().decode())
    assert bodies[0] == bodies[1]
    unfolded = bodies[0].replace("\r\n ", "")
    urls = re.findall(r"^URL:(.+)$", unfolded, re.M)
    uids = re.findall(r"^UID:(.+)$", unfolded, re.M)
    assert urls and all(u.strip().startswith(f"{base}/served/program/talks/") for u in urls), urls[:3]
    assert uids and all(u.strip().endswith("@127.0.0.1") for u in uids), uids[:3]


def test_serve_with_a_base_url_says_it_uses_that_one(tmp_path):
    database = _migrated(tmp_path)
    port = free_port()
    log = tmp_path / "serve.log"
    env = _env(database, tmp_path, REVIEWHUB_BASE_URL="https://reviews.example.org")
    with running(_serve(port), env, log):
        wait_for(listening(f"http://127.0.0.1:{port}"), timeout=60, what="gunicorn", log=log)
    assert "Links in mail and feeds use https://reviews.example.org (REVIEWHUB_BASE_URL)" in log.read_text()


def _answers(path) -> bool:
    with socket.socket(socket.AF_UNIX) as client:
        try:
            client.connect(str(path))
        except OSError:
            return False
        return True


def test_two_instances_keep_their_own_control_sockets(tmp_path):
    pytest.importorskip("gunicorn.ctl.server", reason="this gunicorn has no control socket")
    database = _migrated(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    first, second = tmp_path / "a", tmp_path / "b"
    ports = free_port(), free_port()
    logs = first / "serve.log", second / "serve.log"
    for folder in (first, second):
        folder.mkdir()
    with running(_serve(ports[1]), _env(database, second, HOME=str(home)), logs[1]):
        wait_for(listening(f"http://127.0.0.1:{ports[1]}"), timeout=60, what="instance b", log=logs[1])
        with running(_serve(ports[0]), _env(database, first, HOME=str(home)), logs[0]):
            wait_for(listening(f"http://127.0.0.1:{ports[0]}"), timeout=60, what="instance a", log=logs[0])
            for folder, log in zip((first, second), logs, strict=True):
                wait_for(lambda f=folder: _answers(f / "instance" / "gunicorn.ctl"), timeout=30,
                         what=f"the control socket in {folder}/instance", log=log)
        # instance a stopped: its socket is gone, b's still answers, and none was in HOME.
        time.sleep(0.5)
        assert not (first / "instance" / "gunicorn.ctl").exists()
        assert _answers(second / "instance" / "gunicorn.ctl")
        assert not (home / ".gunicorn").exists()
        assert "failed to start control socket" not in logs[1].read_text().lower()
