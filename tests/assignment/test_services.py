"""Assignment services: invitations, profiles, bids, runs, manual edits (with the database)."""

import pytest
import sqlalchemy as sa

from reviewhub.assignment.models import Assignment, AssignmentRun, Bid, InvitationState
from reviewhub.assignment.services import bids, invitations, profiles, runs
from reviewhub.errors import DomainError, InvalidTransition
from reviewhub.extensions import db
from reviewhub.mail.models import OutboxMessage
from reviewhub.permissions import can_review
from reviewhub.submissions.models import Conflict
from tests import factories as f
from tests.assignment.helpers import small_event


def _assignments(event):
    return set(db.session.execute(sa.select(Assignment.submission_id, Assignment.user_id)).all())


def _run(event, organizer, **params):
    run = runs.start_run(event, by=organizer, params={**runs.default_params(event), **params})
    runs.compute(run)
    return run


# --- invitations ----------------------------------------------------------------------------


def test_invite_queues_mail_with_links_and_refuses_a_second_invitation(app, outbox):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    invitation = invitations.invite(event, email="New@Example.org", name="Nia", by=organizer)
    assert invitation.email == "new@example.org" and invitation.status == InvitationState.pending
    [message] = outbox()
    assert message.kind == "assignment/invitation" and message.to_email == "new@example.org"
    assert f"/invitation/{invitation.token}?answer=accept" in message.body_text
    assert "?answer=decline" in message.body_text
    with pytest.raises(DomainError, match="invited already"):
        invitations.invite(event, email="new@example.org", by=organizer)


def test_declined_invitation_can_be_renewed_with_a_new_token(app, outbox):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    invitation = invitations.invite(event, email="a@example.org", by=organizer)
    old_token = invitation.token
    invitations.decline(invitation)
    renewed = invitations.invite(event, email="a@example.org", by=organizer)
    assert renewed.id == invitation.id and renewed.token != old_token
    assert renewed.status == "pending" and len(outbox()) == 2


def test_accept_makes_a_reviewer_and_answers_only_once(app):
    organizer, user = f.make_user(), f.make_user()
    event = f.make_event(organizer=organizer)
    invitation = invitations.invite(event, email="someone@example.org", by=organizer)
    membership = invitations.accept(invitation, user)
    assert membership.role == "reviewer" and invitation.user_id == user.id
    with pytest.raises(InvalidTransition):
        invitations.decline(invitation)


def test_remind_is_deduplicated_per_day_and_revoke_stops_it(app, outbox):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    invitation = invitations.invite(event, email="b@example.org", by=organizer)
    assert invitations.remind(invitation, by=organizer) is True
    assert invitations.remind(invitation, by=organizer) is False
    assert [m.kind for m in outbox()] == ["assignment/invitation"] * 2
    assert "Reminder" in outbox()[1].subject
    invitations.revoke(invitation, by=organizer)
    with pytest.raises(InvalidTransition):
        invitations.remind(invitation, by=organizer)


def test_list_with_bad_rows_imports_nothing_and_names_the_lines(app, outbox):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    invitations.invite(event, email="taken@example.org", by=organizer)
    text = "name,email,affiliation\nAna,ana@example.org,MIT\nBo,not-an-email,X\n\nCy,taken@example.org,Y\nDi,ana@example.org,Z\n"
    with pytest.raises(invitations.ListInvalid) as caught:
        invitations.import_list(event, text, by=organizer)
    lines = [line for line, _ in caught.value.errors]
    assert lines == [3, 5, 6]
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(invitations.ReviewerInvitation)) == 0


def test_good_list_invites_everyone_without_header(app, outbox):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    created = invitations.import_list(event, "Ana,ana@example.org,MIT\nBo,bo@example.org,\n", by=organizer)
    assert [i.email for i in created] == ["ana@example.org", "bo@example.org"]
    assert created[0].affiliation == "MIT" and len(outbox()) == 2


# --- profiles and conflicts -----------------------------------------------------------------


def test_profile_keeps_topics_of_other_events(app):
    from reviewhub.events.services import set_topics

    user = f.make_user()
    one, two = f.make_event(), f.make_event()
    set_topics(one, ["A", "B"])
    set_topics(two, ["C"])
    db.session.flush()
    profiles.save_profile(user, two, expertise="x", keywords="", past_papers="", topic_ids=[two.topics[0].id])
    profiles.save_profile(user, one, expertise="music", keywords="k", past_papers="p",
                          topic_ids=[one.topics[1].id])
    assert set(profiles.event_topic_ids(user, one)) == {one.topics[1].id}
    assert set(profiles.event_topic_ids(user, two)) == {two.topics[0].id}
    with pytest.raises(DomainError):
        profiles.save_profile(user, one, expertise="", keywords="", past_papers="",
                              topic_ids=[two.topics[0].id])


def test_pdf_text_is_extracted_and_non_pdf_refused(app, pdf_bytes):
    assert "diffusion" in profiles.extract_pdf_text(pdf_bytes)
    with pytest.raises(DomainError, match="not a PDF"):
        profiles.extract_pdf_text(b"GIF89a...")
    with pytest.raises(DomainError, match="cannot be read"):
        profiles.extract_pdf_text(b"%PDF-1.4 garbage")


def test_author_conflict_by_name_only_in_open_review(app):
    event, organizer, author, subs, revs = small_event(double_blind=False)
    assert profiles.declare_author_conflict(revs[0], event, author_name="  author   PERSON ") == 4
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Conflict)) == 4
    event.double_blind = True
    with pytest.raises(DomainError, match="hidden"):
        profiles.declare_author_conflict(revs[0], event, author_name="Author Person")


def test_assigned_reviewer_loses_access_once_conflicted(app):
    event, organizer, author, subs, revs = small_event()
    assignment = runs.add_assignment(subs[0], revs[0], by=organizer)
    assert can_review(revs[0], assignment)
    profiles.declare_conflict(revs[0], subs[0], reason="my student")
    assert not can_review(revs[0], assignment)


# --- bids -----------------------------------------------------------------------------------


def test_bids_count_and_conflict_bid_creates_and_removes_conflict(app):
    event, organizer, author, subs, revs = small_event()
    user = revs[0]
    changed = bids.save_bids(user, event, {subs[0].id: "eager", subs[1].id: "conflict", subs[2].id: "neutral"})
    assert changed == 2 and bids.count_bids(user, event) == 2
    conflict = db.session.scalar(sa.select(Conflict).where(Conflict.user_id == user.id))
    assert conflict.submission_id == subs[1].id and conflict.source == "bid"
    bids.save_bids(user, event, {subs[1].id: "willing", subs[0].id: "neutral"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Conflict)) == 0
    assert [b.value for b in db.session.scalars(sa.select(Bid))] == ["willing"]


def test_bids_refuse_unknown_levels_and_foreign_submissions(app):
    event, organizer, author, subs, revs = small_event()
    other = f.make_submission(f.make_event())
    with pytest.raises(DomainError):
        bids.save_bids(revs[0], event, {subs[0].id: "maybe"})
    with pytest.raises(DomainError):
        bids.save_bids(revs[0], event, {other.id: "eager"})
    f.make_conflict(subs[0], revs[0], source="reviewer")
    with pytest.raises(DomainError):
        bids.save_bids(revs[0], event, {subs[0].id: "eager"})
    with pytest.raises(DomainError):
        bids.save_bids(author, event, {subs[0].id: "eager"})


# --- runs -----------------------------------------------------------------------------------


def test_preview_changes_nothing_and_apply_writes_optimal_rows(app, outbox):
    event, organizer, author, subs, revs = small_event()
    run = _run(event, organizer)
    assert run.status == "preview" and run.summary["feasible"] and run.summary["optimal"]
    assert len(run.pairs) == 8 and _assignments(event) == set() and outbox() == []
    # Each reviewer's expertise matches one submission's abstract: the optimum uses those pairs.
    assert {(s.id, r.id) for s, r in zip(subs, revs, strict=True)} <= {(s, u) for s, u, _ in run.pairs}
    counts = runs.apply_run(run, by=organizer)
    assert counts["added"] == 8 and len(_assignments(event)) == 8
    mails = [m for m in outbox() if m.kind == "assignment/assigned"]
    assert len(mails) == 4 and all("#" in m.body_text for m in mails)
    with pytest.raises(InvalidTransition):
        runs.apply_run(run, by=organizer)


def _apply_statements(reviewers: int) -> tuple[int, int]:
    from tests.scale_world import captured_statements

    event, organizer, author, subs, revs = small_event(reviewers=reviewers, load=4)
    run = _run(event, organizer)
    with captured_statements() as statements:
        runs.apply_run(run, by=organizer)
    mailed = {m.to_email for m in db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "assignment/assigned", OutboxMessage.event_id == event.id))}
    return len(statements), len(mailed)


def test_applying_a_run_mails_every_reviewer_in_a_fixed_number_of_queries(app):
    few, many = _apply_statements(2), _apply_statements(8)
    assert few[1] == 2 and many[1] == 8
    assert many[0] == few[0]  # not one enqueue (template lookup, key check, reload) per reviewer


def test_conflicts_are_never_assigned_and_locked_pairs_are_kept(app):
    event, organizer, author, subs, revs = small_event()
    for rev in revs[1:]:
        f.make_conflict(subs[0], rev)
    locked = runs.add_assignment(subs[3], revs[2], by=organizer, locked=True)
    f.make_assignment(subs[2], revs[1])  # unlocked: a run may drop it
    run = _run(event, organizer, per_type={}, default_load=4)
    pairs = {(s, u) for s, u, _ in run.pairs}
    assert not any(s == subs[0].id and u != revs[0].id for s, u in pairs)
    assert (subs[3].id, revs[2].id) in pairs
    assert not run.summary["feasible"]  # #1 needs 2 reviewers but only one has no conflict
    assert run.summary["shortfall"][0]["why"].startswith("only 1 reviewers")
    runs.apply_run(run, by=organizer)
    assert db.session.get(Assignment, locked.id) is not None
    assert (subs[3].id, revs[2].id) in _assignments(event)


def test_run_reviewers_per_type_and_load_caps(app):
    event, organizer, author, subs, revs = small_event(reviewers=4, load=1)
    paper_type = subs[0].type
    run = _run(event, organizer, per_type={str(paper_type.id): 1}, default_load=1)
    assert run.summary["feasible"] and len(run.pairs) == 4
    assert sorted(run.summary["loads"].values()) == [1, 1, 1, 1]


def test_fair_mode_reports_its_cost(app):
    event, organizer, author, subs, revs = small_event(reviewers=6, load=2)
    run = _run(event, organizer, mode="fair")
    assert run.summary["mode"] == "fair" and run.summary["fair_cost"] is not None
    assert run.summary["fair_cost"] >= -1e-9


def test_apply_skips_pairs_conflicted_after_the_run(app):
    event, organizer, author, subs, revs = small_event()
    run = _run(event, organizer)
    s, u, _ = run.pairs[0]
    conflicted = db.session.get(type(revs[0]), u)
    f.make_conflict(db.session.get(type(subs[0]), s), conflicted)
    counts = runs.apply_run(run, by=organizer)
    assert counts["skipped_conflicts"] == 1 and (s, u) not in _assignments(event)


def test_manual_edits_refuse_conflicts_and_non_reviewers(app, outbox):
    event, organizer, author, subs, revs = small_event()
    f.make_conflict(subs[0], revs[0])
    with pytest.raises(DomainError, match="conflict"):
        runs.add_assignment(subs[0], revs[0], by=organizer)
    with pytest.raises(DomainError, match="not a reviewer"):
        runs.add_assignment(subs[0], author, by=organizer)
    with pytest.raises(DomainError, match="conflict"):  # an author's own work, as a reviewer
        f.add_role(event, author, "reviewer")
        runs.add_assignment(subs[0], author, by=organizer)
    assignment = runs.add_assignment(subs[0], revs[1], by=organizer, locked=False)
    assert [m.kind for m in outbox()] == ["assignment/assigned"]
    runs.set_locked(assignment, True, by=organizer)
    assert assignment.locked
    runs.remove_assignment(assignment, by=organizer)
    assert _assignments(event) == set()


def test_run_job_records_progress_and_next_url(app):
    from reviewhub import jobs

    event, organizer, author, subs, revs = small_event()
    run = runs.start_run(event, by=organizer, params=runs.default_params(event))
    db.session.commit()
    job = jobs.run(run.job_id)
    assert job.status == "finished", job.error
    assert job.result["next_url"].endswith(f"/runs/{run.id}") and job.done == job.total == 4
    assert db.session.get(AssignmentRun, run.id).status == "preview"


def test_locked_pair_conflicted_later_is_reported_not_kept(app):
    event, organizer, author, subs, revs = small_event()
    runs.add_assignment(subs[0], revs[0], by=organizer, locked=True)
    profiles.declare_conflict(revs[0], subs[0])
    run = _run(event, organizer)
    assert run.summary["kept_conflicted"] == [[subs[0].id, revs[0].id]]
    assert (subs[0].id, revs[0].id) not in {(s, u) for s, u, _ in run.pairs}
    assert run.summary["kept"] == 0


@pytest.mark.redis
def test_run_job_on_an_rq_worker_reports_progress_and_leaves_a_preview(app):
    import os
    import uuid

    from redis import Redis
    from rq import Queue, SimpleWorker

    from reviewhub import jobs

    url = os.environ.get("REVIEWHUB_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    queue_name = f"reviewhub-test-{uuid.uuid4().hex[:8]}"
    app.config.update(REDIS_URL=url, RQ_QUEUE=queue_name)
    event, organizer, author, subs, revs = small_event()
    run = runs.start_run(event, by=organizer, params=runs.default_params(event))
    db.session.commit()
    run_id, job_id = run.id, run.job_id
    jobs.start(db.session.get(jobs.Job, job_id))
    db.session.expire_all()
    assert db.session.get(jobs.Job, job_id).status == "queued"  # nothing ran in this process
    connection = Redis.from_url(url)
    try:
        os.environ["DATABASE_URL"] = app.config["SQLALCHEMY_DATABASE_URI"]
        SimpleWorker([Queue(queue_name, connection=connection)], connection=connection).work(burst=True)
    finally:
        os.environ.pop("DATABASE_URL", None)
        connection.delete(f"rq:queue:{queue_name}")
    db.session.expire_all()
    job = db.session.get(jobs.Job, job_id)
    assert job.status == "finished", job.error
    assert (job.done, job.total, job.message) == (4, 4, "Done")
    run = db.session.get(AssignmentRun, run_id)
    assert run.status == "preview" and run.summary["optimal"]
    assert not runs.follow_job(run)  # a finished job leaves the preview alone
