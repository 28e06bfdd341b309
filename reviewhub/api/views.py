"""The token page (session, CSRF) and the /api/v1 routes (bearer token only, no cookies)."""

import sqlalchemy as sa
from flask import (
    abort,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    send_from_directory,
    url_for,
)
from flask_login import current_user, login_required
from flask_smorest import Api

from reviewhub.api import bp, forms, schemas, tokens
from reviewhub.api.base import api_v1, event_in_scope, page
from reviewhub.api.models import ApiToken
from reviewhub.errors import DomainError
from reviewhub.events.models import Event, Membership
from reviewhub.extensions import db

# --- the account page -----------------------------------------------------------------------


def _user_events(user):
    return list(db.session.scalars(
        sa.select(Event).join(Membership, Membership.event_id == Event.id)
        .where(Membership.user_id == user.id).distinct().order_by(Event.slug)))


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    form = forms.TokenForm()
    events = _user_events(current_user)
    form.event.choices = [("", "All my events")] + [(e.slug, e.name) for e in events]
    shown = None
    if form.validate_on_submit():
        event = next((e for e in events if e.slug == form.event.data), None)
        try:
            made = tokens.create_token(current_user, name=form.name.data, expires_on=form.expires_on.data,
                                       event=event, can_write=form.can_write.data)
        except DomainError as error:
            form.expires_on.errors.append(str(error))
        else:
            db.session.commit()
            shown = made.secret
            form = forms.TokenForm(formdata=None)
            form.event.choices = [("", "All my events")] + [(e.slug, e.name) for e in events]
    status = 400 if form.errors else 200
    return render_template("api/tokens.html", form=form, shown=shown,
                           tokens=tokens.user_tokens(current_user), is_active=tokens.is_active), status


@bp.route("/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    tokens.revoke_token(current_user, token)
    db.session.commit()
    flash(f"Token {token.name} revoked.", "info")
    return redirect(url_for("api_tokens.index"))


@api_v1.route("/events")
@api_v1.etag
@api_v1.arguments(schemas.PageArgs, location="query")
@api_v1.response(200, schemas.EventPage)
def events(args):
    """The events the token's owner has a role in (only the token's event when it is scoped)."""
    query = (sa.select(Event).join(Membership, Membership.event_id == Event.id)
             .where(Membership.user_id == g.api_user.id).distinct().order_by(Event.slug))
    if g.api_token.event_id is not None:
        query = query.where(Event.id == g.api_token.event_id)
    return page(query, args)


@api_v1.route("/events/<slug>")
@api_v1.etag
@api_v1.response(200, schemas.EventOut)
def event(slug):
    """One event."""
    return event_in_scope(slug)


@api_v1.route("/openapi.json")
@api_v1.doc(security=[])
def openapi():
    """This document (public: no token needed)."""
    from flask import current_app

    return jsonify(current_app.extensions["rh_api"].spec.to_dict())


@api_v1.route("/docs")
@api_v1.doc(security=[])
def docs():
    """The readable reference page, rendered from this document by our own static script."""
    from flask import current_app

    return send_from_directory(current_app.static_folder, "api/reference.html")


@bp.record_once
def _register_api(state):
    from reviewhub.api import resources

    resources.import_all()
    app = state.app
    app.config.setdefault("API_TITLE", "reviewhub")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("ETAG_DISABLED", False)
    api = Api(app, spec_kwargs={"components": {"securitySchemes": {
        "bearer": {"type": "http", "scheme": "bearer", "description": "a personal access token"}}},
        "security": [{"bearer": []}]})
    api.register_blueprint(api_v1)
    app.extensions["rh_api"] = api
