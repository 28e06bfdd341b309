"""Reads of the decisions domain: outcomes, the overview table, released decisions, reviews
as authors may read them, confirmations."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from reviewhub.decisions.models import Decision, DecisionOutcome, PresentationConfirmation
from reviewhub.extensions import db
from reviewhub.submissions.models import Submission, SubmissionState


def list_outcomes(event) -> list[DecisionOutcome]:
    return list(db.session.scalars(
        sa.select(DecisionOutcome).where(DecisionOutcome.event_id == event.id)
        .order_by(DecisionOutcome.position, DecisionOutcome.id)
    ))


def get_outcome(event, outcome_id: int | None) -> DecisionOutcome | None:
    if outcome_id is None:
        return None
    return db.session.scalar(sa.select(DecisionOutcome).where(
        DecisionOutcome.id == outcome_id, DecisionOutcome.event_id == event.id))


def get_submission(event, sid: int) -> Submission | None:
    return db.session.scalar(
        sa.select(Submission).where(Submission.id == sid, Submission.event_id == event.id)
        .options(selectinload(Submission.authors))
    )


def get_decision(submission) -> Decision | None:
    return db.session.scalar(sa.select(Decision).where(Decision.submission_id == submission.id))


@dataclass(frozen=True)
class OverviewRow:
    submission: Submission
    decision: Decision | None
    mean_score: float | None
    reviews: int


def mean_scores(submission_ids) -> dict[int, tuple[float, int]]:
    """{submission id: (mean overall score, number of submitted reviews)}."""
    from reviewhub.assignment.models import Assignment
    from reviewhub.reviewing.models import Review, ReviewState

    rows = db.session.execute(
        sa.select(Assignment.submission_id, sa.func.avg(Review.overall), sa.func.count(Review.id))
        .join(Review, Review.assignment_id == Assignment.id)
        .where(Assignment.submission_id.in_(submission_ids), Review.status == ReviewState.submitted,
               Review.overall.is_not(None))
        .group_by(Assignment.submission_id)
    ).all()
    return {sid: (float(mean), count) for sid, mean, count in rows}


def overview(event, viewer) -> list[OverviewRow]:
    """Submitted works with their decision and mean score, best first; works the viewer is
    conflicted with are left out (an organizer who authored one must not decide it). The
    conflict test is done in one query for all rows, not per row."""
    from reviewhub.permissions import is_author

    submissions = list(db.session.scalars(
        sa.select(Submission).where(Submission.event_id == event.id,
                                    Submission.status == SubmissionState.submitted)
        .options(selectinload(Submission.authors)).order_by(Submission.number)
    ))
    conflicted = conflicted_ids(event, viewer)
    submissions = [s for s in submissions if s.id not in conflicted and not is_author(viewer, s)]
    ids = [s.id for s in submissions]
    decisions = {d.submission_id: d for d in db.session.scalars(
        sa.select(Decision).where(Decision.submission_id.in_(ids))
        .options(selectinload(Decision.outcome), selectinload(Decision.released_outcome)))}
    scores = mean_scores(ids)
    rows = [OverviewRow(s, decisions.get(s.id), *scores.get(s.id, (None, 0))) for s in submissions]
    return sorted(rows, key=lambda r: (r.mean_score is None, -(r.mean_score or 0), r.submission.number))


def conflicted_ids(event, user) -> set[int]:
    """Submissions of the event the user has a standing conflict with (one query)."""
    from reviewhub.submissions.models import Conflict

    return set(db.session.scalars(
        sa.select(Conflict.submission_id).join(Submission, Submission.id == Conflict.submission_id)
        .where(Submission.event_id == event.id, Conflict.user_id == user.id,
               Conflict.overridden.is_(False))
    ))


@dataclass(frozen=True)
class AuthorReview:
    """One review as its authors may read it: a pseudonym and the author-visible answers."""

    pseudonym: str
    answers: list[tuple[str, str]]


def author_visible_reviews(submission) -> list[AuthorReview]:
    """One submission's reviews as its authors read them (the reviewing domain's query)."""
    from reviewhub.reviewing.queries import author_visible_reviews as reviewing_query

    return [AuthorReview(r["reviewer"], [(label, _shown(value, level)) for label, value, level in r["answers"]])
            for r in reviewing_query(submission)]


def _shown(value, level: str) -> str:
    text = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return f"{text} ({level})" if level else text


def author_visible_reviews_many(submissions) -> dict[int, list[AuthorReview]]:
    """Submitted reviews with only the questions marked visible to authors, under the
    pseudonyms of the assignments' stored ordinals ("Reviewer 2"); never a reviewer's name.

    The same rule as reviewing.queries.author_visible_reviews (a test holds them equal), in
    three queries for any number of submissions: a release renders thousands of emails.
    """
    from reviewhub.assignment.models import Assignment
    from reviewhub.reviewing.models import Review, ReviewState
    from reviewhub.reviewing.pseudonyms import pseudonym

    by_id = {s.id: s for s in submissions}
    if not by_id:
        return {}
    questions = _author_questions({s.type_id for s in submissions}, next(iter(by_id.values())).event_id)
    rows = db.session.execute(
        sa.select(Assignment.submission_id, Assignment.reviewer_number, Review.answers)
        .join(Review, Review.assignment_id == Assignment.id)
        .where(Assignment.submission_id.in_(list(by_id)), Review.status == ReviewState.submitted)
        .order_by(Assignment.submission_id, Assignment.reviewer_number)
    ).all()
    result: dict[int, list[AuthorReview]] = {}
    for sid, number, answers in rows:
        shown = [(q.label, _answer_text(q, answers.get(q.key)))
                 for q in questions.get(by_id[sid].type_id, []) if answers.get(q.key) not in (None, "")]
        result.setdefault(sid, []).append(AuthorReview(pseudonym(number), shown))
    return result


def _author_questions(type_ids: set[int], event_id: int) -> dict[int, list]:
    """{submission type id: the active author-visible questions of its form}; a form without
    a type is the event's default."""
    from reviewhub.reviewing.models import ReviewForm, ReviewQuestion, Visibility

    forms = db.session.scalars(
        sa.select(ReviewForm).where(ReviewForm.event_id == event_id)
        .options(selectinload(ReviewForm.questions))
    ).all()
    by_type = {f.submission_type_id: f for f in forms}
    default = by_type.get(None)
    result = {}
    for type_id in type_ids:
        form = by_type.get(type_id, default)
        result[type_id] = [q for q in (form.questions if form else [])
                           if q.visibility == Visibility.authors and isinstance(q, ReviewQuestion)]
    return result


def _answer_text(question, value) -> str:
    return _shown(value, (question.level_labels or {}).get(str(value), ""))


def reviews_as_text(reviews: list[AuthorReview]) -> str:
    """The reviews for a plain-text email."""
    blocks = []
    for review in reviews:
        lines = [review.pseudonym, "-" * len(review.pseudonym)]
        lines += [f"{label}:\n{text}\n" for label, text in review.answers]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _own_authorship(user):
    """The authorship rows that are the user's: by account, or by a confirmed email address
    (permissions.is_author's rule, as SQL)."""
    from reviewhub.submissions.models import Authorship

    email = user.email.lower() if user.email_confirmed_at else None
    if email is None:
        return Authorship.user_id == user.id
    return sa.or_(Authorship.user_id == user.id, sa.func.lower(Authorship.email) == email)


def has_released_decision(user, event) -> bool:
    """Whether a decision on one of the user's own works in the event is released (one query)."""
    from reviewhub.submissions.models import Authorship

    return db.session.scalar(sa.select(sa.exists().where(
        Submission.event_id == event.id, Authorship.submission_id == Submission.id, _own_authorship(user),
        Decision.submission_id == Submission.id, Decision.released_at.is_not(None))))


def released_decisions_for(user, event) -> list[tuple[Submission, Decision]]:
    """The user's own submissions in the event whose decision is released."""
    from reviewhub.permissions import is_author
    from reviewhub.submissions.models import Authorship

    mine = _own_authorship(user)
    submissions = db.session.scalars(
        sa.select(Submission).join(Authorship, Authorship.submission_id == Submission.id)
        .where(Submission.event_id == event.id, mine).distinct()
        .options(selectinload(Submission.authors)).order_by(Submission.number)
    ).all()
    decisions = {d.submission_id: d for d in db.session.scalars(
        sa.select(Decision).where(Decision.submission_id.in_([s.id for s in submissions]),
                                  Decision.released_at.is_not(None))
        .options(selectinload(Decision.released_outcome)))}
    return [(s, decisions[s.id]) for s in submissions if s.id in decisions and is_author(user, s)]


def get_confirmation(submission) -> PresentationConfirmation | None:
    return db.session.scalar(
        sa.select(PresentationConfirmation).where(PresentationConfirmation.submission_id == submission.id))


def accepted_with_confirmations(event) -> list[tuple[Submission, Decision, PresentationConfirmation | None]]:
    """Released accepted works with their confirmation (None: not answered yet)."""
    rows = db.session.execute(
        sa.select(Submission, Decision, PresentationConfirmation)
        .join(Decision, Decision.submission_id == Submission.id)
        .join(DecisionOutcome, DecisionOutcome.id == Decision.released_outcome_id)
        .outerjoin(PresentationConfirmation, PresentationConfirmation.submission_id == Submission.id)
        .where(Submission.event_id == event.id, Decision.released_at.is_not(None),
               DecisionOutcome.is_accept.is_(True), Submission.status == SubmissionState.submitted)
        .options(selectinload(Submission.authors), selectinload(Submission.files))
        .order_by(Submission.number)
    ).all()
    return [tuple(row) for row in rows]
