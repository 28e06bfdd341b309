"""Threats to the submissions, reviews, comments and decisions resources: double-blind on
every read (payloads and errors alike), ids walked, conflicted organizers, scope escapes."""

import pytest

from reviewhub.extensions import db
from reviewhub.reviewing import discussion
from reviewhub.reviewing.queries import review_of
from tests.api.subs.helpers import assert_blind, submit_review, token

EVENT = "/api/v1/events/conf"


def _reads(world, review_id) -> list[str]:
    paper = world.paper.id
    return [f"{EVENT}/submissions", f"{EVENT}/submissions?status=submitted&topic={world.topic.id}",
            f"{EVENT}/submissions/{paper}", f"{EVENT}/reviews", f"{EVENT}/reviews?submission={paper}",
            f"{EVENT}/reviews/{review_id}", f"{EVENT}/submissions/{paper}/review",
            f"{EVENT}/submissions/{paper}/comments", f"{EVENT}/decisions"]


def _busy(world):
    """Reviews, a discussion with an organizer and the coauthor-organizer's name about, a decision."""
    from reviewhub.decisions import services
    from reviewhub.decisions.queries import list_outcomes

    for assignment, reviewer in zip(world.assignments[:2], world.reviewers, strict=True):
        submit_review(assignment, reviewer, comments_to_authors="Fine work.")
    discussion.add_comment(world.paper, by=world.organizer, body="Thoughts?", visibility="reviewers")
    services.decide(world.second, list_outcomes(world.event)[0], by=world.organizer)
    db.session.commit()
    return review_of(world.assignments[1]).id


def test_no_author_identity_reaches_a_reviewer_on_any_read(client, world):
    review_id = _busy(world)
    headers = token(world.reviewers[0], write=True)
    for url in _reads(world, review_id):
        answer = client.get(url, headers=headers)
        assert answer.status_code == 200, (url, answer.get_json())
        assert_blind(answer)


def test_no_author_identity_in_a_reviewers_error_payloads(client, world):
    review_id = _busy(world)
    headers = token(world.reviewers[0], write=True)
    paper = world.paper.id
    answers = [
        client.get(f"{EVENT}/submissions?q=au:Secretname", headers=headers),
        client.get(f"{EVENT}/submissions/{world.far.id}", headers=headers),
        client.get(f"{EVENT}/reviews/{review_id + 1000}", headers=headers),
        client.put(f"{EVENT}/submissions/{paper}/review", json={"answers": {"overall": 99}, "version": 1},
                   headers=headers),
        client.put(f"{EVENT}/submissions/{paper}/review", json={"answers": {}, "version": 0}, headers=headers),
        client.post(f"{EVENT}/submissions/{paper}/comments", json={"body": ""}, headers=headers),
        client.post(f"{EVENT}/decisions", json={"decisions": [{"submission": paper, "outcome": "reject"}]},
                    headers=headers),
    ]
    assert [a.status_code for a in answers] == [403, 404, 404, 422, 409, 422, 403]
    for answer in answers:
        assert_blind(answer)


def test_the_conflicted_reviewer_sees_nothing_of_the_work(client, world):
    review_id = _busy(world)
    headers = token(world.conflicted_reviewer)
    assert client.get(f"{EVENT}/submissions", headers=headers).get_json()["total"] == 0
    assert client.get(f"{EVENT}/reviews", headers=headers).get_json()["total"] == 0
    for url in _reads(world, review_id)[2:3] + _reads(world, review_id)[5:8]:
        assert client.get(url, headers=headers).status_code == 404, url


def test_walking_ids_answers_as_for_a_missing_one(client, world):
    review_id = _busy(world)
    headers = token(world.reviewers[1])
    missing = client.get(f"{EVENT}/submissions/999999", headers=headers)
    for url in [f"{EVENT}/submissions/{world.far.id}", f"{EVENT}/submissions/{world.second.id}",
                f"/api/v1/events/other/submissions/{world.far.id}"]:
        walked = client.get(url, headers=headers)
        assert (walked.status_code, walked.get_json()) == (missing.status_code, missing.get_json()), url
    for url in [f"{EVENT}/reviews/{review_id + 1000}", f"{EVENT}/submissions/{world.second.id}/comments",
                f"{EVENT}/submissions/{world.second.id}/review"]:
        assert client.get(url, headers=headers).get_json() == missing.get_json(), url


def test_a_conflicted_organizer_sees_nothing_of_their_conflicted_work(client, world):
    review_id = _busy(world)
    from reviewhub.decisions import services
    from reviewhub.decisions.queries import list_outcomes

    services.decide(world.paper, list_outcomes(world.event)[0], by=world.organizer)
    db.session.commit()
    headers = token(world.conflicted_organizer, write=True)
    listed = client.get(f"{EVENT}/submissions", headers=headers).get_json()
    assert [s["title"] for s in listed["items"]] == ["Other work"] and listed["total"] == 1
    assert client.get(f"{EVENT}/submissions?q=dreaming", headers=headers).get_json()["total"] == 0
    assert client.get(f"{EVENT}/reviews", headers=headers).get_json()["total"] == 0
    assert client.get(f"{EVENT}/reviews?submission={world.paper.id}", headers=headers).get_json()["total"] == 0
    assert client.get(f"{EVENT}/reviews/{review_id}", headers=headers).status_code == 404
    assert client.get(f"{EVENT}/submissions/{world.paper.id}/comments", headers=headers).status_code == 404
    assert [d["submission"] for d in client.get(f"{EVENT}/decisions", headers=headers).get_json()["items"]] \
        == [world.second.id]
    refused = client.post(f"{EVENT}/decisions", json={"decisions": [{"submission": world.paper.id, "outcome": "reject"}]},
                          headers=headers)
    assert refused.status_code == 422 and "No such submission" in refused.get_data(as_text=True)
    # as an author they still read their own work (not its reviews): what the author pages show
    own = client.get(f"{EVENT}/submissions/{world.paper.id}", headers=headers)
    assert own.status_code == 200 and "Rita" not in own.get_data(as_text=True)


def test_the_conflicted_organizers_release_leaves_their_work_for_another(client, world, outbox):
    from reviewhub.decisions import services
    from reviewhub.decisions.queries import list_outcomes

    services.decide(world.paper, list_outcomes(world.event)[0], by=world.organizer)
    db.session.commit()
    answer = client.post(f"{EVENT}/decisions/release", json={}, headers=token(world.conflicted_organizer, write=True))
    assert answer.status_code == 409 and outbox() == []


@pytest.mark.parametrize("method, url", [
    ("get", "/api/v1/events/conf/submissions"),
    ("get", "/api/v1/events/conf/reviews"),
    ("get", "/api/v1/events/conf/decisions"),
    ("get", "/api/v1/events/conf/outcomes"),
    ("get", "/api/v1/events/conf/decisions/release"),
    ("post", "/api/v1/events/conf/decisions/release"),
    ("post", "/api/v1/events/conf/decisions"),
])
def test_a_token_scoped_to_another_event_reaches_nothing_here(client, world, method, url):
    headers = token(world.organizer, event=world.other_event, write=True)
    body = {"decisions": [{"submission": world.paper.id, "outcome": "reject"}]} if url.endswith("decisions") else {}
    answer = getattr(client, method)(url, json=body, headers=headers)
    assert answer.status_code == 404
    assert client.get(url.replace("/conf/", "/other/"), headers=headers).status_code in (200, 405, 409)


def test_a_scoped_token_cannot_reach_this_events_objects_through_the_other(client, world):
    review_id = _busy(world)
    headers = token(world.organizer, event=world.other_event)
    for url in [f"/api/v1/events/other/submissions/{world.paper.id}", f"/api/v1/events/other/reviews/{review_id}",
                f"/api/v1/events/other/submissions/{world.paper.id}/comments",
                f"{EVENT}/submissions/{world.paper.id}", f"{EVENT}/reviews/{review_id}"]:
        assert client.get(url, headers=headers).status_code == 404, url
    listed = client.get("/api/v1/events/other/reviews", headers=headers).get_json()
    assert listed["total"] == 0


@pytest.mark.parametrize("double_blind", [True, False])
def test_the_page_wide_author_rule_is_can_see_authors_row_by_row(app, world, double_blind):
    from reviewhub import permissions

    world.event.double_blind = double_blind
    db.session.commit()
    works = [world.paper, world.second]
    people = [world.organizer, world.conflicted_organizer, world.author, *world.reviewers, world.conflicted_reviewer]
    for person in people:
        with app.test_request_context():
            names = permissions.authors_visible_ids(person, world.event, works)
            emails = permissions.author_emails_visible_ids(person, world.event, works)
            for work in works:
                assert (work.id in names) == permissions.can_see_authors(person, work), (person.name, work.title)
                assert work.id not in emails or work.id in names
