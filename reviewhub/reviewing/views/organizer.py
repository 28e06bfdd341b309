"""Organizer pages: progress with reminders, the ranking (and its CSV), reopen and restore."""

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from reviewhub import csvsafe
from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.mail.services import send_pending
from reviewhub.models_base import utcnow
from reviewhub.permissions import (
    can_manage_reviews,
    can_see_progress,
    can_see_ranking,
    conflicted_submission_ids,
    require,
)
from reviewhub.reviewing import bp, charts, forms, queries, scoring, services
from reviewhub.reviewing.models import ReviewVersion
from reviewhub.reviewing.progress_page import late_reviewers, progress_page
from reviewhub.reviewing.ranking import CSV_HEADER, ranking_csv_rows, ranking_page
from reviewhub.words import plural


@bp.route("/progress")
@login_required
def progress(slug):
    event = get_event_or_404(slug)
    require(can_see_progress(current_user, event))
    summary = progress_page(event, exclude=conflicted_submission_ids(current_user), now=utcnow(),
                            reviewers_page=_page_number(request.args, "reviewers_page"),
                            submissions_page=_page_number(request.args, "submissions_page"))
    if summary is None:
        abort(404)
    chart_overall = charts.progress_bar(summary.submitted, summary.assigned, title="Reviews submitted of assigned")
    chart_reviewers = charts.bar_chart(
        [(t.label, round(t.share * 100)) for t in summary.reviewers.lines[:40]], max_value=100, unit="%",
        title="Share of each reviewer's reviews submitted")
    return render_template("reviewing/progress.html", event=event, summary=summary, chart_overall=chart_overall,
                           chart_reviewers=chart_reviewers, action_form=forms.ActionForm(), args=request.args)


@bp.route("/progress/remind", methods=["POST"])
@login_required
def remind(slug):
    event = get_event_or_404(slug)
    require(can_see_progress(current_user, event))
    if forms.ActionForm().validate_on_submit():
        late = late_reviewers(event, exclude=conflicted_submission_ids(current_user), now=utcnow())
        try:
            queued = services.remind_late_reviewers(event, late, by=current_user)
        except DomainError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            send_pending()
            flash(f"{plural(queued, 'reminder')} queued; reviewers already reminded today are skipped.", "success")
    return redirect(url_for("reviewing.progress", slug=slug))


def ranking_query(args) -> scoring.RankingQuery:
    """The ranking's sort and filters from query parameters; bad values fall back to defaults."""
    try:
        min_reviews = max(0, min(100, int(args.get("min_reviews", 0) or 0)))
    except ValueError:
        min_reviews = 0
    return scoring.RankingQuery(
        sort=args.get("sort", scoring.DEFAULT_SORT) if args.get("sort") in scoring.SORT_KEYS else scoring.DEFAULT_SORT,
        descending=args.get("order", "desc") != "asc", type_key=args.get("type", "")[:40],
        text=args.get("q", "")[:200].strip(), flagged_only=args.get("flagged") == "1", min_reviews=min_reviews,
    )


def _page_number(args, name: str = "page") -> int:
    """?page=N; anything else (missing, text, zero, negative) is the first page. A number past
    the last page answers 404 (the queries bound it, so even 10**30 costs nothing)."""
    value = args.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and int(value) > 0 else 1


@bp.route("/ranking")
@login_required
def ranking(slug):
    event = get_event_or_404(slug)
    require(can_see_ranking(current_user, event))
    query, bins = ranking_query(request.args), [(1, 2), (2, 3), (3, 4), (4, 5)]
    number = _page_number(request.args)
    page = ranking_page(event, query, exclude=conflicted_submission_ids(current_user), page=number, bins=bins)
    if page is None:
        abort(404)
    chart = charts.bar_chart([(f"{lo}–{hi}", n) for (lo, hi), n in zip(bins, page.histogram, strict=True)],
                             title="Submissions by confidence-weighted mean score")
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("reviewing/ranking.html", event=event, page=page, number=number,
                           query=query, chart=chart, args=args)


@bp.route("/ranking.csv")
@login_required
def ranking_csv(slug):
    event = get_event_or_404(slug)
    require(can_see_ranking(current_user, event))
    rows = ranking_csv_rows(event, ranking_query(request.args), exclude=conflicted_submission_ids(current_user))
    body = csvsafe.write_csv(CSV_HEADER, rows)
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{event.slug}-ranking.csv"'})


@bp.route("/assignments/<int:assignment_id>/reopen", methods=["POST"])
@login_required
def reopen(slug, assignment_id):
    event = get_event_or_404(slug)
    assignment = queries.get_assignment(event, assignment_id)
    require(assignment is not None and can_manage_reviews(current_user, assignment.submission), hide=True)
    if forms.ActionForm().validate_on_submit():
        services.reopen_review(assignment, by=current_user)
        db.session.commit()
        flash("The review is reopened: its reviewer may edit and submit it again.", "success")
    return redirect(url_for("reviewing.submission", slug=slug, sid=assignment.submission_id))


@bp.route("/review/<int:review_id>/versions/<int:version_id>/restore", methods=["POST"])
@login_required
def restore(slug, review_id, version_id):
    event = get_event_or_404(slug)
    review = queries.get_review(event, review_id)
    require(review is not None and can_manage_reviews(current_user, review.assignment.submission), hide=True)
    version = db.session.scalar(sa.select(ReviewVersion).where(
        ReviewVersion.id == version_id, ReviewVersion.review_id == review.id))
    require(version is not None, hide=True)
    if forms.ActionForm().validate_on_submit():
        try:
            services.restore_version(review, version, by=current_user)
        except DomainError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"Version {version.version} is restored as version {review.version}.", "success")
    return redirect(url_for("reviewing.submission", slug=slug, sid=review.assignment.submission_id))
