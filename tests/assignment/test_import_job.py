"""The reviewer list import as a background job: checked in the request, invited in the job."""

import io
import os
import uuid

import pytest
import sqlalchemy as sa

from reviewhub import jobs
from reviewhub.assignment.models import ReviewerInvitation
from reviewhub.assignment.services import invitations
from reviewhub.extensions import db
from tests import factories as f


def _list(n: int, *, bad_line: int | None = None) -> bytes:
    rows = ["name,email,affiliation"]
    for i in range(1, n + 1):
        email = f"person{i}@uni{i % 97}.example.org" if i + 1 != bad_line else f"person{i}-at-nowhere"
        rows.append(f"Person {i},{email},University {i % 97}")
    return ("\n".join(rows) + "\n").encode()


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _upload(client, event, data: bytes):
    return client.post(f"/{event.slug}/assignment/reviewers/import", content_type="multipart/form-data",
                       data={"file": (io.BytesIO(data), "reviewers.csv")})


def test_a_list_of_15000_is_invited_by_a_job_that_reports_progress(app, login_as, outbox):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    db.session.commit()
    client = login_as(organizer)
    response = _upload(client, event, _list(15_000))
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    job = db.session.scalars(sa.select(jobs.Job)).one()
    assert (job.status, job.done, job.total, job.function) == ("finished", 15_000, 15_000, invitations.IMPORT_JOB)
    assert _count(ReviewerInvitation) == 15_000 and len(outbox()) == 15_000
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "15000 people are invited." in page and f"/{event.slug}/assignment/reviewers" in page
    assert db.session.scalar(sa.select(ReviewerInvitation.name).where(
        ReviewerInvitation.email == "person14999@uni61.example.org")) == "Person 14999"


def test_a_file_with_a_bad_row_is_refused_beside_the_form_and_starts_no_job(app, login_as, outbox):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    db.session.commit()
    response = _upload(login_as(organizer), event, _list(15_000, bad_line=9_001))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Nothing was imported" in page
    assert "Line 9001: &#39;person9000-at-nowhere&#39; is not a valid email address" in page
    assert _count(jobs.Job) == 0 and _count(ReviewerInvitation) == 0 and outbox() == []


def test_a_list_that_went_bad_before_its_job_ran_invites_nobody(app, login_as, outbox):
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    job = invitations.start_import(event, _list(1_200).decode(), by=organizer)
    db.session.commit()
    # Between the check and the job, someone invites a person of the list by hand.
    invitations.invite(event, email="person1100@uni33.example.org", by=organizer)
    db.session.commit()
    jobs.start(job)
    db.session.expire_all()
    job = db.session.get(jobs.Job, job.id)
    assert job.status == "failed"
    assert job.error.splitlines() == ["1 row needs fixing; nothing was imported.",
                                      "Line 1101: person1100@uni33.example.org is invited already (pending)"]
    assert _count(ReviewerInvitation) == 1 and len(outbox()) == 1
    page = login_as(organizer).get(f"/{event.slug}/jobs/{job.id}").get_data(as_text=True)
    assert "Line 1101" in page and "Traceback" not in page and "Run again" in page


@pytest.mark.redis
def test_the_import_runs_on_an_rq_worker_with_redis(app, login_as, outbox):
    from redis import Redis
    from rq import Queue, SimpleWorker

    url = os.environ.get("REVIEWHUB_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    queue_name = f"reviewhub-test-{uuid.uuid4().hex[:8]}"
    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    db.session.commit()
    app.config.update(REDIS_URL=url, RQ_QUEUE=queue_name)
    connection = Redis.from_url(url)
    try:
        response = _upload(login_as(organizer), event, _list(600))
        assert response.status_code == 302
        job = db.session.scalars(sa.select(jobs.Job)).one()
        assert job.status == "queued" and _count(ReviewerInvitation) == 0  # nothing ran in the request
        os.environ["DATABASE_URL"] = app.config["SQLALCHEMY_DATABASE_URI"]
        SimpleWorker([Queue(queue_name, connection=connection)], connection=connection).work(burst=True)
    finally:
        os.environ.pop("DATABASE_URL", None)
        app.config.pop("REDIS_URL")
        for key in connection.keys(f"rq:*{queue_name}*"):
            connection.delete(key)
    db.session.expire_all()
    assert db.session.get(jobs.Job, job.id).status == "finished"
    assert _count(ReviewerInvitation) == 600 and len(outbox()) == 600
