"""reviewhub: call for submissions, peer review, decisions and public program."""

import importlib
import os
import secrets
from pathlib import Path

from flask import Flask

BLUEPRINT_PACKAGES = [
    "accounts", "events", "submissions", "assignment", "reviewing",
    "decisions", "mail", "program", "integrity", "security",
    "committee", "tags", "auditlog", "groupmail", "search",
    "api", "publications", "people", "transfer", "questions", "uploads",
]


def create_app(test_config: dict | None = None) -> Flask:
    """The only place that wires the app: config, extensions, blueprints, CLI."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        instance_path=os.environ.get("REVIEWHUB_INSTANCE_PATH") or None,
        template_folder=str(Path(__file__).resolve().parent.parent / "templates"),
    )
    app.config.from_object("reviewhub.config")
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("REVIEWHUB")
        _common_environment(app)
    else:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    _fill_defaults(app)
    _register_extensions(app)
    from reviewhub import cli, pagecache, web

    pagecache.init_app(app)  # before web.register: ProxyFix then wraps the cache, which sees the real host
    _register_blueprints(app)

    web.register(app)
    cli.register(app)
    return app


def _common_environment(app: Flask) -> None:
    """The unprefixed names every deployment tool knows."""
    for name, key in [("DATABASE_URL", "SQLALCHEMY_DATABASE_URI"), ("REDIS_URL", "REDIS_URL")]:
        if os.environ.get(name) and not app.config.get(key):
            app.config[key] = os.environ[name]


def _fill_defaults(app: Flask) -> None:
    instance = Path(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(
        app.config.get("SQLALCHEMY_DATABASE_URI") or f"sqlite:///{instance / 'reviewhub.sqlite'}"
    )
    app.config["UPLOAD_FOLDER"] = app.config.get("UPLOAD_FOLDER") or str(instance / "uploads")
    app.config["MAIL_FILE_DIR"] = app.config.get("MAIL_FILE_DIR") or str(instance / "mail")
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance)
    # Its own key, not SECRET_KEY: rotating the session key must not turn off everyone's 2FA.
    if not app.config.get("TOTP_KEY"):
        app.config["TOTP_KEY"] = _instance_secret(instance, "totp_key")
    from reviewhub import baseurl
    baseurl.configure(app.config)
    # Served over https (BASE_URL says so): cookies never travel over plain http.
    if app.config.get("SECURE_COOKIES") or str(app.config.get("BASE_URL") or "").startswith("https://"):
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)


def _normalise_db_url(url: str) -> str:
    """postgres:// and postgresql:// use psycopg 3, the driver reviewhub installs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _instance_secret(instance: Path, name: str = "secret_key") -> str:
    """A secret generated once per deployment and kept in instance/, never in the code."""
    path = instance / name
    if not path.exists():
        # Several processes may start at once: write aside, then link into place; the first
        # link wins and the others read the winner's key (never a half-written file).
        instance.mkdir(parents=True, exist_ok=True)
        draft = instance / f".{name}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(draft)
    return path.read_text().strip()


def _register_extensions(app: Flask) -> None:
    from reviewhub import models  # noqa: F401  (the whole schema, for Alembic)
    from reviewhub.extensions import csrf, db, login_manager, mail, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    mail.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    from reviewhub.accounts.services import load_user_from_session

    login_manager.user_loader(load_user_from_session)
    with app.app_context():
        _tune_sqlite(db.engine)


def _register_blueprints(app: Flask) -> None:
    for package in BLUEPRINT_PACKAGES:
        module = importlib.import_module(f"reviewhub.{package}")
        importlib.import_module(f"reviewhub.{package}.views")
        app.register_blueprint(module.bp)


def _tune_sqlite(engine) -> None:
    """Foreign keys on, and a busy timeout so concurrent writers wait instead of failing."""
    if engine.dialect.name != "sqlite":
        return
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(connection, _record):
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "savepoint")
    def _begin_before_savepoint(connection, _name):
        # pysqlite opens a transaction only at the first INSERT/UPDATE/DELETE: a SAVEPOINT
        # before that runs outside one, its RELEASE commits, and a later rollback cannot undo
        # what the savepoint wrote. Begin the transaction first.
        raw = connection.connection.dbapi_connection
        if not raw.in_transaction:
            raw.execute("BEGIN")
