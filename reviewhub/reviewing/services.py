"""Reviews: save a draft, submit, edit until the deadline, reopen, restore a version."""

from __future__ import annotations

from datetime import datetime

from reviewhub import audit
from reviewhub.errors import DeadlinePassed, DomainError, StaleEdit
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing import answers as answers_mod
from reviewhub.reviewing import queries
from reviewhub.reviewing.incidents import require_not_frozen
from reviewhub.reviewing.models import Review, ReviewState, ReviewVersion


class InvalidAnswers(DomainError):
    """Answers that do not fit the form; `errors` maps question keys to messages."""

    status_code = 400

    def __init__(self, errors: dict[str, str]):
        super().__init__("Some answers need attention.")
        self.errors = errors


def may_edit(review: Review | None, event, *, now: datetime | None = None, assignment=None) -> bool:
    """Before the review deadline (the assignment's round's, when given) anyone assigned may
    edit; after it a reopened review, or a submitted one the authors have responded to (the
    reviewer updates it; the earlier versions stay in the history)."""
    from reviewhub.reviewing.process.rounds import deadline_for, submission_stage

    now = now or utcnow()
    deadline = deadline_for(assignment) if assignment is not None else event.review_deadline_at
    if deadline is None or now < deadline:
        return True
    if review is not None and review.reopened:
        return True
    if assignment is not None and review is not None and review.status == ReviewState.submitted:
        return submission_stage(assignment.submission, now=now).review_update_open
    return False


def save_review(assignment, *, by, raw: dict, submit: bool, expected_version: int,
                now: datetime | None = None) -> Review:
    """Store the reviewer's answers as a draft, or submit them (all required answers present).

    A submitted review stays submitted and must stay complete. `expected_version` is the
    version the reviewer's page showed (0 for a new review): a different stored version means
    somebody saved in between and StaleEdit is raised. Every save writes a ReviewVersion.
    Raises ReviewsFrozen, DeadlinePassed, InvalidAnswers, StaleEdit. Flushes; audited.
    """
    submission = assignment.submission
    event = submission.event
    review = queries.review_of(assignment)
    require_not_frozen(submission)  # an incident freeze outranks every deadline
    if not may_edit(review, event, now=now, assignment=assignment):
        raise DeadlinePassed("The review deadline has passed; ask the organizers to reopen your review.")
    current = review.version if review else 0
    if expected_version != current:
        raise StaleEdit("This review was saved elsewhere since you opened it (perhaps in another tab). "
                        "Your text is kept below; reload the page to see the newer version before saving.")
    from reviewhub.reviewing.process.rounds import form_for_assignment

    specs = queries.specs(form_for_assignment(assignment))
    complete = submit or (review is not None and review.status == ReviewState.submitted)
    checked = answers_mod.check(specs, raw, complete=complete)
    if checked.errors:
        raise InvalidAnswers(checked.errors)
    if review is None:
        review = Review(assignment_id=assignment.id, answers={}, version=0, status=ReviewState.draft)
        db.session.add(review)
    review.answers = answers_mod.merge(review.answers or {}, checked.answers, specs)
    if complete and review.status != ReviewState.submitted:
        review.status, review.submitted_at = ReviewState.submitted, now or utcnow()
    if submit:
        review.reopened = False
    _stamp(review, by=by, now=now)
    audit.record("review.submit" if submit else "review.save", event=event, actor=by, obj=review,
                 submission_id=submission.id, version=review.version)
    return review


def _stamp(review: Review, *, by, now: datetime | None) -> None:
    """Denormalise the scores, bump the version and keep this state in the history."""
    answers = review.answers or {}
    review.overall = answers.get("overall") if isinstance(answers.get("overall"), int) else None
    review.confidence = answers.get("confidence") if isinstance(answers.get("confidence"), int) else None
    review.version += 1
    review.updated_at = now or utcnow()
    db.session.flush()
    db.session.add(ReviewVersion(review_id=review.id, version=review.version, answers=dict(answers),
                                 status=review.status, saved_by_id=getattr(by, "id", None),
                                 saved_at=review.updated_at))
    db.session.flush()


def reopen_review(assignment, *, by) -> Review:
    """Let the reviewer edit (and submit) again after the deadline; a review that does not
    exist yet is created as a reopened draft. Flushes; audited."""
    review = queries.review_of(assignment)
    if review is None:
        review = Review(assignment_id=assignment.id, answers={}, version=0, status=ReviewState.draft)
        db.session.add(review)
        review.reopened = True
        _stamp(review, by=by, now=None)
    else:
        review.reopened = True
        db.session.flush()
    audit.record("review.reopen", event=assignment.submission.event, actor=by, obj=review,
                 submission_id=assignment.submission_id)
    return review


def restore_version(review: Review, version: ReviewVersion, *, by) -> Review:
    """Make an older saved state the current one (a new version, so nothing is lost)."""
    if version.review_id != review.id:
        raise DomainError("That version belongs to another review.")
    review.answers = dict(version.answers or {})
    review.status = version.status
    if version.status == ReviewState.submitted and review.submitted_at is None:
        review.submitted_at = utcnow()
    _stamp(review, by=by, now=None)
    audit.record("review.restore", event=review.assignment.submission.event, actor=by, obj=review,
                 restored_version=version.version, new_version=review.version)
    return review


def remind_late_reviewers(event, late, *, by, now: datetime | None = None) -> int:
    """Email each late reviewer the list of their unsubmitted reviews; at most once a day
    (the dedupe key carries the date). `late` is progress_page.late_reviewers, already filtered
    for the organizer's conflicts. Returns how many reminders were queued. Flushes; audited."""
    from reviewhub.mail.services import Recipient, enqueue
    from reviewhub.permissions import is_event_closed
    from reviewhub.timeutil import format_local

    now = now or utcnow()
    if is_event_closed(event, now):  # the links would lead reviewers to pages they lost
        raise DomainError("The event is closed: reviewers can no longer open their reviews.")
    queued = 0
    for reviewer in late:
        items = [{"number": p.number, "title": p.title, "link": _review_link(event, p.submission_id)}
                 for p in reviewer.pending]
        rows = enqueue(
            "reviewing/remind", to=[Recipient(reviewer.email, reviewer.name)],
            context={"event_name": event.name, "submissions": items, "count": len(items),
                     "deadline": format_local(_earliest_due(event, reviewer.pending), event.timezone)},
            dedupe_key=f"reviewing/remind:{event.id}:{now:%Y-%m-%d}", event=event,
        )
        queued += len(rows)
    audit.record("review.remind_late", event=event, actor=by, reminded=queued, late=len(late))
    return queued


def _earliest_due(event, pending):
    """The deadline a reminder names: the earliest of the late reviews' own (round) deadlines."""
    dues = [p.due for p in pending if getattr(p, "due", None) is not None]
    return min(dues) if dues else event.review_deadline_at


def _review_link(event, submission_id: int) -> str:
    from flask import url_for

    try:
        return url_for("reviewing.edit", slug=event.slug, sid=submission_id, _external=True)
    except RuntimeError:
        return f"/{event.slug}/reviews/{submission_id}/review"
