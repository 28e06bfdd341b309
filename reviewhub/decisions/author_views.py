"""The authors' side of decisions: read, upload the camera-ready version, confirm; and the
organizers' view of who confirmed, with reminders."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from reviewhub.decisions import bp, forms, presentation, queries
from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.mail.services import send_pending
from reviewhub.models_base import utcnow
from reviewhub.permissions import (
    can_act_as_presenter,
    can_manage_decisions,
    can_see_author_reviews,
    require,
)
from reviewhub.words import plural


@bp.route("/mine")
@login_required
def mine(slug):
    event = get_event_or_404(slug)
    require(True)  # any logged-in user; the query lists only their own released decisions
    return render_template("decisions/mine.html", event=event, **_mine_context(event))


def _mine_context(event, failed=None) -> dict:
    from reviewhub.committee.services.metareviews import author_texts

    entries = []
    released = queries.released_decisions_for(current_user, event)
    metas = author_texts(event, [s.id for s, _ in released])  # the text to authors, no name
    for submission, decision in released:
        show_reviews = can_see_author_reviews(current_user, submission, decision)
        acting = can_act_as_presenter(current_user, submission, decision)
        upload = confirm = terms_form = None
        if acting:
            upload = failed.get((submission.id, "upload")) if failed else None
            confirm = failed.get((submission.id, "confirm")) if failed else None
            confirmation = queries.get_confirmation(submission)
            upload = upload or forms.FinalFileUploadForm(prefix=f"u{submission.id}")
            if not presentation.wants_final_media(submission):
                upload.purpose.choices = upload.purpose.choices[:1]
            confirm = confirm or forms.PresentationConfirmForm(prefix=f"c{submission.id}", data=_confirm_data(confirmation))
            terms_form = (failed.get((submission.id, "terms")) if failed else None) or _terms_form(
                event, submission.id, confirmation)
        entries.append({
            "submission": submission, "decision": decision, "acting": acting,
            "reviews": queries.author_visible_reviews(submission) if show_reviews else None,
            "meta_review": metas.get(submission.id),
            "upload": upload, "confirm": confirm, "terms_form": terms_form,
            "confirmation": queries.get_confirmation(submission) if acting else None,
            "open": presentation.camera_ready_open(event, utcnow()),
        })
    return {"entries": entries, "publishing_terms": presentation.get_terms(event)}


def _confirm_data(confirmation) -> dict:
    if confirmation is None or confirmation.status == "pending":
        return {}
    return {"attending": "yes" if confirmation.status == "confirmed" else "no",
            "presenter_name": confirmation.presenter_name,
            "presenter_affiliation": confirmation.presenter_affiliation}


def _own_accepted(slug, sid):
    event = get_event_or_404(slug)
    submission = queries.get_submission(event, sid)
    decision = queries.get_decision(submission) if submission else None
    require(submission is not None and can_act_as_presenter(current_user, submission, decision), hide=True)
    return event, submission, decision


@bp.route("/mine/<int:sid>/final", methods=["POST"])
@login_required
def upload_final(slug, sid):
    event, submission, decision = _own_accepted(slug, sid)
    form = forms.FinalFileUploadForm(prefix=f"u{sid}")
    if form.validate_on_submit():
        upload = form.file.data
        try:
            presentation.upload_final_file(submission, decision, purpose=form.purpose.data, data=upload.read(),
                                           filename=upload.filename or "", by=current_user)
        except DomainError as error:
            form.file.errors.append(str(error))
        else:
            db.session.commit()
            flash("The file is uploaded.", "success")
            return redirect(url_for("decisions.mine", slug=slug))
    context = _mine_context(event, failed={(sid, "upload"): form})
    return render_template("decisions/mine.html", event=event, **context), 400


@bp.route("/mine/<int:sid>/confirm", methods=["POST"])
@login_required
def confirm(slug, sid):
    event, submission, decision = _own_accepted(slug, sid)
    form = forms.PresentationConfirmForm(prefix=f"c{sid}")
    if form.validate_on_submit():
        try:
            presentation.confirm_presentation(
                submission, decision, by=current_user, attending=form.attending.data == "yes",
                presenter_name=form.presenter_name.data or "",
                presenter_affiliation=form.presenter_affiliation.data or "")
        except DomainError as error:
            form.presenter_name.errors.append(str(error))
        else:
            db.session.commit()
            flash("Thank you: your answer is saved.", "success")
            return redirect(url_for("decisions.mine", slug=slug))
    context = _mine_context(event, failed={(sid, "confirm"): form})
    return render_template("decisions/mine.html", event=event, **context), 400


@bp.route("/confirmations", methods=["GET", "POST"])
@login_required
def confirmations(slug):
    event = get_event_or_404(slug)
    require(can_manage_decisions(current_user, event))
    form = forms.ReleaseForm()
    if form.validate_on_submit():
        count = presentation.remind_unconfirmed(event, by=current_user)
        db.session.commit()
        send_pending()
        flash(f"{plural(count, 'reminder')} queued (at most one per work and day).", "success")
        return redirect(url_for("decisions.confirmations", slug=slug))
    return render_template("decisions/confirmations.html", event=event, form=form,
                           rows=queries.accepted_with_confirmations(event),
                           counts=presentation.confirmation_counts(event))


@bp.route("/terms", methods=["GET", "POST"])
@login_required
def terms(slug):
    """The organizer's camera-ready terms: licences offered, non-archival, the terms' text."""
    event = get_event_or_404(slug)
    require(can_manage_decisions(current_user, event))
    current = presentation.get_terms(event)
    form = forms.PublishingTermsForm(obj=current)
    if form.validate_on_submit():
        try:
            presentation.set_terms(event, by=current_user, licences=form.licences.data,
                                   allow_non_archival=form.allow_non_archival.data, terms_md=form.terms_md.data)
        except DomainError as error:
            form.licences.errors.append(str(error))
        else:
            db.session.commit()
            flash("The camera-ready terms are saved.", "success")
            return redirect(url_for("decisions.terms", slug=slug))
    return render_template("decisions/terms.html", event=event, form=form), 400 if form.errors else 200


@bp.route("/mine/<int:sid>/terms", methods=["POST"])
@login_required
def choose_terms(slug, sid):
    event, submission, decision = _own_accepted(slug, sid)
    form = _terms_form(event, sid)
    if form.validate_on_submit():
        try:
            presentation.choose_terms(submission, decision, by=current_user, licence=form.licence.data,
                                      non_archival=form.non_archival.data, agreed=form.agree.data)
        except DomainError as error:
            form.licence.errors.append(str(error))
        else:
            db.session.commit()
            flash("Your choice of licence is saved.", "success")
            return redirect(url_for("decisions.mine", slug=slug))
    context = _mine_context(event, failed={(sid, "terms"): form})
    return render_template("decisions/mine.html", event=event, **context), 400


def _terms_form(event, sid, confirmation=None):
    """The licence form of one accepted work, with the event's licences (None: no terms)."""
    from reviewhub.decisions.terms import LICENCES

    terms = presentation.get_terms(event)
    if terms is None:
        return None
    data = {"licence": confirmation.licence, "non_archival": confirmation.non_archival} if confirmation else None
    form = forms.TermsChoiceForm(prefix=f"t{sid}", data=data)
    form.licence.choices = [(key, LICENCES[key]) for key in terms.licences]
    if not terms.allow_non_archival:
        del form.non_archival
    return form
