"""Submission files: the permission-checked download and the author's remove button."""

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.permissions import can_edit_submission, can_see_authors, can_view_submission, require
from reviewhub.submissions import bp, queries, services
from reviewhub.submissions.forms import FileRemoveForm
from reviewhub.submissions.serving import file_response


def _load(slug, sid, file_id):
    event = get_event_or_404(slug)
    submission = queries.get_submission_or_404(event, sid)
    require(can_view_submission(current_user, submission), hide=True)
    item = next((f for f in submission.files if f.id == file_id), None)
    require(item is not None, hide=True)
    return event, submission, item


@bp.route("/submissions/<int:sid>/files/<int:file_id>")
@login_required
def download(slug, sid, file_id):
    _event, submission, item = _load(slug, sid, file_id)
    try:
        found = services.file_for_download(submission, item, blind=not can_see_authors(current_user, submission))
    except OSError:
        abort(404)
    return file_response(found.source, found.filename, inline=request.args.get("inline") == "1")


@bp.route("/submissions/<int:sid>/files/<int:file_id>/remove", methods=["POST"])
@login_required
def remove_file(slug, sid, file_id):
    _event, submission, item = _load(slug, sid, file_id)
    require(can_edit_submission(current_user, submission), hide=True)
    form = FileRemoveForm()
    if not form.validate_on_submit():
        flash("Reload the page and try again.", "error")
        return redirect(url_for("submissions.edit", slug=slug, sid=sid))
    try:
        services.remove_file(submission, item, by=current_user, expected_version=int(form.version.data))
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash("The file is removed.", "success")
    return redirect(url_for("submissions.edit", slug=slug, sid=sid))
