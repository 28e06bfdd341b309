"""The organizer's submission types: list, defaults, create, edit, delete."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.permissions import can_manage_event, require
from reviewhub.submissions import bp, queries, services
from reviewhub.submissions.core import describe_files
from reviewhub.submissions.forms import SubmissionTypeEditForm
from reviewhub.timeutil import from_local, to_local

FIELDS = ("name", "key", "description_md", "position", "deadline_at", "page_limit", "max_file_mb",
          "allowed_kinds", "required_kinds", "allow_link", "needs_statement")


def _event(slug):
    event = get_event_or_404(slug)
    require(can_manage_event(current_user, event))
    return event


@bp.route("/manage/submission-types")
@login_required
def types(slug):
    event = _event(slug)
    return render_template("submissions/types.html", event=event, types=queries.list_types(event),
                           describe_files=describe_files)


@bp.route("/manage/submission-types/defaults", methods=["POST"])
@login_required
def type_defaults(slug):
    event = _event(slug)
    services.ensure_default_types(event, by=current_user)
    db.session.commit()
    flash("The default types are in place.", "success")
    return redirect(url_for("submissions.types", slug=slug))


def _edit(event, kind):
    form = SubmissionTypeEditForm(obj=kind)
    if kind is not None and not form.is_submitted() and kind.deadline_at:
        form.deadline_at.data = to_local(kind.deadline_at, event.timezone).replace(tzinfo=None)
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in FIELDS}
        values["deadline_at"] = from_local(values["deadline_at"], event.timezone)
        values["description_md"] = values["description_md"] or ""
        values["position"] = values["position"] or 0
        try:
            services.save_type(event, kind, by=current_user, **values)
        except DomainError as error:
            db.session.rollback()
            form.key.errors.append(str(error))
        else:
            db.session.commit()
            flash("The submission type is saved.", "success")
            return redirect(url_for("submissions.types", slug=event.slug))
    return render_template("submissions/type_edit.html", event=event, kind=kind, form=form)


@bp.route("/manage/submission-types/new", methods=["GET", "POST"])
@login_required
def type_new(slug):
    return _edit(_event(slug), None)


@bp.route("/manage/submission-types/<int:type_id>/edit", methods=["GET", "POST"])
@login_required
def type_edit(slug, type_id):
    event = _event(slug)
    return _edit(event, queries.get_type_or_404(event, type_id))


@bp.route("/manage/submission-types/<int:type_id>/delete", methods=["POST"])
@login_required
def type_delete(slug, type_id):
    event = _event(slug)
    kind = queries.get_type_or_404(event, type_id)
    try:
        services.delete_type(kind, by=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash("The submission type is deleted.", "success")
    return redirect(url_for("submissions.types", slug=slug))
