"""The demo's decisions: ranked from reviews, released with emails, confirmed; idempotent."""

import sqlalchemy as sa

from reviewhub.decisions import demo
from reviewhub.decisions.models import Decision, PresentationConfirmation
from reviewhub.extensions import db
from reviewhub.mail.models import OutboxMessage
from tests import factories as f


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_demo_decides_releases_and_confirms_once(app):
    event = f.make_event()
    for i in range(20):
        f.make_submission(event, author=f.make_user(name=f"Author {i}"))
    f.make_submission(event, author=f.make_user(), status="draft")
    demo.populate(event, "review")
    assert _count(Decision) == 0
    demo.populate(event, "decided")
    db.session.commit()
    decisions = db.session.scalars(sa.select(Decision)).all()
    assert len(decisions) == 20 and all(d.released_at for d in decisions)
    keys = sorted(d.outcome.key for d in decisions)
    assert keys.count("accept_talk") == 4 and keys.count("accept_poster") == 12 and keys.count("reject") == 4
    assert _count(OutboxMessage) == 20 and _count(PresentationConfirmation) == 0
    demo.populate(event, "program")
    demo.populate(event, "program")
    db.session.commit()
    assert _count(Decision) == 20 and _count(OutboxMessage) == 20
    assert _count(PresentationConfirmation) == 16


def test_ranking_prefers_higher_mean_scores_then_numbers():
    class S:
        def __init__(self, i, n):
            self.id, self.number = i, n

    subs = [S(1, 1), S(2, 2), S(3, 3)]
    assert [s.id for s in demo.ranked(subs, {3: (4.5, 2), 1: (2.0, 3)})] == [3, 1, 2]
    assert [s.id for s in demo.ranked(subs, {})] == [1, 2, 3]
