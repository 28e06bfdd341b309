"""The chunk API over HTTP: start, append at the held offset, resume, finish, submit by id;
refusals (wrong offset, oversize, after the deadline, another user's upload) and the grace."""

import hashlib
from datetime import timedelta

import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions.models import Submission, SubmissionFile
from reviewhub.uploads.models import ChunkedUpload
from tests.submissions.helpers import form_data, pdf


def _start(client, cast, data: bytes, **extra):
    body = {"type": "paper", "purpose": "main", "filename": "paper.pdf", "size": len(data), **extra}
    return client.post(f"/{cast.event.slug}/uploads", json=body)


def _patch(client, cast, token, chunk: bytes, offset: int):
    return client.patch(f"/{cast.event.slug}/uploads/{token}", data=chunk,
                        headers={"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"})


def _deadline(cast, *, minutes_ago: float, grace: int = 0) -> None:
    cast.event.submission_deadline_at = utcnow() - timedelta(minutes=minutes_ago)
    cast.event.submission_grace_minutes = grace
    db.session.commit()


def test_chunks_resume_from_the_held_offset_and_the_submit_takes_the_finished_upload(cast, login_as):
    client = login_as(cast.author)
    data = pdf(pages=2, text="Chunks of a paper.")
    started = _start(client, cast, data)
    assert started.status_code == 201 and started.json["offset"] == 0
    token = started.json["id"]
    half = len(data) // 2
    assert _patch(client, cast, token, data[:half], 0).json == {**started.json, "offset": half}
    # A chunk re-sent after a dropped answer (the server has it already): 409 with the offset.
    again = _patch(client, cast, token, data[:half], 0)
    assert again.status_code == 409 and again.json["offset"] == half
    assert client.get(f"/{cast.event.slug}/uploads/{token}").json["offset"] == half  # what a resume asks
    done = _patch(client, cast, token, data[half:], half)
    assert done.json["complete"] is True

    response = client.post(f"/{cast.event.slug}/submissions/new?type=paper",
                           data=form_data(cast.author, **{"upload-main": token, "submit_now": "Submit"}))
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    stored = db.session.scalar(sa.select(SubmissionFile))
    assert stored.sha256 == hashlib.sha256(data).hexdigest() and stored.page_count == 2
    assert db.session.scalar(sa.select(Submission.status)) == "submitted"
    assert db.session.scalar(sa.select(sa.func.count(ChunkedUpload.id))) == 0  # taken, its part deleted


def test_oversize_wrong_offset_and_bad_input_are_refused_with_a_reason(cast, login_as):
    client = login_as(cast.author)
    too_big = _start(client, cast, b"", size=(cast.paper.max_file_mb + 1) * 1024 * 1024)
    assert too_big.status_code == 413 and "larger than" in too_big.json["error"]
    assert _start(client, cast, b"", size="lots").status_code == 400
    assert _start(client, cast, b"x", purpose="nonsense").status_code == 400
    token = _start(client, cast, b"0123456789").json["id"]
    assert _patch(client, cast, token, b"012", 5).status_code == 409
    past = _patch(client, cast, token, b"0123456789ABC", 0)
    assert past.status_code == 413 and "declared size" in past.json["error"]
    no_offset = client.patch(f"/{cast.event.slug}/uploads/{token}", data=b"01")
    assert no_offset.status_code == 400 and "Upload-Offset" in no_offset.json["error"]


def test_another_users_upload_is_not_found_and_cannot_be_submitted(cast, login_as):
    token = _start(login_as(cast.author), cast, b"%PDF-1.4 abc").json["id"]
    other = login_as(cast.coauthor)
    assert other.get(f"/{cast.event.slug}/uploads/{token}").status_code == 404
    assert _patch(other, cast, token, b"%PDF", 0).status_code == 404
    response = other.post(f"/{cast.event.slug}/submissions/new?type=paper",
                          data=form_data(cast.coauthor, **{"upload-main": token}))
    assert response.status_code == 400 and "was not found" in response.get_data(as_text=True)


def test_an_upload_started_after_the_deadline_is_refused_at_its_first_chunk(cast, login_as):
    _deadline(cast, minutes_ago=1, grace=10)  # within the grace, but the upload starts late
    refused = _start(login_as(cast.author), cast, b"%PDF-1.4 late")
    assert refused.status_code == 403 and "deadline passed" in refused.json["error"]


def test_an_upload_started_in_time_finishes_and_submits_within_the_grace(cast, login_as):
    client = login_as(cast.author)
    data = pdf()
    token = _start(client, cast, data).json["id"]
    assert _patch(client, cast, token, data[:100], 0).status_code == 200
    _deadline(cast, minutes_ago=2, grace=10)
    assert _patch(client, cast, token, data[100:], 100).json["complete"] is True
    response = client.post(f"/{cast.event.slug}/submissions/new?type=paper",
                           data=form_data(cast.author, **{"upload-main": token, "submit_now": "Submit"}))
    assert response.status_code == 302
    _deadline(cast, minutes_ago=20, grace=10)  # past the grace: a chunk is refused
    late = _start(client, cast, data)
    assert late.status_code == 403


def test_a_chunk_after_the_grace_is_refused(cast, login_as):
    client = login_as(cast.author)
    token = _start(client, cast, b"%PDF-1.4 0123456789").json["id"]
    _deadline(cast, minutes_ago=20, grace=10)
    late = _patch(client, cast, token, b"%PDF", 0)
    assert late.status_code == 403 and "grace" in late.json["error"]


def test_a_refused_save_keeps_the_finished_upload_for_the_next_try(cast, login_as):
    client = login_as(cast.author)
    data = pdf()
    token = _start(client, cast, data).json["id"]
    _patch(client, cast, token, data, 0)
    refused = client.post(f"/{cast.event.slug}/submissions/new?type=paper",
                          data=form_data(cast.author, title="", **{"upload-main": token}))
    assert refused.status_code == 200 and f'value="{token}"' in refused.get_data(as_text=True)
    saved = client.post(f"/{cast.event.slug}/submissions/new?type=paper",
                        data=form_data(cast.author, **{"upload-main": token}))
    assert saved.status_code == 302
    assert db.session.scalar(sa.select(SubmissionFile.sha256)) == hashlib.sha256(data).hexdigest()


def test_sweep_deletes_abandoned_partial_uploads(cast, login_as, runner):
    from reviewhub import storage

    client = login_as(cast.author)
    token = _start(client, cast, b"%PDF-1.4 0123456789").json["id"]
    _patch(client, cast, token, b"%PDF", 0)
    row = db.session.scalar(sa.select(ChunkedUpload))
    part = storage.path_for(row.part_key)
    kept = runner.invoke(args=["sweep-uploads", "--older-than", "60"])
    assert kept.exit_code == 0 and part.exists()  # in progress: kept
    row.updated_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    swept = runner.invoke(args=["sweep-uploads", "--older-than", "60"])
    assert swept.exit_code == 0 and "chunked upload 'paper.pdf', 4 of 19 bytes" in swept.output
    assert not part.exists() and db.session.scalar(sa.select(sa.func.count(ChunkedUpload.id))) == 0
