"""The integrity demo: a planted pair and a finished check from the review phase on; idempotent."""

import sqlalchemy as sa

from reviewhub.integrity import demo
from reviewhub.integrity.models import SimilarityFlag
from reviewhub.submissions.models import Submission
from tests import factories as f
from tests.integrity.helpers import essay


def counts(db, event):
    return (db.session.scalar(sa.select(sa.func.count()).select_from(Submission).where(Submission.event_id == event.id)),
            db.session.scalar(sa.select(sa.func.count()).select_from(SimilarityFlag)))


def test_demo_plants_a_variant_and_runs_the_check_once(db):
    event = f.make_event()
    author = f.make_user()
    for seed in (1, 2):
        f.make_submission(event, author=author, abstract_md=essay(seed, 120))
    demo.populate(event, "cfp")
    assert counts(db, event) == (2, 0)
    demo.populate(event, "review")
    assert counts(db, event) == (3, 1)
    flag = db.session.scalar(sa.select(SimilarityFlag))
    assert flag.details["shared_authors"] == [author.name] and flag.details["containment"] > 0.5
    demo.populate(event, "decided")
    assert counts(db, event) == (3, 1)


def test_demo_does_not_plant_when_a_pair_exists_or_nothing_is_submitted(db):
    empty = f.make_event()
    demo.populate(empty, "program")
    assert counts(db, empty) == (0, 0)
    event = f.make_event()
    for _ in range(2):
        f.make_submission(event, author=f.make_user(), abstract_md=essay(5, 120))
    demo.populate(event, "review")
    assert counts(db, event) == (2, 1)


def test_on_the_demo_data_the_check_flags_only_the_planted_pair(app):
    """The demo's texts are drawn per work from a seeded generator: unrelated works share
    too little to be flagged, so what the organizer sees is the pair the demo plants."""
    from reviewhub.demo import load_demo
    from reviewhub.extensions import db

    load_demo("review")
    db.session.commit()
    flags = db.session.scalars(sa.select(SimilarityFlag)).all()
    planted = db.session.scalar(sa.select(Submission.id).where(Submission.client_token == demo.VARIANT_TOKEN))
    assert planted is not None
    assert [(flag.kind, planted in (flag.submission_a_id, flag.submission_b_id)) for flag in flags] == [("text", True)]
