"""Sub-review pages: the reviewer's request, the organizer's approval, the expert's answer."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.mail.services import send_pending
from reviewhub.permissions import (
    can_approve_subreview,
    can_manage_review_process,
    can_request_subreview,
    require,
)
from reviewhub.reviewing import bp, queries
from reviewhub.reviewing.forms import ActionForm
from reviewhub.reviewing.process import forms, subreview


def _back(slug, sid):
    return redirect(url_for("reviewing.submission", slug=slug, sid=sid))


@bp.route("/<int:sid>/subreview", methods=["POST"])
@login_required
def subreview_request(slug, sid):
    event = get_event_or_404(slug)
    sub = queries.get_submission(event, sid)
    assignment = queries.assignment_of(current_user, sub) if sub else None
    require(assignment is not None and can_request_subreview(current_user, assignment), hide=True)
    form = forms.SubReviewRequestForm()
    if not form.validate_on_submit():
        flash("; ".join(e for errors in form.errors.values() for e in errors), "error")
        return _back(slug, sid)
    try:
        row = subreview.request_subreview(assignment, by=current_user, email=form.email.data, name=form.name.data)
    except DomainError as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        send_pending()
        flash("The organizers approve the request first." if row.status == "awaiting_approval"
              else f"{row.email} is invited to write this review.", "success")
    return _back(slug, sid)


@bp.route("/subreviews", methods=["GET"])
@login_required
def subreviews(slug):
    """Requests awaiting an organizer's approval (conflicted ones left out)."""
    event = get_event_or_404(slug)
    require(can_manage_review_process(current_user, event))
    rows = [r for r in subreview.list_awaiting(event) if can_approve_subreview(current_user, r)]
    return render_template("reviewing/process/subreviews.html", event=event, rows=rows, action_form=ActionForm())


def _request(event, request_id):
    row = subreview.get_request(event, request_id)
    require(row is not None, hide=True)
    return row


@bp.route("/subreviews/<int:request_id>/<any(approve, revoke):op>", methods=["POST"])
@login_required
def subreview_action(slug, request_id, op):
    event = get_event_or_404(slug)
    row = _request(event, request_id)
    organizer = can_approve_subreview(current_user, row)
    requester = op == "revoke" and row.requested_by_id == current_user.id
    require(organizer or requester, hide=True)
    if ActionForm().validate_on_submit():
        try:
            (subreview.approve if op == "approve" else subreview.revoke)(row, by=current_user)
        except DomainError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            send_pending()
            flash("The request is approved and the expert invited." if op == "approve"
                  else "The request is revoked.", "success")
    if op == "approve" and can_manage_review_process(current_user, event):
        return redirect(url_for("reviewing.subreviews", slug=slug))
    return _back(slug, row.assignment.submission_id)


def _by_token(event, token):
    row = subreview.get_by_token(token)
    require(row is not None and row.assignment.submission.event_id == event.id, hide=True)
    return row


@bp.route("/subreview/<token>")
def subreview_invitation(slug, token):
    require(True)  # the token is the permission
    event = get_event_or_404(slug)
    row = _by_token(event, token)
    return render_template("reviewing/process/subreview_invitation.html", event=event, row=row,
                           submission=row.assignment.submission, form=ActionForm(),
                           next_path=url_for("reviewing.subreview_invitation", slug=slug, token=token))


@bp.route("/subreview/<token>/accept", methods=["POST"])
@login_required
def subreview_accept(slug, token):
    require(True)  # the token is the permission; an account is needed to write the review
    event = get_event_or_404(slug)
    row = _by_token(event, token)
    if ActionForm().validate_on_submit():
        try:
            subreview.accept(row, current_user)
        except DomainError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash("Thank you: you may now write this review.", "success")
            return redirect(url_for("reviewing.edit", slug=slug, sid=row.assignment.submission_id))
    return redirect(url_for("reviewing.subreview_invitation", slug=slug, token=token))


@bp.route("/subreview/<token>/decline", methods=["POST"])
def subreview_decline(slug, token):
    require(True)  # the token is the permission; no account needed
    event = get_event_or_404(slug)
    row = _by_token(event, token)
    if ActionForm().validate_on_submit():
        try:
            subreview.decline(row, user=current_user if current_user.is_authenticated else None)
        except DomainError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash("You declined. Thank you for letting us know.", "info")
    return redirect(url_for("reviewing.subreview_invitation", slug=slug, token=token))
