"""A reviewer updates the review after the authors' response; the earlier version stays."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub.errors import DeadlinePassed
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing import services
from reviewhub.reviewing.models import ReviewVersion
from reviewhub.reviewing.process import response as responses
from tests.reviewing.conftest import COMPLETE, submit_review
from tests.reviewing.process.conftest import open_response


def _past_review_deadline(cast):
    cast.event.review_deadline_at = utcnow() - timedelta(hours=2)
    db.session.commit()


def test_without_a_response_the_deadline_still_locks_the_review(cast):
    review = submit_review(cast.assignments[0], cast.reviewers[0], overall="3")
    open_response(cast.event)
    _past_review_deadline(cast)
    with pytest.raises(DeadlinePassed):
        services.save_review(cast.assignments[0], by=cast.reviewers[0], raw={**COMPLETE, "overall": "5"},
                             submit=True, expected_version=review.version)


def test_after_the_response_the_reviewer_updates_and_history_keeps_the_old_score(cast, login_as):
    review = submit_review(cast.assignments[0], cast.reviewers[0], overall="2")
    open_response(cast.event)
    _past_review_deadline(cast)
    responses.save_response(cast.submission, by=cast.author, body="We ran the experiment.",
                            replies={str(cast.assignments[0].id): "See table 3."}, expected_version=0)
    db.session.commit()
    client = login_as(cast.reviewers[0])
    path = f"/{cast.event.slug}/reviews/{cast.submission.id}/review"
    form = client.get(path)
    assert form.status_code == 200 and b"you may update your review" in form.data
    assert b"We ran the experiment." in form.data and b"See table 3." in form.data
    data = {f"q_{k}": v for k, v in {**COMPLETE, "overall": "4"}.items()}
    answer = client.post(path, data={**data, "action": "submit", "version": str(review.version)})
    assert answer.status_code == 302
    db.session.refresh(review)
    assert review.overall == 4
    scores = [v.answers["overall"] for v in db.session.scalars(
        sa.select(ReviewVersion).where(ReviewVersion.review_id == review.id).order_by(ReviewVersion.version))]
    assert scores == [2, 4]
    page = login_as(cast.organizer).get(f"/{cast.event.slug}/reviews/{cast.submission.id}").get_data(as_text=True)
    assert "updated after response" in page
    assert "Overall score before the response: <strong>2</strong>, now: <strong>4</strong>" in page
    assert "Review stage" in page
    # the submission's area chair sees the same; a fellow reviewer does not
    from reviewhub.committee.models import CommitteeSettings
    from tests.committee.conftest import make_chair

    db.session.add(CommitteeSettings(event_id=cast.event.id, area_chairs=True, senior_area_chairs=False,
                                     area_chair_load=35, meta_reviews=False))
    chair = make_chair(cast.event, cast.submission)
    db.session.commit()
    page = login_as(chair).get(f"/{cast.event.slug}/reviews/{cast.submission.id}").get_data(as_text=True)
    assert "Overall score before the response: <strong>2</strong>, now: <strong>4</strong>" in page
    assert "updated after response" in page and 'id="review-stage"' in page
    other = login_as(cast.reviewers[1]).get(f"/{cast.event.slug}/reviews/{cast.submission.id}").get_data(as_text=True)
    assert "Overall score before the response" not in other


def test_a_reviewer_who_never_submitted_cannot_use_the_response_to_start_late(cast):
    open_response(cast.event)
    _past_review_deadline(cast)
    responses.save_response(cast.submission, by=cast.author, body="Hello.", replies={}, expected_version=0)
    with pytest.raises(DeadlinePassed):
        services.save_review(cast.assignments[2], by=cast.reviewers[2], raw=COMPLETE, submit=True,
                             expected_version=0)


def test_stage_is_shown_to_organizers_only(cast, login_as):
    submit_review(cast.assignments[0], cast.reviewers[0])
    open_response(cast.event)
    organizer = login_as(cast.organizer).get(f"/{cast.event.slug}/reviews/{cast.submission.id}").get_data(as_text=True)
    assert 'id="review-stage">response<' in organizer
    reviewer = login_as(cast.reviewers[0]).get(f"/{cast.event.slug}/reviews/{cast.submission.id}").get_data(as_text=True)
    assert "review-stage" not in reviewer
