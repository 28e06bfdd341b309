"""Demo reviews: default forms, plausible reviews for existing assignments, a few comments."""

from __future__ import annotations

import random
from datetime import timedelta

import sqlalchemy as sa

from reviewhub.assignment.models import Assignment
from reviewhub.demo.phases import at_least
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing import discussion, queries, services
from reviewhub.reviewing.form_services import ensure_default_forms
from reviewhub.reviewing.models import Comment, ReviewState
from reviewhub.submissions.models import Submission

STRENGTHS = [
    "The piece frames the collaboration between artist and model in a way practitioners will recognise.",
    "A clear research question and an honest account of what the system could not do.",
    "The evaluation with working musicians is the strongest part of the submission.",
    "It sparks exactly the conversation this workshop is for: who is the author here?",
]
WEAKNESSES = [
    "The related work misses recent studies of co-creative writing tools.",
    "The dataset's licensing is not discussed, which matters for this audience.",
    "The claims about creativity would need a user study to hold.",
    "The presentation is dense; a figure of the workflow would help.",
]
COMMENTS = [
    "I scored this lower than the others: the consent question for the training data worries me.",
    "Fair point. I think it still fits as a poster; the discussion at the workshop would help them.",
    "Agreed, a poster seems right.",
]


def populate(event, phase: str) -> None:
    """From the review phase on: default forms, then a review per assignment (some drafts or
    missing while reviewing runs; all submitted once decided), and a short discussion."""
    if not at_least(phase, "review"):
        return
    assignments = db.session.scalars(
        sa.select(Assignment).join(Submission, Submission.id == Assignment.submission_id)
        .where(Submission.event_id == event.id, Submission.status == "submitted").order_by(Assignment.id)
    ).all()
    if not assignments:
        return
    ensure_default_forms(event)
    everything = at_least(phase, "decided")
    for assignment in assignments:
        _review(assignment, everything)
    _discuss(event, assignments)
    db.session.flush()


def _when(event):
    """A moment the service accepts: before the review deadline even when the demo's is past."""
    deadline = event.review_deadline_at
    return deadline - timedelta(days=1) if deadline and deadline <= utcnow() else None


def _review(assignment, everything: bool) -> None:
    review = queries.review_of(assignment)
    if review is not None and review.status == ReviewState.submitted:
        return
    rng = random.Random(assignment.id)
    slot = assignment.id % 6
    if not everything and slot == 0:
        return  # not started yet
    submit = everything or slot not in (1,)
    raw = _answers(rng, assignment.submission)
    if not submit:
        raw = {"overall": raw["overall"], "comments_to_authors": raw["comments_to_authors"]}
    services.save_review(assignment, by=assignment.user, raw=raw, submit=submit,
                         expected_version=review.version if review else 0, now=_when(assignment.submission.event))


def _answers(rng: random.Random, submission) -> dict:
    quality = rng.choice([2, 3, 3, 4, 4, 5])
    raw = {}
    for question in queries.form_for_submission(submission).questions:
        if question.kind == "score":
            raw[question.key] = str(max(1, min(5, quality + rng.choice([-1, 0, 0, 1]))))
    raw["overall"] = str(quality)
    raw["comments_to_authors"] = f"Strengths: {rng.choice(STRENGTHS)}\n\nWeaknesses: {rng.choice(WEAKNESSES)}"
    if rng.random() < 0.4:
        raw["confidential_comments"] = "I may know who wrote this; my score is not affected."
    return raw


def _discuss(event, assignments) -> None:
    """Three comments on the first submission whose reviews are all submitted (once)."""
    by_submission: dict[int, list] = {}
    for a in assignments:
        by_submission.setdefault(a.submission_id, []).append(a)
    for group in by_submission.values():
        reviews = [queries.review_of(a) for a in group]
        if len(group) < 2 or any(r is None or r.status != ReviewState.submitted for r in reviews):
            continue
        submission = group[0].submission
        if db.session.scalar(sa.select(sa.func.count()).where(Comment.submission_id == submission.id)):
            return
        for i, body in enumerate(COMMENTS):
            discussion.add_comment(submission, by=group[i % len(group)].user, body=body, visibility="reviewers")
        return
