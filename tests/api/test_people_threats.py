"""Threats to the people API: author identities reaching reviewers through any payload, ids
walked into other events or conflicted submissions, conflicted organizers, and tokens escaping
their scope (pretalx's 2026 bug: an event-scoped token reaching cross-event endpoints)."""

import json

import pytest
import sqlalchemy as sa

from reviewhub.extensions import db
from tests import factories as f
from tests.access.rules_api_people import ENDPOINTS, _release
from tests.api.people_support import SECRETS, token

REVIEWER_SIDE = ("reviewer_assigned", "reviewer_unassigned", "reviewer_conflicted", "sub_reviewer",
                 "area_chair", "area_chair_conflicted", "senior_area_chair", "stranger")
GETS = [path for _, method, path, _ in ENDPOINTS if method == "GET"] + ["/api/v1/events", "/api/v1/events/{slug}"]


def _rich(world):
    """Bids, conflicts whose recorded reasons name the authors, a released public schedule."""
    from reviewhub.assignment.models import Bid

    for role in ("reviewer_assigned", "reviewer_unassigned", "area_chair"):
        db.session.add(Bid(submission_id=world.other_submission.id, user_id=world.users[role].id, value="eager"))
    f.make_conflict(world.other_submission, world.users["reviewer_unassigned"], source="affiliation",
                    reason="same affiliation Covert Institute")
    f.make_conflict(world.other_submission, world.users["reviewer_assigned"], source="author",
                    reason="Ines Moonvale (ines@covert.example.org) is my former student")
    f.make_conflict(world.other_submission, world.users["area_chair"], source="email_domain",
                    reason="covert.example.org")
    db.session.commit()
    _release(world)


def _text(response) -> str:
    return json.dumps(response.get_json()) if response.is_json else response.get_data(as_text=True)


@pytest.mark.parametrize("role", REVIEWER_SIDE)
def test_no_author_identity_in_any_payload_to_the_reviewer_side(db, client, world, role):
    _rich(world)
    values, read = world.values(), 0
    for headers in (token(world.users[role]), token(world.users[role], event=world.event)):
        for path in GETS:
            for query in ("", "?limit=200", f"?submission={world.other_submission.id}"):
                answer = client.get(path.format(**values, run_id=0) + query, headers=headers)
                text = _text(answer).lower()
                leaked = [secret for secret in SECRETS if secret.lower() in text]
                assert not leaked, f"{role} read {leaked} at {path}{query}"
                read += answer.status_code == 200
    assert read >= 6  # events, event, schedule at least: the test reads real payloads


def test_the_secrets_are_in_the_data_organizers_read(db, client, world):
    """The control of the test above: an unconflicted organizer does read the recorded reasons."""
    _rich(world)
    text = _text(client.get(f"/api/v1/events/{world.slug}/conflicts?limit=200", headers=token(world.users["organizer"])))
    assert "Ines Moonvale" in text and "Covert Institute" in text


def test_reviewer_reads_neutral_reasons_of_their_conflicts(db, client, world):
    _rich(world)
    items = client.get(f"/api/v1/events/{world.slug}/conflicts", headers=token(world.users["reviewer_assigned"])
                       ).get_json()["items"]
    assert {c["reason"] for c in items} == {"declared by the authors"}


def _total(client, url, headers):
    answer = client.get(url, headers=headers)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()["total"]


@pytest.mark.parametrize("resource", ["bids", "conflicts", "assignments", "mail"])
def test_conflicted_organizer_filtering_by_their_submission_gets_what_a_missing_id_gets(db, client, world, resource):
    from reviewhub.assignment.models import Bid
    from reviewhub.mail.models import OutboxMessage

    _rich(world)
    db.session.add(Bid(submission_id=world.submission.id, user_id=world.users["reviewer_unassigned"].id, value="eager"))
    db.session.add(OutboxMessage(event_id=world.event.id, submission_id=world.submission.id, kind="decisions/accept",
                                 to_email="a@example.org", subject="s", body_text="b", dedupe_key="k",
                                 message_id="<m@x>"))
    db.session.commit()
    url = f"/api/v1/events/{world.slug}/{resource}"
    conflicted, organizer = token(world.users["organizer_conflicted"]), token(world.users["organizer"])
    assert _total(client, url + f"?submission={world.submission.id}", organizer) >= 1
    assert _total(client, url + f"?submission={world.submission.id}", conflicted) == 0
    assert _total(client, url + "?submission=999999", conflicted) == 0
    everything = client.get(url + "?limit=200", headers=conflicted).get_json()["items"]
    ids = {item.get("submission_id") or (item.get("submission") or {}).get("id") for item in everything}
    assert world.submission.id not in ids


def test_runs_of_another_event_answer_like_missing_ones(db, client, world):
    from reviewhub.assignment.models import AssignmentRun

    other = AssignmentRun(event_id=world.other_event.id, status="preview", pairs=[], summary={})
    db.session.add(other)
    db.session.commit()
    headers = token(world.users["organizer"])
    base = f"/api/v1/events/{world.slug}/assignment-runs"
    assert client.get(f"{base}/{other.id}", headers=headers).status_code == 404
    assert client.get(f"{base}/{other.id + 1000}", headers=headers).status_code == 404
    assert client.post(f"{base}/{other.id}/apply", headers=headers).status_code == 404
    db.session.expire_all()
    assert db.session.get(AssignmentRun, other.id).status == "preview"


def test_writes_naming_another_events_submission_answer_like_a_missing_id(db, client, world):
    stranger_sub = f.make_submission(world.other_event, author=world.users["other_author"])
    db.session.commit()
    reviewer = token(world.users["reviewer_unassigned"])
    url = f"/api/v1/events/{world.slug}"

    def answer(path, body):
        response = client.post(url + path, headers=reviewer, json=body)
        assert response.status_code == 422
        return response.get_json()["errors"]

    assert answer("/conflicts", {"submission": stranger_sub.id}) == answer("/conflicts", {"submission": 999999})
    assert answer("/bids", {"bids": [{"submission": stranger_sub.id, "value": "eager"}]}) == \
        answer("/bids", {"bids": [{"submission": 999999, "value": "eager"}]})
    organizer = token(world.users["organizer"])
    pair = {"reviewer": world.users["reviewer_unassigned"].id}
    foreign = client.post(url + "/assignment-runs", headers=organizer,
                          json={"pairs": [{**pair, "submission": stranger_sub.id}]}).get_json()["errors"]
    missing = client.post(url + "/assignment-runs", headers=organizer,
                          json={"pairs": [{**pair, "submission": 999999}]}).get_json()["errors"]
    assert foreign == missing


def test_event_scoped_token_reaches_no_other_event_even_where_its_owner_could(db, client, world):
    organizer = world.users["organizer"]
    f.add_role(world.other_event, organizer, "organizer")
    db.session.commit()
    scoped, everywhere = token(organizer, event=world.event), token(organizer)
    listed = client.get("/api/v1/events", headers=scoped).get_json()
    assert [e["slug"] for e in listed["items"]] == [world.slug] and listed["total"] == 1
    assert client.get("/api/v1/events", headers=everywhere).get_json()["total"] == 2
    values = {**world.values(), "slug": world.other_event.slug, "run_id": 1}
    for path in GETS:
        if "{slug}" not in path or "assignment-runs" in path or "schedule" in path:
            continue
        target = path.format(**values)
        assert client.get(target, headers=scoped).status_code == 404, target
        assert client.get(target, headers=everywhere).status_code == 200, target
    for path, body in [("/invitations", {"email": "x@example.org"}), ("/assignment-runs", {"pairs": []})]:
        assert client.post(f"/api/v1/events/{world.other_event.slug}{path}", headers=scoped, json=body).status_code == 404


def test_all_events_token_reads_only_public_fields_of_an_event_without_a_role(db, client, world):
    stranger = token(world.users["stranger"])
    assert client.get("/api/v1/events", headers=stranger).get_json()["total"] == 0
    answer = client.get(f"/api/v1/events/{world.slug}", headers=stranger)
    assert answer.status_code == 200
    assert set(answer.get_json()) <= {"slug", "name", "short_name", "venue", "timezone", "double_blind",
                                      "submission_deadline_at", "event_date"}
    for path in GETS:
        if "{slug}/" in path and "schedule" not in path:
            target = path.format(**world.values(), run_id=1)
            assert client.get(target, headers=stranger).status_code in (403, 404), target


def test_read_only_token_writes_nothing(db, client, world):
    from tests.access.state import fingerprint

    before = fingerprint()
    bodies = {"/invitations": {"email": "x@example.org"}, "/assignment-runs": {"pairs": []},
              "/bids": {"bids": [{"submission": world.other_submission.id, "value": "eager"}]},
              "/conflicts": {"submission": world.other_submission.id}}
    for role in ("organizer", "reviewer_unassigned"):
        headers = token(world.users[role], write=False)
        before = fingerprint()
        for path, body in bodies.items():
            answer = client.post(f"/api/v1/events/{world.slug}{path}", headers=headers, json=body)
            assert answer.status_code == 403 and "read-only" in answer.get_json()["message"]
        after = fingerprint()
        assert [t for t in before if before[t] != after[t] and t not in ("api_tokens", "login_attempts")] == []


def test_session_cookie_alone_opens_none_of_the_people_routes(db, login_as, world):
    client = login_as(world.users["organizer"])
    for _, method, path, _ in ENDPOINTS:
        answer = client.open(path.format(**world.values(), run_id=1), method=method, json={})
        assert answer.status_code == 401
    assert db.session.scalar(sa.select(sa.func.count()).select_from(sa.table("reviewer_invitations"))) == 0
