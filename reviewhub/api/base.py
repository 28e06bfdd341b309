"""The /api/v1 blueprint (bearer token only, no cookies) and what every resource module shares:
the token check before each request, JSON errors, the event in the token's scope, pagination."""

import sqlalchemy as sa
from flask import abort, g, jsonify, request
from flask_smorest import Blueprint as ApiBlueprint
from werkzeug.exceptions import HTTPException

from reviewhub import permissions
from reviewhub.api import tokens
from reviewhub.events.models import Event
from reviewhub.extensions import csrf, db

api_v1 = ApiBlueprint("api_v1", __name__, url_prefix="/api/v1", description="reviewhub API, version 1")
csrf.exempt(api_v1)


@api_v1.errorhandler(HTTPException)
def _json_error(error):
    """API errors answer in JSON, with webargs' field messages for bad parameters."""
    body = {"code": error.code, "message": error.description}
    messages = (getattr(error, "data", None) or {}).get("messages")
    if messages:
        body["errors"] = messages
    response = jsonify(body)
    response.status_code = error.code
    return response


def error(status, message):
    response = jsonify(code=status, message=message)
    response.status_code = status
    return response


@api_v1.before_request
def _bearer_only():
    """Only a live bearer token opens the API; a session cookie alone is refused (so no CSRF)."""
    if request.endpoint in ("api_v1.openapi", "api_v1.docs"):
        return None
    token = tokens.authenticate(request.headers.get("Authorization"))
    if token is None:
        db.session.rollback()
        return error(401, "Send a live personal access token: Authorization: Bearer <token>.")
    if tokens.over_rate_limit(token):
        db.session.commit()
        response = error(429, "Too many requests for this token; wait a minute.")
        response.headers["Retry-After"] = "60"
        return response
    db.session.commit()
    g.api_token = token
    g.api_user = token.user
    if request.method not in ("GET", "HEAD") and not token.can_write:
        return error(403, "This token is read-only.")
    return None


def event_in_scope(slug) -> Event:
    """The event, when the token's scope and its owner may see it; otherwise 404 like a missing one."""
    event = db.session.scalar(sa.select(Event).where(Event.slug == slug))
    token = g.api_token
    if event is None or (token.event_id is not None and token.event_id != event.id):
        abort(404)
    if not permissions.can_view_event(g.api_user, event):
        abort(404)
    return event


def page(query, args):
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    items = list(db.session.scalars(query.limit(args["limit"]).offset((args["page"] - 1) * args["limit"])))
    return {"items": items, "total": total, "page": args["page"], "limit": args["limit"]}
