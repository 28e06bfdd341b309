"""Submission files: the permission-checked download and the author's remove button."""

from flask import Response, abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.permissions import can_edit_submission, can_see_authors, can_view_submission, require
from reviewhub.submissions import bp, queries, services
from reviewhub.submissions.forms import FileRemoveForm

# Shown in the browser only when asked (?inline=1), and never HTML or SVG.
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/webp", "audio/mpeg", "audio/wav",
                "audio/ogg", "video/mp4", "video/webm"}


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
    except (OSError, ValueError):
        abort(404)
    inline = request.args.get("inline") == "1" and found.content_type in INLINE_TYPES
    response = Response(found.data, mimetype=found.content_type if inline else "application/octet-stream")
    ascii_name = found.filename.encode("ascii", "replace").decode().replace("?", "_")
    response.headers["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{ascii_name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


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
