"""Bulk actions on ticked rows of the organizers' list: a streamed ZIP of their PDFs, one
deadline for all, one decision for all; never on a conflicted organizer's submissions."""

import io
import zipfile
from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub import storage
from reviewhub.decisions.models import Decision
from reviewhub.decisions.services import ensure_default_outcomes
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions.archive import member_name, stream_zip
from reviewhub.submissions.models import Submission, SubmissionFile
from tests import factories as f


def _pdf_file(submission, body: bytes, purpose="main"):
    stored = storage.save_bytes(body, suffix=".pdf")
    db.session.add(SubmissionFile(submission_id=submission.id, purpose=purpose, kind="pdf", original_name="x.pdf",
                                  content_type="application/pdf", size=stored.size, sha256=stored.sha256,
                                  storage_key=stored.key))


@pytest.fixture
def world(app):
    olga = f.make_user(name="Olga Organizer")
    otto = f.make_user(name="Otto Organizer")
    event = f.make_event(organizer=olga)
    f.add_role(event, otto, "organizer")
    one = f.make_submission(event, author=f.make_user(), title="Latent Diffusion: für Musik")
    two = f.make_submission(event, author=f.make_user(), title="Pictures")
    ottos = f.make_submission(event, author=otto, title="Otto's own")
    draft = f.make_submission(event, author=f.make_user(), title="A draft", status="draft")
    _pdf_file(one, b"%PDF-1.4 one")
    _pdf_file(one, b"%PDF-1.4 one supplement", purpose="supplementary")
    _pdf_file(two, b"%PDF-1.4 two")
    _pdf_file(ottos, b"%PDF-1.4 otto")
    ensure_default_outcomes(event)
    db.session.commit()
    return {"event": event, "olga": olga, "otto": otto, "one": one, "two": two, "ottos": ottos, "draft": draft,
            "base": f"/{event.slug}/manage/submissions/bulk"}


def _post(client, world, action, sids, **data):
    return client.post(f"{world['base']}/{action}", data={"sid": [str(s.id) for s in sids],
                                                          "next": f"/{world['event'].slug}/manage/submissions", **data})


def _flash(client, response) -> str:
    return client.get(response.headers["Location"]).text


def test_member_names_sort_by_number_and_carry_no_path():
    assert member_name(7, "Latent Diffusion: für Musik", "main", "pdf") == "0007-main-latent-diffusion-fur-musik.pdf"
    assert member_name(12, "../../etc/passwd", "supplementary", "pdf", 1) == "0012-supplementary-2-etc-passwd.pdf"
    assert member_name(1, "¿¡", "main", "pdf") == "0001-main-untitled.pdf"


def test_the_zip_streams_in_pieces_and_reads_back_whole():
    big = bytes(range(256)) * 20_000  # 5 MB: several chunks
    entries = [("a.pdf", lambda: io.BytesIO(big)), ("b.pdf", lambda: io.BytesIO(b"small"))]
    pieces = list(stream_zip(entries))
    assert len([p for p in pieces if p]) > 3
    archive = zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
    assert archive.testzip() is None and archive.read("a.pdf") == big and archive.read("b.pdf") == b"small"


def test_the_zip_holds_every_pdf_of_the_ticked_rows(world, login_as):
    response = _post(login_as(world["olga"]), world, "zip", [world["one"], world["two"]])
    assert response.status_code == 200 and response.is_streamed
    assert response.headers["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    names = sorted(archive.namelist())
    assert names == [f"{world['one'].number:04d}-main-latent-diffusion-fur-musik.pdf",
                     f"{world['one'].number:04d}-supplementary-latent-diffusion-fur-musik.pdf",
                     f"{world['two'].number:04d}-main-pictures.pdf"]
    assert archive.read(names[0]) == b"%PDF-1.4 one"


def test_a_conflicted_organizer_gets_nothing_of_their_submission(world, login_as):
    otto = login_as(world["otto"])
    response = _post(otto, world, "zip", [world["ottos"], world["two"]])
    names = zipfile.ZipFile(io.BytesIO(response.get_data())).namelist()
    assert names == [f"{world['two'].number:04d}-main-pictures.pdf"]
    only_theirs = _post(otto, world, "zip", [world["ottos"]])
    assert only_theirs.status_code == 302 and "Tick the submissions first" in _flash(otto, only_theirs)
    _post(otto, world, "extend", [world["ottos"]], until="2031-01-01T12:00")
    outcome = ensure_default_outcomes(world["event"])[0]
    _post(otto, world, "decide", [world["ottos"]], outcome=str(outcome.id))
    db.session.expire_all()
    assert db.session.get(Submission, world["ottos"].id).deadline_extension_at is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 0


def test_one_deadline_for_every_ticked_row_and_bad_input_says_so(world, login_as):
    client = login_as(world["olga"])
    bad = _post(client, world, "extend", [world["one"]], until="next friday")
    assert "Extended deadline: Enter a date and time like" in _flash(client, bad)
    response = _post(client, world, "extend", [world["one"], world["two"]], until="2031-01-01T12:00")
    assert "Deadline of 2 submissions: 2031-01-01 12:00" in _flash(client, response)
    db.session.expire_all()
    extended = [db.session.get(Submission, s.id).deadline_extension_at for s in (world["one"], world["two"])]
    assert extended[0] == extended[1] and extended[0] > utcnow() + timedelta(days=365)
    _post(client, world, "extend", [world["one"]], until="")
    db.session.expire_all()
    assert db.session.get(Submission, world["one"].id).deadline_extension_at is None


def test_one_decision_for_every_ticked_submitted_row(world, login_as):
    client = login_as(world["olga"])
    assert "Choose an outcome" in _flash(client, _post(client, world, "decide", [world["one"]], outcome="x"))
    assert "Choose an outcome" in _flash(client, _post(client, world, "decide", [world["one"]], outcome="999999"))
    accept = next(o for o in ensure_default_outcomes(world["event"]) if o.is_accept)
    response = _post(client, world, "decide", [world["one"], world["draft"]], outcome=str(accept.id))
    page = _flash(client, response)
    assert "1 submission decided" in page and "1 submission not submitted, left undecided" in page
    decided = set(db.session.scalars(sa.select(Decision.submission_id)))
    assert decided == {world["one"].id}
