"""What the review process adds to a submission's reviewing page, read in a fixed number of
queries whatever the number of reviews."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from reviewhub import permissions
from reviewhub.extensions import db
from reviewhub.reviewing.process import core
from reviewhub.reviewing.process import stage as stage_mod
from reviewhub.reviewing.process.models import ReviewRating, SubReviewRequest, SubReviewState
from reviewhub.reviewing.process.rounds import forms_for, response_of, round_of, submission_stage
from reviewhub.reviewing.process.settings import list_rounds, settings_of


@dataclass
class ReviewExtras:
    round_name: str | None = None
    reply: str = ""  # the authors' reply under this review
    change: core.ScoreChange | None = None  # organizers and chairs: overall before and after the response
    helpful: int = 0  # organizers: the ratings this review received
    not_helpful: int = 0
    my_rating: int | None = None
    can_rate: bool = False
    subreviewer: str = ""  # organizers: the accepted sub-reviewer who wrote it


@dataclass
class PageExtras:
    forms: dict  # {assignment id: review form}
    stage: stage_mod.Stage | None = None  # organizers
    response: object | None = None  # AuthorResponse, for those who read the discussion
    reviews: dict[int, ReviewExtras] = field(default_factory=dict)
    subreviews: list = field(default_factory=list)  # SubReviewRequest rows of the own assignment
    may_request_subreview: bool = False
    rounds: list = field(default_factory=list)
    to_approve: list = field(default_factory=list)  # sub-reviewers awaiting the chair's approval


def page_extras(user, submission, entries, *, manage: bool, see_discussion: bool, own_entry,
                history: bool = False) -> PageExtras:
    """`history`: the viewer sees each review's score before and after the response and the
    submission's stage (organizers, and the submission's AC and SAC)."""
    history = history or manage
    settings = settings_of(submission.event)
    rounds = list_rounds(submission.event)
    out = PageExtras(forms=forms_for(submission, [e.assignment for e in entries]), rounds=rounds)
    response = response_of(submission)
    if see_discussion:
        out.response = response
    if history:
        out.stage = submission_stage(submission)
    review_ids = [e.review.id for e in entries if e.review is not None]
    ratings = db.session.execute(sa.select(ReviewRating.review_id, ReviewRating.user_id, ReviewRating.value)
                                 .where(ReviewRating.review_id.in_(review_ids))).all() if review_ids else []
    requests = db.session.scalars(
        sa.select(SubReviewRequest).where(SubReviewRequest.assignment_id.in_([e.assignment.id for e in entries]))
        .order_by(SubReviewRequest.id)).all() if entries else []
    rater = bool(settings.ratings_enabled and (
        (permissions.is_assigned(user, submission) and permissions.can_see_reviews(user, submission))
        or permissions.can_chair_submission(user, submission)))
    for entry in entries:
        extra = ReviewExtras()
        current = round_of(entry.assignment, rounds)
        extra.round_name = current.name if current else None
        if out.response is not None:
            extra.reply = (out.response.replies or {}).get(str(entry.assignment.id), "")
        review = entry.review
        if review is not None:
            mine = [v for r, u, v in ratings if r == review.id]
            extra.helpful, extra.not_helpful = mine.count(1), mine.count(-1)
            extra.my_rating = next((v for r, u, v in ratings if r == review.id and u == user.id), None)
            extra.can_rate = rater and review.status == "submitted" and entry.assignment.user_id != user.id
        if history:
            extra.change = core.score_change(
                [core.VersionFacts(v.version, v.status, _overall(v.answers), v.saved_at) for v in entry.versions],
                response.first_saved_at if response else None)
        if manage:
            accepted = [r for r in requests if r.assignment_id == entry.assignment.id and r.status == "accepted"]
            extra.subreviewer = ", ".join(f"{r.name or r.email} <{r.email}>" for r in accepted)
        out.reviews[entry.assignment.id] = extra
    if history and not manage:  # the chairs approve here; organizers on their approvals page
        out.to_approve = [r for r in requests if r.status == SubReviewState.awaiting_approval
                          and permissions.can_approve_subreview(user, r)]
    if own_entry is not None and own_entry.assignment.user_id == user.id:
        out.subreviews = [r for r in requests if r.assignment_id == own_entry.assignment.id]
        out.may_request_subreview = bool(settings.subreviewers_allowed) and permissions.can_review(
            user, own_entry.assignment)
    return out


def _overall(answers) -> int | None:
    value = (answers or {}).get("overall")
    return value if isinstance(value, int) else None
