"""Decision pages: outcomes, the overview with bulk decisions, one submission's decision,
release and correction, and the authors' page (decision, reviews, camera-ready, confirmation)."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from reviewhub.decisions import bp, forms, queries, services
from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.mail.services import send_pending
from reviewhub.permissions import (
    can_decide,
    can_manage_decisions,
    conflicted_submission_ids,
    require,
)
from reviewhub.words import plural


def _organizer_event(slug):
    event = get_event_or_404(slug)
    require(can_manage_decisions(current_user, event))
    return event


def _summaries(event) -> dict:
    """The overview's pending releases and corrections, without the viewer's conflicts."""
    hidden = conflicted_submission_ids(current_user)
    return {"pending": services.release_summary(event, exclude=hidden),
            "corrections": services.release_summary(event, correction=True, exclude=hidden)}


def _outcome_choices(form_field, event):
    form_field.choices = [(o.id, o.label) for o in queries.list_outcomes(event)]


@bp.route("/")
@login_required
def overview(slug):
    event = _organizer_event(slug)
    form = forms.BulkDecisionForm()
    _outcome_choices(form.outcome, event)
    rows = queries.overview(event, current_user)
    return render_template("decisions/overview.html", event=event, rows=rows, form=form,
                           **_summaries(event), **_committee(event, rows))


def _committee(event, rows) -> dict:
    """Each row's submitted meta-review (AC recommendation), when the event has meta-reviews."""
    from reviewhub.committee.services import metareviews
    from reviewhub.permissions import committee_settings

    settings = committee_settings(event)
    if settings is None or not settings.meta_reviews:
        return {"meta_reviews": None}
    return {"meta_reviews": metareviews.recommendations(event, [r.submission.id for r in rows]),
            "confirm_form": forms.ReleaseForm()}


@bp.route("/bulk", methods=["POST"])
@login_required
def bulk(slug):
    event = _organizer_event(slug)
    form = forms.BulkDecisionForm()
    _outcome_choices(form.outcome, event)
    rows = queries.overview(event, current_user)
    form.submissions.choices = [(r.submission.id, str(r.submission.number)) for r in rows]
    if form.validate_on_submit():
        outcome = queries.get_outcome(event, form.outcome.data)
        count = services.bulk_decide(event, form.submissions.data, outcome, by=current_user)
        db.session.commit()
        flash(f"{plural(count, 'submission')} decided: {outcome.label}. Nothing is sent until you release.", "success")
        return redirect(url_for("decisions.overview", slug=slug))
    return render_template("decisions/overview.html", event=event, rows=rows, form=form,
                           **_summaries(event), **_committee(event, rows)), 400


@bp.route("/outcomes", methods=["GET", "POST"])
@login_required
def outcomes(slug):
    event = _organizer_event(slug)
    form = forms.OutcomeEditForm()
    if form.validate_on_submit():
        try:
            services.save_outcome(event, by=current_user, key=form.key.data, label=form.label.data,
                                  is_accept=form.is_accept.data, presentation_format=form.presentation_format.data)
        except DomainError as error:
            form.key.errors.append(str(error))
        else:
            db.session.commit()
            flash("The outcome is saved.", "success")
            return redirect(url_for("decisions.outcomes", slug=slug))
    return render_template("decisions/outcomes.html", event=event, form=form,
                           outcomes=queries.list_outcomes(event))


@bp.route("/outcomes/<int:outcome_id>", methods=["GET", "POST"])
@login_required
def edit_outcome(slug, outcome_id):
    event = _organizer_event(slug)
    outcome = queries.get_outcome(event, outcome_id)
    require(outcome is not None, hide=True)
    form = forms.OutcomeEditForm(obj=outcome)
    if form.validate_on_submit():
        try:
            services.save_outcome(event, by=current_user, outcome=outcome, key=form.key.data,
                                  label=form.label.data, is_accept=form.is_accept.data,
                                  presentation_format=form.presentation_format.data)
        except DomainError as error:
            form.key.errors.append(str(error))
        else:
            db.session.commit()
            flash("The outcome is saved.", "success")
            return redirect(url_for("decisions.outcomes", slug=slug))
    return render_template("decisions/outcome_edit.html", event=event, form=form, outcome=outcome)


@bp.route("/submissions/<int:sid>", methods=["GET", "POST"])
@login_required
def decide(slug, sid):
    event = get_event_or_404(slug)
    require(can_manage_decisions(current_user, event))
    submission = queries.get_submission(event, sid)
    # A conflicted organizer gets the answer of a missing id: walking ids tells nothing.
    require(submission is not None and can_decide(current_user, submission), hide=True)
    decision = queries.get_decision(submission)
    form = forms.DecisionEditForm(obj=decision, outcome=decision.outcome_id if decision else None)
    _outcome_choices(form.outcome, event)
    if form.validate_on_submit():
        services.decide(submission, queries.get_outcome(event, form.outcome.data), by=current_user,
                        note=form.note.data or "")
        db.session.commit()
        flash("Decision saved; authors see it once you release.", "success")
        return redirect(url_for("decisions.decide", slug=slug, sid=sid))
    scores = queries.mean_scores([submission.id]).get(submission.id)
    return render_template("decisions/decide.html", event=event, submission=submission, decision=decision,
                           form=form, scores=scores, reviews=queries.author_visible_reviews(submission))


def _release_page(slug, *, correction: bool):
    event = _organizer_event(slug)
    form = forms.ReleaseForm()
    if form.validate_on_submit():
        try:
            batch = services.release(event, by=current_user, correction=correction,
                                     exclude=conflicted_submission_ids(current_user))
        except DomainError as error:
            flash(str(error), "info")
            return redirect(url_for("decisions.overview", slug=slug))
        db.session.commit()
        send_pending()
        flash(f"Released: {batch.summary['text']}.", "success")
        return redirect(url_for("mail.outbox", slug=slug))
    summary = services.release_summary(event, correction=correction,
                                       exclude=conflicted_submission_ids(current_user))
    return render_template("decisions/release.html", event=event, form=form, summary=summary,
                           correction=correction)


@bp.route("/release", methods=["GET", "POST"])
@login_required
def release(slug):
    return _release_page(slug, correction=False)


@bp.route("/correction", methods=["GET", "POST"])
@login_required
def correction(slug):
    return _release_page(slug, correction=True)
from reviewhub.decisions import author_views  # noqa: E402,F401  (routes on the same blueprint)
