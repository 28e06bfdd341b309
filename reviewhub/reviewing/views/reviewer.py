"""Reviewer pages: my assignments, a submission's reviewing page, the review form, comments."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from reviewhub.errors import DomainError, StaleEdit
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.mail.services import send_pending
from reviewhub.models_base import utcnow
from reviewhub.permissions import (
    can_chair_submission,
    can_open_review_page,
    can_see_authors,
    can_see_discussion,
    can_see_my_reviews,
    can_write_review,
    require,
)
from reviewhub.questions.shown import answers_shown
from reviewhub.reviewing import bp, discussion, forms, incidents, pages, queries, services
from reviewhub.reviewing.form_services import ensure_default_forms
from reviewhub.reviewing.incidents import ReviewsFrozen
from reviewhub.reviewing.process.page_forms import page_forms
from reviewhub.reviewing.process.rounds import (
    deadline_for,
    deadlines_for,
    form_for_assignment,
    response_of,
)
from reviewhub.submissions.services import file_for_download
from reviewhub.submissions.serving import file_response


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
                           shown=answers_shown(current_user, sub),
                           comment_form=_comment_form(page, sub=sub), action_form=forms.ActionForm(),
                           process_forms=page_forms(event, page, sub), frozen=incidents.freeze_reason(sub))


def _comment_form(page, form=None, sub=None):
    """Reviewers may only write to reviewers and organizers; organizers may also write privately."""
    form = form or forms.CommentAddForm()
    if not page.manage:
        form.visibility.choices = form.visibility.choices[:1]
    if sub is not None and (can_chair_submission(current_user, sub) or (
            page.manage and is_area_chair_event(sub.event))):
        form.visibility.choices = [*form.visibility.choices, discussion.COMMENT_CHOICES_COMMITTEE]
    return form


def is_area_chair_event(event) -> bool:
    from reviewhub.permissions import committee_settings

    settings = committee_settings(event)
    return settings is not None and settings.area_chairs


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
    stale, status = False, 200
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
            status = error.status_code if isinstance(error, ReviewsFrozen) else status
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
                           response=response, frozen=incidents.freeze_reason(sub)), status


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
    form, status = _comment_form(page, sub=sub), 400
    if form.validate_on_submit():
        try:
            discussion.add_comment(sub, by=current_user, body=form.body.data, visibility=form.visibility.data)
        except DomainError as error:
            flash(str(error), "error")
            status = error.status_code if isinstance(error, ReviewsFrozen) else status
        else:
            db.session.commit()
            send_pending()
            return redirect(url_for("reviewing.submission", slug=slug, sid=sid) + "#discussion")
    return render_template("reviewing/submission.html", event=event, submission=sub, page=page,
                           shown=answers_shown(current_user, sub),
                           comment_form=form, action_form=forms.ActionForm(),
                           process_forms=page_forms(event, page, sub), frozen=incidents.freeze_reason(sub)), status


@bp.route("/<int:sid>/files/<int:file_id>")
@login_required
def file(slug, sid, file_id):
    """A submission file for its reviewers and organizers; blind readers get its blind copy
    under a generic name (the original name can carry an author's name)."""
    _event, sub = _load_submission(slug, sid)
    item = next((f for f in sub.files if f.id == file_id), None)
    require(item is not None, hide=True)
    try:  # blind readers get the blind copy (submissions.blinding), or FileWithheld
        found = file_for_download(sub, item, blind=not can_see_authors(current_user, sub))
    except OSError:
        abort(404)
    return file_response(found.source, found.filename, inline=True)
