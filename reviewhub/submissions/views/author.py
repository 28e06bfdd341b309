"""Authors' pages: my submissions, start, edit, submit, withdraw, declare conflicts."""

import sqlalchemy as sa
from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from reviewhub import jobs
from reviewhub.assignment import vectors
from reviewhub.errors import DomainError, StaleEdit
from reviewhub.events.queries import find_event, get_event_or_404
from reviewhub.extensions import db
from reviewhub.mail.services import send_pending
from reviewhub.models_base import utcnow
from reviewhub.permissions import (
    can_edit_submission,
    can_organize_submission,
    can_see_authors,
    can_submit_to,
    can_view_submission,
    is_author,
    require,
)
from reviewhub.questions.services import save_answers
from reviewhub.questions.shown import (
    answers_shown,
    file_link_for,
    question_fields,
    read_question_answers,
)
from reviewhub.submissions import bp, queries, services
from reviewhub.submissions.forms import ConflictDeclareForm, WithdrawForm
from reviewhub.submissions.services.conflicts import event_people
from reviewhub.submissions.services.lifecycle import missing_parts
from reviewhub.submissions.views.common import (
    chunk_tokens,
    edit_form,
    gate_upload,
    new_form,
    pad_rows,
    place_missing,
    read_uploads,
    slots_of,
)
from reviewhub.timeutil import format_remaining
from reviewhub.uploads.services import consumed, finished_uploads
from reviewhub.web import before_body


@bp.route("/submissions/mine")
@login_required
def mine(slug):
    event = get_event_or_404(slug)
    require(can_submit_to(current_user, event))
    if services.link_authorships(current_user):
        db.session.commit()
    rows = queries.list_mine(event, current_user)
    return render_template("submissions/mine.html", event=event, rows=rows, deadline_of=services.deadline_of,
                           now=utcnow(), types=queries.list_types(event), decided=released_decisions(event))


def released_decisions(event) -> dict:
    """{submission id: its released decision} for the current user's own works: what My
    submissions and the submission page show and link to (the decisions domain's query)."""
    from reviewhub.decisions.queries import released_decisions_for

    return {submission.id: decision for submission, decision in released_decisions_for(current_user, event)}


def _render_form(event, kind, form, *, submission=None, file_errors=None, stale=None, message=None, status=200,
                 uploads=(), refused_names=frozenset(), chunked=(), answers=None):
    pad_rows(form)
    # A refused form keeps no file (a browser cannot be sent one back): name each one that
    # was fine, by its slot, so the author knows exactly what to choose again.
    again: dict[str, list[str]] = {}
    # A finished chunked upload stays on the server until a save takes it: named back, not
    # to be chosen again.
    kept = {row.purpose: row for row in chunked if (row.purpose, row.filename) not in refused_names}
    for upload in uploads:
        if (upload.purpose, upload.filename) not in refused_names and upload.purpose not in kept:
            again.setdefault(upload.purpose, []).append(upload.filename)
    deadline = services.deadline_of(submission) if submission else services.type_deadline(event, kind)
    return render_template(
        "submissions/edit.html", event=event, kind=kind, form=form, submission=submission,
        slots=slots_of(kind), file_errors=file_errors or {}, stale=stale, message=message, again=again, kept=kept,
        deadline=deadline, remaining=format_remaining(deadline - utcnow()) if deadline else None,
        **question_fields(event, kind, submission, answers),
    ), status


def _save(event, kind, form, submission=None):
    """Validate, run the service, commit; re-render with the input kept on any refusal."""
    if form.add_row.data:
        pad_rows(form)
        form.authors.append_entry()
        return _render_form(event, kind, form, submission=submission)
    uploads, file_errors = read_uploads(kind)
    chunked, rows, chunk_errors = finished_uploads(chunk_tokens(kind), by=current_user, event=event, kind=kind,
                                                   submission=submission)
    uploads += chunked
    for purpose, messages in chunk_errors.items():
        file_errors.setdefault(purpose, []).extend(messages)
    questions, answers = read_question_answers(event, kind, submission, submitting=bool(
        form.submit_now.data or (submission is not None and submission.status == "submitted")))
    keep = {"uploads": uploads, "chunked": rows, "answers": answers}
    if not form.validate_on_submit() or answers.errors:
        return _render_form(event, kind, form, submission=submission, file_errors=file_errors, **keep)
    try:
        saved, warnings, text_job = services.save(
            event, by=current_user, data=form.service_data(), kind=kind, submission=submission,
            expected_version=int(form.version.data or 0), uploads=uploads,
            client_token=form.client_token.data or None, submit_now=bool(form.submit_now.data),
            now=g.get("request_started_at"),  # lateness at arrival: a slow upload is not late
            refused_files=file_errors)
        save_answers(saved, questions, answers.values, by=current_user)
    except services.FilesRefused as error:  # each refused file by its slot; the others named
        db.session.rollback()
        return _render_form(event, kind, form, submission=submission, file_errors=error.by_purpose,
                            refused_names=error.names, status=error.status_code, **keep)
    except services.Incomplete as error:  # said beside each field that needs something
        db.session.rollback()
        placed, elsewhere = place_missing(form, error.parts)
        message = "Before submitting, add " + ", ".join(elsewhere) + "." if elsewhere else None
        return _render_form(event, kind, form, submission=submission, file_errors=placed, message=message,
                            status=error.status_code, **keep)
    except DomainError as error:
        db.session.rollback()
        stale = error.changes if isinstance(error, StaleEdit) else None
        return _render_form(event, kind, form, submission=submission, stale=stale, message=str(error),
                            status=error.status_code, **keep)
    db.session.commit()
    consumed(rows)  # the chunked uploads it took: their stored files are links of their own
    send_pending()
    if text_job is not None:
        jobs.start(text_job)  # on a worker with Redis; here, after the commit, without
    if saved.status == "submitted":
        vectors.start_sync(event, by=current_user)  # its text's vector for affinity, if new
    for warning in warnings:
        flash(warning, "warning")
    flash("Submitted: every author gets a receipt by email." if saved.status == "submitted"
          and form.submit_now.data else "Saved.", "success")
    return redirect(url_for("submissions.show", slug=event.slug, sid=saved.id))


def _gate_new(slug):
    event = find_event(slug)
    kind = queries.get_type_by_key(event, request.args.get("type", "")) if event else None
    if kind is not None and can_submit_to(current_user, event):  # as the view checks (see _gate_edit)
        gate_upload(event, kind, in_time=services.can_create_at(event, kind, g.request_started_at))


def _gate_edit(slug, sid):
    submission = queries.find_submission(slug, sid)
    # Only for those who may edit it: a 413 to anyone else would tell which ids exist (the
    # view answers them 404, as for a missing submission).
    if submission is not None and can_edit_submission(current_user, submission):
        gate_upload(submission.event, submission.type,
                    in_time=services.open_at(submission.event, services.deadline_of(submission), g.request_started_at))


@bp.route("/submissions/new", methods=["GET", "POST"])
@before_body(_gate_new)
@login_required
def new(slug):
    event = get_event_or_404(slug)
    require(can_submit_to(current_user, event))
    kind = queries.get_type_by_key(event, request.args.get("type", ""))
    if kind is None:
        return render_template("submissions/choose_type.html", event=event, types=queries.list_types(event),
                               deadline_of_type=services.type_deadline)
    form = new_form(event, current_user)
    if request.method == "POST":
        return _save(event, kind, form)
    return _render_form(event, kind, form)


@bp.route("/submissions/<int:sid>/edit", methods=["GET", "POST"])
@before_body(_gate_edit)
@login_required
def edit(slug, sid):
    event = get_event_or_404(slug)
    submission = queries.get_submission_or_404(event, sid)
    require(can_edit_submission(current_user, submission), hide=True)
    form = edit_form(event, submission)
    if request.method == "POST":
        return _save(event, submission.type, form, submission)
    return _render_form(event, submission.type, form, submission=submission)


@bp.route("/submissions/<int:sid>")
@login_required
def show(slug, sid):
    event = get_event_or_404(slug)
    submission = queries.get_submission_or_404(event, sid)
    require(can_view_submission(current_user, submission), hide=True)
    deadline = services.deadline_of(submission)
    organizer = can_organize_submission(current_user, submission)
    return render_template(
        "submissions/show.html", event=event, submission=submission, see_authors=can_see_authors(current_user, submission),
        can_edit=can_edit_submission(current_user, submission), organizer=organizer,
        deadline=deadline, remaining=format_remaining(deadline - utcnow()) if deadline else None,
        missing=missing_parts(submission), conflicts=queries.conflicts_of(submission) if organizer else [],
        withdraw_form=WithdrawForm(), now=utcnow(),
        decision=released_decisions(event).get(submission.id) if is_author(current_user, submission) else None,
        shown=answers_shown(current_user, submission), file_link=file_link_for(current_user, submission),
    )


@bp.route("/submissions/<int:sid>/submit", methods=["POST"])
@login_required
def submit(slug, sid):
    event = get_event_or_404(slug)
    submission = queries.get_submission_or_404(event, sid)
    require(can_edit_submission(current_user, submission), hide=True)
    services.submit(submission, by=current_user)
    db.session.commit()
    send_pending()
    vectors.start_sync(event, by=current_user)
    flash("Submitted: every author gets a receipt by email.", "success")
    return redirect(url_for("submissions.show", slug=slug, sid=sid))


@bp.route("/submissions/<int:sid>/withdraw", methods=["POST"])
@login_required
def withdraw(slug, sid):
    event = get_event_or_404(slug)
    submission = queries.get_submission_or_404(event, sid)
    require(can_edit_submission(current_user, submission), hide=True)
    form = WithdrawForm()
    if form.validate_on_submit():
        services.withdraw(submission, by=current_user, reason=form.reason.data or "")
        db.session.commit()
        flash("The submission is withdrawn.", "success")
    else:
        flash("The reason is too long (500 characters at most).", "error")
    return redirect(url_for("submissions.show", slug=slug, sid=sid))


@bp.route("/submissions/<int:sid>/conflicts", methods=["GET", "POST"])
@login_required
def conflicts(slug, sid):
    event = get_event_or_404(slug)
    submission = queries.get_submission_or_404(event, sid)
    require(can_edit_submission(current_user, submission), hide=True)
    people = _people_with_names(event)
    form = ConflictDeclareForm()
    if not form.is_submitted():
        declared = queries.declared_reasons(submission)
        for user in people:
            form.rows.append_entry({"user_id": str(user.id), "declared": user.id in declared,
                                    "reason": declared.get(user.id, "")})
    elif form.validate():
        services.declare_conflicts(submission, by=current_user, reasons=form.reasons({u.id for u in people}))
        db.session.commit()
        flash("Your conflicts are saved.", "success")
        return redirect(url_for("submissions.show", slug=slug, sid=sid))
    by_id = {u.id: u for u in people}
    return render_template("submissions/conflicts.html", event=event, submission=submission, form=form, by_id=by_id)


def _people_with_names(event):
    from reviewhub.accounts.models import User

    ids = [p.user_id for p in event_people(event)]
    users = list(db.session.scalars(sa.select(User).where(User.id.in_(ids)))) if ids else []
    return sorted(users, key=lambda u: (u.name.lower(), u.id))
