"""Writing reviews through the page: drafts, submission, validation, deadlines, locking, history."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing.models import Review, ReviewVersion
from tests.reviewing.conftest import COMPLETE, submit_review


def _url(cast, suffix="/review"):
    return f"/{cast.event.slug}/reviews/{cast.submission.id}{suffix}"


def _review(cast, i=0):
    db.session.expire_all()
    return db.session.scalar(sa.select(Review).where(Review.assignment_id == cast.assignments[i].id))


def test_draft_then_submit(cast, login_as):
    client = login_as(cast.reviewers[0])
    response = client.post(_url(cast), data={"action": "save", "version": "0", "q_overall": "2"})
    assert response.status_code == 302
    review = _review(cast)
    assert review.status == "draft" and review.answers == {"overall": 2} and review.version == 1
    data = {f"q_{k}": v for k, v in COMPLETE.items()}
    response = client.post(_url(cast), data={**data, "action": "submit", "version": "1"})
    assert response.status_code == 302
    review = _review(cast)
    assert review.status == "submitted" and review.overall == 4 and review.confidence == 3
    assert review.submitted_at is not None and review.version == 2


@pytest.mark.parametrize("changes, message", [
    ({"q_overall": "9"}, "Choose a level from 1 to 5."),
    ({"q_overall": "-1"}, "Choose a level from 1 to 5."),
    ({"q_overall": "abc"}, "Choose one of the levels."),
    ({"q_comments_to_authors": ""}, "This answer is required"),
    ({"q_comments_to_authors": "x" * 20001}, "Keep this answer under"),
])
def test_bad_answers_are_refused_next_to_the_field_and_input_kept(cast, login_as, changes, message):
    client = login_as(cast.reviewers[0])
    data = {**{f"q_{k}": v for k, v in COMPLETE.items()}, "q_clarity": "2", "action": "submit",
            "version": "0", **changes}
    response = client.post(_url(cast), data=data)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page and 'checked id="q_clarity-1"' in page  # clarity 2 kept
    assert _review(cast) is None


def test_extra_fields_are_ignored(cast, login_as):
    client = login_as(cast.reviewers[0])
    data = {**{f"q_{k}": v for k, v in COMPLETE.items()}, "q_admin": "yes", "overall": "1",
            "status": "submitted", "action": "save", "version": "0"}
    assert client.post(_url(cast), data=data).status_code == 302
    review = _review(cast)
    assert "admin" not in review.answers and review.overall == 4 and review.status == "draft"


def test_unknown_choice_value_is_refused(cast, login_as, app):
    from reviewhub.reviewing import form_services, queries

    form = queries.form_for_submission(cast.submission)
    form_services.add_question(form, by=cast.organizer, kind="choice", label="Format",
                               choices=["talk", "poster"], required=True)
    db.session.commit()
    client = login_as(cast.reviewers[0])
    data = {**{f"q_{k}": v for k, v in COMPLETE.items()}, "q_format": "dance", "action": "submit", "version": "0"}
    response = client.post(_url(cast), data=data)
    assert "Choose one of the offered options." in response.get_data(as_text=True)
    data["q_format"] = "poster"
    assert client.post(_url(cast), data=data).status_code == 302
    assert _review(cast).answers["format"] == "poster"


def _set_deadline(cast, delta, zone="Asia/Kolkata"):
    cast.event.review_deadline_at = utcnow() + delta
    cast.event.timezone = zone  # a non-UTC zone: the server's UTC clock still decides
    db.session.commit()


def test_deadline_one_second_before_allows_and_after_refuses(cast, login_as):
    client = login_as(cast.reviewers[0])
    _set_deadline(cast, timedelta(seconds=2))
    assert client.post(_url(cast), data={"action": "save", "version": "0", "q_overall": "3"}).status_code == 302
    _set_deadline(cast, timedelta(seconds=-1))
    response = client.post(_url(cast), data={"action": "save", "version": "1", "q_overall": "5"})
    assert response.status_code == 200 and "deadline has passed" in response.get_data(as_text=True)
    assert _review(cast).answers == {"overall": 3}


def test_service_deadline_edges_exactly(cast):
    from reviewhub.errors import DeadlinePassed
    from reviewhub.reviewing import services

    deadline = utcnow() + timedelta(days=1)
    cast.event.review_deadline_at = deadline
    db.session.flush()
    services.save_review(cast.assignments[0], by=cast.reviewers[0], raw={"overall": "3"}, submit=False,
                         expected_version=0, now=deadline - timedelta(seconds=1))
    with pytest.raises(DeadlinePassed):
        services.save_review(cast.assignments[0], by=cast.reviewers[0], raw={"overall": "4"}, submit=False,
                             expected_version=1, now=deadline)


def test_reopened_review_can_be_edited_after_the_deadline(cast, login_as):
    submit_review(cast.assignments[0], cast.reviewers[0])
    _set_deadline(cast, timedelta(hours=-1))
    reviewer = login_as(cast.reviewers[0])
    data = {**{f"q_{k}": v for k, v in COMPLETE.items()}, "q_overall": "1", "action": "submit", "version": "1"}
    assert "deadline has passed" in reviewer.post(_url(cast), data=data).get_data(as_text=True)
    organizer = login_as(cast.organizer)
    response = organizer.post(f"/{cast.event.slug}/reviews/assignments/{cast.assignments[0].id}/reopen")
    assert response.status_code == 302 and _review(cast).reopened
    assert reviewer.post(_url(cast), data=data).status_code == 302
    review = _review(cast)
    assert review.overall == 1 and not review.reopened and review.status == "submitted"


def test_stale_save_is_refused_with_input_kept(cast, login_as):
    submit_review(cast.assignments[0], cast.reviewers[0])  # version 1
    client = login_as(cast.reviewers[0])
    data = {**{f"q_{k}": v for k, v in COMPLETE.items()}, "q_comments_to_authors": "My new words",
            "action": "submit", "version": "0"}
    response = client.post(_url(cast), data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "saved elsewhere" in page and "My new words" in page
    assert _review(cast).answers["comments_to_authors"] == "Clear and useful."


def test_every_save_is_kept_and_an_organizer_can_restore(cast, login_as):
    submit_review(cast.assignments[0], cast.reviewers[0], overall="2")
    submit_review(cast.assignments[0], cast.reviewers[0], overall="5")
    review = _review(cast)
    versions = db.session.scalars(sa.select(ReviewVersion).where(ReviewVersion.review_id == review.id)
                                  .order_by(ReviewVersion.version)).all()
    assert [v.answers["overall"] for v in versions] == [2, 5]
    page = login_as(cast.organizer).get(_url(cast, "")).get_data(as_text=True)
    assert "History (2 versions)" in page and "Real Reviewer 0" in page
    response = login_as(cast.organizer).post(
        f"/{cast.event.slug}/reviews/review/{review.id}/versions/{versions[0].id}/restore")
    assert response.status_code == 302
    review = _review(cast)
    assert review.overall == 2 and review.version == 3
    from reviewhub.audit import AuditLog

    assert db.session.scalar(sa.select(AuditLog).where(AuditLog.action == "review.restore")).details[
        "restored_version"] == 1


def test_conflicted_organizer_cannot_restore_or_reopen(cast, login_as):
    review = submit_review(cast.assignments[0], cast.reviewers[0])
    version = db.session.scalar(sa.select(ReviewVersion.id).where(ReviewVersion.review_id == review.id))
    client = login_as(cast.conflicted_organizer)
    slug = cast.event.slug
    assert client.post(f"/{slug}/reviews/review/{review.id}/versions/{version}/restore").status_code == 404
    assert client.post(f"/{slug}/reviews/assignments/{cast.assignments[0].id}/reopen").status_code == 404
