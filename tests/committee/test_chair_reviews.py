"""The chairs' part in reviewing: an AC approves a sub-reviewer from the submission's page, and
rates each of their reviewers' reviews; an AC of other works does neither."""

import sqlalchemy as sa

from reviewhub.committee.models import CommitteeSettings
from reviewhub.extensions import db
from reviewhub.reviewing.process import settings, subreview
from reviewhub.reviewing.process.models import ReviewRating
from tests.committee.conftest import make_chair
from tests.reviewing.conftest import submit_review


def _chairs(cast):
    db.session.add(CommitteeSettings(event_id=cast.event.id, area_chairs=True, senior_area_chairs=False,
                                     area_chair_load=35, meta_reviews=False))
    chair, other = make_chair(cast.event, cast.submission), make_chair(cast.event, cast.other, name="Otto Other")
    db.session.commit()
    return chair, other


def test_area_chair_approves_a_sub_reviewer_on_the_submission_page(cast, login_as, outbox):
    chair, other = _chairs(cast)
    settings.update_settings(cast.event, by=cast.organizer, subreviewers_allowed=True,
                             subreviewers_need_approval=True)
    row = subreview.request_subreview(cast.assignments[0], by=cast.reviewers[0], email="expert@elsewhere.org")
    db.session.commit()
    page = login_as(chair).get(f"/{cast.event.slug}/reviews/{cast.submission.id}").get_data(as_text=True)
    assert "Sub-reviewers awaiting your approval" in page and "expert@elsewhere.org" in page
    approve = f"/{cast.event.slug}/reviews/subreviews/{row.id}/approve"
    assert login_as(other).post(approve).status_code == 404
    answer = login_as(chair).post(approve)
    assert answer.status_code == 302 and answer.location.endswith(f"/reviews/{cast.submission.id}")
    db.session.refresh(row)
    assert row.status == "pending" and row.approved_by_id == chair.id
    assert [m for m in outbox() if m.to_email == "expert@elsewhere.org"]


def test_area_chair_rates_each_review_of_their_submission(cast, login_as):
    chair, other = _chairs(cast)
    settings.update_settings(cast.event, by=cast.organizer, ratings_enabled=True)
    first = submit_review(cast.assignments[0], cast.reviewers[0], overall="4")
    submit_review(cast.assignments[1], cast.reviewers[1], overall="2")
    page = login_as(chair).get(f"/{cast.event.slug}/reviews/{cast.submission.id}").get_data(as_text=True)
    assert page.count("Was this review helpful?") == 2
    path = f"/{cast.event.slug}/reviews/review/{first.id}/rate"
    assert login_as(other).post(path, data={"value": "1"}).status_code == 404
    assert login_as(chair).post(path, data={"value": "-1"}).status_code == 302
    assert db.session.execute(sa.select(ReviewRating.user_id, ReviewRating.value)).all() == [(chair.id, -1)]
    assert login_as(chair).post(path, data={"value": "7"}).status_code in (302, 400)
    assert db.session.scalars(sa.select(ReviewRating.value)).all() == [-1]
