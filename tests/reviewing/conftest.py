"""A small reviewing cast: one event, its forms, a submission with three assigned reviewers."""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing import services
from reviewhub.reviewing.form_services import ensure_default_forms
from tests import factories as f

COMPLETE = {"overall": "4", "confidence": "3", "originality": "4", "technical_quality": "3",
            "clarity": "4", "relevance": "5", "comments_to_authors": "Clear and useful."}


@dataclass
class Cast:
    event: object
    organizer: object
    conflicted_organizer: object  # an author of `submission`
    author: object
    reviewers: list
    submission: object
    other: object  # a second submission, by someone else
    assignments: list


@pytest.fixture
def cast(app):
    organizer = f.make_user(name="Olga Organizer")
    conflicted = f.make_user(name="Carl Conflicted")
    author = f.make_user(name="Alice Author", affiliation="Secret University")
    event = f.make_event(organizer=organizer, review_deadline_at=utcnow() + timedelta(days=3))
    f.add_role(event, conflicted, "organizer")
    reviewers = [f.make_user(name=f"Real Reviewer {i}") for i in range(3)]
    for reviewer in reviewers:
        f.add_role(event, reviewer, "reviewer")
    submission = f.make_submission(event, author=author, coauthors=[conflicted], title="Dreaming machines")
    other = f.make_submission(event, author=f.make_user(), title="Other work")
    assignments = [f.make_assignment(submission, r) for r in reviewers]
    ensure_default_forms(event)
    db.session.commit()
    return Cast(event, organizer, conflicted, author, reviewers, submission, other, assignments)


def submit_review(assignment, user, **answers):
    review = services.save_review(assignment, by=user, raw={**COMPLETE, **answers}, submit=True,
                                  expected_version=_version(assignment))
    db.session.commit()
    return review


def _version(assignment) -> int:
    from reviewhub.reviewing.queries import review_of

    review = review_of(assignment)
    return review.version if review else 0
