"""Reviews through the API: who reads which (as the pages show them), and a reviewer saving
their own review through the review form's service (versions, deadlines, freezes, bad input)."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub.audit import AuditLog
from reviewhub.models_base import utcnow
from reviewhub.reviewing.models import Review, ReviewVersion
from tests.api.subs.helpers import submit_review, token

REVIEWS = "/api/v1/events/conf/reviews"


def _own(world, n=0):
    return f"/api/v1/events/conf/submissions/{world.paper.id}/review"


def test_organizer_reads_every_review_with_names_and_confidential_answers(client, world):
    submit_review(world.assignments[0], world.reviewers[0])
    body = client.get(REVIEWS, headers=token(world.organizer)).get_json()
    assert body["total"] == 1
    [item] = body["items"]
    assert item["reviewer"] == "Reviewer 1" and item["reviewer_name"] == "Rita Reviewer0"
    assert item["answers"]["confidential_comments"] == "Between us: borderline." and item["answers"]["overall"] == 4
    one = client.get(f"{REVIEWS}/{item['id']}", headers=token(world.organizer))
    assert one.status_code == 200 and one.get_json()["reviewer_email"] == world.reviewers[0].email


def test_reviewer_reads_others_only_after_submitting_their_own(client, world):
    first = submit_review(world.assignments[0], world.reviewers[0])
    headers = token(world.reviewers[1])
    assert client.get(REVIEWS, headers=headers).get_json()["total"] == 0
    assert client.get(f"{REVIEWS}/{first.id}", headers=headers).status_code == 404
    submit_review(world.assignments[1], world.reviewers[1])
    items = client.get(REVIEWS, headers=headers).get_json()["items"]
    assert [(i["reviewer"], i["own"]) for i in items] == [("Reviewer 1", False), ("Reviewer 2", True)]
    other = items[0]
    assert "reviewer_name" not in other and "confidential_comments" not in other["answers"]
    assert "confidential_comments" in items[1]["answers"]  # one's own, in full


def test_a_draft_is_read_by_its_writer_only(client, world):
    response = client.put(_own(world), json={"answers": {"overall": 2}, "version": 0},
                          headers=token(world.reviewers[0], write=True))
    assert response.status_code == 200
    draft_id = response.get_json()["review"]["id"]
    submit_review(world.assignments[1], world.reviewers[1])
    assert client.get(f"{REVIEWS}/{draft_id}", headers=token(world.reviewers[1])).status_code == 404
    assert client.get(f"{REVIEWS}/{draft_id}", headers=token(world.reviewers[0])).get_json()["status"] == "draft"


def test_authors_read_released_reviews_without_identity(client, db, world):
    from reviewhub.decisions import services as decisions
    from reviewhub.decisions.queries import list_outcomes

    submit_review(world.assignments[0], world.reviewers[0])
    headers = token(world.author)
    assert client.get(REVIEWS, headers=headers).get_json()["total"] == 0
    decisions.decide(world.paper, list_outcomes(world.event)[0], by=world.organizer)
    decisions.release(world.event, by=world.organizer)
    db.session.commit()
    [item] = client.get(REVIEWS, headers=headers).get_json()["items"]
    assert item["reviewer"] == "Reviewer 1" and set(item) == {
        "id", "submission", "submission_number", "reviewer", "status", "submitted_at", "answers"}
    assert item["answers"] == {"overall": 4, "originality": 4, "technical_quality": 3, "clarity": 4,
                               "relevance": 5, "comments_to_authors": "Clear and useful."}


def test_reviewer_creates_then_updates_their_review_through_the_service(client, db, world):
    headers = token(world.reviewers[0], write=True)
    form = client.get(_own(world), headers=headers).get_json()
    assert form["version"] == 0 and form["review"] is None and form["editable"]
    assert [q["key"] for q in form["questions"]][:2] == ["overall", "confidence"]
    saved = client.put(_own(world), json={"answers": {"overall": 3}, "version": 0}, headers=headers)
    assert saved.status_code == 200 and saved.get_json()["review"]["status"] == "draft"
    complete = {**{k: v for k, v in submit_answers().items()}, "overall": 5}
    done = client.put(_own(world), json={"answers": complete, "submit": True, "version": 1}, headers=headers)
    assert done.status_code == 200, done.get_json()
    review = done.get_json()["review"]
    assert review["status"] == "submitted" and review["version"] == 2 and review["answers"]["overall"] == 5
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReviewVersion)) == 2
    assert {a.action for a in db.session.scalars(sa.select(AuditLog))} >= {"review.save", "review.submit"}


def submit_answers():
    from tests.api.subs.helpers import COMPLETE

    return dict(COMPLETE)


def test_a_stale_version_is_refused_with_409(client, world):
    headers = token(world.reviewers[0], write=True)
    assert client.put(_own(world), json={"answers": {}, "version": 0}, headers=headers).status_code == 200
    stale = client.put(_own(world), json={"answers": {"overall": 1}, "version": 0}, headers=headers)
    assert stale.status_code == 409 and "saved elsewhere" in stale.get_json()["message"]


@pytest.mark.parametrize("body, field", [
    ({"answers": {"overall": 9}, "version": 0}, "overall"),
    ({"answers": {"overall": "great"}, "version": 0}, "overall"),
    ({"answers": {"overall": [1]}, "version": 0}, "overall"),
    ({"answers": {"overall": True}, "version": 0}, "overall"),
    ({"answers": {"overall": 4}, "submit": True, "version": 0}, "confidence"),
])
def test_bad_answers_are_refused_by_question_key(client, db, world, body, field):
    answer = client.put(_own(world), json=body, headers=token(world.reviewers[0], write=True))
    assert answer.status_code == 422 and field in answer.get_json()["errors"]["json"]["answers"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Review)) == 0


@pytest.mark.parametrize("body, field", [({"answers": {}}, "version"), ({"version": -1}, "version"),
                                         ({"version": 0, "submit": "maybe"}, "submit"), ([], "_schema")])
def test_a_malformed_body_is_refused_by_field(client, world, body, field):
    answer = client.put(_own(world), json=body, headers=token(world.reviewers[0], write=True))
    assert answer.status_code == 422 and field in answer.get_json()["errors"]["json"]


def test_past_the_deadline_the_review_is_locked(client, db, world):
    world.event.review_deadline_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    headers = token(world.reviewers[0], write=True)
    assert client.get(_own(world), headers=headers).get_json()["editable"] is False
    late = client.put(_own(world), json={"answers": {"overall": 3}, "version": 0}, headers=headers)
    assert late.status_code == 403 and "deadline" in late.get_json()["message"]


def test_a_frozen_event_refuses_saves_with_423(client, db, world):
    from reviewhub.reviewing import incidents

    incidents.freeze(world.event, by=world.organizer, reason="incident")
    db.session.commit()
    frozen = client.put(_own(world), json={"answers": {"overall": 3}, "version": 0},
                        headers=token(world.reviewers[0], write=True))
    assert frozen.status_code == 423 and "frozen" in frozen.get_json()["message"]


def test_only_the_assigned_reviewer_with_a_write_token_may_save(client, world):
    body = {"answers": {"overall": 3}, "version": 0}
    assert client.put(_own(world), json=body, headers=token(world.reviewers[0])).status_code == 403
    assert client.put(_own(world), json=body, headers=token(world.organizer, write=True)).status_code == 404
    assert client.put(_own(world), json=body, headers=token(world.conflicted_reviewer, write=True)).status_code == 404
    assert client.put(_own(world), json=body, headers=token(world.author, write=True)).status_code == 404


def test_list_filters_and_paginates(client, world):
    submit_review(world.assignments[0], world.reviewers[0])
    submit_review(world.assignments[1], world.reviewers[1])
    headers = token(world.organizer)
    page = client.get(f"{REVIEWS}?limit=1&page=2&submission={world.paper.id}", headers=headers).get_json()
    assert page["total"] == 2 and [i["reviewer"] for i in page["items"]] == ["Reviewer 2"]
    assert client.get(f"{REVIEWS}?status=draft", headers=headers).get_json()["total"] == 0
    assert client.get(f"{REVIEWS}?status=lost", headers=headers).status_code == 422
    etag = client.get(REVIEWS, headers=headers).headers["ETag"]
    assert client.get(REVIEWS, headers={**headers, "If-None-Match": etag}).status_code == 304
