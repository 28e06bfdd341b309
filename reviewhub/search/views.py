"""Saving an organizer's searches of the submissions list, and deleting them."""

from flask import flash, redirect, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.permissions import can_list_submissions, require
from reviewhub.search import bp, services


def _event(slug):
    event = get_event_or_404(slug)
    require(can_list_submissions(current_user, event))
    return event


@bp.route("/", methods=["POST"])
@login_required
def save(slug):
    event = _event(slug)
    query = request.form.get("q", "")
    if FlaskForm().validate_on_submit():  # the CSRF token
        try:
            saved = services.save_search(event, by=current_user, name=request.form.get("name", ""), query=query)
        except DomainError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"Search “{saved.name}” saved.", "success")
    return redirect(url_for("submissions.list", slug=slug, q=query))


@bp.route("/<int:search_id>/delete", methods=["POST"])
@login_required
def delete(slug, search_id):
    event = _event(slug)
    saved = services.get_own(event, current_user, search_id)
    if saved is not None and FlaskForm().validate_on_submit():
        db.session.delete(saved)
        db.session.commit()
        flash(f"Search “{saved.name}” deleted.", "success")
    return redirect(url_for("submissions.list", slug=slug))
