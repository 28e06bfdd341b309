"""The reviewing demo: nothing without assignments; idempotent; everything submitted once decided."""

import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.reviewing import demo
from reviewhub.reviewing.models import Comment, Review, ReviewForm
from tests import factories as f


def _counts():
    reviews = db.session.scalars(sa.select(Review.status)).all()
    comments = db.session.scalar(sa.select(sa.func.count()).select_from(Comment))
    return sorted(reviews), comments


def test_demo_does_nothing_without_assignments(app):
    event = f.make_event()
    f.make_submission(event)
    demo.populate(event, "review")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReviewForm)) == 0


def test_demo_reviews_are_idempotent_and_complete_when_decided(app):
    event = f.make_event()
    reviewers = [f.make_user() for _ in range(3)]
    for _ in range(4):
        submission = f.make_submission(event)
        for reviewer in reviewers:
            f.make_assignment(submission, reviewer)
    demo.populate(event, "cfp")
    assert _counts() == ([], 0)
    demo.populate(event, "review")
    first = _counts()
    statuses = first[0]
    assert "draft" in statuses and "submitted" in statuses and len(statuses) < 12
    demo.populate(event, "review")
    assert _counts() == first
    demo.populate(event, "decided")
    statuses, comments = _counts()
    assert statuses == ["submitted"] * 12 and comments == 3
    demo.populate(event, "program")
    assert _counts() == (statuses, 3)
    assert all(1 <= r.overall <= 5 for r in db.session.scalars(sa.select(Review)))
