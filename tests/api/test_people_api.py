"""The people resources of /api/v1: what each role reads and writes, through the pages' services
(audit rows, outbox mail), with filters, pagination, ETags and bad input answered by field."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from reviewhub.assignment.models import Assignment, AssignmentRun, Bid, ReviewerInvitation
from reviewhub.audit import AuditLog
from reviewhub.mail.models import OutboxMessage
from reviewhub.submissions.models import Conflict
from tests.api.people_support import token


def _count(db, model, *where):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def _errors(response):
    assert response.status_code == 422, response.get_data(as_text=True)
    return response.get_json()["errors"]["json"]


def test_reviewers_with_load_filter_and_counts_without_the_viewers_conflicts(db, client, world):
    base = f"/api/v1/events/{world.slug}/reviewers"
    listed = client.get(base, headers=token(world.users["organizer"])).get_json()
    assert listed["total"] == 3 and [r["name"] for r in listed["items"]] == [
        "Reviewer Assigned", "Reviewer Conflicted", "Reviewer Unassigned"]
    first = listed["items"][0]
    assert first["assigned"] == 1 and first["load_cap"] == world.event.default_reviewer_load
    assert client.get(base + "?q=unassig", headers=token(world.users["organizer"])).get_json()["total"] == 1
    # organizer_conflicted is conflicted with the submission reviewer_assigned reviews.
    blind = client.get(base, headers=token(world.users["organizer_conflicted"])).get_json()
    assert blind["items"][0]["assigned"] == 0
    paged = client.get(base + "?limit=2&page=2", headers=token(world.users["organizer"])).get_json()
    assert paged["total"] == 3 and len(paged["items"]) == 1


def test_invitation_goes_through_the_service_audit_and_outbox(db, client, world):
    headers = token(world.users["organizer"])
    made = client.post(f"/api/v1/events/{world.slug}/invitations", headers=headers,
                       json={"email": "New.Person@Example.org", "name": "New Person"})
    assert made.status_code == 201 and made.get_json()["status"] == "pending"
    assert made.get_json()["email"] == "new.person@example.org"
    row = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.kind == "assignment/invitation"))
    assert row.to_email == "new.person@example.org"
    assert _count(db, AuditLog, AuditLog.action == "reviewer.invited") == 1
    listed = client.get(f"/api/v1/events/{world.slug}/invitations?status=pending", headers=headers).get_json()
    assert [i["email"] for i in listed["items"]] == ["new.person@example.org"]
    assert client.get(f"/api/v1/events/{world.slug}/invitations?status=declined",
                      headers=headers).get_json()["total"] == 0


@pytest.mark.parametrize("body, field, message", [
    ({}, "email", "Missing data"),
    ({"email": "not an address"}, "email", "Not a valid email"),
    ({"email": "x@example.org", "name": "n" * 201}, "name", "Longer than maximum"),
    ({"email": "x@example.org", "name": 5}, "name", "Not a valid string"),
])
def test_invitation_bad_input_by_field(db, client, world, body, field, message):
    answer = client.post(f"/api/v1/events/{world.slug}/invitations", headers=token(world.users["organizer"]),
                         json=body)
    assert message in " ".join(_errors(answer)[field])
    assert _count(db, ReviewerInvitation) == 0


def test_invitation_of_someone_invited_or_reviewing_already_is_refused_by_field(db, client, world):
    headers = token(world.users["organizer"])
    url = f"/api/v1/events/{world.slug}/invitations"
    assert client.post(url, headers=headers, json={"email": "x@example.org"}).status_code == 201
    assert "invited already" in _errors(client.post(url, headers=headers, json={"email": "x@example.org"}))["email"][0]
    again = client.post(url, headers=headers, json={"email": world.users["reviewer_assigned"].email})
    assert "reviewer already" in _errors(again)["email"][0]
    garbage = client.post(url, headers={**headers, "Content-Type": "application/json"}, data="{not json")
    assert garbage.status_code in (400, 422)


def test_reviewer_sets_and_reads_own_bids_organizers_read_all_but_their_conflicts(db, client, world):
    reviewer = world.users["reviewer_unassigned"]
    url = f"/api/v1/events/{world.slug}/bids"
    saved = client.post(url, headers=token(reviewer), json={"bids": [
        {"submission": world.submission.id, "value": "eager"},
        {"submission": world.other_submission.id, "value": "conflict"}]})
    assert saved.status_code == 200 and saved.get_json() == {"changed": 2}
    assert _count(db, Conflict, Conflict.user_id == reviewer.id, Conflict.source == "bid") == 1
    assert _count(db, AuditLog, AuditLog.action == "bids.saved") == 1
    own = client.get(url, headers=token(reviewer)).get_json()
    assert {(b["submission"]["id"], b["value"]) for b in own["items"]} == {
        (world.submission.id, "eager"), (world.other_submission.id, "conflict")}
    assert client.get(url, headers=token(world.users["reviewer_assigned"])).get_json()["total"] == 0
    assert client.get(url + "?value=eager", headers=token(world.users["organizer"])).get_json()["total"] == 1
    blind = client.get(url, headers=token(world.users["organizer_conflicted"])).get_json()
    assert [b["submission"]["id"] for b in blind["items"]] == [world.other_submission.id]


@pytest.mark.parametrize("body, where", [
    ({}, ["bids"]),
    ({"bids": []}, ["bids"]),
    ({"bids": "eager"}, ["bids"]),
    ({"bids": [{"submission": 1}]}, ["bids", "0", "value"]),
    ({"bids": [{"submission": "one", "value": "eager"}]}, ["bids", "0", "submission"]),
    ({"bids": [{"submission": 1, "value": "keen"}]}, ["bids", "0", "value"]),
])
def test_bids_bad_input_by_field(db, client, world, body, where):
    answer = client.post(f"/api/v1/events/{world.slug}/bids", headers=token(world.users["reviewer_unassigned"]),
                         json=body)
    errors = _errors(answer)
    for key in where:  # marshmallow's nested errors: {"bids": {"0": {"value": [...]}}}
        errors = errors[key]
    assert errors
    assert _count(db, Bid) == 0


def test_bid_on_a_conflicted_or_foreign_submission_is_refused_by_item(db, client, world):
    reviewer = world.users["reviewer_conflicted"]  # a standing conflict with world.submission
    answer = client.post(f"/api/v1/events/{world.slug}/bids", headers=token(reviewer), json={"bids": [
        {"submission": world.other_submission.id, "value": "willing"},
        {"submission": world.submission.id, "value": "eager"},
        {"submission": 10**9, "value": "eager"}]})
    errors = _errors(answer)["bids"]
    assert set(errors) == {"1", "2"} and errors["1"] == errors["2"]
    assert _count(db, Bid) == 0


def test_reviewer_declares_and_reads_own_conflicts_with_neutral_reasons(db, client, world):
    from tests import factories as f

    reviewer = world.users["reviewer_unassigned"]
    f.make_conflict(world.other_submission, reviewer, source="author", reason="my PhD advisor at Covert Institute")
    db.session.commit()
    url = f"/api/v1/events/{world.slug}/conflicts"
    made = client.post(url, headers=token(reviewer), json={"submission": world.submission.id, "reason": "a friend"})
    assert made.status_code == 201 and made.get_json() == {"declared": 1}
    assert _count(db, AuditLog, AuditLog.action == "conflict.declared") == 1
    own = {c["submission"]["id"]: c["reason"] for c in client.get(url, headers=token(reviewer)).get_json()["items"]}
    assert own == {world.submission.id: "a friend", world.other_submission.id: "declared by the authors"}
    seen = client.get(url + f"?user={reviewer.id}", headers=token(world.users["organizer"])).get_json()
    assert "my PhD advisor at Covert Institute" in {c["reason"] for c in seen["items"]}
    # The conflicted organizer sees nothing of their own conflicted submission's conflicts.
    blind = client.get(url, headers=token(world.users["organizer_conflicted"])).get_json()
    assert world.submission.id not in {c["submission"]["id"] for c in blind["items"]}


@pytest.mark.parametrize("body, field", [
    ({}, "submission"),
    ({"submission": 10**9}, "submission"),
    ({"submission": "x"}, "submission"),
    ({"submission": 1, "author_name": "Someone"}, "submission"),
    ({"author_name": "Zelda Quillfeather"}, "author_name"),  # double-blind: no conflicts by author
    ({"author_name": ""}, "author_name"),
    ({"submission": 1, "reason": "r" * 501}, "reason"),
])
def test_conflict_bad_input_by_field(db, client, world, body, field):
    before = _count(db, Conflict)
    answer = client.post(f"/api/v1/events/{world.slug}/conflicts", headers=token(world.users["reviewer_unassigned"]),
                         json=body)
    assert _errors(answer)[field]
    assert _count(db, Conflict) == before


def test_assignments_organizers_all_but_conflicted_reviewers_their_own(db, client, world):
    url = f"/api/v1/events/{world.slug}/assignments"
    everything = client.get(url, headers=token(world.users["organizer"])).get_json()
    assert everything["total"] == 2
    assert client.get(url + f"?reviewer={world.users['reviewer_assigned'].id}",
                      headers=token(world.users["organizer"])).get_json()["total"] == 1
    assert client.get(url, headers=token(world.users["organizer_conflicted"])).get_json()["total"] == 0
    own = client.get(url, headers=token(world.users["reviewer_assigned"])).get_json()
    assert [a["id"] for a in own["items"]] == [world.assignment.id]
    # reviewer_conflicted is assigned but conflicted: the assignment is not theirs to see.
    assert client.get(url, headers=token(world.users["reviewer_conflicted"])).get_json()["total"] == 0


def test_proposed_run_is_previewed_on_the_run_page_and_applied_through_the_service(db, client, login_as, world):
    headers = token(world.users["organizer"])
    unassigned = world.users["reviewer_unassigned"]
    pairs = [{"submission": world.submission.id, "reviewer": world.users["reviewer_assigned"].id},
             {"submission": world.other_submission.id, "reviewer": unassigned.id}]
    made = client.post(f"/api/v1/events/{world.slug}/assignment-runs", headers=headers, json={"pairs": pairs})
    assert made.status_code == 201, made.get_data(as_text=True)
    run = made.get_json()
    assert run["status"] == "preview" and run["mode"] == "manual"
    assert run["to_add"] == [pairs[1]]
    assert {"submission": world.submission.id, "reviewer": world.users["reviewer_conflicted"].id} in run["to_remove"]
    page = login_as(world.users["organizer"]).get(f"/{world.slug}/assignment/runs/{run['id']}")
    assert page.status_code == 200 and "Reviewer Unassigned" in page.get_data(as_text=True)
    read = client.get(f"/api/v1/events/{world.slug}/assignment-runs/{run['id']}", headers=headers)
    assert read.status_code == 200 and read.get_json()["pairs"] == sorted(pairs, key=lambda p: p["submission"])
    assert client.get(f"/api/v1/events/{world.slug}/assignment-runs/{run['id']}",
                      headers={**headers, "If-None-Match": read.headers["ETag"]}).status_code == 304
    applied = client.post(f"/api/v1/events/{world.slug}/assignment-runs/{run['id']}/apply", headers=headers)
    assert applied.status_code == 200 and applied.get_json()["added"] == 1
    assert _count(db, Assignment, Assignment.user_id == unassigned.id) == 1
    assert db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.kind == "assignment/assigned")
                             ).to_email == unassigned.email
    assert _count(db, AuditLog, AuditLog.action.in_(("assignment.run_proposed", "assignment.run_applied"))) == 2
    twice = client.post(f"/api/v1/events/{world.slug}/assignment-runs/{run['id']}/apply", headers=headers)
    assert twice.status_code == 409 and "only a preview" in twice.get_json()["message"]


def test_proposal_with_conflicts_and_bad_pairs_is_refused_by_pair(db, client, world):
    conflicted = world.users["reviewer_conflicted"]
    answer = client.post(f"/api/v1/events/{world.slug}/assignment-runs", headers=token(world.users["organizer"]),
                         json={"pairs": [
                             {"submission": world.other_submission.id, "reviewer": conflicted.id},
                             {"submission": world.submission.id, "reviewer": conflicted.id},
                             {"submission": world.submission.id, "reviewer": world.users["stranger"].id},
                             {"submission": 10**9, "reviewer": conflicted.id},
                             {"submission": world.other_submission.id, "reviewer": conflicted.id}]})
    errors = _errors(answer)["pairs"]
    assert set(errors) == {"1", "2", "3", "4"}
    assert "conflict of interest" in errors["1"]["reviewer"][0]
    assert "Not a reviewer" in errors["2"]["reviewer"][0]
    assert "No submitted work" in errors["3"]["submission"][0]
    assert "twice" in errors["4"]["submission"][0]
    assert _count(db, AssignmentRun) == 0


@pytest.mark.parametrize("body", [{}, {"pairs": "all"}, {"pairs": [{"submission": 1}]},
                                  {"pairs": [{"submission": 1.5, "reviewer": 2}]}, [1, 2]])
def test_proposal_bad_shape_is_422(db, client, world, body):
    answer = client.post(f"/api/v1/events/{world.slug}/assignment-runs", headers=token(world.users["organizer"]),
                         json=body)
    assert answer.status_code == 422 and answer.get_json()["errors"]
    assert _count(db, AssignmentRun) == 0


def test_conflicted_organizers_proposal_cannot_name_or_drop_their_submission(db, client, world):
    headers = token(world.users["organizer_conflicted"])
    url = f"/api/v1/events/{world.slug}/assignment-runs"
    named = client.post(url, headers=headers, json={"pairs": [
        {"submission": world.submission.id, "reviewer": world.users["reviewer_unassigned"].id}]})
    missing = client.post(url, headers=headers, json={"pairs": [
        {"submission": 10**9, "reviewer": world.users["reviewer_unassigned"].id}]})
    assert _errors(named) == _errors(missing)  # their submission answers like a missing one
    made = client.post(url, headers=headers, json={"pairs": [
        {"submission": world.other_submission.id, "reviewer": world.users["reviewer_unassigned"].id}]}).get_json()
    assert made["pairs"] == made["to_add"] and made["to_remove"] == [] and made["hidden_changes"] == 0
    before = {(a.submission_id, a.user_id) for a in db.session.scalars(
        sa.select(Assignment).where(Assignment.submission_id == world.submission.id))}
    assert client.post(f"{url}/{made['id']}/apply", headers=headers).status_code == 200
    db.session.expire_all()
    after = {(a.submission_id, a.user_id) for a in db.session.scalars(
        sa.select(Assignment).where(Assignment.submission_id == world.submission.id))}
    assert after == before and len(before) == 2


def _released(db, world, *, public=True):
    from reviewhub.program import services as program

    world.event.event_date = date.today() + timedelta(days=30)
    day = datetime.combine(world.event.event_date, datetime.min.time(), tzinfo=UTC)
    program.save_slot(world.event, None, by=world.users["organizer"], kind="intro", start_at=day + timedelta(hours=9),
                      end_at=day + timedelta(hours=10), title="Opening remarks")
    program.release_schedule(world.event, by=world.users["organizer"], comment="First cut")
    world.event.program_public = public
    db.session.commit()


def test_schedule_is_the_released_one_while_public(db, client, world):
    url = f"/api/v1/events/{world.slug}/schedule"
    stranger = token(world.users["stranger"])
    assert client.get(url, headers=stranger).status_code == 404  # nothing released
    _released(db, world, public=False)
    assert client.get(url, headers=stranger).status_code == 404  # released, not public
    assert client.get(url, headers=token(world.users["organizer"])).status_code == 200
    world.event.program_public = True
    db.session.commit()
    answer = client.get(url, headers=stranger)
    body = answer.get_json()
    assert body["version"] == 1 and [s["title"] for s in body["slots"]] == ["Opening remarks"]
    assert client.get(url, headers={**stranger, "If-None-Match": answer.headers["ETag"]}).status_code == 304


def test_mail_log_for_organizers_without_their_conflicted_submissions(db, client, world):
    from reviewhub.mail.models import OutboxMessage as Row

    for n, sid in enumerate((world.submission.id, world.other_submission.id, None)):
        db.session.add(Row(event_id=world.event.id, submission_id=sid, kind="decisions/accept" if sid else "x/y",
                           to_email=f"m{n}@example.org", subject="s", body_text="b", dedupe_key=f"k{n}",
                           message_id=f"<m{n}@x>", status="sent" if n else "failed"))
    db.session.commit()
    url = f"/api/v1/events/{world.slug}/mail"
    assert client.get(url, headers=token(world.users["organizer"])).get_json()["total"] == 3
    blind = client.get(url, headers=token(world.users["organizer_conflicted"])).get_json()
    assert world.submission.id not in {m["submission_id"] for m in blind["items"]} and blind["total"] == 2
    assert client.get(url + "?status=failed", headers=token(world.users["organizer"])).get_json()["total"] == 1
    assert client.get(url + "?kind=x/y", headers=token(world.users["organizer"])).get_json()["total"] == 1
    bad = client.get(url + "?status=lost&limit=x", headers=token(world.users["organizer"]))
    assert bad.status_code == 422 and set(bad.get_json()["errors"]["query"]) == {"status", "limit"}


@pytest.mark.parametrize("path", ["/invitations", "/bids", "/conflicts", "/assignment-runs"])
@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", "null", '"text"', '{"unknown": 1}'])
def test_every_write_answers_garbage_with_a_4xx_in_json(db, client, world, path, raw):
    from tests.access.state import fingerprint

    role = "organizer" if path in ("/invitations", "/assignment-runs") else "reviewer_unassigned"
    headers = {**token(world.users[role]), "Content-Type": "application/json"}
    before = fingerprint()
    answer = client.post(f"/api/v1/events/{world.slug}{path}", headers=headers, data=raw)
    assert answer.status_code in (400, 422) and answer.is_json and answer.get_json()["message"]
    after = fingerprint()
    assert [t for t in before if before[t] != after[t] and t not in ("api_tokens", "login_attempts")] == []


def test_apply_of_a_missing_run_is_404_in_json(db, client, world):
    answer = client.post(f"/api/v1/events/{world.slug}/assignment-runs/999999/apply",
                         headers=token(world.users["organizer"]))
    assert answer.status_code == 404 and answer.get_json()["code"] == 404
