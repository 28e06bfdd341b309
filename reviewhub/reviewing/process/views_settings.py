"""Organizer pages of the review process: its settings, review rounds, round reviewers."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from reviewhub.accounts.models import User
from reviewhub.assignment import queries as assignment_queries
from reviewhub.assignment.services import runs as run_services
from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.mail.services import send_pending
from reviewhub.permissions import can_add_round_reviewer, can_manage_review_process, require
from reviewhub.reviewing import bp, queries
from reviewhub.reviewing.process import forms, settings
from reviewhub.timeutil import from_local, to_local


def _naive_local(instant, zone):
    local = to_local(instant, zone)
    return local.replace(tzinfo=None) if local else None


def _page(event, form=None, round_form=None, status=200):
    if form is None:
        row = settings.settings_of(event)
        form = forms.ProcessSettingsForm(obj=row)
        for name in forms.ProcessSettingsForm.DATE_FIELDS:
            getattr(form, name).data = _naive_local(getattr(row, name), event.timezone)
    rounds = settings.list_rounds(event)
    edits = {}
    for r in rounds:
        edit = forms.RoundEditForm(formdata=None)
        edit.deadline_at.data = _naive_local(r.deadline_at, event.timezone)
        edits[r.id] = edit
    return render_template("reviewing/process/settings.html", event=event, form=form, rounds=rounds,
                           round_form=round_form or forms.RoundAddForm(), edits=edits), status


@bp.route("/process", methods=["GET", "POST"], endpoint="process_settings")
@login_required
def process_settings(slug):
    event = get_event_or_404(slug)
    require(can_manage_review_process(current_user, event))
    form = forms.ProcessSettingsForm()
    if not form.is_submitted():
        return _page(event)
    if form.validate_on_submit():
        values = {name: f.data for name, f in form._fields.items() if name in settings.SETTING_FIELDS}
        for name in forms.ProcessSettingsForm.DATE_FIELDS:
            values[name] = from_local(values[name], event.timezone)
        try:
            settings.update_settings(event, by=current_user, **values)
        except DomainError as error:
            form.response_deadline_at.errors = [*form.response_deadline_at.errors, str(error)]
        else:
            db.session.commit()
            flash("The review-process settings are saved.", "success")
            return redirect(url_for("reviewing.process_settings", slug=slug))
    return _page(event, form=form, status=400)


@bp.route("/process/rounds", methods=["POST"])
@login_required
def round_add(slug):
    event = get_event_or_404(slug)
    require(can_manage_review_process(current_user, event))
    form = forms.RoundAddForm()
    if form.validate_on_submit():
        try:
            settings.add_round(event, by=current_user, name=form.name.data, own_form=form.own_form.data,
                               deadline_at=from_local(form.deadline_at.data, event.timezone))
        except DomainError as error:
            form.name.errors = [*form.name.errors, str(error)]
        else:
            db.session.commit()
            flash(f"Round {form.name.data} is added.", "success")
            return redirect(url_for("reviewing.process_settings", slug=slug))
    return _page(event, round_form=form, status=400)


@bp.route("/process/rounds/<int:round_id>", methods=["POST"])
@login_required
def round_edit(slug, round_id):
    event = get_event_or_404(slug)
    require(can_manage_review_process(current_user, event))
    row = settings.get_round(event, round_id)
    require(row is not None, hide=True)
    form = forms.RoundEditForm()
    if form.validate_on_submit():
        settings.update_round(event, row, by=current_user,
                              deadline_at=from_local(form.deadline_at.data, event.timezone))
        db.session.commit()
        flash(f"The deadline of {row.name} is saved.", "success")
    else:
        flash("; ".join(e for errors in form.errors.values() for e in errors), "error")
    return redirect(url_for("reviewing.process_settings", slug=slug))


@bp.route("/<int:sid>/round-reviewer", methods=["POST"])
@login_required
def round_reviewer_add(slug, sid):
    """An organizer asks one more reviewer for this submission, in a chosen round."""
    event = get_event_or_404(slug)
    sub = queries.get_submission(event, sid)
    require(sub is not None and can_add_round_reviewer(current_user, sub), hide=True)
    form = round_reviewer_form(event)
    if form.validate_on_submit():
        try:
            run_services.add_assignment(sub, db.session.get(User, form.reviewer.data), by=current_user,
                                        review_round_id=form.round_id.data)
        except DomainError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            send_pending()
            flash("The reviewer is added in that round.", "success")
    else:
        flash("Choose a reviewer and a round.", "error")
    return redirect(url_for("reviewing.submission", slug=slug, sid=sid))


def round_reviewer_form(event) -> forms.RoundReviewerForm:
    form = forms.RoundReviewerForm()
    form.reviewer.choices = assignment_queries.reviewer_choices(event)
    form.round_id.choices = [(r.id, r.name) for r in settings.list_rounds(event)]
    return form
