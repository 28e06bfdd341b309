"""Blind copies end to end: a real file carrying its author's name goes in through the real
submission form; the author is told what the reviewers' copy lost; a reviewer gets a copy with
none of it (read back with the media libraries and searched byte by byte) that still decodes,
served inline only when its content is viewable, typed by content, nosniff and sandboxed; the
author keeps the original; a file that cannot be cleaned is flagged and withheld."""

import html
import io

import pytest
from pypdf.generic import DictionaryObject

from reviewhub import storage
from reviewhub.extensions import db
from reviewhub.submissions.models import Submission, SubmissionFile
from tests import factories as f
from tests.submissions import media
from tests.submissions.helpers import form_data
from tests.submissions.hostile_pdf import (
    FORBIDDEN_ACTIONS,
    FORBIDDEN_KEYS,
    every_object,
    hostile_pdf,
)

MEDIA = ["png", "jpeg", "webp", "gif", "tiff", "wav", "mp3", "flac", "ogg", "m4a", "mp4", "mov", "webm"]
NOT_INLINE = {"image/tiff"}  # browsers do not show TIFF: an attachment


def _skip_without_ffmpeg(key):
    import os
    import shutil

    if key in media.FORMATS and media.FORMATS[key][3] and shutil.which("ffmpeg") is None \
            and os.environ.get("CI") != "true":
        pytest.skip("ffmpeg is not installed (scripts/test installs it)")


def _submit(cast, login_as, *, kind: str, slot: str, data: bytes, filename: str, claimed: str | None = None):
    """Submit through the author's form; returns (submission, the page the author lands on)."""
    client = login_as(cast.author)
    fields = form_data(cast.author, artist_statement="A statement.", submit_now="Submit")
    fields.pop("save")
    upload = (io.BytesIO(data), filename) if claimed is None else (io.BytesIO(data), filename, claimed)
    fields[f"file-{slot}"] = upload
    response = client.post(f"/{cast.event.slug}/submissions/new?type={kind}", data=fields,
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    page = html.unescape(client.get(response.location).get_data(as_text=True))
    db.session.expire_all()
    submission = db.session.query(Submission).order_by(Submission.id.desc()).first()
    assert submission.status == "submitted"
    return submission, page


def _as_reviewer(cast, login_as, submission):
    f.make_assignment(submission, cast.reviewer)
    db.session.commit()
    return login_as(cast.reviewer)


def _routes(cast, submission, item):
    base = f"/{cast.event.slug}"
    return [f"{base}/submissions/{submission.id}/files/{item.id}?inline=1",
            f"{base}/reviews/{submission.id}/files/{item.id}"]


def _assert_inert(response, content_type):
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    policy = response.headers["Content-Security-Policy"]
    assert policy.startswith("sandbox;") and "default-src 'none'" in policy and "script-src" not in policy
    disposition = response.headers["Content-Disposition"]
    if content_type in NOT_INLINE:
        assert disposition.startswith("attachment;") and response.mimetype == "application/octet-stream"
    else:
        assert disposition.startswith("inline;") and response.mimetype == content_type


def _assert_clean_and_decodes(key: str, data: bytes):
    content_type, suffix, _build, _ffmpeg = media.FORMATS[key]
    assert media.leaks(data) == [], key
    if content_type.startswith("image/"):
        from PIL import Image

        found = media.image_metadata(data)
        assert all(p.decode() not in found for p in media.PLANTED)
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            assert image.size == (24, 16)
    else:
        if content_type.startswith("audio/"):
            tags = media.audio_tags(data, suffix)
            assert all(p.decode() not in tags for p in media.PLANTED)
        probed = media.probe(data, suffix)  # decodes it all
        assert probed["streams"] and all(media.NAME not in repr(s.get("tags")) for s in probed["streams"])
        assert media.NAME not in repr(probed["format"].get("tags"))


@pytest.mark.parametrize("key", MEDIA)
def test_a_reviewer_gets_each_media_format_without_its_metadata(cast, login_as, key):
    _skip_without_ffmpeg(key)
    content_type, suffix, build, _ffmpeg = media.FORMATS[key]
    original = build()
    submission, page = _submit(cast, login_as, kind="creative", slot="media", data=original,
                               filename=f"{media.NAME} holiday{suffix}")
    assert "the copy reviewers get has no" in page, "the author is told what was removed"
    item = submission.files[0]
    assert item.content_type == content_type and item.blind_state == "clean" and item.blind_removed
    reviewer = _as_reviewer(cast, login_as, submission)
    for url in _routes(cast, submission, item):
        response = reviewer.get(url)
        assert response.status_code == 200, url
        _assert_inert(response, content_type)
        assert "Lovelace" not in response.headers["Content-Disposition"]
        _assert_clean_and_decodes(key, response.data)
    mine = login_as(cast.author).get(_routes(cast, submission, item)[0].replace("?inline=1", ""))
    assert mine.data == original and media.leaks(mine.data), "the author keeps the original"
    assert storage.read_bytes(item.storage_key) == original


def test_a_reviewer_gets_the_pdf_without_metadata_annotations_or_active_content(cast, login_as):
    original = hostile_pdf()
    submission, page = _submit(cast, login_as, kind="paper", slot="main", data=original, filename="paper.pdf")
    for said in ("JavaScript", "an action run on opening", "embedded files", "form fields and their values",
                 "links to outside addresses (/URI)", "comments and annotations", "XMP metadata"):
        assert said in page, said
    item = submission.files[0]
    reviewer = _as_reviewer(cast, login_as, submission)
    for url in _routes(cast, submission, item):
        response = reviewer.get(url)
        assert response.status_code == 200
        _assert_inert(response, "application/pdf")
        assert media.leaks(response.data) == []
        for _idnum, obj in every_object(response.data):
            if isinstance(obj, DictionaryObject):
                assert not FORBIDDEN_KEYS & set(obj) and obj.get("/S") not in FORBIDDEN_ACTIONS
            elif isinstance(obj, bytes):
                assert not media.leaks(obj)
    organizer = login_as(cast.organizer).get(f"/{cast.event.slug}/submissions/{submission.id}/files/{item.id}")
    assert organizer.data == original


def test_a_file_that_cannot_be_cleaned_is_flagged_to_author_and_organizer_and_withheld(cast, login_as):
    _skip_without_ffmpeg("mp4")
    broken = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + media.NAME.encode() + b"\xde\xad" * 300
    submission, page = _submit(cast, login_as, kind="creative", slot="media", data=broken, filename="film.mp4")
    assert "film.mp4: this file could not be anonymised for the reviewers" in page
    assert "Not anonymised" in page
    item = submission.files[0]
    assert item.blind_state == "failed" and item.blind_key is None and "damaged" in item.blind_problem
    organizer_page = login_as(cast.organizer).get(f"/{cast.event.slug}/submissions/{submission.id}")
    text = html.unescape(organizer_page.get_data(as_text=True))
    assert "Not anonymised" in text and item.blind_problem in text
    reviewer = _as_reviewer(cast, login_as, submission)
    for url in _routes(cast, submission, item):
        response = reviewer.get(url)
        assert response.status_code == 409 and b"could not be anonymised" in response.data
        assert media.NAME.encode() not in response.data
    review_page = reviewer.get(f"/{cast.event.slug}/reviews/{submission.id}").get_data(as_text=True)
    assert "Withheld from reviewers" in review_page
    mine = login_as(cast.author).get(_routes(cast, submission, item)[0])
    assert mine.status_code == 200 and mine.data == broken


def test_a_file_whose_name_and_claimed_type_lie_is_typed_by_its_content(cast, login_as):
    png = media.png()
    submission, _page = _submit(cast, login_as, kind="creative", slot="media", data=png, filename="clip.mp4",
                                claimed="video/mp4")
    item = submission.files[0]
    assert item.content_type == "image/png" and item.original_name == "clip.mp4.png"
    reviewer = _as_reviewer(cast, login_as, submission)
    for url in _routes(cast, submission, item):
        response = reviewer.get(url)
        assert response.mimetype == "image/png" and response.headers["Content-Disposition"].endswith('.png"')


def test_html_in_a_row_that_claims_png_is_never_shown_and_never_reaches_a_reviewer(cast, login_as):
    page = b"<!doctype html><script>alert(document.cookie)</script>"
    submission, _page = _submit(cast, login_as, kind="creative", slot="media", data=media.png(), filename="a.png")
    stored = storage.save_bytes(page, suffix=".png")  # a row that lies (an old import, a bug elsewhere)
    row = SubmissionFile(submission_id=submission.id, purpose="media", kind="image", original_name="art.png",
                         content_type="image/png", size=stored.size, sha256=stored.sha256, storage_key=stored.key)
    db.session.add(row)
    db.session.commit()
    author = login_as(cast.author).get(_routes(cast, submission, row)[0])
    assert author.status_code == 200 and author.mimetype == "application/octet-stream"
    assert author.headers["Content-Disposition"].startswith("attachment;")
    assert author.headers["X-Content-Type-Options"] == "nosniff" and "sandbox" in author.headers["Content-Security-Policy"]
    reviewer = _as_reviewer(cast, login_as, submission)
    for url in _routes(cast, submission, row):
        assert reviewer.get(url).status_code == 409


def test_a_zip_reaches_reviewers_as_an_attachment_and_the_author_is_warned(cast, login_as):
    import zipfile

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("code/run.py", "print('hello')\n")
    client = login_as(cast.author)
    fields = form_data(cast.author)
    fields["file-main"] = (io.BytesIO(hostile_pdf()), "paper.pdf")
    fields["file-supplementary"] = (io.BytesIO(archive.getvalue()), "code.zip")
    response = client.post(f"/{cast.event.slug}/submissions/new?type=paper", data=fields,
                           content_type="multipart/form-data")
    page = html.unescape(client.get(response.location).get_data(as_text=True))
    assert "reviewers get ZIP archives as they are" in page


def test_a_single_blind_event_makes_no_blind_copy(cast, login_as):
    cast.event.double_blind = False
    db.session.commit()
    submission, page = _submit(cast, login_as, kind="creative", slot="media", data=media.png(), filename="a.png")
    assert "the copy reviewers get" not in page
    assert submission.files[0].blind_state is None and submission.files[0].blind_key is None


def test_a_video_is_served_with_ranges_for_seeking(cast, login_as):
    _skip_without_ffmpeg("mp4")
    submission, _page = _submit(cast, login_as, kind="creative", slot="media", data=media.mp4(), filename="f.mp4")
    reviewer = _as_reviewer(cast, login_as, submission)
    url = _routes(cast, submission, submission.files[0])[1]
    whole = reviewer.get(url).data
    part = reviewer.get(url, headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and part.data == whole[:100]
    _assert_inert(part, "video/mp4")


def test_a_large_video_is_cleaned_by_the_job_and_no_reviewer_gets_it_before(cast, login_as, app):
    from reviewhub import jobs
    from reviewhub.submissions import services
    from reviewhub.submissions.core import Upload
    from tests.submissions.helpers import data_for

    _skip_without_ffmpeg("mp4")
    app.config["BLIND_INLINE_MAX_MB"] = 0  # every video goes to the job
    try:
        original = media.mp4()
        submission, warnings, job = services.save(
            cast.event, by=cast.author, data=data_for(cast.author, artist_statement="A statement."),
            kind=cast.creative, uploads=[Upload("media", "film.mp4", original)], client_token="big-video",
            submit_now=True)
        db.session.commit()
        item = submission.files[0]
        assert item.blind_state == "pending" and item.blind_key is None and job is not None
        assert any("is being made without the file's metadata" in w for w in warnings)
        reviewer = _as_reviewer(cast, login_as, submission)
        for url in _routes(cast, submission, item):
            response = reviewer.get(url)
            assert response.status_code == 409 and b"still being anonymised" in response.data
        jobs.start(job)  # inline here; an RQ worker at a conference
        db.session.expire_all()
        item = db.session.get(SubmissionFile, item.id)
        assert item.blind_state == "clean" and item.blind_removed
        assert db.session.get(jobs.Job, job.id).result["blind_copies"] == 1
        for url in _routes(cast, submission, item):
            response = reviewer.get(url)
            assert response.status_code == 200
            _assert_inert(response, "video/mp4")
            _assert_clean_and_decodes("mp4", response.data)
    finally:
        app.config["BLIND_INLINE_MAX_MB"] = 8
