"""Bulk actions on the rows ticked on the organizers' submissions list: download their PDFs as
one streamed ZIP, extend their deadline, decide them. (Tagging is the tags domain's.)"""

from flask import Response, flash, redirect, request, stream_with_context, url_for
from flask_login import current_user, login_required

from reviewhub import storage
from reviewhub.decisions import queries as decision_queries
from reviewhub.decisions import services as decision_services
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.permissions import can_list_submissions, can_manage_decisions, require
from reviewhub.submissions import archive, bp, queries, services
from reviewhub.submissions.forms import DeadlineExtendForm
from reviewhub.timeutil import format_local, from_local
from reviewhub.words import plural


def _selection(slug, *, allowed=can_list_submissions):
    """The event, the ticked submissions the organizer may act on (never a conflicted one),
    and where to go back to."""
    event = get_event_or_404(slug)
    require(allowed(current_user, event))
    chosen = [int(v) for v in request.form.getlist("sid") if v.isdigit()]
    back = request.form.get("next", "")
    back = back if back.startswith(f"/{slug}/manage/submissions") else url_for("submissions.list", slug=slug)
    return event, queries.organizer_selection(event, current_user, chosen), back


@bp.route("/manage/submissions/bulk/zip", methods=["POST"])
@login_required
def bulk_zip(slug):
    event, submissions, back = _selection(slug)
    files = [(s, f) for s in submissions for f in s.files if f.kind == "pdf"]
    if not files:
        flash("None of the ticked submissions has a PDF." if submissions else "Tick the submissions first.", "error")
        return redirect(back)
    seen: dict[tuple[int, str], int] = {}
    entries = []
    for submission, item in files:
        index = seen.get((submission.id, item.purpose), 0)
        seen[(submission.id, item.purpose)] = index + 1
        name = archive.member_name(submission.number, submission.title, item.purpose, "pdf", index)
        entries.append((name, lambda key=item.storage_key: storage.path_for(key).open("rb")))
    response = Response(stream_with_context(archive.stream_zip(entries)), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{event.slug}-submissions.zip"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/manage/submissions/bulk/extend", methods=["POST"])
@login_required
def bulk_extend(slug):
    event, submissions, back = _selection(slug)
    form = DeadlineExtendForm()  # the one-submission form's field: the same parsing and limits
    if not form.validate_on_submit():
        flash("Extended deadline: " + " ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(back)
    if not submissions:
        flash("Tick the submissions first.", "error")
        return redirect(back)
    until = from_local(form.until.data, event.timezone) if form.until.data else None
    for submission in submissions:
        services.extend_deadline(submission, until=until, by=current_user)
    db.session.commit()
    when = format_local(until, event.timezone) if until else "removed"
    flash(f"Deadline of {plural(len(submissions), 'submission')}: {when}.", "success")
    return redirect(back)


@bp.route("/manage/submissions/bulk/decide", methods=["POST"])
@login_required
def bulk_decide(slug):
    event, submissions, back = _selection(slug, allowed=can_manage_decisions)
    raw = request.form.get("outcome", "")
    outcome = decision_queries.get_outcome(event, int(raw)) if raw.isdigit() else None
    if outcome is None:
        flash("Choose an outcome for the ticked submissions.", "error")
        return redirect(back)
    if not submissions:
        flash("Tick the submissions first.", "error")
        return redirect(back)
    count = decision_services.bulk_decide(event, [s.id for s in submissions], outcome, by=current_user)
    db.session.commit()
    skipped = len(submissions) - count
    flash(f"{plural(count, 'submission')} decided: {outcome.label}. Nothing is sent until you release."
          + (f" {plural(skipped, 'submission')} not submitted, left undecided." if skipped else ""), "success")
    return redirect(back)
