"""The `reviewhub synth` and `reviewhub assign` commands on a small synthetic event."""

import sqlalchemy as sa

from reviewhub.assignment.models import Assignment, AssignmentRun, Bid, ReviewerProfile
from reviewhub.events.models import Event, Membership
from reviewhub.extensions import db
from reviewhub.submissions.models import Authorship, Conflict, Submission


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_synth_fills_an_event_and_assign_dry_run_changes_nothing(app, runner):
    result = runner.invoke(args=["synth", "synth-test", "--submissions", "30", "--reviewers", "25",
                                 "--conflict-rate", "0.05"])
    assert result.exit_code == 0, result.output
    event = db.session.scalar(sa.select(Event).where(Event.slug == "synth-test"))
    assert _count(Submission) == 30 and _count(ReviewerProfile) == 25
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)
                             .where(Membership.role == "reviewer")) == 25
    assert _count(Authorship) >= 30 and _count(Bid) > 0 and _count(Conflict) > 0
    assert len(event.topics) >= 10
    numbers = db.session.scalars(sa.select(Submission.number).order_by(Submission.number)).all()
    assert numbers == list(range(1, 31))

    dry = runner.invoke(args=["assign", "synth-test", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "90 assignments" in dry.output and "optimal" in dry.output and "nothing changed" in dry.output
    assert _count(Assignment) == 0

    applied = runner.invoke(args=["assign", "synth-test", "--fair"])
    assert applied.exit_code == 0, applied.output
    assert "Fairness cost" in applied.output and "Applied: 90 added" in applied.output
    conflicted = set(db.session.execute(sa.select(Conflict.submission_id, Conflict.user_id)).all())
    assigned = set(db.session.execute(sa.select(Assignment.submission_id, Assignment.user_id)).all())
    assert len(assigned) == 90 and not assigned & conflicted
    assert [r.status for r in db.session.scalars(sa.select(AssignmentRun).order_by(AssignmentRun.id))] == [
        "discarded", "applied"]


def test_synth_twice_reuses_reviewer_accounts(app, runner):
    for slug in ("one-event", "two-event"):
        result = runner.invoke(args=["synth", slug, "--submissions", "5", "--reviewers", "4"])
        assert result.exit_code == 0, result.output
    from reviewhub.accounts.models import User

    assert _count(User) == 4 and _count(Submission) == 10
    # explicit ids continue correctly: a row added the ordinary way gets a fresh id
    from tests import factories as f

    f.make_submission(db.session.scalar(sa.select(Event).where(Event.slug == "one-event")))
    f.make_user()


def test_assign_unknown_event_and_bad_options(app, runner):
    result = runner.invoke(args=["assign", "no-such-event"])
    assert result.exit_code != 0 and "No event" in result.output
    result = runner.invoke(args=["synth", "x-event", "--submissions", "-1", "--reviewers", "2"])
    assert result.exit_code != 0
    result = runner.invoke(args=["synth", "Bad Slug!", "--submissions", "1", "--reviewers", "1"])
    assert result.exit_code != 0 and "lowercase" in result.output
