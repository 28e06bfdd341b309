"""Issue 18 point 11: every refused file (wrong type, too many pages, too big) is named by
its own file field and in a summary at the top; files that were fine are named by their
field as the ones to choose again (a browser cannot be sent them back), and nothing is saved."""

import io
import re
import zipfile

from reviewhub.extensions import db
from reviewhub.submissions.models import Submission
from tests.submissions.helpers import form_data, pdf


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("code.py", "print('hello')\n")
    return buffer.getvalue()


def _post(cast, login_as, files: dict, **fields):
    data = form_data(cast.author, **{"title": "Keep this title", "submit_now": "Submit", **fields})
    for purpose, (content, name) in files.items():
        data[f"file-{purpose}"] = (io.BytesIO(content), name)
    return login_as(cast.author).post(f"/{cast.event.slug}/submissions/new?type=paper", data=data,
                                      content_type="multipart/form-data")


def _by_field(html: str, purpose: str, suffix: str = "error") -> str:
    found = re.search(rf'id="file-{purpose}-{suffix}">(.*?)</(?:ul|p)>', html, re.S)
    return found.group(1) if found else ""


def _summary(html: str) -> str:
    found = re.search(r'<div class="form-errors" role="alert" id="file-summary">(.*?)</div>', html, re.S)
    return found.group(1) if found else ""


def test_two_refused_files_are_each_named_by_their_field_and_in_the_summary(cast, login_as):
    cast.paper.page_limit = 1
    db.session.commit()
    response = _post(cast, login_as, {"main": (pdf(pages=9), "long.pdf"), "supplementary": (b"plain text", "extra.zip")})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "long.pdf: 9 pages" in _by_field(html, "main")
    assert "extra.zip: judged by its content this is not" in _by_field(html, "supplementary")
    summary = _summary(html)
    assert "2 files to fix" in summary and "long.pdf" in summary and "extra.zip" in summary
    assert 'href="#file-main"' in summary and 'href="#file-supplementary"' in summary
    assert 'value="Keep this title"' in html
    assert db.session.query(Submission).count() == 0


def test_a_file_that_was_fine_is_named_as_the_one_to_choose_again(cast, login_as):
    response = _post(cast, login_as, {"main": (b"not a pdf at all", "paper.pdf"), "supplementary": (_zip(), "code.zip")})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "paper.pdf" in _by_field(html, "main") and "not a PDF" in _by_field(html, "main")
    assert _by_field(html, "supplementary") == ""  # the ZIP was fine...
    assert "code.zip" in _by_field(html, "supplementary", "again")  # ...and is to be chosen again
    assert "code.zip" in _summary(html) and "choose them again" in _summary(html)
    assert "paper.pdf" not in _by_field(html, "main", "again")


def test_a_too_big_file_and_a_wrong_one_both_appear(cast, login_as):
    cast.paper.max_file_mb = 1
    db.session.commit()
    big = b"%PDF-" + b"0" * (1024 * 1024 + 10)
    response = _post(cast, login_as, {"main": (big, "big.pdf"), "supplementary": (b"just text", "notes.zip")})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "big.pdf: larger than 1 MB" in _by_field(html, "main")
    assert "notes.zip" in _by_field(html, "supplementary")
    assert "2 files to fix" in _summary(html)


def test_a_form_error_names_every_chosen_file_to_choose_again(cast, login_as):
    response = _post(cast, login_as, {"main": (pdf(), "good.pdf")}, title="")
    html = response.get_data(as_text=True)
    assert "This field is required" in html
    assert "good.pdf" in _by_field(html, "main", "again") and "good.pdf" in _summary(html)
    assert db.session.query(Submission).count() == 0


def test_good_files_alone_are_saved(cast, login_as):
    response = _post(cast, login_as, {"main": (pdf(), "good.pdf"), "supplementary": (_zip(), "code.zip")})
    assert response.status_code == 302
    submission = db.session.query(Submission).one()
    assert sorted(f.original_name for f in submission.files) == ["code.zip", "good.pdf"]
