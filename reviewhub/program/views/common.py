"""What every program view does first: load the event, authorize, and answer 304 when it can."""

from __future__ import annotations

import hashlib

from flask import Response, abort, request
from flask_login import current_user

from reviewhub.events.queries import get_event_or_404
from reviewhub.permissions import can_manage_program, can_see_program, require
from reviewhub.program import queries
from reviewhub.program.models import ScheduleRelease
from reviewhub.program.public import release_hash, retracted_ids


def managed_event(slug: str):
    """The event, for its organizers only (403 otherwise)."""
    event = get_event_or_404(slug)
    require(can_manage_program(current_user, event))
    return event


def public_event(slug: str):
    """The event while its program is visible to this user (404 when hidden: it 'does not exist')."""
    event = get_event_or_404(slug)
    require(can_see_program(current_user, event), hide=True)
    return event


def latest_or_404(event) -> ScheduleRelease:
    release = queries.latest_release(event)
    if release is None:
        abort(404)
    return release


def etag_for(release: ScheduleRelease, *parts: object) -> str:
    """From the release's content hash, the route and its arguments, and who is looking
    (the navigation differs per user, so one user's page is never another's cached copy)."""
    who = current_user.get_id() if current_user.is_authenticated else "anonymous"
    gone = ",".join(str(i) for i in sorted(retracted_ids(release)))  # works gone since the release
    text = "|".join(str(p) for p in (release_hash(release), gone, request.endpoint, who, *parts))
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def not_modified(release: ScheduleRelease, *parts: object) -> tuple[str, Response | None]:
    """(etag, a 304 response when the client's copy is current, else None)."""
    etag = etag_for(release, *parts)
    if request.if_none_match:
        fresh = request.if_none_match.contains(etag)
    elif retracted_ids(release):  # changed since its release date: only the ETag can tell
        fresh = False
    else:
        since = request.if_modified_since
        fresh = since is not None and since >= release.released_at.replace(microsecond=0)
    if fresh:
        return etag, _headers(Response(status=304), etag, release)
    return etag, None


def _headers(response: Response, etag: str, release: ScheduleRelease) -> Response:
    response.set_etag(etag)
    response.last_modified = release.released_at.replace(microsecond=0)
    response.headers["Cache-Control"] = ("private, no-cache" if current_user.is_authenticated
                                         else "public, no-cache")
    response.vary.add("Cookie")
    return response


def cacheable(response: Response, etag: str, release: ScheduleRelease) -> Response:
    """Stamp a full answer with the release's validators."""
    return _headers(response, etag, release)
