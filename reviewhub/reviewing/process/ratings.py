"""Review ratings (helpfulness, by co-reviewers) and the reviewer-quality report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from reviewhub import audit, permissions
from reviewhub.assignment.models import Assignment
from reviewhub.errors import DomainError, NotAllowed
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing import lateness
from reviewhub.reviewing.models import Review
from reviewhub.reviewing.process import core
from reviewhub.reviewing.process.models import ReviewRating, ReviewRound
from reviewhub.submissions.models import Submission

CSV_HEADER = ("reviewer", "email", "assigned", "submitted", "late", "mean words",
              "mean deviation from submission mean", "helpful", "not helpful")


def rate_review(review: Review, *, by, value: int) -> ReviewRating:
    """Rate another review's helpfulness (+1 or -1); rating again replaces the rating.
    Raises NotAllowed, DomainError. Flushes; audited."""
    submission = review.assignment.submission
    if not permissions.can_rate_review(by, review, submission):
        raise NotAllowed("You cannot rate this review.")
    if value not in (1, -1):
        raise DomainError("Choose helpful or not helpful.")
    row = db.session.scalar(sa.select(ReviewRating).where(ReviewRating.review_id == review.id,
                                                          ReviewRating.user_id == by.id))
    if row is None:
        row = ReviewRating(review_id=review.id, user_id=by.id, value=value)
        db.session.add(row)
    row.value, row.updated_at = value, utcnow()
    db.session.flush()
    audit.record("review.rated", event=submission.event, actor=by, obj=row, review_id=review.id, value=value)
    return row


@dataclass(frozen=True)
class QualityRow:
    name: str
    email: str
    line: core.QualityLine


def quality_report(event, *, exclude: set[int], now: datetime | None = None) -> list[QualityRow]:
    """Every reviewer's figures over the event's submitted works, leaving out the submissions
    in `exclude` (the viewer's conflicts), in four queries whatever the number of rows."""
    from reviewhub.accounts.models import User

    now = now or utcnow()
    rounds = list(db.session.scalars(sa.select(ReviewRound).where(ReviewRound.event_id == event.id)
                                     .order_by(ReviewRound.position, ReviewRound.id)))
    deadlines = [(r.id, r.deadline_at) for r in rounds]
    live = [Submission.event_id == event.id, Submission.status == "submitted"]
    if exclude:
        live.append(Submission.id.not_in(exclude))
    rows = db.session.execute(
        sa.select(Assignment.user_id, Assignment.submission_id, Assignment.review_round_id, Review.status,
                  Review.overall, Review.answers, Review.submitted_at)
        .join(Submission, Submission.id == Assignment.submission_id)
        .outerjoin(Review, Review.assignment_id == Assignment.id).where(*live)).all()
    facts = []
    for user_id, sid, round_id, status, overall, answers, submitted_at in rows:
        due = lateness.due_at(round_id, deadlines, event.review_deadline_at)
        submitted = status == "submitted"
        late = (lateness.submitted_late(due, submitted_at) if submitted
                else lateness.is_late(due, now, submitted))
        words = sum(core.count_words(v) for v in (answers or {}).values() if isinstance(v, str)) if submitted else 0
        facts.append(core.ReviewFacts(user_id, sid, submitted, overall, words, late))
    counts = db.session.execute(
        sa.select(Assignment.user_id, ReviewRating.value, sa.func.count())
        .select_from(ReviewRating).join(Review, Review.id == ReviewRating.review_id)
        .join(Assignment, Assignment.id == Review.assignment_id)
        .join(Submission, Submission.id == Assignment.submission_id).where(*live)
        .group_by(Assignment.user_id, ReviewRating.value)).all()
    ratings: dict[int, tuple[int, int]] = {}
    for user_id, value, n in counts:
        up, down = ratings.get(user_id, (0, 0))
        ratings[user_id] = (up + n, down) if value == 1 else (up, down + n)
    lines = core.quality_lines(facts, ratings)
    ids = [line.reviewer_id for line in lines]
    people = {uid: (name, email) for uid, name, email in db.session.execute(
        sa.select(User.id, User.name, User.email).where(User.id.in_(ids)))} if ids else {}
    out = [QualityRow(*people.get(line.reviewer_id, ("(deleted account)", "")), line) for line in lines]
    return sorted(out, key=lambda r: (r.name.lower(), r.line.reviewer_id))


def csv_rows(report: list[QualityRow]):
    for row in report:
        line = row.line
        yield (row.name, row.email, line.assigned, line.submitted, line.late,
               "" if line.mean_words is None else line.mean_words,
               "" if line.mean_deviation is None else line.mean_deviation, line.helpful, line.not_helpful)
