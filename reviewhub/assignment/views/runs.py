"""Organizer pages: start an automatic run, preview it, apply it; edit and lock by hand."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from reviewhub import jobs
from reviewhub.accounts.models import User
from reviewhub.assignment import bp, embedding, forms, preview, queries, vectors
from reviewhub.assignment.services import runs as run_services
from reviewhub.assignment.targets import target_for
from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.mail.services import send_pending
from reviewhub.permissions import (
    can_organize_submission,
    can_run_assignment,
    can_see_affinity_reason,
    can_see_bid_report,
    require,
)
from reviewhub.submissions.models import Submission, SubmissionType


def _types(event):
    return list(db.session.scalars(sa.select(SubmissionType).where(SubmissionType.event_id == event.id)
                                   .order_by(SubmissionType.position, SubmissionType.id)))


@bp.route("/runs", methods=["GET", "POST"])
@login_required
def runs(slug):
    event = get_event_or_404(slug)
    require(can_run_assignment(current_user, event))
    types = _types(event)
    form = forms.run_start_form(types, event, default_load=event.default_reviewer_load)
    if form.validate_on_submit():
        run = run_services.start_run(event, by=current_user, params=form.params(types))
        db.session.commit()
        job = db.session.get(jobs.Job, run.job_id)
        jobs.start(job)
        return redirect(url_for("events.job", slug=slug, job_id=job.id))
    listed = queries.list_runs(event)
    if run_services.follow_jobs(listed):  # a job died: its run says so from now on
        db.session.commit()
    hidden = queries.conflicted_submission_ids(current_user, event)
    figures = {r.id: preview.run_figures(r, hidden) for r in listed}  # without the viewer's conflicts
    return render_template("assignment/runs.html", event=event, form=form, types=types,
                           runs=listed, figures=figures, embeddings=vectors.enabled(),
                           install_hint=embedding.INSTALL_HINT), 400 if form.errors else 200


def _run(event, run_id):
    run = queries.get_run(event, run_id)
    require(run is not None, hide=True)
    return run


@bp.route("/runs/<int:run_id>")
@login_required
def run(slug, run_id):
    event = get_event_or_404(slug)
    require(can_run_assignment(current_user, event))
    row = _run(event, run_id)
    if run_services.follow_job(row):
        db.session.commit()
    view = preview.build(row, event, viewer=current_user)
    return render_template("assignment/run.html", event=event, run=row, view=view,
                           form=forms.ConfirmForm())


@bp.route("/runs/<int:run_id>/apply", methods=["POST"])
@login_required
def apply(slug, run_id):
    event = get_event_or_404(slug)
    require(can_run_assignment(current_user, event))
    row = _run(event, run_id)
    if forms.ConfirmForm().validate_on_submit():
        counts = run_services.apply_run(row, by=current_user)
        db.session.commit()
        send_pending()
        flash(f"Applied: {counts['added']} added, {counts['removed']} removed"
              + (f", {counts['skipped_conflicts']} skipped for new conflicts" if counts["skipped_conflicts"] else "")
              + ".", "success")
    return redirect(url_for(target_for(row.role).done_endpoint, slug=slug))


@bp.route("/runs/<int:run_id>/discard", methods=["POST"])
@login_required
def discard(slug, run_id):
    event = get_event_or_404(slug)
    require(can_run_assignment(current_user, event))
    row = _run(event, run_id)
    if forms.ConfirmForm().validate_on_submit():
        run_services.discard_run(row, by=current_user)
        db.session.commit()
        flash("The run is discarded; nothing changed.", "info")
    target = target_for(row.role)
    return redirect(url_for("assignment.runs" if target.role == "reviewer" else target.done_endpoint, slug=slug))


def _current_page(event, add_form=None, status=200):
    page = max(1, request.args.get("page", 1, type=int) or 1)
    rows, pages = queries.current_assignments(event, page=page)
    hidden = queries.conflicted_submission_ids(current_user, event)
    add_form = add_form or forms.AssignmentAddForm()
    add_form.reviewer.choices = queries.reviewer_choices(event)
    return render_template("assignment/current.html", event=event, rows=rows, hidden=hidden,
                           page=page, pages=pages, add_form=add_form,
                           form=forms.ConfirmForm()), status


@bp.route("/current")
@login_required
def current(slug):
    event = get_event_or_404(slug)
    require(can_run_assignment(current_user, event))
    return _current_page(event)


@bp.route("/current/add", methods=["POST"])
@login_required
def add(slug):
    event = get_event_or_404(slug)
    require(can_run_assignment(current_user, event))
    form = forms.AssignmentAddForm()
    form.reviewer.choices = queries.reviewer_choices(event)
    if form.validate_on_submit():
        submission = queries.get_submission_by_number(event, form.number.data)
        if submission is None or not can_organize_submission(current_user, submission):
            form.number.errors.append("No submission of yours to manage has this number.")
        else:
            try:
                run_services.add_assignment(submission, db.session.get(User, form.reviewer.data),
                                            by=current_user, locked=form.locked.data)
            except DomainError as error:
                form.reviewer.errors.append(str(error))
            else:
                db.session.commit()
                send_pending()
                flash(f"Assigned to #{submission.number}.", "success")
                return redirect(url_for("assignment.current", slug=slug))
    return _current_page(event, add_form=form, status=400)


def _assignment(event, assignment_id):
    row = queries.get_assignment(event, assignment_id)
    # A conflicted organizer gets the answer of a missing id: walking ids tells nothing.
    require(row is not None and can_organize_submission(current_user, row.submission), hide=True)
    return row


@bp.route("/assignments/<int:assignment_id>/remove", methods=["POST"])
@login_required
def remove(slug, assignment_id):
    event = get_event_or_404(slug)
    require(can_run_assignment(current_user, event))
    row = _assignment(event, assignment_id)
    if forms.ConfirmForm().validate_on_submit():
        try:
            run_services.remove_assignment(row, by=current_user)
            db.session.commit()
            flash("The reviewer is unassigned.", "info")
        except DomainError as error:
            flash(str(error), "error")
    return redirect(url_for("assignment.current", slug=slug))


@bp.route("/assignments/<int:assignment_id>/lock", methods=["POST"])
@login_required
def lock(slug, assignment_id):
    event = get_event_or_404(slug)
    require(can_run_assignment(current_user, event))
    row = _assignment(event, assignment_id)
    form = forms.LockForm()
    if form.validate_on_submit():
        run_services.set_locked(row, bool(form.locked.data), by=current_user)
        db.session.commit()
        flash("Locked: later runs keep it." if form.locked.data else "Unlocked.", "info")
    return redirect(url_for("assignment.current", slug=slug))


@bp.route("/bids/report")
@login_required
def bid_report(slug):
    event = get_event_or_404(slug)
    require(can_see_bid_report(current_user, event))
    report = queries.bid_report(event, current_user)
    ids = {c.reviewer_id for c in report.concentrated} | {x for r in report.reciprocal for x in (r.a, r.b)}
    subs = {s for c in report.concentrated for s in c.hits} | \
        {s for r in report.reciprocal for s in (*r.a_bid_on, *r.b_bid_on)}
    return render_template("assignment/bid_report.html", event=event, report=report,
                           users=queries.users_by_id(ids), subs=queries.submissions_by_id(subs))


@bp.route("/reasons/<int:sid>/<int:user_id>")
@login_required
def pair_reason(slug, sid, user_id):
    event = get_event_or_404(slug)
    require(can_run_assignment(current_user, event))
    submission, reviewer = db.session.get(Submission, sid), db.session.get(User, user_id)
    require(submission is not None and reviewer is not None and submission.event_id == event.id
            and can_see_affinity_reason(current_user, submission, reviewer), hide=True)
    return render_template("assignment/reason.html", event=event, submission=submission,
                           reviewer=reviewer, reason=queries.pair_reason(event, submission, reviewer.id),
                           back=request.referrer if _same_site(request.referrer) else
                           url_for("assignment.current", slug=slug))


def _same_site(url) -> bool:
    return bool(url) and url.startswith(request.host_url)
