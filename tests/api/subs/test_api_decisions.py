"""Decisions through the API: outcomes, setting many at once through decisions.services
(all or none, errors per line), releasing through the release service (mail to the outbox),
and what authors and reviewers read."""

import pytest
import sqlalchemy as sa

from reviewhub.audit import AuditLog
from reviewhub.decisions.models import Decision
from reviewhub.extensions import db
from tests.api.subs.helpers import token

BASE = "/api/v1/events/conf/decisions"


def test_outcomes_are_listed_for_organizers(client, world):
    body = client.get("/api/v1/events/conf/outcomes", headers=token(world.organizer)).get_json()
    assert [o["key"] for o in body["items"]] == ["accept_talk", "accept_poster", "reject"] and body["total"] == 3
    assert client.get("/api/v1/events/conf/outcomes", headers=token(world.reviewers[0])).status_code == 403


def test_decisions_are_set_in_bulk_with_their_own_outcomes(client, world):
    lines = [{"submission": world.paper.id, "outcome": "accept_talk", "note": "strong"},
             {"submission": world.second.id, "outcome": "reject"}]
    answer = client.post(BASE, json={"decisions": lines}, headers=token(world.organizer, write=True))
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["decided"] == 2
    saved = {d.submission_id: (d.outcome.key, d.note, d.released_at) for d in db.session.scalars(sa.select(Decision))}
    assert saved == {world.paper.id: ("accept_talk", "strong", None), world.second.id: ("reject", "", None)}
    assert db.session.scalar(sa.select(sa.func.count()).where(AuditLog.action == "decisions.decided")) == 2
    listed = client.get(f"{BASE}?released=false", headers=token(world.organizer)).get_json()
    assert [(d["submission_number"], d["outcome"]) for d in listed["items"]] == [(1, "accept_talk"), (2, "reject")]
    assert client.get(f"{BASE}?outcome=reject", headers=token(world.organizer)).get_json()["total"] == 1


@pytest.mark.parametrize("line, field, words", [
    ({"submission": 999999, "outcome": "reject"}, "submission", "No such submission"),
    ({"submission": "far", "outcome": "reject"}, "submission", "No such submission"),
    ({"submission": "paper", "outcome": "maybe"}, "outcome", "accept_talk, accept_poster, reject"),
    ({"submission": "draft", "outcome": "reject"}, "submission", "Only submitted works"),
    ({"submission": "second", "outcome": "reject"}, "submission", "already in the list"),
    ({"outcome": "reject"}, "submission", "Missing data"),
])
def test_a_bad_line_saves_nothing_and_says_which_line(client, db, world, line, field, words):
    if line.get("submission") == "draft":
        world.paper.status = "draft"
        db.session.commit()
    if isinstance(line.get("submission"), str):
        line = {**line, "submission": {"far": world.far.id, "paper": world.paper.id, "draft": world.paper.id,
                                       "second": world.second.id}[line["submission"]]}
    lines = [{"submission": world.second.id, "outcome": "reject"}, line]
    answer = client.post(BASE, json={"decisions": lines}, headers=token(world.organizer, write=True))
    assert answer.status_code == 422
    errors = answer.get_json()["errors"]["json"]["decisions"]
    assert list(errors) == ["1"] and words in errors["1"][field][0]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 0


@pytest.mark.parametrize("body", [{}, {"decisions": []}, {"decisions": "all accept"}, {"decisions": [3]}])
def test_a_malformed_body_is_refused(client, world, body):
    answer = client.post(BASE, json=body, headers=token(world.organizer, write=True))
    assert answer.status_code == 422 and "decisions" in answer.get_json()["errors"]["json"]


def test_release_goes_through_the_release_service_and_mails_the_authors(client, world, outbox):
    headers = token(world.organizer, write=True)
    client.post(BASE, json={"decisions": [{"submission": world.paper.id, "outcome": "accept_talk"}]}, headers=headers)
    preview = client.get(f"{BASE}/release", headers=headers).get_json()
    assert preview["lines"][0]["recipients"] == 2 and "1 “Accept — contributed talk” email" in preview["text"]
    released = client.post(f"{BASE}/release", json={}, headers=headers)
    assert released.status_code == 200 and released.get_json()["recipients"] == 2
    assert sorted(m.to_email for m in outbox()) == ["ada@hidden-institute.example", "carl@hidden-institute.example"]
    again = client.post(f"{BASE}/release", json={}, headers=headers)
    assert again.status_code == 409 and "no unreleased" in again.get_json()["message"]
    assert len(outbox()) == 2
    mine = client.get(BASE, headers=token(world.author)).get_json()
    assert mine["items"] == [{"submission": world.paper.id, "submission_number": 1, "outcome": "accept_talk",
                              "outcome_label": "Accept — contributed talk",
                              "released_at": mine["items"][0]["released_at"]}]


def test_a_changed_released_decision_needs_a_correction_and_authors_keep_the_released_one(client, world, outbox):
    headers = token(world.organizer, write=True)
    client.post(BASE, json={"decisions": [{"submission": world.paper.id, "outcome": "accept_talk"}]}, headers=headers)
    client.post(f"{BASE}/release", json={}, headers=headers)
    client.post(BASE, json={"decisions": [{"submission": world.paper.id, "outcome": "accept_poster"}]}, headers=headers)
    assert client.get(BASE, headers=token(world.author)).get_json()["items"][0]["outcome"] == "accept_talk"
    assert client.get(BASE, headers=headers).get_json()["items"][0]["changed_since_release"] is True
    corrected = client.post(f"{BASE}/release", json={"correction": True}, headers=headers)
    assert corrected.status_code == 200 and corrected.get_json()["kind"] == "correction"
    assert client.get(BASE, headers=token(world.author)).get_json()["items"][0]["outcome"] == "accept_poster"


def test_unreleased_decisions_are_nobody_elses(client, world):
    client.post(BASE, json={"decisions": [{"submission": world.paper.id, "outcome": "reject"}]},
                headers=token(world.organizer, write=True))
    assert client.get(BASE, headers=token(world.author)).get_json()["total"] == 0
    assert client.get(BASE, headers=token(world.reviewers[0])).get_json()["total"] == 0


def test_only_organizers_with_a_write_token_decide_or_release(client, world):
    body = {"decisions": [{"submission": world.paper.id, "outcome": "reject"}]}
    assert client.post(BASE, json=body, headers=token(world.organizer)).status_code == 403
    assert client.post(BASE, json=body, headers=token(world.reviewers[0], write=True)).status_code == 403
    assert client.post(f"{BASE}/release", json={}, headers=token(world.author, write=True)).status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 0


@pytest.mark.parametrize("url", ["/api/v1/events/conf/decisions", "/api/v1/events/conf/decisions/release"])
def test_a_body_that_is_not_json_is_a_4xx_not_a_500(client, world, url):
    answer = client.post(url, data="{not json", content_type="application/json",
                         headers=token(world.organizer, write=True))
    assert 400 <= answer.status_code < 500 and answer.is_json
