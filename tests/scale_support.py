"""Helpers for the tests that run real processes: Redis and PostgreSQL availability, free
ports, `reviewhub` commands started as subprocesses and stopped within a bounded time."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(reason: str) -> None:
    """Skip with the reason; in CI, where every service is provided, fail instead."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: CI must provide it)")
    pytest.skip(reason)


def redis_url() -> str:
    """The test Redis (REVIEWHUB_TEST_REDIS_URL, default local), skipping when unreachable."""
    url = os.environ.get("REVIEWHUB_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(url, socket_connect_timeout=2).ping()
    except RedisError as error:
        unavailable(f"Redis at {url} is unreachable ({error}); set REVIEWHUB_TEST_REDIS_URL")
    return url


def queue_name() -> str:
    """A queue of this test's own, so tests sharing one Redis never take each other's jobs."""
    return f"reviewhub-test-{uuid.uuid4().hex[:10]}"


def drop_queue(url: str, name: str) -> None:
    from redis import Redis

    connection = Redis.from_url(url)
    keys = list(connection.scan_iter(f"rq:*{name}*"))
    if keys:
        connection.delete(*keys)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_env(database_url: str, tmp: Path, **extra: str) -> dict[str, str]:
    """The environment of a reviewhub process pointed at the test's database (and nothing
    of the caller's own reviewhub settings)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("REVIEWHUB_") and k not in ("DATABASE_URL", "REDIS_URL")}
    env.update({
        "DATABASE_URL": database_url, "REVIEWHUB_INSTANCE_PATH": str(tmp / "instance"),
        "REVIEWHUB_SECRET_KEY": "scale-test-secret", "REVIEWHUB_UPLOAD_FOLDER": str(tmp / "uploads"),
        "REVIEWHUB_MAIL_FILE_DIR": str(tmp / "mail"), "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1", **extra,
    })
    return env


def start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """`python -m flask --app reviewhub <args>` in its own session (its children can be
    found and killed with it), output to `log`."""
    handle = open(log, "ab")  # noqa: SIM115 (closed by stop)
    process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "reviewhub", *args], cwd=ROOT,
                               env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    process.log_handle = handle  # type: ignore[attr-defined]
    return process


def stop(process: subprocess.Popen, *, grace: float = 10) -> None:
    """SIGTERM the process's group, SIGKILL what is left after `grace` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    process.log_handle.close()  # type: ignore[attr-defined]


@contextlib.contextmanager
def running(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    process = start(args, env, log)
    try:
        yield process
    finally:
        stop(process)


def wait_for(check: Callable[[], object], *, timeout: float, what: str, log: Path | None = None):
    """Poll `check` until it returns something truthy; fail with `what` (and the log's tail)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            pytest.fail(f"timed out after {timeout} s waiting for {what}\n{tail}")
        time.sleep(0.1)


class Browser:
    """A cookie jar shared across servers, as one browser behind one load balancer."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, url: str) -> tuple[int, str, str]:
        try:
            with self.opener.open(url, timeout=30) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, url, error.read().decode(errors="replace")

    def post_form(self, url: str, fields: dict) -> tuple[int, str, str]:
        """GET the form for its CSRF token, then POST the fields with it."""
        _status, _url, page = self.get(url)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        assert token, f"no CSRF token on {url}"
        body = urllib.parse.urlencode({**fields, "csrf_token": token.group(1)}, doseq=True).encode()
        try:
            with self.opener.open(urllib.request.Request(url, data=body), timeout=30) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, url, error.read().decode(errors="replace")


def listening(base: str):
    def check():
        try:
            with urllib.request.urlopen(base + "/account/login", timeout=2) as response:
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False
    return check
