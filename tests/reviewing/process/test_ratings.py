"""Review ratings by co-reviewers, and the organizers' reviewer-quality report."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub.errors import NotAllowed
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing.process import ratings, settings
from reviewhub.reviewing.process.models import ReviewRating
from tests import factories as f
from tests.reviewing.conftest import submit_review


def _on(cast):
    settings.update_settings(cast.event, by=cast.organizer, ratings_enabled=True)
    db.session.commit()


def test_ratings_need_the_setting_and_a_visible_review(cast, login_as):
    first = submit_review(cast.assignments[0], cast.reviewers[0], overall="4")
    path = f"/{cast.event.slug}/reviews/review/{first.id}/rate"
    assert login_as(cast.reviewers[1]).post(path, data={"value": "1"}).status_code == 404  # off
    _on(cast)
    # Reviewer 2 has not submitted, so cannot see the other reviews yet.
    assert login_as(cast.reviewers[1]).post(path, data={"value": "1"}).status_code == 404
    submit_review(cast.assignments[1], cast.reviewers[1], overall="2")
    page = login_as(cast.reviewers[1]).get(f"/{cast.event.slug}/reviews/{cast.submission.id}").get_data(as_text=True)
    assert page.count("Was this review helpful?") == 1  # not on their own review
    assert login_as(cast.reviewers[1]).post(path, data={"value": "1"}).status_code == 302
    assert login_as(cast.reviewers[1]).post(path, data={"value": "-1"}).status_code == 302  # replaces
    assert db.session.scalars(sa.select(ReviewRating.value)).all() == [-1]
    assert login_as(cast.reviewers[0]).post(path, data={"value": "1"}).status_code == 404  # own review
    assert login_as(cast.organizer).post(path, data={"value": "1"}).status_code == 404
    assert login_as(cast.author).post(path, data={"value": "1"}).status_code == 404


def test_bad_rating_values_are_refused(cast, login_as):
    _on(cast)
    first = submit_review(cast.assignments[0], cast.reviewers[0])
    submit_review(cast.assignments[1], cast.reviewers[1])
    path = f"/{cast.event.slug}/reviews/review/{first.id}/rate"
    answer = login_as(cast.reviewers[1]).post(path, data={"value": "7"}, follow_redirects=True)
    assert answer.status_code == 200 and b"Not a valid choice" in answer.data
    with pytest.raises(Exception):  # noqa: B017 - the service refuses any other value
        ratings.rate_review(first, by=cast.reviewers[1], value=3)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReviewRating)) == 0
    with pytest.raises(NotAllowed):
        ratings.rate_review(first, by=cast.reviewers[0], value=1)


def test_quality_report_figures_csv_and_conflicts(cast, login_as):
    _on(cast)
    cast.event.review_deadline_at = utcnow() + timedelta(hours=1)
    db.session.commit()
    first = submit_review(cast.assignments[0], cast.reviewers[0], overall="5",
                          comments_to_authors="one two three four")
    submit_review(cast.assignments[1], cast.reviewers[1], overall="3")
    ratings.rate_review(first, by=cast.reviewers[1], value=1)
    other_reviewer = f.make_user(name="Only On Other")
    f.add_role(cast.event, other_reviewer, "reviewer")
    f.make_assignment(cast.other, other_reviewer)
    first.submitted_at = utcnow() - timedelta(hours=2)  # in time
    cast.event.review_deadline_at = utcnow() - timedelta(hours=1)  # reviewer 3 (nothing yet) is late,
    db.session.commit()  # and reviewer 2 submitted after it
    report = {r.name: r.line for r in ratings.quality_report(cast.event, exclude=set())}
    assert report["Real Reviewer 0"].mean_deviation == 1.0 and report["Real Reviewer 0"].helpful == 1
    assert report["Real Reviewer 0"].late == 0 and report["Real Reviewer 2"].late == 1
    assert report["Real Reviewer 1"].late == 1
    assert report["Real Reviewer 0"].mean_words == 4 and report["Real Reviewer 1"].mean_words == 3  # "Clear and useful."
    page = login_as(cast.organizer).get(f"/{cast.event.slug}/reviews/quality")
    assert page.status_code == 200 and b"<svg" in page.data and b"Real Reviewer 0" in page.data
    csv = login_as(cast.organizer).get(f"/{cast.event.slug}/reviews/quality.csv").get_data(as_text=True)
    assert csv.splitlines()[0].startswith("reviewer,email,assigned")
    assert "Real Reviewer 0" in csv and "Only On Other" in csv
    # The conflicted organizer (an author of the submission) sees only the other work's figures.
    conflicted = login_as(cast.conflicted_organizer).get(f"/{cast.event.slug}/reviews/quality.csv").get_data(as_text=True)
    assert "Only On Other" in conflicted and "Real Reviewer" not in conflicted
    assert login_as(cast.reviewers[0]).get(f"/{cast.event.slug}/reviews/quality").status_code == 403


def _count(client, path) -> int:
    from tests import scale_world

    with scale_world.captured_statements() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def test_quality_report_runs_a_constant_number_of_queries(cast, login_as):
    _on(cast)
    first = submit_review(cast.assignments[0], cast.reviewers[0])
    submit_review(cast.assignments[1], cast.reviewers[1])
    ratings.rate_review(first, by=cast.reviewers[1], value=1)
    db.session.commit()
    client = login_as(cast.organizer)
    path = f"/{cast.event.slug}/reviews/quality"
    _count(client, path)
    small = _count(client, path)
    for i in range(6):
        reviewer = f.make_user(name=f"Extra {i}")
        f.add_role(cast.event, reviewer, "reviewer")
        work = f.make_submission(cast.event, author=f.make_user())
        submit_review(f.make_assignment(work, reviewer), reviewer)
    db.session.commit()
    assert _count(client, path) == small
