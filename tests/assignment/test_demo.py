"""The assignment part of the demo: reviewers, an invitation, bids and an applied run."""

import sqlalchemy as sa

from reviewhub.assignment.models import (
    Assignment,
    AssignmentRun,
    Bid,
    ReviewerInvitation,
    ReviewerProfile,
)
from reviewhub.demo import ensure_event, load_demo
from reviewhub.extensions import db
from tests import factories as f


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_review_phase_assigns_forty_submissions_three_times_and_is_idempotent(app):
    event, _ = ensure_event()
    author = f.make_user()
    for _ in range(40):
        f.make_submission(event, author=author)
    load_demo("review")
    db.session.commit()
    assert _count(ReviewerProfile) == 11 and _count(ReviewerInvitation) == 1
    assert _count(Assignment) == 120 and _count(Bid) > 40
    run = db.session.scalar(sa.select(AssignmentRun))
    assert run.status == "applied" and run.summary["feasible"] and run.summary["optimal"]
    load_demo("review")
    db.session.commit()
    assert (_count(Assignment), _count(AssignmentRun), _count(ReviewerInvitation)) == (120, 1, 1)


def test_cfp_phase_has_some_bids_and_no_assignment(app):
    event, _ = ensure_event()
    for _ in range(10):
        f.make_submission(event, author=f.make_user())
    load_demo("cfp")
    db.session.commit()
    assert 0 < _count(Bid) <= 24 and _count(Assignment) == 0 and _count(ReviewerProfile) == 11
