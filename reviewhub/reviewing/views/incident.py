"""The incident page: freeze reviews and discussion (event or submission), lift a freeze,
preview and apply a revert of every review to a point in time."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.permissions import can_freeze_reviews, conflicted_submission_ids, require
from reviewhub.reviewing import bp, forms, incidents, queries
from reviewhub.reviewing.models import ReviewFreeze
from reviewhub.timeutil import from_local


def _event(slug):
    event = get_event_or_404(slug)
    require(can_freeze_reviews(current_user, event))
    return event


def _page(event, *, freeze_form=None, revert_form=None, preview=None, at=None, status=200):
    return render_template(
        "reviewing/incident.html", event=event, freezes=incidents.list_freezes(event),
        numbers=queries.numbers_of(event), freeze_form=freeze_form or forms.FreezeForm(),
        revert_form=revert_form or forms.RevertForm(formdata=None), preview=preview, at=at,
        action_form=forms.ActionForm()), status


@bp.route("/incident")
@login_required
def incident(slug):
    return _page(_event(slug))


@bp.route("/incident/freeze", methods=["POST"])
@login_required
def freeze(slug):
    event = _event(slug)
    form = forms.FreezeForm()
    if form.validate_on_submit():
        submission = queries.get_by_number(event, form.number.data) if form.number.data else None
        try:
            if form.number.data and submission is None:
                raise DomainError("No submission of this event has that number.")
            incidents.freeze(event, by=current_user, reason=form.reason.data, submission=submission)
        except DomainError as error:
            form.number.errors.append(str(error))
        else:
            db.session.commit()
            flash("Frozen: no review can be saved and no comment posted until you lift it.", "success")
            return redirect(url_for("reviewing.incident", slug=slug))
    return _page(event, freeze_form=form, status=400)


@bp.route("/incident/freezes/<int:freeze_id>/lift", methods=["POST"])
@login_required
def lift_freeze(slug, freeze_id):
    event = _event(slug)
    row = db.session.get(ReviewFreeze, freeze_id)
    if row is None or row.event_id != event.id:  # a second click, or another organizer's
        flash("That freeze is lifted already.", "info")
    elif forms.ActionForm().validate_on_submit():
        incidents.lift(event, row, by=current_user)
        db.session.commit()
        flash("The freeze is lifted.", "info")
    return redirect(url_for("reviewing.incident", slug=slug))


@bp.route("/incident/revert", methods=["GET", "POST"])
@login_required
def revert(slug):
    """GET ?at=: the preview; POST: the revert itself (the preview's time, confirmed)."""
    event = _event(slug)
    # The preview is a GET (a link one may share); only the revert itself carries a CSRF token.
    form = forms.RevertForm() if request.method == "POST" else forms.RevertForm(request.args, meta={"csrf": False})
    if not form.validate():
        return _page(event, revert_form=form, status=400)
    at = from_local(form.at.data, event.timezone)
    hidden = conflicted_submission_ids(current_user)  # a conflicted organizer leaves theirs alone
    if at > utcnow():
        form.at.errors.append("Choose a time in the past.")
        return _page(event, revert_form=form, status=400)
    if request.method == "GET":
        preview = incidents.revert_preview(event, at, exclude=hidden)
        return _page(event, revert_form=form, preview=queries.describe_changes(preview), at=at)
    changes = incidents.revert_reviews(event, at, by=current_user, exclude=hidden)
    db.session.commit()
    flash(f"{len(changes)} review(s) reverted; each keeps its history, so this too can be undone.", "success")
    return redirect(url_for("reviewing.incident", slug=slug))
