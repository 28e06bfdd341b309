"""Incidents: freeze an event's (or one submission's) reviews and discussion, lift the freeze,
and revert every review of the event to its state at a chosen time (with a preview)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from reviewhub import audit
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing.models import Review, ReviewFreeze, ReviewState, ReviewVersion
from reviewhub.reviewing.revert import Change, VersionRow, plan_revert


class ReviewsFrozen(DomainError):
    """Saving a review or posting a comment while the organizers froze them."""

    status_code = 423

    def __init__(self):
        super().__init__("Reviews and discussion are frozen by the organizers during an incident: "
                         "nothing can be saved or posted now. What you typed is kept below.")


def list_freezes(event) -> list[ReviewFreeze]:
    return list(db.session.scalars(sa.select(ReviewFreeze).where(ReviewFreeze.event_id == event.id)
                                   .order_by(ReviewFreeze.submission_id.is_not(None), ReviewFreeze.id)))


def freeze(event, *, by, reason: str, submission=None) -> ReviewFreeze:
    """Freeze the event's reviews and discussion (or only one submission's). Refuses a second
    freeze of the same scope and a submission of another event. Flushes; audited."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Say why (the reviewers see it).")
    if submission is not None and submission.event_id != event.id:
        raise DomainError("No such submission in this event.")
    scope = ReviewFreeze.submission_id.is_(None) if submission is None else \
        ReviewFreeze.submission_id == submission.id
    if db.session.scalar(sa.select(ReviewFreeze.id).where(ReviewFreeze.event_id == event.id, scope)):
        raise DomainError("That is frozen already.")
    row = ReviewFreeze(event_id=event.id, submission_id=getattr(submission, "id", None),
                       reason=reason[:500], frozen_by_id=by.id, frozen_at=utcnow())
    db.session.add(row)
    db.session.flush()
    audit.record("reviews.frozen", event=event, actor=by, obj=row,
                 submission_id=row.submission_id, reason=row.reason)
    return row


def lift(event, row: ReviewFreeze, *, by) -> None:
    """End a freeze: reviews may be saved and comments posted again. Flushes; audited."""
    if row.event_id != event.id:
        raise DomainError("No such freeze in this event.")
    audit.record("reviews.unfrozen", event=event, actor=by, obj=row, submission_id=row.submission_id)
    db.session.delete(row)
    db.session.flush()


def freeze_reason(submission) -> str | None:
    """Why the submission's reviews are frozen (the event's freeze first), or None."""
    return db.session.scalar(
        sa.select(ReviewFreeze.reason).where(
            ReviewFreeze.event_id == submission.event_id,
            sa.or_(ReviewFreeze.submission_id.is_(None), ReviewFreeze.submission_id == submission.id))
        .order_by(ReviewFreeze.submission_id.is_not(None)).limit(1))


def require_not_frozen(submission) -> None:
    """Raise ReviewsFrozen when the submission's reviews and discussion are frozen."""
    if freeze_reason(submission) is not None:
        raise ReviewsFrozen()


# --- revert -------------------------------------------------------------------------------


def _event_reviews(event, exclude):
    from reviewhub.assignment.models import Assignment
    from reviewhub.submissions.models import Submission

    query = (sa.select(Review.id, Review.version, Assignment.submission_id)
             .join(Assignment, Assignment.id == Review.assignment_id)
             .join(Submission, Submission.id == Assignment.submission_id)
             .where(Submission.event_id == event.id))
    if exclude:
        query = query.where(Submission.id.not_in(sorted(exclude)))
    return db.session.execute(query).all()


def revert_preview(event, at: datetime, *, exclude=frozenset()) -> list[Change]:
    """What reverting every review of the event (but those of the submissions in `exclude`,
    the viewer's conflicts) to its state at `at` would change. Two queries."""
    rows = _event_reviews(event, exclude)
    current = {review_id: version for review_id, version, _ in rows}
    versions = db.session.execute(
        sa.select(ReviewVersion.review_id, ReviewVersion.version, ReviewVersion.saved_at,
                  ReviewVersion.status, ReviewVersion.answers)
        .where(ReviewVersion.review_id.in_(sorted(current)))).all() if current else []
    history = [VersionRow(r, v, saved, status, _overall(answers)) for r, v, saved, status, answers in versions]
    return plan_revert(current, history, at)


def _overall(answers) -> int | None:
    value = (answers or {}).get("overall")
    return value if isinstance(value, int) else None


def revert_reviews(event, at: datetime, *, by, exclude=frozenset()) -> list[Change]:
    """Take every review of the event (not those of `exclude`) back to its state at `at`: each
    change is a new version, so nothing is lost and a revert can itself be reverted. Refuses a
    time in the future. Flushes; audited once with the reviews changed."""
    from reviewhub.reviewing.services import _stamp

    if at > utcnow():
        raise DomainError("Choose a time in the past.")
    changes = revert_preview(event, at, exclude=exclude)
    reviews = {r.id: r for r in db.session.scalars(
        sa.select(Review).where(Review.id.in_([c.review_id for c in changes])))} if changes else {}
    targets = {(v.review_id, v.version): v for v in db.session.scalars(
        sa.select(ReviewVersion).where(ReviewVersion.review_id.in_(list(reviews))))} if reviews else {}
    for change in changes:
        review = reviews[change.review_id]
        target = targets.get((change.review_id, change.target_version))
        review.answers = dict(target.answers or {}) if target else {}
        review.status = target.status if target else ReviewState.draft
        if review.status == ReviewState.draft:
            review.submitted_at = None
        elif review.submitted_at is None or review.submitted_at > at:
            review.submitted_at = target.saved_at
        _stamp(review, by=by, now=None)
    audit.record("reviews.reverted", event=event, actor=by, obj=event, at=at.isoformat(),
                 reviews=[c.review_id for c in changes])
    return changes
