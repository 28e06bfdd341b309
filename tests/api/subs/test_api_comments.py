"""A submission's discussion through the API: read as the discussion page shows it, posted
through its service (audit, digest mail), bad input refused by field."""

import pytest
import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.reviewing import discussion
from reviewhub.reviewing.models import Comment
from tests.api.subs.helpers import submit_review, token


def _url(world):
    return f"/api/v1/events/conf/submissions/{world.paper.id}/comments"


def test_reviewers_read_the_thread_under_pseudonyms_without_organizer_only_comments(client, world):
    submit_review(world.assignments[0], world.reviewers[0])
    discussion.add_comment(world.paper, by=world.organizer, body="Please discuss.", visibility="reviewers")
    discussion.add_comment(world.paper, by=world.organizer, body="Between organizers.", visibility="organizers")
    discussion.add_comment(world.paper, by=world.reviewers[0], body="I liked it.", visibility="reviewers")
    db.session.commit()
    body = client.get(_url(world), headers=token(world.reviewers[0])).get_json()
    assert body["total"] == 2
    assert [(c["who"], c["body"]) for c in body["items"]] == [("Organizer", "Please discuss."),
                                                               ("Reviewer 1", "I liked it.")]
    organizer = client.get(_url(world), headers=token(world.organizer)).get_json()
    assert organizer["total"] == 3 and organizer["items"][2]["who"] == "Rita Reviewer0"
    paged = client.get(f"{_url(world)}?limit=1&page=3", headers=token(world.organizer)).get_json()
    assert [c["body"] for c in paged["items"]] == ["I liked it."]


def test_a_reviewer_who_has_not_submitted_does_not_see_the_discussion(client, world):
    submit_review(world.assignments[0], world.reviewers[0])
    assert client.get(_url(world), headers=token(world.reviewers[1])).status_code == 404


def test_posting_goes_through_the_discussion_service(client, world, outbox):
    submit_review(world.assignments[0], world.reviewers[0])
    submit_review(world.assignments[1], world.reviewers[1])
    posted = client.post(_url(world), json={"body": "  A question for co-reviewers.  "},
                         headers=token(world.reviewers[0], write=True))
    assert posted.status_code == 201, posted.get_json()
    assert posted.get_json()["who"] == "Reviewer 1" and posted.get_json()["body"] == "A question for co-reviewers."
    row = db.session.scalar(sa.select(Comment))
    assert row.author_id == world.reviewers[0].id and row.visibility == "reviewers"
    assert [m.to_email for m in outbox() if m.kind == discussion.DIGEST] == [world.reviewers[1].email]


@pytest.mark.parametrize("body, status, words", [
    ({"body": ""}, 422, "body"),
    ({}, 422, "body"),
    ({"body": "x" * 20001}, 422, "body"),
    ({"body": "hi", "visibility": "everyone"}, 422, "visibility"),
    ({"body": "   "}, 422, "Write something"),
    ({"body": "hi", "visibility": "organizers"}, 422, "Only organizers"),
])
def test_bad_comments_say_what_is_wrong(client, world, body, status, words):
    submit_review(world.assignments[0], world.reviewers[0])
    answer = client.post(_url(world), json=body, headers=token(world.reviewers[0], write=True))
    assert answer.status_code == status and words in answer.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0


def test_organizers_may_post_privately(client, world):
    posted = client.post(_url(world), json={"body": "Our note.", "visibility": "organizers"},
                         headers=token(world.organizer, write=True))
    assert posted.status_code == 201 and posted.get_json()["visibility"] == "organizers"


def test_a_read_only_token_cannot_post(client, world):
    assert client.post(_url(world), json={"body": "hi"}, headers=token(world.organizer)).status_code == 403
