"""The `reviewhub` command (also `flask --app reviewhub`): demo, serve, worker, users, mail,
sweep-uploads."""

import contextlib
import os
import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from reviewhub.extensions import db
from reviewhub.words import plural


def main() -> None:
    cli = FlaskGroup(create_app=_create_app, add_default_commands=True, add_version_option=False,
                     help="reviewhub: submissions, review, decisions and program.")
    cli(prog_name="reviewhub")


def _create_app():
    from reviewhub import create_app

    return create_app()


def register(app) -> None:
    from reviewhub.assignment.cli import assign, synth
    from reviewhub.integrity.cli import integrity
    from reviewhub.program.cli import export_site
    from reviewhub.security.cli import prune_security_log
    from reviewhub.transfer.cli import export_event, import_event, import_hotcrp

    for command in (demo, serve, worker, create_user, send_mail, upgrade_db, integrity,
                    export_site, assign, synth, sweep_uploads, prune_security_log,
                    export_event, import_event, import_hotcrp):
        app.cli.add_command(command)


def _upgrade() -> None:
    from flask_migrate import upgrade

    upgrade()


@click.command("upgrade-db")
@with_appcontext
def upgrade_db():
    """Create or update the database schema through the migrations."""
    _upgrade()
    click.echo("Database is up to date.")


@click.command("demo")
@click.option("--phase", type=click.Choice(["cfp", "review", "decided", "program"]), default="program",
              show_default=True, help="The point in the workshop's life the demo starts at.")
@click.option("--serve/--no-serve", default=True, help="Start the web server afterwards.")
@click.option("--port", default=5000, show_default=True)
@click.option("--conference", is_flag=True,
              help="Also load a second event run the conference way (area chairs, meta-reviews).")
@with_appcontext
def demo(phase, serve, port, conference):
    """Set up the database, load the seed workshop with sample data, and serve it."""
    from reviewhub.demo import load_demo
    from reviewhub.mail.services import send_pending

    _announce_base_url("127.0.0.1", port)  # before load_demo: the demo's mails carry links
    _upgrade()
    result = load_demo(phase)
    db.session.commit()
    send_pending()
    event = result["event"]
    click.echo(f"\nThe demo event: http://127.0.0.1:{port}/{event.slug}/")
    click.echo(f"Log in as any of these (password: {result['password']}):")
    for role, email in result["logins"]:
        click.echo(f"  {role:<10} {email}")
    if not current_app.config.get("MAIL_SERVER"):
        click.echo(f"Mail it sends (confirmations, invitations, decisions) is in {current_app.config['MAIL_FILE_DIR']}/*.eml")
    if conference:
        _conference_demo(port, result["password"])
    if serve:
        _serve(host="127.0.0.1", port=port, workers=1)


def _announce_base_url(host: str, port: int) -> None:
    """Mailed links and feeds point where this server listens unless REVIEWHUB_BASE_URL says
    otherwise; say which, and where mail goes when no SMTP server is configured."""
    from reviewhub import baseurl

    config = current_app.config
    derived = config.get("BASE_URL_DERIVED")
    base = baseurl.adopt_listening_address(config, host, port)
    how = "from where it listens; set REVIEWHUB_BASE_URL to change" if derived else "REVIEWHUB_BASE_URL"
    click.echo(f"Links in mail and feeds use {base} ({how}).")
    if not config.get("MAIL_SERVER"):
        click.echo(f"Mail is not sent: each message is written as an .eml file in {config['MAIL_FILE_DIR']}"
                   " (set REVIEWHUB_MAIL_SERVER to send it).")


def _conference_demo(port: int, password: str) -> None:
    from reviewhub.committee.conference_demo import load_conference
    from reviewhub.mail.services import send_pending

    result = load_conference()
    db.session.commit()
    send_pending()
    click.echo(f"\nThe conference event: http://127.0.0.1:{port}/{result['event'].slug}/")
    click.echo(f"Log in as any of these (password: {password}):")
    for role, email in result["logins"]:
        click.echo(f"  {role:<14} {email}")


def _serve(*, host: str, port: int, workers: int, threads: int = 4, access_log: bool = True) -> None:
    """gunicorn where it runs (POSIX), waitress elsewhere; both serve the same app."""
    click.echo(f"Serving on http://{host}:{port} (Ctrl+C stops)")
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError:
        BaseApplication = None
    app = current_app._get_current_object()
    if BaseApplication is None or os.name == "nt":
        from waitress import serve as waitress_serve

        waitress_serve(app, host=host, port=port, threads=8)
        return
    # The master keeps no database connection for its workers to inherit (see _post_fork).
    db.session.remove()
    db.engine.dispose()

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "reviewhub.gunicorn_worker.ArrivalNotingWorker")
            self.cfg.set("timeout", 120)
            self.cfg.set("graceful_timeout", 20)
            self.cfg.set("accesslog", "-" if access_log else None)
            self.cfg.set("post_fork", lambda _server, _worker: _post_fork(app))
            _own_control_socket(self.cfg, app.instance_path)

        def load(self):
            return app

    Server().run()


# A Unix socket's path must fit in sockaddr_un (108 bytes on Linux, 104 on the BSDs).
SOCKET_PATH_LIMIT = 100


def _own_control_socket(cfg, instance_path: str) -> None:
    """gunicorn (25.1+) opens a control socket at one path per user ($XDG_RUNTIME_DIR or
    ~/.gunicorn): a second instance on the machine would take it over, and stopping either
    deletes it under the other. Each instance keeps it in its own instance folder, or has none
    where that path cannot be a socket's."""
    if "control_socket" not in cfg.settings:
        return  # an older gunicorn without one
    path = os.path.join(os.path.abspath(instance_path), "gunicorn.ctl")
    if len(path.encode()) > SOCKET_PATH_LIMIT:
        cfg.set("control_socket_disable", True)
        return
    cfg.set("control_socket", path)


# A thread back from I/O (a recv, a query) waits for the GIL until the thread holding it has
# run for the switch interval: 5 ms by default, paid again on every query and socket read of a
# request while other threads of the worker parse uploads. 1 ms keeps those waits short; the
# extra switching between computing threads costs little.
WORKER_SWITCH_INTERVAL = 0.001


def _post_fork(app) -> None:
    """In each new gunicorn worker: drop the pool copied from the master without closing its
    connections (they are the master's), so the worker opens its own; shorten GIL waits."""
    sys.setswitchinterval(WORKER_SWITCH_INTERVAL)
    with app.app_context():
        db.engine.dispose(close=False)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--workers", default=lambda: int(os.environ.get("WEB_CONCURRENCY", "2")), show_default="2",
              help="gunicorn worker processes (default: $WEB_CONCURRENCY or 2).")
@click.option("--threads", default=4, show_default=True, help="Threads per worker process.")
@click.option("--access-log/--no-access-log", default=True, help="Log each request to stdout.")
@with_appcontext
def serve(host, port, workers, threads, access_log):
    """Run the production web server (gunicorn; waitress where gunicorn cannot run)."""
    _announce_base_url(host, port)
    _serve(host=host, port=port, workers=workers, threads=threads, access_log=access_log)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option("--count", default=1, show_default=True, help="Worker processes to run side by side.")
@with_appcontext
def worker(burst, count):
    """Run RQ workers for background jobs and mail (needs REDIS_URL)."""
    from reviewhub import jobs

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run workers.")
    stale = jobs.mark_stale_jobs_failed()
    db.session.commit()
    if stale:
        click.echo(f"Marked {plural(stale, 'job')} whose worker died as failed.")
    # Work horses are forked from here: they must not inherit a pooled connection.
    db.session.remove()
    db.engine.dispose()
    if count <= 1:
        _work(burst)
        return
    _work_in_children(count, burst)


def _work(burst: bool) -> None:
    """One RQ worker in this process; each job runs in a forked work horse."""
    from redis import Redis
    from rq import Queue, Worker

    from reviewhub import jobs

    connection = Redis.from_url(current_app.config["REDIS_URL"])
    queue = Queue(current_app.config["RQ_QUEUE"], connection=connection)
    Worker([queue], connection=connection, work_horse_killed_handler=jobs.horse_killed).work(burst=burst)


def _work_in_children(count: int, burst: bool) -> None:
    """`count` worker processes; SIGTERM/SIGINT is passed on to them, and we wait for all."""
    import signal

    children = []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                _work(burst)
            except BaseException:  # noqa: B036 (a child never returns into the parent's code)
                code = 1
            os._exit(code)
        children.append(pid)

    def forward(signum, _frame):
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    status = 0
    for child in children:
        _, code = os.waitpid(child, 0)
        status = status or os.waitstatus_to_exitcode(code)
    sys.exit(status)


@click.command("create-user")
@click.argument("email")
@click.option("--name", default=None, help="Full name (default: the part before @).")
@click.option("--affiliation", default="")
@click.option("--password", default=None, help="Asked for when not given.")
@click.option("--organizer", is_flag=True, help="Make the user an organizer of --event.")
@click.option("--event", "slug", default=None, help="The event's short address.")
@click.option("--admin", is_flag=True, help="A site administrator (may create events).")
@with_appcontext
def create_user(email, name, affiliation, password, organizer, slug, admin):
    """Create an account (or find it) and give it roles."""
    import sqlalchemy as sa

    from reviewhub.accounts import services as accounts
    from reviewhub.errors import DomainError
    from reviewhub.events import services as events
    from reviewhub.events.models import Event, Role

    if organizer and not slug:
        raise click.UsageError("--organizer needs --event SLUG.")
    user = accounts.get_user_by_email(email)
    if user is None:
        if password is None:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        try:
            user = accounts.create_user(email=email, name=name or email.split("@")[0],
                                        affiliation=affiliation, password=password, confirmed=True,
                                        is_admin=admin)
        except DomainError as error:
            raise click.ClickException(str(error)) from error
    elif admin:
        user.is_admin = True
    if organizer:
        event = db.session.scalar(sa.select(Event).where(Event.slug == slug))
        if event is None:
            events.create_event(by=user, slug=slug, name=slug)
        else:
            events.add_member(event, user, Role.organizer, by=None)
    db.session.commit()
    click.echo(f"User {user.email}" + (f" organizes {slug}" if organizer else ""))


@click.command("send-mail")
@with_appcontext
def send_mail():
    """Deliver the outbox's pending messages now (also retries due ones)."""
    from reviewhub.mail.delivery import deliver_pending

    counts = deliver_pending()
    click.echo(", ".join(f"{v} {k}" for k, v in counts.items()))
    sys.exit(0)


@click.command("sweep-uploads")
@click.option("--older-than", "minutes", type=click.IntRange(min=1), default=60, show_default=True,
              help="Only files nobody has written to for this many minutes (never an upload in progress).")
@click.option("--dry-run", is_flag=True, help="List what would be deleted; delete nothing.")
@with_appcontext
def sweep_uploads(minutes, dry_run):
    """Delete upload-folder files that no row references (left by refused saves and dropped
    database connections)."""
    from datetime import timedelta

    from reviewhub import storage
    from reviewhub.uploads.services import sweep

    # Chunked uploads nobody added to for as long (abandoned, or never submitted): rows and files.
    for row in sweep(older_than=timedelta(minutes=minutes), dry_run=dry_run):
        click.echo(f"{'would delete' if dry_run else 'deleted'} {row.part_key} (chunked upload {row.filename!r}, "
                   f"{row.received} of {row.size} bytes)")
    db.session.commit()
    orphans = storage.unreferenced(_stored_file_names(), older_than_seconds=minutes * 60)
    for path in orphans:
        if not dry_run:
            path.unlink(missing_ok=True)
        click.echo(f"{'would delete' if dry_run else 'deleted'} {path.name}")
    size = sum(p.stat().st_size for p in orphans if p.exists())
    click.echo(f"{len(orphans)} unreferenced files{' (dry run)' if dry_run else ''}"
               + (f", {size / 2**20:.1f} MB" if dry_run else ""))


def _stored_file_names() -> set[str]:
    """Every value of every string column named like a stored file's key (storage_key,
    photo_key, ...): a column added later is covered without being listed here, and a
    needless name only keeps a file."""
    import sqlalchemy as sa

    names: set[str] = set()
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if column.name.endswith("_key") and isinstance(column.type, sa.String):
                names.update(db.session.scalars(sa.select(column).where(column.is_not(None))))
    return names
