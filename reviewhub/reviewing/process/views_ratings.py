"""Rating a review's helpfulness, and the organizers' reviewer-quality report (page and CSV)."""

from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from reviewhub import csvsafe
from reviewhub.errors import DomainError
from reviewhub.events.queries import get_event_or_404
from reviewhub.extensions import db
from reviewhub.permissions import (
    can_rate_review,
    can_see_review_quality,
    conflicted_submission_ids,
    require,
)
from reviewhub.reviewing import bp, charts, queries
from reviewhub.reviewing.process import forms, ratings


@bp.route("/review/<int:review_id>/rate", methods=["POST"])
@login_required
def rate(slug, review_id):
    event = get_event_or_404(slug)
    review = queries.get_review(event, review_id)
    require(review is not None and can_rate_review(current_user, review, review.assignment.submission), hide=True)
    form = forms.RatingForm()
    if form.validate_on_submit():
        try:
            ratings.rate_review(review, by=current_user, value=int(form.value.data))
        except DomainError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash("Thank you for rating this review.", "success")
    else:
        flash("; ".join(e for errors in form.errors.values() for e in errors), "error")
    return redirect(url_for("reviewing.submission", slug=slug, sid=review.assignment.submission_id) + "#reviews")


def _report(event):
    return ratings.quality_report(event, exclude=conflicted_submission_ids(current_user))


@bp.route("/quality")
@login_required
def quality(slug):
    event = get_event_or_404(slug)
    require(can_see_review_quality(current_user, event))
    report = _report(event)
    by_deviation = sorted((r for r in report if r.line.mean_deviation is not None),
                          key=lambda r: -r.line.mean_deviation)[:40]
    chart_deviation = charts.bar_chart([(r.name, r.line.mean_deviation) for r in by_deviation],
                                       title="Mean distance of each reviewer's score from the submission mean")
    by_rating = sorted(report, key=lambda r: -(r.line.helpful + r.line.not_helpful))[:40]
    chart_ratings = charts.bar_chart(
        [(r.name, r.line.helpful) for r in by_rating if r.line.helpful + r.line.not_helpful],
        title="Reviews rated helpful, per reviewer")
    return render_template("reviewing/process/quality.html", event=event, report=report,
                           chart_deviation=chart_deviation, chart_ratings=chart_ratings)


@bp.route("/quality.csv")
@login_required
def quality_csv(slug):
    event = get_event_or_404(slug)
    require(can_see_review_quality(current_user, event))
    body = csvsafe.write_csv(ratings.CSV_HEADER, ratings.csv_rows(_report(event)))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{event.slug}-reviewer-quality.csv"'})
