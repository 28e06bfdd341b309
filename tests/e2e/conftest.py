"""Real-browser fixtures: a reviewhub server in a subprocess on its own migrated SQLite
database, a real SMTP server capturing its mail, and Debian's Chromium driven by Playwright."""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.browser import Browsing
from tests.e2e.mailbox import Mailbox
from tests.smtp import CapturingSMTPServer, free_port

CHROMIUM = os.environ.get("REVIEWHUB_E2E_CHROMIUM", "/usr/bin/chromium")  # Debian's package
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
SECRET = "e2e-secret-key-not-for-production"


def pytest_collection_modifyitems(items):
    """A browser test that forgot its marker still counts as e2e (for `-m "not e2e"`)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


class Server:
    """A running reviewhub: its URL, its environment, and the CLI against its database."""

    def __init__(self, instance: Path, smtp: CapturingSMTPServer):
        self.instance = instance
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = instance / "server.log"
        self.env = _server_environment(instance, smtp.port, self.url)
        self.process: subprocess.Popen | None = None
        self._app = None

    def cli(self, *args: str) -> str:
        """`reviewhub ARGS`: the real command, run in this process against the server's data
        (a subprocess would pay the app's import time again)."""
        result = self.app().test_cli_runner().invoke(args=list(args))
        if result.exit_code != 0:
            raise AssertionError(f"reviewhub {' '.join(args)} failed ({result.exit_code}):\n"
                                 f"{result.output}\n{result.exception!r}")
        return result.output

    def start(self) -> None:
        handle = self.log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from reviewhub.cli import main; main()",
             "serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1"],
            cwd=REPO, env=self.env, stdout=handle, stderr=subprocess.STDOUT,
        )
        # The schema is made through the migrations while the server boots (it touches the
        # database only when the first request comes, after this fixture returns).
        self.cli("upgrade-db")
        deadline = time.monotonic() + 60  # a loaded CI machine imports slowly
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"reviewhub serve exited:\n{self.log_tail()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"reviewhub serve did not listen within 60 s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_tail(self, lines: int = 60) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def app(self):
        """An app in the test process on the server's database (CLI commands, seeding)."""
        from reviewhub import create_app

        if self._app is None:
            self._app = create_app(self.config())
        return self._app

    def config(self) -> dict:
        return {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{self.instance / 'reviewhub.sqlite'}",
            "SECRET_KEY": SECRET, "BASE_URL": self.url,
            "UPLOAD_FOLDER": str(self.instance / "uploads"), "MAIL_FILE_DIR": str(self.instance / "mail"),
            "PASSWORD_TIME_COST": 1, "PASSWORD_MEMORY_COST_KIB": 1024, "PASSWORD_PARALLELISM": 1,
            "MAIL_DELIVER_INLINE": False, "REDIS_URL": None,
        }


def _server_environment(instance: Path, smtp_port: int, url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("REVIEWHUB_") and key not in ("DATABASE_URL", "REDIS_URL")}
    env.update({
        "REVIEWHUB_INSTANCE_PATH": str(instance),
        "REVIEWHUB_SECRET_KEY": SECRET,
        "REVIEWHUB_BASE_URL": url,
        "REVIEWHUB_MAIL_SERVER": "127.0.0.1",
        "REVIEWHUB_MAIL_PORT": str(smtp_port),
        "REVIEWHUB_MAIL_DELIVER_INLINE": "true",
        "REVIEWHUB_PASSWORD_TIME_COST": "1",
        "REVIEWHUB_PASSWORD_MEMORY_COST_KIB": "1024",
        "REVIEWHUB_PASSWORD_PARALLELISM": "1",
        "REVIEWHUB_UPLOAD_CHUNK_BYTES": "262144",  # files of a few hundred kB go in several chunks
        "PYTHONPATH": str(REPO),
    })
    return env


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    message = (f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) "
               "to run the real-browser tests")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + " (CI=true: the browser tests must run in CI)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def smtp() -> Iterator[CapturingSMTPServer]:
    server = CapturingSMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def server(chromium_path, smtp, tmp_path_factory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("e2e-instance"), smtp)
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def mailbox(smtp) -> Mailbox:
    return Mailbox(smtp)


@pytest.fixture(scope="session")
def chromium(chromium_path, server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def _fresh_screenshots():
    """Each run's screenshots replace the last run's."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def browsing(chromium, server, mailbox, request) -> Iterator[Browsing]:
    """browsing.person(...) opens a browser context (own cookies) per person."""
    session = Browsing(chromium, server, mailbox, SCREENSHOTS)
    yield session
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        session.capture_failure(request.node.name)
    session.close()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report
