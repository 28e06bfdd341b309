"""Bulk actions on the rows ticked on the organizers' submissions list, or on the whole result
of its search: download their PDFs as one streamed ZIP, extend their deadline, decide them,
assign or remove a reviewer, mail their authors or reviewers. (Tagging is the tags domain's.)"""

from flask import Response, abort, flash, redirect, request, stream_with_context, url_for
from flask_login import current_user, login_required

from reviewhub import storage
from reviewhub.decisions import queries as decision_queries
from reviewhub.decisions import services as decision_services
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.permissions import (
    can_bulk_assign,
    can_list_submissions,
    can_manage_decisions,
    can_send_group_mail,
    require,
)
from reviewhub.search.language import SearchError, numbers_query
from reviewhub.submissions import archive, bp, queries, services
from reviewhub.submissions.forms import BulkAssignForm, BulkMailForm, DeadlineExtendForm
from reviewhub.timeutil import format_local, from_local
from reviewhub.words import plural


def _selection(slug, *, allowed=can_list_submissions):
    """The event, the submissions the organizer may act on (never a conflicted one): the
    ticked ones, or with scope=result every one the list's search and filters find; and where
    to go back to. A search that cannot be read aborts with 400."""
    event = get_event_or_404(slug)
    require(allowed(current_user, event))
    back = request.form.get("next", "")
    back = back if back.startswith(f"/{slug}/manage/submissions") else url_for("submissions.list", slug=slug)
    return event, targets(event), back


def targets(event) -> list:
    """The bulk form's submissions (see _selection); the tags domain's bulk tagging reads it too."""
    if request.form.get("scope") == "result":
        def number(name):
            value = request.form.get(name, "")
            return int(value) if value.isdigit() else None

        status = request.form.get("status", "")
        filters = queries.Filters(type_id=number("type"), topic_id=number("topic"), q=request.form.get("q", "")[:1000],
                                  status=status if status in ("draft", "submitted", "withdrawn") else None)
        try:
            return queries.organizer_result(event, current_user, filters)
        except SearchError as error:
            abort(400, description=f"The search cannot be read: {error}")
    chosen = [int(v) for v in request.form.getlist("sid") if v.isdigit()]
    return queries.organizer_selection(event, current_user, chosen)


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


@bp.route("/manage/submissions/bulk/assign", methods=["POST"])
@login_required
def bulk_assign(slug):
    from reviewhub.assignment.queries import reviewer_by_email
    from reviewhub.assignment.services import bulk_edit
    from reviewhub.mail.services import send_pending

    event, submissions, back = _selection(slug, allowed=can_bulk_assign)
    form = BulkAssignForm()
    if not form.validate_on_submit():
        flash("Reviewer: " + " ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(back)
    reviewer = reviewer_by_email(event, form.reviewer.data)
    if reviewer is None:
        flash(f"Reviewer: {form.reviewer.data} is not a reviewer of this event.", "error")
        return redirect(back)
    if not submissions:
        flash("Tick the submissions first.", "error")
        return redirect(back)
    change = bulk_edit.assign_many if form.change.data == "assign" else bulk_edit.remove_many
    outcomes = change(event, submissions, reviewer, by=current_user)
    db.session.commit()
    send_pending()
    done = sum(o.done for o in outcomes)
    verb = "assigned to" if form.change.data == "assign" else "removed from"
    flash(f"{reviewer.name} {verb} {plural(done, 'submission')}.", "success" if done else "info")
    for outcome in outcomes:
        if not outcome.done:
            flash(f"#{outcome.number}: {outcome.message}", "error")
    return redirect(back)


@bp.route("/manage/submissions/bulk/mail", methods=["POST"])
@login_required
def bulk_mail(slug):
    """To the group mail composer, its recipients the authors or reviewers of these
    submissions (as a num: search, which the composer runs again as this organizer)."""
    event, submissions, back = _selection(slug, allowed=can_send_group_mail)
    form = BulkMailForm()
    if not form.validate_on_submit():
        flash("Mail: " + " ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(back)
    if not submissions:
        flash("Tick the submissions first.", "error")
        return redirect(back)
    query = numbers_query(s.number for s in submissions)
    if len(query) > 1000:
        flash("Too many scattered submissions for one mail: narrow the search, or mail from the group mail page.",
              "error")
        return redirect(back)
    return redirect(url_for("groupmail.compose", slug=slug, group=form.group.data, q=query))
