"""The chairs' console (ACs and SACs) and its actions: remind late reviewers, add or remove one."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from reviewhub import csvsafe
from reviewhub.accounts.models import User
from reviewhub.assignment import queries as assignment_queries
from reviewhub.assignment.forms import ConfirmForm
from reviewhub.committee import bp, core, forms, queries
from reviewhub.committee.services import console as actions
from reviewhub.committee.services.settings import settings_or_default
from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.mail.services import send_pending
from reviewhub.permissions import (
    can_ask_round_reviewer,
    can_chair_submission,
    can_see_committee_console,
    require,
)
from reviewhub.reviewing.process.models import ReviewRound
from reviewhub.submissions.models import Submission


def _console_event(slug):
    event = get_event_or_404(slug)
    require(can_see_committee_console(current_user, event))
    return event


@bp.route("/")
@login_required
def console(slug):
    event = _console_event(slug)
    form = forms.ConsoleFilterForm(request.args)
    rows = queries.console_rows(event, current_user)
    if not form.validate():
        form = forms.ConsoleFilterForm()
    shown = core.sort_rows(core.filter_rows(rows, status=form.status.data, q=form.q.data), form.sort.data)
    if request.args.get("format") == "csv":
        return _csv(event, shown)
    return render_template("committee/console.html", event=event, rows=shown, total=len(rows), form=form,
                           confirm_form=ConfirmForm(), settings=settings_or_default(event))


def _csv(event, rows):
    header = ["number", "title", "area_chair", "reviewers", "submitted", "scores", "mean", "spread",
              "days_late", "response_words", "comments", "last_comment", "meta_review", "recommendation"]
    body = [[r.number, r.title, r.area_chair, "; ".join(f"{x.name} ({x.status})" for x in r.reviewers),
             r.submitted, " ".join(map(str, r.scores)), f"{r.mean:.2f}" if r.mean is not None else "",
             r.spread if r.spread is not None else "", r.days_late,
             r.response_words if r.response_words is not None else "", r.comments,
             r.last_comment.isoformat() if r.last_comment else "", r.meta_status, r.meta_recommendation]
            for r in rows]
    response = Response(csvsafe.write_csv(header, body), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{event.slug}-area-chair.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/remind", methods=["POST"])
@login_required
def remind(slug):
    event = _console_event(slug)
    if ConfirmForm().validate_on_submit():
        count = actions.remind_late(event, queries.console_rows(event, current_user), by=current_user)
        db.session.commit()
        send_pending()
        flash(f"{count} late reviewer(s) reminded." if count else
              "Nobody to remind (no late reviews, or they were reminded today).", "info")
    return redirect(url_for("committee.console", slug=slug))


def _chaired(slug, sid):
    event = _console_event(slug)
    submission = db.session.get(Submission, sid)
    require(submission is not None and submission.event_id == event.id
            and can_chair_submission(current_user, submission), hide=True)
    return event, submission


@bp.route("/submissions/<int:sid>/reviewers", methods=["POST"])
@login_required
def add_reviewer(slug, sid):
    event, submission = _chaired(slug, sid)
    form = forms.ReviewerAddForm()
    form.reviewer.choices = actions.reviewer_choices(event, submission)
    if not form.validate_on_submit():
        flash("Choose a reviewer of the event who is not on this submission yet.", "error")
        return redirect(url_for("committee.console", slug=slug)), 303
    try:
        actions.add_reviewer(submission, db.session.get(User, form.reviewer.data), by=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        send_pending()
        flash(f"Reviewer added to #{submission.number}.", "success")
    return redirect(url_for("committee.console", slug=slug))


@bp.route("/assignments/<int:assignment_id>/remove", methods=["POST"])
@login_required
def remove_reviewer(slug, assignment_id):
    event = _console_event(slug)
    row = assignment_queries.get_assignment(event, assignment_id)
    require(row is not None and can_chair_submission(current_user, row.submission), hide=True)
    if ConfirmForm().validate_on_submit():
        try:
            actions.remove_reviewer(row, by=current_user)
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash("The reviewer is unassigned.", "info")
    return redirect(url_for("committee.console", slug=slug))


def round_reviewer_form(event, submission) -> forms.RoundReviewerRequestForm:
    form = forms.RoundReviewerRequestForm()
    form.reviewer.choices = actions.reviewer_choices(event, submission)
    form.round_id.choices = [(r.id, r.name) for r in actions.later_rounds(event)]
    return form


@bp.route("/submissions/<int:sid>/round-reviewer", methods=["POST"])
@login_required
def round_reviewer(slug, sid):
    """A chair asks one more reviewer for their submission in a later round."""
    event, submission = _chaired(slug, sid)
    require(can_ask_round_reviewer(current_user, submission), hide=True)
    form = round_reviewer_form(event, submission)
    back = redirect(url_for("reviewing.submission", slug=slug, sid=sid))
    if not form.validate_on_submit():
        flash("Choose a reviewer not on this submission yet and a later round still open.", "error")
        return back, 303
    try:
        actions.add_round_reviewer(submission, db.session.get(User, form.reviewer.data),
                                   db.session.get(ReviewRound, form.round_id.data), by=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
        return back, 303
    db.session.commit()
    send_pending()
    flash(f"Reviewer added to #{submission.number} in a later round; they are told by mail.", "success")
    return back
