"""The bidding page's background saves (assignment.js): an answer without a flash message,
and a bid inserted meanwhile by another request is updated, not a 500."""

import sqlalchemy as sa

from reviewhub.assignment.models import Bid
from reviewhub.extensions import db
from tests import factories as f


def _world():
    event = f.make_event()
    reviewer = f.make_user()
    f.add_role(event, reviewer, "reviewer")
    submission = f.make_submission(event, author=f.make_user())
    db.session.commit()
    return event, reviewer, submission


def test_background_save_answers_json_and_leaves_no_flash(app, login_as):
    event, reviewer, submission = _world()
    client = login_as(reviewer)
    response = client.post(f"/{event.slug}/assignment/bids", data={f"bid-{submission.id}": "eager"},
                           headers={"X-Requested-With": "fetch"})
    assert response.status_code == 200 and response.get_json() == {"changed": 1}
    with client.session_transaction() as session:
        assert not session.get("_flashes")
    page = client.get(f"/{event.slug}/assignment/bids").data.decode()
    assert "Saved:" not in page


def test_a_bid_inserted_by_a_concurrent_request_is_updated(app, login_as, monkeypatch):
    event, reviewer, submission = _world()
    from reviewhub.assignment.services import bids

    real = bids._sync_conflict
    calls = []

    def racing(user, submission_id, level):
        # Between reading the reviewer's bids and writing, another request inserts the same bid.
        if not calls:
            calls.append(1)
            with db.engine.begin() as other:
                other.execute(sa.insert(Bid).values(submission_id=submission.id, user_id=reviewer.id,
                                                    value="willing"))
        return real(user, submission_id, level)

    monkeypatch.setattr(bids, "_sync_conflict", racing)
    response = login_as(reviewer).post(f"/{event.slug}/assignment/bids",
                                       data={f"bid-{submission.id}": "eager"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalars(sa.select(Bid.value).where(Bid.user_id == reviewer.id)).all() == ["eager"]
