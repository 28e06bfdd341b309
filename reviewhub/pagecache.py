"""Whole public pages kept in Redis for visitors who are not logged in.

With REDIS_URL set and PUBLIC_CACHE_SECONDS above 0, a GET of a public page (event page,
schedule, talks, speakers, accepted works, program feeds) by a visitor without a session
cookie is answered from Redis without touching the database. A hit is answered by WSGI
middleware in front of Flask (`ServeStored`): no request context, session or hooks, so it
costs about what a bare route does; the stored answer already carries the headers the
hooks set when it was rendered. Each event has a version token
in Redis; services that change what those pages show call `changed(event)`, and the token is
replaced right after their transaction commits, so no visitor sees a page older than the
last commit (the TTL only bounds memory and time-dependent text). Only plain 200 answers
are kept: none that sets a cookie, carries a CSRF token or flash messages, or is a file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

import sqlalchemy as sa
from flask import (
    Flask,
    Response,
    current_app,
    g,
    has_app_context,
    request,
    request_finished,
    session,
)
from flask_login import current_user
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers import Request

log = logging.getLogger(__name__)

# endpoint -> the query arguments its view reads; a request with any other argument bypasses
# the cache (so nobody can fill Redis with ?x=1, ?x=2 ... copies of a page).
PUBLIC_ENDPOINTS: dict[str, tuple[str, ...]] = {
    "events.show": (),
    "program.schedule": (),
    "program.talk": (),
    "program.speaker": (),
    "program.accepted": ("topic",),
    "program.ical": (),
    "program.talk_ical": (),
    "program.frab_xml": (),
    "program.frab_json": (),
    "program.csv": (),
    "program.bibtex": (),
}
UNSTORED_HEADERS = {"content-length", "set-cookie", "date", "x-page-cache"}
PENDING = "pagecache_slugs"  # session.info key: slugs whose pages change at the next commit
MISSED = "reviewhub.pagecache"  # WSGI environ key: (slug, key, version) of a page to store


@dataclass(frozen=True)
class StoredPage:
    version: bytes  # the event's version token the page was rendered under
    status: int
    headers: list
    body: bytes
    expires: float  # time.time() when Redis lets the page go (PUBLIC_CACHE_SECONDS after storing)


class PageCache:
    """Pages live in Redis, shared by every worker; each process also keeps a copy of the
    pages it served most recently (LOCAL_PAGES), so a hit reads only the small version token
    from Redis rather than the whole page. A copy is used only under the current token."""

    LOCAL_PAGES = 256

    def __init__(self, url: str, *, prefix: str, seconds: int):
        from redis import Redis

        self.redis = Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.prefix, self.seconds = prefix, seconds
        self._local: OrderedDict[str, StoredPage] = OrderedDict()
        self._lock = threading.Lock()

    def find(self, slug: str, key: str) -> tuple[bytes | None, StoredPage | None]:
        """(the event's version token, the page stored under it, if any)."""
        version = self.redis.get(self.version_key(slug))
        if version is None:
            return None, None
        with self._lock:
            page = self._local.get(key)
            if page is not None:
                self._local.move_to_end(key)
        if page is not None and page.version == version and page.expires > time.time():
            return version, page
        stored = self.redis.get(key)
        if stored is None:
            return version, None
        head, _, body = stored.partition(b"\n")
        meta = json.loads(head)
        page = StoredPage(meta["v"].encode(), meta["s"], meta["h"], body, meta.get("t", 0.0) + self.seconds)
        if page.version != version:
            return version, None
        with self._lock:
            self._local[key] = page
            if len(self._local) > self.LOCAL_PAGES:
                self._local.popitem(last=False)
        return version, page

    def version_key(self, slug: str) -> str:
        return f"{self.prefix}:version:{slug}"

    def page_key(self, slug: str, identity: str) -> str:
        return f"{self.prefix}:page:{slug}:{hashlib.sha256(identity.encode()).hexdigest()[:32]}"

    def bump(self, slugs) -> None:
        """New version tokens: every stored page of these events is stale from now on."""
        with self.redis.pipeline(transaction=False) as pipe:
            for slug in slugs:
                pipe.set(self.version_key(slug), uuid.uuid4().hex)
            pipe.execute()


def init_app(app: Flask) -> None:
    """Turn the cache on when Redis is configured; without it nothing changes."""
    seconds = int(app.config.get("PUBLIC_CACHE_SECONDS") or 0)
    if not app.config.get("REDIS_URL") or seconds <= 0:
        return
    app.extensions["pagecache"] = PageCache(app.config["REDIS_URL"], prefix=app.config["PUBLIC_CACHE_PREFIX"],
                                            seconds=seconds)
    app.wsgi_app = ServeStored(app, app.wsgi_app)
    request_finished.connect(_store, app)
    if not sa.event.contains(Session, "after_commit", _after_commit):
        sa.event.listen(Session, "after_commit", _after_commit)
        sa.event.listen(Session, "after_rollback", _after_rollback)


def changed(event) -> None:
    """The public pages of `event` change with the current transaction: their cached copies
    are dropped when it commits (never before, or a concurrent visitor could store the old
    page again under the new version). A renamed event's old address is dropped too."""
    if not has_app_context() or "pagecache" not in current_app.extensions:
        return
    from reviewhub.extensions import db

    slugs = db.session.info.setdefault(PENDING, set())
    slugs.add(event.slug)
    slugs.update(sa.inspect(event).attrs.slug.history.deleted or ())


def _after_commit(db_session) -> None:
    slugs = db_session.info.pop(PENDING, None)
    if not slugs or not has_app_context() or "pagecache" not in current_app.extensions:
        return
    try:
        current_app.extensions["pagecache"].bump(slugs)
    except Exception:  # Redis away: pages stay stale at most PUBLIC_CACHE_SECONDS
        log.warning("page cache: could not drop the pages of %s", sorted(slugs), exc_info=True)


def _after_rollback(db_session) -> None:
    db_session.info.pop(PENDING, None)


def _identity(app: Flask, req: Request, endpoint: str, view_args: dict) -> tuple[str, str] | None:
    """(slug, the page's identity) when this request may be answered from the cache."""
    allowed = PUBLIC_ENDPOINTS.get(endpoint)
    if allowed is None or req.method not in ("GET", "HEAD") or not view_args.get("slug"):
        return None
    config = app.config
    if config["SESSION_COOKIE_NAME"] in req.cookies or config.get("REMEMBER_COOKIE_NAME",
                                                                  "remember_token") in req.cookies:
        return None
    if any(name not in allowed for name in req.args):
        return None
    args = "&".join(f"{name}={value}" for name in allowed for value in req.args.getlist(name))
    # host_url: feeds print absolute links with the scheme and host of the request.
    return view_args["slug"], f"{req.host_url}|{req.path}|{args}"


class ServeStored:
    """WSGI middleware: answers a stored public page before Flask handles the request; on a
    miss it notes in the environ what `_store` should keep once Flask has rendered the page."""

    def __init__(self, app: Flask, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(self, environ, start_response):
        stored = self._lookup(environ)
        if stored is not None:
            return stored(environ, start_response)
        return self.wsgi_app(environ, start_response)

    def _lookup(self, environ) -> Response | None:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        req = Request(environ)
        try:
            endpoint, view_args = self.app.create_url_adapter(req).match()
        except (HTTPException, RequestRedirect):
            return None  # Flask answers it (404, 405, redirect) as usual
        found = _identity(self.app, req, endpoint, view_args)
        if found is None:
            return None
        cache, (slug, identity) = self.app.extensions["pagecache"], found
        key = cache.page_key(slug, identity)
        try:
            version, page = cache.find(slug, key)
        except Exception:
            log.warning("page cache unavailable", exc_info=True)
            return None
        if page is not None:
            response = Response(page.body, status=page.status, headers=page.headers)
            response.headers["X-Page-Cache"] = "hit"
            return response.make_conditional(req)  # 304 on a matching ETag/Last-Modified
        environ[MISSED] = (slug, key, version)
        return None


def _storable(response: Response) -> bool:
    if response.status_code != 200 or response.direct_passthrough or response.is_streamed:
        return False
    if "Set-Cookie" in response.headers or session or session.modified:
        return False  # a cookie, a flash message, a login: this answer is someone's own
    if g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")) or current_user.is_authenticated:
        return False
    return b"csrf_token" not in response.get_data()


def _store(sender: Flask, response: Response, **_extra) -> None:
    pending = request.environ.pop(MISSED, None)
    if pending is None or request.method != "GET" or not _storable(response):
        return
    cache, (slug, key, version) = current_app.extensions["pagecache"], pending
    try:
        if version is None:  # first page of this event since Redis started (or evicted it)
            token = uuid.uuid4().hex
            if not cache.redis.set(cache.version_key(slug), token, nx=True):
                return  # someone bumped it meanwhile: what we rendered may be older
            version = token.encode()
        headers = [(k, v) for k, v in response.headers.items() if k.lower() not in UNSTORED_HEADERS]
        head = json.dumps({"v": version.decode(), "s": response.status_code, "h": headers, "t": time.time()})
        cache.redis.set(key, head.encode() + b"\n" + response.get_data(), ex=cache.seconds)
    except Exception:
        log.warning("page cache: could not store %s", request.path, exc_info=True)
        return
    response.headers["X-Page-Cache"] = "miss"
