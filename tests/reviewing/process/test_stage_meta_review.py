"""A submitted meta-review (the committee's) moves a submission's review stage on."""

from datetime import timedelta

from reviewhub.committee.models import MetaReview
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing.process.rounds import submission_stage
from reviewhub.reviewing.process.stage import StageKind
from tests import factories as f


def test_the_stage_reads_the_committees_submitted_meta_review(app):
    event = f.make_event(organizer=f.make_user(), review_deadline_at=utcnow() - timedelta(days=1))
    submission = f.make_submission(event, author=f.make_user())
    db.session.commit()
    before = submission_stage(submission).kind
    assert before != StageKind.meta_review
    db.session.add(MetaReview(submission_id=submission.id, status="draft"))
    db.session.commit()
    assert submission_stage(submission).kind == before  # a draft is not in yet
    db.session.query(MetaReview).update({"status": "submitted"})
    db.session.commit()
    assert submission_stage(submission).kind == StageKind.meta_review
