"""A reviewer's own pages: expertise profile, declared conflicts, and bids."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from reviewhub.assignment import bp, forms, queries, vectors
from reviewhub.assignment.services import bids as bid_services
from reviewhub.assignment.services import profiles
from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.permissions import can_bid, can_see_affinity_reason, conflict_reason, require
from reviewhub.submissions.models import Conflict, Submission
from reviewhub.words import plural


def _profile_page(event, form, conflict_form=None, status=200):
    conflict_form = conflict_form or _conflict_form(event)
    conflicts = queries.user_conflicts(current_user, event)
    reasons = {c.id: conflict_reason(current_user, c) for c in conflicts}  # neutral where blind
    return render_template("assignment/profile.html", event=event, form=form, conflict_form=conflict_form,
                           conflicts=conflicts, reasons=reasons, confirm_form=forms.ConfirmForm(),
                           reviewer_questions=_reviewer_questions(event)), status


def _reviewer_questions(event) -> int:
    """How many questions the organizers ask of reviewers (answered on questions.profile)."""
    from reviewhub.questions.queries import list_questions

    return len(list_questions(event, target="reviewer", retired=False))


def _conflict_form(event, **kwargs):
    form = forms.ConflictDeclareForm(**kwargs)
    form.submission.choices = [(0, "— choose —")] + queries.submission_choices(event)
    if event.double_blind:
        del form.author_name
    return form


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile(slug):
    event = get_event_or_404(slug)
    require(can_bid(current_user, event))
    saved = profiles.get_profile(current_user)
    form = forms.ReviewerProfileForm(obj=saved)
    form.topics.choices = [(t.id, t.name) for t in event.topics]
    if not form.is_submitted():
        form.topics.data = profiles.event_topic_ids(current_user, event)
    if form.validate_on_submit():
        try:
            profiles.save_profile(current_user, event, expertise=form.expertise.data or "",
                                  keywords=form.keywords.data or "", past_papers=form.past_papers.data or "",
                                  topic_ids=form.topics.data or [], pdfs=form.pdf_files())
        except DomainError as error:
            form.pdfs.errors = [*form.pdfs.errors, str(error)]
        else:
            db.session.commit()
            vectors.start_sync(event, by=current_user)  # the profile's new texts, once each
            flash("Your reviewer profile is saved.", "success")
            return redirect(url_for("assignment.profile", slug=slug))
    return _profile_page(event, form, status=400 if form.errors else 200)


@bp.route("/conflicts", methods=["POST"])
@login_required
def declare_conflict(slug):
    event = get_event_or_404(slug)
    require(can_bid(current_user, event))
    form = _conflict_form(event)
    if form.validate_on_submit():
        try:
            _declare(event, form)
        except DomainError as error:
            (form.author_name if "author_name" in form else form.submission).errors.append(str(error))
        else:
            db.session.commit()
            flash("Your conflict is recorded.", "success")
            return redirect(url_for("assignment.profile", slug=slug))
    profile_form = forms.ReviewerProfileForm(obj=profiles.get_profile(current_user), formdata=None)
    profile_form.topics.choices = [(t.id, t.name) for t in event.topics]
    profile_form.topics.data = profiles.event_topic_ids(current_user, event)
    return _profile_page(event, profile_form, conflict_form=form, status=400)


def _declare(event, form) -> None:
    if form.submission.data:
        submission = db.session.get(Submission, form.submission.data)
        profiles.declare_conflict(current_user, submission, reason=form.reason.data or "")
    else:
        profiles.declare_author_conflict(current_user, event, author_name=form.author_name.data,
                                         reason=form.reason.data or "")


@bp.route("/conflicts/<int:conflict_id>/withdraw", methods=["POST"])
@login_required
def withdraw_conflict(slug, conflict_id):
    event = get_event_or_404(slug)
    require(can_bid(current_user, event))
    conflict = db.session.get(Conflict, conflict_id)
    require(conflict is not None and conflict.user_id == current_user.id
            and conflict.submission.event_id == event.id, hide=True)
    if forms.ConfirmForm().validate_on_submit():
        try:
            profiles.withdraw_conflict(conflict, by=current_user)
            db.session.commit()
            flash("The conflict is withdrawn.", "info")
        except DomainError as error:
            flash(str(error), "error")
    return redirect(url_for("assignment.profile", slug=slug))


def _choices_from(form_data) -> tuple[dict[int, str], list[str]]:
    choices, errors = {}, []
    for key, value in form_data.items():
        if not key.startswith("bid-"):
            continue
        number = key[4:]
        if not number.isdigit() or value not in bid_services.LEVELS:
            errors.append(f"{key}: not a bid level")
            continue
        choices[int(number)] = value
    return choices, errors


@bp.route("/bids", methods=["GET", "POST"])
@login_required
def bids(slug):
    event = get_event_or_404(slug)
    require(can_bid(current_user, event))
    form, errors, status = forms.ConfirmForm(), [], 200
    if form.validate_on_submit():
        choices, errors = _choices_from(request.form)
        if not errors:
            try:
                changed = _save_bids(event, choices)
            except DomainError as error:
                errors = [str(error)]
            else:
                db.session.commit()
                if request.headers.get("X-Requested-With") == "fetch":
                    return {"changed": changed}  # assignment.js: no flash left for the next page
                flash(f"Saved: {plural(changed, 'bid')} changed." if changed else
                      "Saved: every bid was already saved as you chose it.", "success")
                return redirect(url_for("assignment.bids", slug=slug))
        status = 400
    items = queries.bid_list(current_user, event)
    return render_template("assignment/bids.html", event=event, items=items, form=form, errors=errors,
                           levels=LEVEL_LABELS, made=sum(1 for i in items if i.bid != "neutral")), status


def _save_bids(event, choices) -> int:
    """Save; when another request of the same reviewer inserted one of these bids meanwhile
    (two quick changes), start over once: the second pass updates that row."""
    try:
        return bid_services.save_bids(current_user, event, choices)
    except IntegrityError:
        db.session.rollback()
        return bid_services.save_bids(current_user, event, choices)


LEVEL_LABELS = [("eager", "Eager"), ("willing", "Willing"), ("neutral", "Neutral"),
                ("not_willing", "Not willing"), ("conflict", "Conflict")]


@bp.route("/bids/<int:sid>/why")
@login_required
def bid_reason(slug, sid):
    event = get_event_or_404(slug)
    require(can_bid(current_user, event))
    submission = db.session.get(Submission, sid)
    require(submission is not None and submission.event_id == event.id
            and can_see_affinity_reason(current_user, submission, current_user), hide=True)
    return render_template("assignment/reason.html", event=event, submission=submission,
                           reviewer=current_user, reason=queries.pair_reason(event, submission, current_user.id),
                           back=url_for("assignment.bids", slug=slug) + f"#sub-{submission.id}")
