"""Request-wide behaviour: security headers, error pages, template globals and filters."""

import math
import time
from datetime import UTC, datetime

from flask import Flask, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge, ServiceUnavailable
from werkzeug.routing import BuildError

from reviewhub import permissions, timeutil, words
from reviewhub.decisions.terms import licence_label
from reviewhub.errors import DomainError
from reviewhub.markup import render_markdown
from reviewhub.security import recorder

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; object-src 'none'; frame-src 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)
# A proxy's X-Request-Start older than this (seconds) is not believed.
PROXY_WAIT_LIMIT = 3600


def register(app: Flask) -> None:
    from reviewhub.storage import UploadRequest

    app.request_class = UploadRequest  # uploads stream into the upload folder, hashed once
    # First of all hooks: the CSRF check (registered with the extensions) reads the whole body.
    app.before_request_funcs.setdefault(None, []).insert(0, _before_body)
    app.before_request(_refuse_nul_fields)
    app.after_request(_security_headers)
    app.after_request(recorder.write_noted)  # the security log: after the response is decided
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(DBAPIError, _database_gone)
    app.jinja_env.globals.update(permissions.JINJA_GLOBALS)
    app.jinja_env.globals["zone_label"] = timeutil.zone_label
    app.jinja_env.globals["url_if"] = url_if
    if app.config.get("TRUSTED_PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["TRUSTED_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    app.jinja_env.filters.update(words.JINJA_FILTERS)  # label, plural, with_article, any_of, all_of
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["licence_label"] = licence_label
    app.jinja_env.filters["local"] = _local_filter
    app.jinja_env.filters["local_date"] = timeutil.format_date
    app.jinja_env.filters["local_input"] = _local_input
    app.context_processor(_current_event)
    app.wsgi_app = _StampArrival(app.wsgi_app)  # outermost: before anything reads the body


def url_if(endpoint: str, **values) -> str | None:
    """The URL of an endpoint, or None while that page does not exist (navigation links)."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


class _StampArrival:
    """WSGI middleware: notes when the request reached the app, before the CSRF check or
    anything else reads (and waits for) its body; under `reviewhub serve` the server has
    already noted the earlier moment it queued the request (gunicorn_worker), which stands."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        environ.setdefault("reviewhub.arrived_at", time.time())
        return self.wsgi_app(environ, start_response)


def proxy_request_start(value: str | None, arrived: float) -> float | None:
    """When a proxy received the request, from its X-Request-Start header ("t=1700000000.123";
    seconds, milliseconds or microseconds since the epoch, as nginx's ${msec} and others send
    it). Never later than the app's own arrival time; None for an unreadable value or one more
    than PROXY_WAIT_LIMIT before it (a misconfigured proxy, or a replayed header)."""
    try:
        stamp = float((value or "").strip().removeprefix("t="))
    except ValueError:
        return None
    if not math.isfinite(stamp) or stamp <= 0:
        return None
    stamp /= 1e6 if stamp > 1e14 else 1e3 if stamp > 1e11 else 1
    if stamp < arrived - PROXY_WAIT_LIMIT:
        return None
    return min(stamp, arrived)


def arrival_time(environ: dict, trusted_proxies: int) -> datetime:
    """When the request arrived: the trusted proxy's word (only when the deployment says a
    proxy is in front, TRUSTED_PROXY_COUNT > 0; a client's own header is never believed),
    else the moment the app received it."""
    arrived = environ.get("reviewhub.arrived_at") or time.time()
    if trusted_proxies > 0:
        arrived = proxy_request_start(environ.get("HTTP_X_REQUEST_START"), arrived) or arrived
    return datetime.fromtimestamp(arrived, UTC)


def before_body(gate):
    """Decorator for a view that takes uploads: on a POST, `gate(**view_args)` runs before
    anything reads the request body, to set the body's size limit (request.max_content_length)
    or to drop the files of a request that can no longer be accepted (request.drop_uploads).
    It runs before the view's own permission checks: it must not answer with anything but a
    413, and must do nothing for a URL the view would refuse."""

    def mark(view):
        view.before_body = gate
        return view

    return mark


def _before_body() -> None:
    _note_arrival()
    if "\x00" in request.path or any("\x00" in value for value in request.args.values()):
        abort(400, NUL_MESSAGE)
    view = current_app.view_functions.get(request.endpoint)
    gate = getattr(view, "before_body", None)
    if gate is not None and request.method == "POST":
        gate(**(request.view_args or {}))


NUL_MESSAGE = "The request contains a NUL character (\\0), which no address or field accepts."


def _refuse_nul_fields() -> None:
    """After the body is read: no text field may hold a NUL (PostgreSQL cannot store one, and
    no person types one). Files are bytes and are not looked at here."""
    if request.method in ("GET", "HEAD"):
        return
    if any("\x00" in value for value in request.form.values()):
        abort(400, NUL_MESSAGE)
    if request.is_json and "\\u0000" in request.get_data(as_text=True):
        abort(400, NUL_MESSAGE)


def _note_arrival() -> None:
    """When the request arrived, before its body was read: deadlines judge this moment, so an
    upload that starts before a deadline and takes a while to arrive is on time."""
    g.request_started_at = arrival_time(request.environ, current_app.config.get("TRUSTED_PROXY_COUNT") or 0)


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _local_filter(instant, zone_name=None, fmt="%Y-%m-%d %H:%M"):
    """Template filter: an aware instant in the event's zone, with the zone named."""
    if zone_name is None and getattr(g, "event", None) is not None:
        zone_name = g.event.timezone
    return timeutil.format_local(instant, zone_name, fmt)


def _local_input(instant, zone_name: str) -> str:
    """An instant as a datetime-local value in the zone ("2024-12-14T09:30", no zone named):
    for form values and for pages that name the zone once (the schedule editor)."""
    return timeutil.to_local(instant, zone_name).strftime("%Y-%m-%dT%H:%M") if instant else ""


def _current_event():
    """The event whose pages are being shown, for the role-dependent navigation."""
    return {"current_event": getattr(g, "event", None)}


def _http_error(error: HTTPException):
    if error.code in (403, 404) and g.get("two_factor_required"):
        # An organizer of an event that requires two-factor sign-in, without it: set it up first.
        flash("This event's organizers must use two-factor sign-in: set it up to continue.", "info")
        return redirect(url_for("accounts.two_factor"))
    if error.code in (403, 404) and request.url_rule is not None:
        # A route's refusal (a view's lookup that aborts; require() noted its own already);
        # a URL no route knows is noise, not a refusal.
        recorder.note_refusal("forbidden" if error.code == 403 else "not_found", "lookup")
    if isinstance(error, RequestEntityTooLarge):
        return render_template("errors/413.html"), 413
    if request.accept_mimetypes.best == "application/json":
        return {"error": error.name, "description": error.description}, error.code
    return render_template("errors/error.html", error=error), error.code


def _csrf_error(error: CSRFError):
    recorder.note_refusal("csrf", "csrf")
    return render_template("errors/error.html", error=error), 400


def _domain_error(error: DomainError):
    if error.status_code == 429:
        recorder.note_refusal("rate_limited", "limit")
    return render_template("errors/error.html", error=error, message=str(error)), error.status_code


def _database_gone(error: DBAPIError):
    """A connection lost mid-request (database restart, failover): the transaction is gone as
    a whole, so say so plainly; any other database error is a bug and stays a 500."""
    if not error.connection_invalidated:
        raise error
    from reviewhub.extensions import db

    db.session.rollback()
    message = ("The connection to the database was lost while saving. Nothing was saved; "
               "go back and send the form again.")
    return render_template("errors/error.html", error=ServiceUnavailable(), message=message), 503
