"""The assignment part of the demo: reviewers, an invitation, bids and an applied run."""

import sqlalchemy as sa

from reviewhub.assignment.models import (
    Assignment,
    AssignmentRun,
    Bid,
    ReviewerInvitation,
    ReviewerProfile,
)
from reviewhub.demo import load_demo
from reviewhub.extensions import db


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _submitted():
    from reviewhub.submissions.models import Submission

    return db.session.scalar(sa.select(sa.func.count()).where(Submission.status == "submitted"))


def test_review_phase_assigns_every_submission_three_times_and_is_idempotent(app):
    load_demo("review")
    db.session.commit()
    assert _submitted() > 20  # the submissions demo's works
    assert _count(ReviewerProfile) == 11 and _count(ReviewerInvitation) == 1
    assert _count(Assignment) == 3 * _submitted() and _count(Bid) > 40
    run = db.session.scalar(sa.select(AssignmentRun))
    assert run.status == "applied" and run.summary["feasible"] and run.summary["optimal"]
    load_demo("review")
    db.session.commit()
    assert (_count(Assignment), _count(AssignmentRun), _count(ReviewerInvitation)) == (
        3 * _submitted(), 1, 1)


def test_cfp_phase_has_some_bids_and_no_assignment(app):
    load_demo("cfp")
    db.session.commit()
    assert 0 < _count(Bid) <= 24 and _count(Assignment) == 0 and _count(ReviewerProfile) == 11
