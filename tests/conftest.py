"""Shared fixtures: a migrated database (SQLite, or PostgreSQL when
REVIEWHUB_TEST_DATABASE_URL is set), the app, clients logged in as anyone, a real SMTP server."""

import os
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from reviewhub import create_app
from reviewhub.extensions import db as _db

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "TOTP_KEY": "test-totp-key",
    "WTF_CSRF_ENABLED": False,
    "SERVER_NAME": "reviewhub.test",
    "PASSWORD_TIME_COST": 1,
    "PASSWORD_MEMORY_COST_KIB": 1024,
    "PASSWORD_PARALLELISM": 1,
    "MAIL_DELIVER_INLINE": False,  # tests deliver explicitly, and read the outbox rows
    "REDIS_URL": None,
    # Embedding every saved text would slow every test where the extra is installed; the
    # embedding tests (tests/assignment/test_vectors.py) turn it on.
    "EMBEDDINGS_ENABLED": False,
}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A fresh database for this test session, migrated to the newest schema."""
    server_url = os.environ.get("REVIEWHUB_TEST_DATABASE_URL")
    if not server_url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
        _migrate(url, tmp_path_factory)
        yield url
        return
    name = f"reviewhub_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(_pg(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = _pg(server_url).rsplit("/", 1)[0] + "/" + name
    try:
        _migrate(url, tmp_path_factory)
        yield url
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _pg(url: str) -> str:
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _migrate(url, tmp_path_factory):
    from flask_migrate import upgrade

    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url,
                      "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("u"))})
    with app.app_context():
        upgrade()
        _db.engine.dispose()


class FreshContextClient(FlaskClient):
    """Each request runs in its own app context, as in production: `g` (Flask-Login's user,
    memoised roles) and the database session do not leak from the test or between requests.
    So commit test data before making requests, and expire/refresh objects afterwards."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@contextmanager
def running_app(database_url: str, tmp_path, **config):
    """A test app on `database_url` (uploads and mail under tmp_path; `config` on top of
    TEST_CONFIG), inside its app context; its tables are emptied afterwards."""
    app = create_app({
        **TEST_CONFIG,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "MAIL_FILE_DIR": str(tmp_path / "mail"),
        **config,
    })
    app.test_client_class = FreshContextClient
    with app.app_context():
        yield app
        _db.session.rollback()
        _db.session.remove()
        _empty_tables()
        _db.engine.dispose()


@pytest.fixture
def app(database_url, tmp_path):
    with running_app(database_url, tmp_path) as app:
        yield app


def _empty_tables():
    """Every test starts from empty tables (faster than re-creating the schema)."""
    tables = [t for t in reversed(_db.metadata.sorted_tables)]
    with _db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login_as(app):
    """login_as(user) -> a test client whose session is that user's (None: anonymous)."""

    def make(user):
        client = app.test_client()
        if user is not None:
            with client.session_transaction() as session:
                session["_user_id"] = user.get_id()
                session["_fresh"] = True
        return client

    return make


@pytest.fixture
def outbox(app):
    """outbox() -> the outbox rows written so far, oldest first."""
    from reviewhub.mail.models import OutboxMessage

    def rows():
        return list(_db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))

    return rows


@pytest.fixture
def smtp_server():
    """A real SMTP server (aiosmtpd) on a free loopback port that keeps what it receives and
    can be told to answer 421 or 550, or to drop the connection."""
    from tests.smtp import CapturingSMTPServer

    server = CapturingSMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def shared_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "shared"
