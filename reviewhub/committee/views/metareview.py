"""A submission's meta-review (its AC, or the organizers), the SAC's recommendation change, and
the organizers' "accept all AC recommendations"."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from reviewhub.assignment.forms import ConfirmForm
from reviewhub.committee import bp, forms
from reviewhub.committee.services import metareviews
from reviewhub.decisions import queries as decision_queries
from reviewhub.errors import DomainError, StaleEdit
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.permissions import (
    can_edit_meta_recommendation,
    can_manage_decisions,
    can_see_meta_review,
    can_see_reviewer_identities,
    can_write_meta_review,
    require,
)


def _submission(slug, sid):
    event = get_event_or_404(slug)
    submission = decision_queries.get_submission(event, sid)
    # Anyone who may not read it gets the answer of a missing id: walking ids tells nothing.
    require(submission is not None and can_see_meta_review(current_user, submission), hide=True)
    return event, submission


def _choices(form_field, event):
    form_field.choices = [(o.id, o.label) for o in decision_queries.list_outcomes(event)]


def _render(event, submission, meta, form, rec_form, status=200):
    return render_template(
        "committee/meta_review.html", event=event, submission=submission, meta=meta, form=form,
        rec_form=rec_form, can_write=can_write_meta_review(current_user, submission),
        can_recommend=can_edit_meta_recommendation(current_user, submission),
        scores=decision_queries.mean_scores([submission.id]).get(submission.id),
        names=can_see_reviewer_identities(current_user, submission)), status


def _forms(event, meta):
    form = forms.MetaReviewForm(obj=meta, recommendation=meta.recommendation_id if meta else None)
    rec_form = forms.RecommendationEditForm(prefix="sac", recommendation=meta.recommendation_id if meta else None)
    _choices(form.recommendation, event)
    _choices(rec_form.recommendation, event)
    return form, rec_form


@bp.route("/submissions/<int:sid>/meta-review", methods=["GET", "POST"])
@login_required
def meta_review(slug, sid):
    event, submission = _submission(slug, sid)
    meta = metareviews.get_meta_review(submission)
    form, rec_form = _forms(event, meta)
    if form.is_submitted():  # readers who may not write get the answer of a missing id
        require(can_write_meta_review(current_user, submission), hide=True)
    if form.validate_on_submit():
        try:
            metareviews.save_meta_review(
                submission, by=current_user, recommendation_id=form.recommendation.data,
                text_to_authors=form.text_to_authors.data, text_confidential=form.text_confidential.data,
                submit=form.submit_it.data, version=form.version.data)
        except StaleEdit as error:
            db.session.rollback()
            form.version.data = meta.version if meta else None
            form.text_to_authors.errors.append(str(error))
        except DomainError as error:
            form.recommendation.errors.append(str(error))
        else:
            db.session.commit()
            flash("The meta-review is submitted." if form.submit_it.data else "The draft is saved.", "success")
            return redirect(url_for("committee.meta_review", slug=slug, sid=sid))
    elif not form.is_submitted() and meta is not None:
        form.version.data = meta.version
    return _render(event, submission, meta, form, rec_form, status=400 if form.errors else 200)


@bp.route("/submissions/<int:sid>/recommendation", methods=["POST"])
@login_required
def edit_recommendation(slug, sid):
    event, submission = _submission(slug, sid)
    require(can_edit_meta_recommendation(current_user, submission), hide=True)
    meta = metareviews.get_meta_review(submission)
    form, rec_form = _forms(event, meta)
    if rec_form.validate_on_submit():
        try:
            metareviews.edit_recommendation(submission, by=current_user,
                                            recommendation_id=rec_form.recommendation.data,
                                            note=rec_form.note.data)
        except DomainError as error:
            rec_form.recommendation.errors.append(str(error))
        else:
            db.session.commit()
            flash("The recommendation is changed; your note is kept with it.", "success")
            return redirect(url_for("committee.meta_review", slug=slug, sid=sid))
    return _render(event, submission, meta, form, rec_form, status=400)


@bp.route("/accept-recommendations", methods=["POST"])
@login_required
def accept_recommendations(slug):
    event = get_event_or_404(slug)
    require(can_manage_decisions(current_user, event))
    if ConfirmForm().validate_on_submit():
        count = metareviews.accept_all_recommendations(event, by=current_user, viewer=current_user)
        db.session.commit()
        flash(f"{count} submission(s) decided as their meta-review recommends. "
              "Nothing is sent until you release.", "success")
    return redirect(url_for("decisions.overview", slug=slug))
