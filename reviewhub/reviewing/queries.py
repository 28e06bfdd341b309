"""Reads of the reviewing domain; listing reads take the viewer's conflicts to leave out."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from reviewhub.assignment.models import Assignment
from reviewhub.extensions import db
from reviewhub.reviewing.answers import QuestionSpec
from reviewhub.reviewing.models import (
    Comment,
    Review,
    ReviewForm,
    ReviewQuestion,
    ReviewVersion,
    Visibility,
)
from reviewhub.reviewing.pseudonyms import pseudonym
from reviewhub.submissions.models import Submission, SubmissionType


def get_form(event, form_id: int) -> ReviewForm | None:
    return db.session.scalar(sa.select(ReviewForm).where(ReviewForm.id == form_id, ReviewForm.event_id == event.id))


def get_question(form: ReviewForm, question_id: int) -> ReviewQuestion | None:
    return next((q for q in form.questions if q.id == question_id), None)


def list_forms(event) -> list[tuple[ReviewForm, SubmissionType]]:
    return list(db.session.execute(
        sa.select(ReviewForm, SubmissionType).join(SubmissionType, SubmissionType.id == ReviewForm.submission_type_id)
        .where(ReviewForm.event_id == event.id).options(selectinload(ReviewForm.questions))
        .order_by(SubmissionType.position, SubmissionType.id)
    ).tuples())


def form_for_submission(submission) -> ReviewForm | None:
    return db.session.scalar(sa.select(ReviewForm).where(ReviewForm.submission_type_id == submission.type_id))


def specs(form: ReviewForm | None) -> list[QuestionSpec]:
    if form is None:
        return []
    return [
        QuestionSpec(key=q.key, kind=q.kind, label=q.label, required=q.required, min_score=q.min_score,
                     max_score=q.max_score, choices=tuple(q.choices or ()), active=q.active)
        for q in form.questions
    ]


def get_submission(event, sid: int) -> Submission | None:
    return db.session.scalar(sa.select(Submission).where(Submission.id == sid, Submission.event_id == event.id))


def assignment_of(user, submission) -> Assignment | None:
    return db.session.scalar(sa.select(Assignment).where(
        Assignment.submission_id == submission.id, Assignment.user_id == user.id))


def writable_assignment(user, submission) -> Assignment | None:
    """The user's own assignment on the submission, else the one a sub-review grants them."""
    from reviewhub.permissions import subreview_assignment_ids

    own = assignment_of(user, submission)
    if own is not None:
        return own
    granted = subreview_assignment_ids(user, submission)
    return db.session.get(Assignment, granted[0]) if granted else None


def get_assignment(event, assignment_id: int) -> Assignment | None:
    return db.session.scalar(
        sa.select(Assignment).join(Submission, Submission.id == Assignment.submission_id)
        .where(Assignment.id == assignment_id, Submission.event_id == event.id))


def review_of(assignment: Assignment) -> Review | None:
    return db.session.scalar(sa.select(Review).where(Review.assignment_id == assignment.id))


def get_review(event, review_id: int) -> Review | None:
    return db.session.scalar(
        sa.select(Review).join(Assignment, Assignment.id == Review.assignment_id)
        .join(Submission, Submission.id == Assignment.submission_id)
        .where(Review.id == review_id, Submission.event_id == event.id))


def list_my_assignments(user, event) -> list[tuple[Assignment, Submission, Review | None]]:
    """The reviewer's assignments in the event, with their review (if any), by number; not
    the ones the reviewer has become conflicted with (a conflict outranks the assignment)."""
    from reviewhub.permissions import conflicted_submission_ids

    conflicted = conflicted_submission_ids(user)
    return list(db.session.execute(
        sa.select(Assignment, Submission, Review)
        .join(Submission, Submission.id == Assignment.submission_id)
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(Assignment.user_id == user.id, Submission.event_id == event.id,
               Submission.id.not_in(conflicted))
        .order_by(Submission.number)
    ).tuples())


@dataclass
class ReviewEntry:
    """One reviewer's slot on a submission, under the pseudonym of its stored ordinal."""

    assignment: Assignment
    review: Review | None
    pseudonym: str
    versions: list[ReviewVersion] = field(default_factory=list)


def review_entries(submission, *, with_versions: bool = False) -> list[ReviewEntry]:
    rows = db.session.execute(
        sa.select(Assignment, Review).outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(Assignment.submission_id == submission.id)
        .options(selectinload(Assignment.user)).order_by(Assignment.reviewer_number)
    ).tuples().all()
    entries = [ReviewEntry(a, r, pseudonym(a.reviewer_number)) for a, r in rows]
    if with_versions:
        ids = [e.review.id for e in entries if e.review]
        versions = db.session.scalars(
            sa.select(ReviewVersion).where(ReviewVersion.review_id.in_(ids))
            .order_by(ReviewVersion.version.desc())).all() if ids else []
        for entry in entries:
            entry.versions = [v for v in versions if entry.review and v.review_id == entry.review.id]
    return entries


def pseudonym_of(submission, user_id: int | None) -> str:
    """The user's pseudonym on the submission; "Organizer" for anyone not assigned to it."""
    number = db.session.scalar(sa.select(Assignment.reviewer_number).where(
        Assignment.submission_id == submission.id, Assignment.user_id == user_id))
    return "Organizer" if number is None else pseudonym(number)


def list_comments(submission) -> list[Comment]:
    """The thread, newest last."""
    return list(db.session.scalars(
        sa.select(Comment).where(Comment.submission_id == submission.id)
        .options(selectinload(Comment.author)).order_by(Comment.created_at, Comment.id)))


def author_visible_reviews(submission) -> list[dict]:
    """For the decisions domain: the submitted reviews' answers whose questions authors may read,
    under pseudonyms. [{"reviewer": "Reviewer 1", "answers": [(label, value, level label)]}].
    Each review is read with its round's form."""
    from reviewhub.reviewing.process.rounds import forms_for

    result = []
    entries = review_entries(submission)
    forms = forms_for(submission, [e.assignment for e in entries])
    for entry in entries:
        if entry.review is None or entry.review.status != "submitted":
            continue
        form = forms[entry.assignment.id]
        questions = [q for q in (form.questions if form else []) if q.visibility == Visibility.authors]
        answers = []
        for q in questions:
            value = (entry.review.answers or {}).get(q.key)
            if value not in (None, ""):
                answers.append((q.label, value, (q.level_labels or {}).get(str(value), "")))
        result.append({"reviewer": entry.pseudonym, "answers": answers})
    return result


# --- the incident page (issue 17, point 8) --------------------------------------------------


def get_by_number(event, number: int) -> Submission | None:
    return db.session.scalar(sa.select(Submission).where(Submission.event_id == event.id,
                                                         Submission.number == number))


def numbers_of(event) -> dict[int, tuple[int, str]]:
    """submission id -> (number, title) of the submissions with a freeze of their own."""
    from reviewhub.reviewing.models import ReviewFreeze

    return {i: (n, t) for i, n, t in db.session.execute(
        sa.select(Submission.id, Submission.number, Submission.title)
        .join(ReviewFreeze, ReviewFreeze.submission_id == Submission.id)
        .where(ReviewFreeze.event_id == event.id)).all()}


@dataclass(frozen=True)
class RevertLine:
    number: int
    title: str
    reviewer: str
    change: object  # revert.Change


def describe_changes(changes) -> list[RevertLine]:
    """The preview's lines: each change with its submission and reviewer (one query)."""
    from reviewhub.accounts.models import User

    if not changes:
        return []
    found = {rid: (n, t, name) for rid, n, t, name in db.session.execute(
        sa.select(Review.id, Submission.number, Submission.title, User.name)
        .join(Assignment, Assignment.id == Review.assignment_id)
        .join(Submission, Submission.id == Assignment.submission_id)
        .join(User, User.id == Assignment.user_id)
        .where(Review.id.in_([c.review_id for c in changes]))).all()}
    lines = [RevertLine(*found[c.review_id], c) for c in changes if c.review_id in found]
    return sorted(lines, key=lambda line: (line.number, line.reviewer))
