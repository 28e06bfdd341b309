"""Files: content sniffing, spoofing, sizes (413 before buffering), page limits, storage with
sha256, extracted text, downloads (nosniff, attachment, inline only for safe types)."""

import hashlib
import io
import re
from pathlib import Path

import pytest
from werkzeug.test import EnvironBuilder

from reviewhub import jobs, storage
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.submissions import pdftools, services
from reviewhub.submissions.core import Upload
from reviewhub.submissions.models import Submission
from reviewhub.submissions.services.files import TEXT_JOB
from tests import factories as f
from tests.submissions.helpers import PNG_1PX, draft, form_data, pdf, wav

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


@pytest.mark.parametrize("path", ["direct", "legacy"])
def test_pdf_is_stored_with_sha256_pages_and_text(app, cast, path):
    """Without a queue the text comes from the parse the upload check made (issue 22); on the
    legacy path (and with a queue) a job extracts it after the commit."""
    app.config["UPLOAD_PATH"] = path
    sub = draft(cast.event, cast.author)
    data = pdf(pages=2, text="Diffusion brushes for painters.")
    services.attach_file(sub, Upload("main", "C:\\Users\\ada\\My Paper.pdf", data), by=cast.author)
    item = sub.files[0]
    assert item.sha256 == hashlib.sha256(data).hexdigest() and item.size == len(data)
    if path == "legacy":
        assert item.page_count == 2 and item.extracted_text == "", "the text comes from a job"
        assert services.extract_texts(sub) == 1
    assert item.page_count == 2 and "Diffusion brushes" in item.extracted_text and "Page 2" in item.extracted_text
    assert item.original_name == "My Paper.pdf" and item.content_type == "application/pdf"
    assert storage.read_bytes(item.storage_key) == data and "My Paper" not in item.storage_key


@pytest.mark.parametrize("purpose, name, data", [
    ("main", "paper.pdf", HTML), ("main", "paper.pdf", PNG_1PX), ("media", "art.png", SVG),
    ("media", "art.png", HTML), ("supplementary", "code.zip", b"just text"), ("main", "paper.pdf", b""),
])
def test_spoofed_or_wrong_files_are_refused(cast, purpose, name, data):
    kind = "creative" if purpose == "media" else "paper"
    sub = draft(cast.event, cast.author, kind_key=kind)
    with pytest.raises(DomainError):
        services.attach_file(sub, Upload(purpose, name, data), by=cast.author)
    assert sub.files == []


def test_renamed_html_gets_a_clear_message(cast):
    sub = draft(cast.event, cast.author)
    with pytest.raises(DomainError, match="HTML/SVG"):
        services.attach_file(sub, Upload("main", "paper.pdf", HTML), by=cast.author)


def test_page_limit_allows_references_then_refuses(cast):
    sub = draft(cast.event, cast.author)
    warnings = services.attach_file(sub, Upload("main", "p.pdf", pdf(pages=6)), by=cast.author)
    assert any("references" in w for w in warnings)
    with pytest.raises(DomainError, match="limit is 4 pages"):
        services.attach_file(sub, Upload("main", "p.pdf", pdf(pages=8)), by=cast.author)


def test_author_name_on_first_page_warns_in_double_blind(cast):
    sub = draft(cast.event, cast.author)
    warnings = services.attach_file(sub, Upload("main", "p.pdf", pdf(text="By Ada Lovelace, 1843")), by=cast.author)
    assert any("Ada Lovelace" in w and "anonymised" in w for w in warnings)


def test_replacing_the_main_pdf_keeps_one_and_media_accumulate(cast):
    sub = draft(cast.event, cast.author)
    services.attach_file(sub, Upload("main", "a.pdf", pdf()), by=cast.author)
    services.attach_file(sub, Upload("main", "b.pdf", pdf()), by=cast.author)
    assert [x.original_name for x in sub.files] == ["b.pdf"]
    art = draft(cast.event, cast.author, kind_key="creative")
    services.attach_file(art, Upload("media", "a.png", PNG_1PX), by=cast.author)
    services.attach_file(art, Upload("media", "b.wav", wav()), by=cast.author)
    assert sorted(x.kind for x in art.files) == ["audio", "image"]


def test_type_size_limit_is_enforced(cast):
    cast.paper.max_file_mb = 1
    sub = draft(cast.event, cast.author)
    with pytest.raises(DomainError, match="larger than 1 MB"):
        services.attach_file(sub, Upload("main", "p.pdf", b"%PDF-" + b"0" * (1024 * 1024)), by=cast.author)


def test_oversize_request_is_refused_with_413_before_reading(cast, login_as):
    cast.paper.max_file_mb = 1
    db.session.commit()
    client = login_as(cast.author)
    data = form_data(cast.author)
    data["file-main"] = (io.BytesIO(b"%PDF-" + b"0" * (6 * 1024 * 1024)), "big.pdf")
    response = client.post(f"/{cast.event.slug}/submissions/new?type=paper", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 413 and "too large" in response.text
    assert db.session.query(Submission).count() == 0


def test_one_file_over_the_type_limit_is_a_field_error_and_nothing_saved(cast, login_as):
    cast.paper.max_file_mb = 1
    db.session.commit()
    client = login_as(cast.author)
    data = form_data(cast.author, title="Keep me")
    data["file-main"] = (io.BytesIO(b"%PDF-" + b"0" * (1024 * 1024 + 10)), "big.pdf")
    response = client.post(f"/{cast.event.slug}/submissions/new?type=paper", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 400 and "larger than 1 MB" in response.text and 'value="Keep me"' in response.text
    assert db.session.query(Submission).count() == 0


def test_html_renamed_pdf_through_the_form_is_refused(cast, login_as):
    client = login_as(cast.author)
    data = form_data(cast.author, title="Spoof")
    data["file-main"] = (io.BytesIO(HTML), "paper.pdf")
    response = client.post(f"/{cast.event.slug}/submissions/new?type=paper", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 400 and "HTML/SVG" in response.text and 'value="Spoof"' in response.text
    assert db.session.query(Submission).count() == 0
    assert _upload_folder_files(app_folder()) == [], "the refused upload's bytes are gone"


def app_folder() -> Path:
    from flask import current_app

    return Path(current_app.config["UPLOAD_FOLDER"])


def _upload_folder_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("path", ["direct", "legacy"])
def test_an_upload_through_the_form_is_stored_once_and_its_text_extracted_once(app, cast, login_as, path):
    """Without a queue, today's path takes the text from the check's parse (no job); the
    legacy path runs the text job inline after the commit."""
    app.config["UPLOAD_PATH"] = path
    client = login_as(cast.author)
    from bench.rushclient import make_pdf

    data = form_data(cast.author, title="Streamed")
    paper = make_pdf("Diffusion brushes for painters.", (3 << 20) + 12345)  # several parse and write steps
    data["file-main"] = (io.BytesIO(paper), "paper.pdf")
    response = client.post(f"/{cast.event.slug}/submissions/new?type=paper", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.expire_all()
    item = db.session.query(Submission).one().files[0]
    assert item.sha256 == hashlib.sha256(paper).hexdigest() and item.size == len(paper) and item.page_count == 1
    assert item.blind_state == "clean", "a double-blind event stores the reviewers' copy beside it"
    assert _upload_folder_files(app_folder()) == sorted([item.storage_key, item.blind_key]), \
        "no temporary copy is left"
    assert storage.read_bytes(item.storage_key) == paper
    if path == "legacy":
        job = db.session.query(jobs.Job).one()
        assert job.status == "finished" and job.function == TEXT_JOB  # inline: no Redis configured
    else:
        assert db.session.query(jobs.Job).count() == 0, "the text came from the check's parse"
    assert "Rush paper Diffusion brushes" in item.extracted_text


def _with_files(cast, *, coauthors=()):
    sub = draft(cast.event, cast.author, coauthors=coauthors)
    services.attach_file(sub, Upload("main", "Ada Lovelace - engines.pdf",
                                     pdf(Author="Ada Lovelace", Title="Engines")), by=cast.author)
    services.submit(sub, by=cast.author)
    db.session.commit()
    return sub


def test_author_downloads_the_original_as_attachment_with_nosniff(cast, login_as):
    sub = _with_files(cast)
    item = sub.files[0]
    response = login_as(cast.author).get(f"/{cast.event.slug}/submissions/{sub.id}/files/{item.id}")
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "Ada Lovelace - engines.pdf" in response.headers["Content-Disposition"]
    assert response.mimetype == "application/octet-stream"
    assert pdftools.metadata(response.data)["Author"] == "Ada Lovelace"


def test_reviewer_gets_a_generic_name_and_no_pdf_metadata(cast, login_as):
    sub = _with_files(cast)
    f.make_assignment(sub, cast.reviewer)
    db.session.commit()
    item = sub.files[0]
    response = login_as(cast.reviewer).get(f"/{cast.event.slug}/submissions/{sub.id}/files/{item.id}?inline=1")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'inline; filename="submission-{sub.number}-paper.pdf"'
    assert response.mimetype == "application/pdf" and response.headers["X-Content-Type-Options"] == "nosniff"
    assert b"Ada Lovelace" not in response.data and pdftools.metadata(response.data) == {}
    assert pdftools.inspect(response.data).page_count == 1


def test_inline_is_never_given_to_unsafe_types(cast, login_as):
    sub = draft(cast.event, cast.author)
    services.attach_file(sub, Upload("supplementary", "code.zip", b"PK\x03\x04rest"), by=cast.author)
    db.session.commit()
    response = login_as(cast.author).get(f"/{cast.event.slug}/submissions/{sub.id}/files/{sub.files[0].id}?inline=1")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.mimetype == "application/octet-stream"
    assert "sandbox" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("who, status", [
    ("public", 302), ("stranger", 404), ("other_author", 404), ("reviewer_unassigned", 404),
    ("conflicted_organizer", 404), ("organizer", 200), ("coauthor", 200),
])
def test_file_route_per_role(cast, login_as, who, status):
    sub = _with_files(cast, coauthors=[(cast.coauthor.name, cast.coauthor.email, "")])
    people = {"public": None, "stranger": f.make_user(), "reviewer_unassigned": cast.reviewer,
              "organizer": cast.organizer, "coauthor": cast.coauthor}
    other = f.make_user()
    draft(cast.event, other)
    people["other_author"] = other
    conflicted = f.make_user()
    f.add_role(cast.event, conflicted, "organizer")
    f.make_conflict(sub, conflicted, source="author")
    people["conflicted_organizer"] = conflicted
    db.session.commit()
    response = login_as(people[who]).get(f"/{cast.event.slug}/submissions/{sub.id}/files/{sub.files[0].id}")
    assert response.status_code == status


def test_file_of_another_submission_is_not_reachable_through_mine(cast, login_as):
    mine = _with_files(cast)
    other = draft(cast.event, f.make_user())
    services.attach_file(other, Upload("main", "x.pdf", pdf()), by=None)
    db.session.commit()
    response = login_as(cast.author).get(f"/{cast.event.slug}/submissions/{mine.id}/files/{other.files[0].id}")
    assert response.status_code == 404


def test_remove_file_needs_the_current_version(cast, login_as):
    sub = _with_files(cast)
    client = login_as(cast.author)
    url = f"/{cast.event.slug}/submissions/{sub.id}/files/{sub.files[0].id}/remove"
    client.post(url, data={"version": str(sub.version - 1)})
    db.session.expire_all()
    assert len(db.session.get(Submission, sub.id).files) == 1
    client.post(url, data={"version": str(sub.version)})
    db.session.expire_all()
    assert db.session.get(Submission, sub.id).files == []


def test_reviewing_page_file_route_also_serves_the_metadata_free_copy(cast, login_as):
    sub = _with_files(cast)
    f.make_assignment(sub, cast.reviewer)
    db.session.commit()
    response = login_as(cast.reviewer).get(f"/{cast.event.slug}/reviews/{sub.id}/files/{sub.files[0].id}")
    assert response.status_code == 200 and b"Ada Lovelace" not in response.data
    assert "Lovelace" not in response.headers["Content-Disposition"]


def test_a_body_without_length_is_stopped_at_the_type_limit_while_the_csrf_check_reads_it(cast, login_as, app):
    """The type's limit is set before anything reads the body (the CSRF check reads it first),
    so a chunked upload cannot run on to the app-wide limit."""
    cast.paper.max_file_mb = 1
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    client = login_as(cast.author)
    url = f"/{cast.event.slug}/submissions/new?type=paper"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(url).text).group(1)
    fields = {**form_data(cast.author), "csrf_token": token,
              "file-main": (io.BytesIO(b"%PDF-" + b"0" * (6 * 1024 * 1024)), "big.pdf")}
    builder = EnvironBuilder(method="POST", data=fields)
    environ = builder.get_environ()  # encodes the multipart body
    body, content_type = environ["wsgi.input"].read(), environ["CONTENT_TYPE"]
    builder.close()
    response = client.post(url, input_stream=io.BytesIO(body), content_type=content_type,
                           environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 413 and "too large" in response.text
    assert db.session.query(Submission).count() == 0


def test_an_oversize_edit_of_another_authors_submission_answers_as_a_missing_one(cast, login_as):
    """The body limit is set before the view's checks; it must not tell a stranger which
    submissions exist (413 for one, 404 for a missing id)."""
    cast.paper.max_file_mb = 1
    submission = draft(cast.event, cast.author)
    stranger = f.make_user(email="stranger@example.org")
    db.session.commit()
    client = login_as(stranger)
    data = form_data(stranger)
    answers = []
    for sid in (submission.id, submission.id + 1000):
        data["file-main"] = (io.BytesIO(b"%PDF-" + b"0" * (6 * 1024 * 1024)), "big.pdf")
        answers.append(client.post(f"/{cast.event.slug}/submissions/{sid}/edit", data=data,
                                   content_type="multipart/form-data").status_code)
    assert answers == [404, 404]
    own = login_as(cast.author).post(f"/{cast.event.slug}/submissions/{submission.id}/edit", data={
        **form_data(cast.author), "file-main": (io.BytesIO(b"%PDF-" + b"0" * (6 * 1024 * 1024)), "big.pdf")},
        content_type="multipart/form-data")
    assert own.status_code == 413


def test_an_oversize_submission_from_a_visitor_is_sent_to_log_in_as_for_a_missing_event(cast, login_as):
    cast.paper.max_file_mb = 1
    db.session.commit()
    client = login_as(None)
    answers = []
    for slug in (cast.event.slug, "no-such-event"):
        data = {**form_data(cast.author), "file-main": (io.BytesIO(b"%PDF-" + b"0" * (6 * 1024 * 1024)), "big.pdf")}
        answers.append(client.post(f"/{slug}/submissions/new?type=paper", data=data,
                                   content_type="multipart/form-data").status_code)
    assert answers == [302, 302]
