"""Reviewer pages: my assignments, a submission's reviewing page, the review form, comments."""

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from reviewhub.errors import DomainError, StaleEdit
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.mail.services import send_pending
from reviewhub.models_base import utcnow
from reviewhub.permissions import (
    can_open_review_page,
    can_see_discussion,
    can_see_my_reviews,
    can_write_review,
    require,
)
from reviewhub.reviewing import bp, discussion, forms, pages, queries, services
from reviewhub.reviewing.form_services import ensure_default_forms
from reviewhub.reviewing.process.page_forms import page_forms
from reviewhub.reviewing.process.rounds import (
    deadline_for,
    deadlines_for,
    form_for_assignment,
    response_of,
)
from reviewhub.submissions.services import file_for_download

# Types a browser shows or plays without running anything; everything else is an attachment.
INLINE_TYPES = {
    "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "audio/mpeg",
    "audio/wav", "audio/x-wav", "audio/ogg", "audio/flac", "video/mp4", "video/webm", "video/ogg",
}


def _load_submission(slug: str, sid: int):
    event = get_event_or_404(slug)
    submission = queries.get_submission(event, sid)
    require(submission is not None and can_open_review_page(current_user, submission), hide=True)
    return event, submission


@bp.route("/assignments")
@login_required
def assignments(slug):
    event = get_event_or_404(slug)
    require(can_see_my_reviews(current_user, event))
    rows = queries.list_my_assignments(current_user, event)
    due = deadlines_for(event, [assignment for assignment, _, _ in rows])  # each round's deadline
    return render_template("reviewing/assignments.html", event=event, rows=rows, due=due,
                           open_now=services.may_edit(None, event), now=utcnow())


@bp.route("/<int:sid>")
@login_required
def submission(slug, sid):
    event, sub = _load_submission(slug, sid)
    page = pages.submission_page(current_user, sub)
    return render_template("reviewing/submission.html", event=event, submission=sub, page=page,
                           comment_form=_comment_form(page), action_form=forms.ActionForm(),
                           process_forms=page_forms(event, page))


def _comment_form(page, form=None):
    """Reviewers may only write to reviewers and organizers; organizers may also write privately."""
    form = form or forms.CommentAddForm()
    if not page.manage:
        form.visibility.choices = form.visibility.choices[:1]
    return form


@bp.route("/<int:sid>/review", methods=["GET", "POST"])
@login_required
def edit(slug, sid):
    event = get_event_or_404(slug)
    sub = queries.get_submission(event, sid)
    assignment = queries.writable_assignment(current_user, sub) if sub else None
    require(assignment is not None and can_write_review(current_user, assignment), hide=True)
    review_form = form_for_assignment(assignment) or _default_form(event, sub)
    review = queries.review_of(assignment)
    form = forms.review_form_class(review_form.questions)(data=_initial(review))
    stale = False
    if form.validate_on_submit():
        try:
            services.save_review(assignment, by=current_user, raw=form.answers(),
                                 submit=form.submit_requested, expected_version=form.version_number())
        except services.InvalidAnswers as error:
            form.show_errors(error.errors)
        except StaleEdit as error:
            stale = True
            flash(str(error), "error")
        except DomainError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash("Your review is submitted." if form.submit_requested else "Your draft is saved.", "success")
            return redirect(url_for("reviewing.edit", slug=slug, sid=sid))
    editable, deadline = services.may_edit(review, event, assignment=assignment), deadline_for(assignment)
    # Past the deadline and not reopened, an editable review is an update after the response.
    updating = bool(editable and review and deadline and utcnow() >= deadline and not review.reopened)
    response = response_of(sub) if can_see_discussion(current_user, sub) else None
    return render_template("reviewing/edit.html", event=event, submission=sub, form=form, review=review,
                           editable=editable, stale=stale, deadline=deadline, updating=updating,
                           response=response)


def _default_form(event, sub):
    ensure_default_forms(event)
    db.session.commit()
    return queries.form_for_submission(sub)


def _initial(review) -> dict:
    if review is None:
        return {"version": "0"}
    data = {f"q_{k}": str(v) for k, v in (review.answers or {}).items()}
    return {**data, "version": str(review.version)}


@bp.route("/<int:sid>/comments", methods=["POST"])
@login_required
def comment(slug, sid):
    event, sub = _load_submission(slug, sid)
    require(can_see_discussion(current_user, sub), hide=True)  # as a missing id: nothing to walk
    page = pages.submission_page(current_user, sub)
    form = _comment_form(page)
    if form.validate_on_submit():
        try:
            discussion.add_comment(sub, by=current_user, body=form.body.data, visibility=form.visibility.data)
        except DomainError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            send_pending()
            return redirect(url_for("reviewing.submission", slug=slug, sid=sid) + "#discussion")
    return render_template("reviewing/submission.html", event=event, submission=sub, page=page,
                           comment_form=form, action_form=forms.ActionForm(),
                           process_forms=page_forms(event, page)), 400


@bp.route("/<int:sid>/files/<int:file_id>")
@login_required
def file(slug, sid, file_id):
    """A submission file for its reviewers and organizers, under a generic name: the original
    file name can carry an author's name, which a double-blind review must not show."""
    _event, sub = _load_submission(slug, sid)
    item = next((f for f in sub.files if f.id == file_id), None)
    require(item is not None, hide=True)
    try:
        # The blinded copy: PDFs lose their Author/Title/XMP metadata (submissions' service).
        data = file_for_download(sub, item, blind=True).data
    except (OSError, ValueError):
        abort(404)
    inline = item.content_type in INLINE_TYPES
    name = f"submission-{sub.number}-{item.purpose}-{item.id}{_suffix(item.original_name)}"
    response = Response(data, mimetype=item.content_type if inline else "application/octet-stream")
    response.headers["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _suffix(original: str) -> str:
    """The extension only, reduced to safe characters."""
    tail = original.rsplit(".", 1)[-1].lower() if "." in original else ""
    tail = "".join(c for c in tail if c.isalnum())[:8]
    return f".{tail}" if tail else ""
