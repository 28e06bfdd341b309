"""The integrity check on the database: what is compared, what is stored, what a re-run keeps."""

from datetime import date

import pytest
import sqlalchemy as sa

from reviewhub import jobs
from reviewhub.audit import AuditLog
from reviewhub.errors import DomainError
from reviewhub.integrity import services
from reviewhub.integrity.models import SimilarityFlag
from tests import factories as f
from tests.integrity.helpers import add_file, decide, encoded, essay, picture, reworded


def flags(db, event):
    db.session.expire_all()
    return {(x.submission_a_id, x.submission_b_id, x.kind): x for x in db.session.scalars(
        sa.select(SimilarityFlag).where(SimilarityFlag.event_id == event.id))}


@pytest.fixture
def event():
    return f.make_event(event_date=date(2024, 12, 14))


def paper(event, text, **kw):
    submission = f.make_submission(event, author=kw.pop("author", None) or f.make_user(), **kw)
    add_file(submission, text=text)
    return submission


def test_planted_copies_are_found_and_stored_with_passages(db, event):
    original = essay(1)
    a = paper(event, original, title="Diffusion for poetry")
    b = paper(event, original, title="A different title")  # exact copy of the body
    c = paper(event, reworded(essay(2), 0.2, seed=3))
    d = paper(event, essay(2))  # c is d with a fifth of its words changed
    unrelated = [paper(event, essay(10 + i)) for i in range(4)]
    summary = services.run_integrity_check(event)
    stored = flags(db, event)
    assert set(stored) == {(a.id, b.id, "text"), (c.id, d.id, "text")}
    exact = stored[(a.id, b.id, "text")]
    assert exact.details["containment"] > 0.95 and exact.status == "new"
    assert exact.details["passages"] and exact.details["shared_authors"] == []
    assert exact.details["archived"] is False
    assert 0.25 <= stored[(c.id, d.id, "text")].details["containment"] < 0.6
    assert summary["submissions"] == 4 + len(unrelated) and summary["text_flags"] == 2
    assert not any(u.id in key[:2] for key in stored for u in unrelated)


def test_passage_spans_point_at_the_copied_words(db, event):
    shared = essay(5, 80)
    a = paper(event, essay(6, 100) + "\n\n" + shared)
    b = paper(event, shared + "\n\n" + essay(7, 100))
    services.run_integrity_check(event)
    flag = flags(db, event)[(a.id, b.id, "text")]
    (a0, a1, b0, b1), = flag.details["passages"]
    from reviewhub.integrity.queries import pair_texts

    text_a, text_b = pair_texts(flag)
    assert text_a[a0:a1] == text_b[b0:b1] and shared[:-1] in text_a[a0:a1] + "."


def test_drafts_and_short_texts_are_not_compared(db, event):
    text = essay(1)
    paper(event, text)
    paper(event, text, status="draft")
    f.make_submission(event, title="Untitled", abstract_md="")
    f.make_submission(event, title="Untitled", abstract_md="")
    services.run_integrity_check(event)
    assert flags(db, event) == {}


def test_accepted_works_of_earlier_events_are_the_archive(db, event):
    text, rejected_text = essay(1), essay(2)
    earlier = f.make_event(event_date=date(2023, 12, 15))
    later = f.make_event(event_date=date(2025, 12, 1))
    old = paper(earlier, text)
    decide(old, accept=True)
    twin = paper(earlier, text)  # two accepted copies in the archive are not this event's business
    decide(twin, accept=True)
    old_rejected = paper(earlier, rejected_text)
    decide(old_rejected, accept=False)
    future = paper(later, essay(3))
    decide(future, accept=True)
    new = paper(event, text)
    paper(event, rejected_text)
    paper(event, essay(3))
    summary = services.run_integrity_check(event)
    assert set(flags(db, event)) == {(new.id, old.id, "text"), (new.id, twin.id, "text")}
    assert all(x.details["archived"] for x in flags(db, event).values())
    assert summary["archive"] == 2


def test_shared_authors_by_account_or_email(db, event):
    author = f.make_user(email="Ada@Example.org", name="Ada")
    text = essay(1)
    a = paper(event, text, author=author)
    b = paper(event, text, author=f.make_user(email="ada@example.org.invalid"))
    c = f.make_submission(event, author=f.make_user(), title="x")
    add_file(c, text=text)
    from reviewhub.submissions.models import Authorship

    db.session.add(Authorship(submission_id=b.id, position=5, name="Ada L.", email="ada@example.ORG"))
    db.session.flush()
    services.run_integrity_check(event)
    stored = flags(db, event)
    assert stored[(a.id, b.id, "text")].details["shared_authors"] == ["Ada"]
    assert stored[(a.id, c.id, "text")].details["shared_authors"] == []


def test_near_identical_images_are_flagged(db, event):
    a = f.make_submission(event, type_key="creative", author=f.make_user())
    b = f.make_submission(event, type_key="creative", author=f.make_user())
    c = f.make_submission(event, type_key="creative", author=f.make_user())
    add_file(a, kind="image", data=encoded(picture(1)))
    add_file(a, kind="image", data=encoded(picture(1).resize((120, 120))))  # same work twice: not a flag
    add_file(b, kind="image", data=encoded(picture(1).resize((150, 150)), "JPEG", quality=70))
    add_file(c, kind="image", data=encoded(picture(2)))
    add_file(c, kind="image", data=b"not an image at all")
    summary = services.run_integrity_check(event)
    stored = flags(db, event)
    assert set(stored) == {(a.id, b.id, "image")}
    flag = stored[(a.id, b.id, "image")]
    assert flag.details["dhash_distance"] <= 10 and len(flag.details["files"]) == 2
    assert summary["unreadable_images"] == 1 and summary["images"] == 5


def test_rerun_keeps_marks_and_notes_and_drops_unreviewed_stale_flags(db, event):
    organizer = f.make_user()
    text, other = essay(1), essay(2)
    a, b = paper(event, text), paper(event, text)
    c, d = paper(event, other), paper(event, other)
    e, g = paper(event, essay(3)), paper(event, essay(3))
    services.run_integrity_check(event)
    first = flags(db, event)
    services.mark_flag(first[(a.id, b.id, "text")], status="fine", note="Same authors' thesis", by=organizer)
    services.mark_flag(first[(e.id, g.id, "text")], status="investigate", note="Ask them", by=organizer)
    # c and e change their texts: the c-d flag (unreviewed) goes, the e-g mark stays
    for s, seed in ((c, 4), (e, 5)):
        s.files[0].extracted_text = essay(seed)
    db.session.flush()
    services.run_integrity_check(event)
    second = flags(db, event)
    kept = second[(a.id, b.id, "text")]
    assert kept.id == first[(a.id, b.id, "text")].id
    assert (kept.status, kept.note, kept.reviewed_by_id) == ("fine", "Same authors' thesis", organizer.id)
    assert kept.details["current"] is True
    assert (c.id, d.id, "text") not in second
    stale = second[(e.id, g.id, "text")]
    assert stale.status == "investigate" and stale.details["current"] is False


def test_marking_is_validated_and_audited(db, event):
    organizer = f.make_user()
    text = essay(1)
    paper(event, text), paper(event, text)
    services.run_integrity_check(event)
    (flag,) = flags(db, event).values()
    with pytest.raises(DomainError):
        services.mark_flag(flag, status="guilty", note="", by=organizer)
    with pytest.raises(DomainError):
        services.mark_flag(flag, status="fine", note="x" * (services.NOTE_MAX + 1), by=organizer)
    services.mark_flag(flag, status="investigate", note="  Look at section 3  ", by=organizer)
    assert flag.note == "Look at section 3"
    actions = [(r.action, r.details.get("status")) for r in db.session.scalars(
        sa.select(AuditLog).where(AuditLog.event_id == event.id).order_by(AuditLog.id))]
    assert actions == [("integrity.checked", None), ("integrity.flag_marked", "investigate")]


def test_authors_of_flagged_submissions_get_no_email(db, event, outbox):
    text = essay(1)
    paper(event, text), paper(event, text)
    services.run_integrity_check(event)
    (flag,) = flags(db, event).values()
    services.mark_flag(flag, status="investigate", note="", by=f.make_user())
    assert outbox() == []


def test_check_runs_as_a_job_with_progress(db, event):
    organizer = f.make_user()
    text = essay(1)
    paper(event, text), paper(event, text)
    job, created = services.start_check(event, by=organizer)
    assert created
    again, created_again = services.start_check(event, by=organizer)
    assert again.id == job.id and not created_again  # a queued check is not started twice
    db.session.commit()
    jobs.start(job)
    db.session.expire_all()
    job = db.session.get(jobs.Job, job.id)
    assert job.status == "finished", job.error
    assert job.total > 0 and job.done == job.total
    assert job.result["flags"] == 1 and job.result["next_url"] == f"/{event.slug}/integrity/"
    assert len(flags(db, event)) == 1


@pytest.mark.redis
def test_check_runs_on_an_rq_worker(db, event):
    import os
    import uuid

    from flask import current_app
    from redis import Redis
    from rq import Queue, SimpleWorker

    text = essay(1)
    paper(event, text), paper(event, text)
    url = os.environ.get("REVIEWHUB_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    name = f"reviewhub-test-{uuid.uuid4().hex[:8]}"
    current_app.config.update(REDIS_URL=url, RQ_QUEUE=name)
    job, _ = services.start_check(event, by=None)
    db.session.commit()
    jobs.start(job)
    assert flags(db, event) == {}  # queued: nothing ran in this process
    connection = Redis.from_url(url)
    try:
        os.environ["DATABASE_URL"] = current_app.config["SQLALCHEMY_DATABASE_URI"]
        SimpleWorker([Queue(name, connection=connection)], connection=connection).work(burst=True)
    finally:
        os.environ.pop("DATABASE_URL", None)
        connection.delete(f"rq:queue:{name}")
    db.session.expire_all()
    finished = db.session.get(jobs.Job, job.id)
    assert finished.status == "finished", finished.error
    assert len(flags(db, event)) == 1 and finished.result["next_url"].endswith("/integrity/")


def test_check_makes_the_same_number_of_queries_for_more_submissions(db, event):
    from sqlalchemy import event as sa_event

    def queries_of_a_run() -> int:
        seen = []

        def listener(*_):
            seen.append(1)

        sa_event.listen(db.engine, "before_cursor_execute", listener)
        try:
            services.run_integrity_check(event)
        finally:
            sa_event.remove(db.engine, "before_cursor_execute", listener)
        return len(seen)

    text = essay(1)
    paper(event, text), paper(event, text)
    services.run_integrity_check(event)  # the flag exists from now on: later runs update it
    few = queries_of_a_run()
    for seed in range(100, 160):
        paper(event, essay(seed, 200))
    db.session.flush()
    assert queries_of_a_run() == few
    assert len(flags(db, event)) == 1
