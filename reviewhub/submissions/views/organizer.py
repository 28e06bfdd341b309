"""Organizers' pages: the list with filters, counts and charts, CSV, extensions, overrides."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from reviewhub import csvsafe
from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.permissions import can_list_submissions, can_organize_submission, require
from reviewhub.questions.shown import question_columns, question_csv
from reviewhub.search.language import HELP as SEARCH_HELP
from reviewhub.search.language import SearchError
from reviewhub.submissions import bp, charts, queries, services
from reviewhub.submissions.forms import ConflictOverrideForm, DeadlineExtendForm
from reviewhub.submissions.models import Conflict
from reviewhub.timeutil import format_local, from_local, to_local

STATUSES = ("draft", "submitted", "withdrawn")


def _filters() -> queries.Filters:
    def number(name):
        value = request.args.get(name, "")
        return int(value) if value.isdigit() else None

    status = request.args.get("status", "")
    return queries.Filters(type_id=number("type"), topic_id=number("topic"),
                           status=status if status in STATUSES else None,
                           q=request.args.get("q", "")[:1000], page=number("page") or 1)


@bp.route("/manage/submissions")
@login_required
def list(slug):  # noqa: A001 (the agreed endpoint name)
    event = get_event_or_404(slug)
    require(can_list_submissions(current_user, event))
    filters = _filters()
    try:
        rows, total, hidden = queries.list_for_organizer(event, current_user, filters)
        search_error = None
    except SearchError as error:  # shown by the search box, with where the query goes wrong
        (rows, total, hidden), search_error = ([], 0, 0), error
    pages = max(1, -(-total // queries.PER_PAGE))
    args = {k: v for k, v in request.args.to_dict(flat=False).items() if k != "page"}
    return render_template(
        "submissions/list.html", event=event, rows=rows, total=total, hidden=hidden, filters=filters,
        search_error=search_error, search_help=SEARCH_HELP, **_tagging(event, rows),
        **question_columns(event, rows, request.args.getlist("qcol")),
        pages=pages, args=args, types=queries.list_types(event), statuses=STATUSES,
        counts=queries.counts(event, current_user),
        day_chart=charts.bar_chart(queries.per_day(event, current_user), title="Submitted per day",
                                   chart_id="per-day", label_width=110),
        topic_chart=charts.bar_chart(queries.per_topic(event, current_user), title="Submitted per topic",
                                     chart_id="per-topic"),
    )


@bp.route("/manage/submissions.csv")
@login_required
def export(slug):
    event = get_event_or_404(slug)
    require(can_list_submissions(current_user, event))
    header = ["number", "type", "status", "title", "authors", "emails", "affiliations", "contact",
              "topics", "keywords", "ai_use", "ai_use_details", "presentation", "consent",
              "submitted_at", "files", "pages"]
    export = _export_rows(event)
    rows = [[
        s.number, s.type_name, s.status, s.title, "; ".join(a[0] for a in s.authors),
        "; ".join(a[1] for a in s.authors), "; ".join(a[2] for a in s.authors),
        "; ".join(a[1] for a in s.authors if a[3]), "; ".join(s.topics), s.keywords,
        s.ai_use, s.ai_use_details, s.presentation_preference, "yes" if s.consent_to_publish else "no",
        format_local(s.submitted_at, event.timezone, "%Y-%m-%d %H:%M:%S") if s.submitted_at else "",
        s.files, s.main_pages,
    ] for s in export]
    extra_header, extra = question_csv(event, queries.export_ids(event, current_user, _filters()))
    header += extra_header
    for row, s in zip(rows, export, strict=True):
        row.extend(extra(s.id))
    response = Response(csvsafe.write_csv(header, rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{event.slug}-submissions.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _tagging(event, rows) -> dict:
    """What the list's tags and bulk actions need: each row's tags, the tag names, the outcomes."""
    from reviewhub.decisions.queries import list_outcomes
    from reviewhub.search.services import list_searches
    from reviewhub.tags import core as tag_core
    from reviewhub.tags import forms as tag_forms
    from reviewhub.tags import queries as tag_queries

    return {"tags_on": tag_queries.tags_on(current_user, [s.id for s in rows]), "tag_colours": tag_core.COLOURS,
            "tag_names": tag_queries.visible_names(event, current_user), "tag_form": tag_forms.TagApplyForm(),
            "outcomes": list_outcomes(event), "saved_searches": list_searches(event, current_user)}


def _export_rows(event):
    try:
        return queries.export_rows(event, current_user, _filters())
    except SearchError as error:
        abort(400, description=f"The search cannot be read: {error}")


@bp.route("/submissions/<int:sid>/extend", methods=["GET", "POST"])
@login_required
def extend_deadline(slug, sid):
    event = get_event_or_404(slug)
    submission = queries.get_submission_or_404(event, sid)
    require(can_organize_submission(current_user, submission), hide=True)  # as a missing id
    form = DeadlineExtendForm()
    if not form.is_submitted() and submission.deadline_extension_at:
        form.until.data = to_local(submission.deadline_extension_at, event.timezone).replace(tzinfo=None)
    if form.validate_on_submit():
        services.extend_deadline(submission, until=from_local(form.until.data, event.timezone), by=current_user)
        db.session.commit()
        flash("The deadline of this submission is changed.", "success")
        return redirect(url_for("submissions.show", slug=slug, sid=sid))
    return render_template("submissions/extend.html", event=event, submission=submission, form=form,
                           deadline=services.deadline_of(submission))


@bp.route("/submissions/<int:sid>/conflicts/<int:conflict_id>/override", methods=["GET", "POST"])
@login_required
def override_conflict(slug, sid, conflict_id):
    event = get_event_or_404(slug)
    submission = queries.get_submission_or_404(event, sid)
    require(can_organize_submission(current_user, submission), hide=True)  # as a missing id
    conflict = db.session.get(Conflict, conflict_id)
    require(conflict is not None and conflict.submission_id == submission.id, hide=True)
    form = ConflictOverrideForm()
    if not form.is_submitted():
        form.undo.data = "1" if conflict.overridden else ""
    if form.validate_on_submit():
        try:
            services.override_conflict(conflict, by=current_user, reason=form.reason.data,
                                       undo=form.undo.data == "1")
        except DomainError as error:
            db.session.rollback()
            form.reason.errors.append(str(error))
        else:
            db.session.commit()
            flash("The conflict is updated.", "success")
            return redirect(url_for("submissions.show", slug=slug, sid=sid))
    return render_template("submissions/override.html", event=event, submission=submission,
                           conflict=conflict, form=form)
