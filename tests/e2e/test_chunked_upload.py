"""A paper sent in chunks by the form's JavaScript (issue 22): a progress bar, one chunk's
connection dropped mid-file and resumed from the offset the server holds, and the submission
stored with exactly the bytes chosen."""

import hashlib
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from bench.rushclient import make_pdf
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions.models import SubmissionFile
from reviewhub.uploads.models import ChunkedUpload
from tests import factories as f

pytestmark = pytest.mark.e2e

SLUG = "chunked"
CONSENT = "If accepted, the title, abstract and authors may be published"


@pytest.fixture(scope="module")
def open_call(server):
    from reviewhub.submissions.services.types import ensure_default_types

    with server.app().app_context():
        event = f.make_event(slug=SLUG, name="Chunk Workshop", cfp_open=True, double_blind=True,
                             submission_open_at=utcnow() - timedelta(days=1),
                             submission_deadline_at=utcnow() + timedelta(days=10))
        ensure_default_types(event)
        f.make_user(email="chuck@authors.example", name="Chuck Chunks", password="chunks-password")
        db.session.commit()
    return SLUG


def test_a_dropped_chunk_is_resumed_and_the_paper_arrives_whole(browsing, server, open_call):
    chuck = browsing.person("Chuck Chunks", "chuck@authors.example", "chunks-password")
    chuck.login()
    chuck.go(f"/{open_call}/submissions/new?type=paper")
    page = chuck.page
    data = make_pdf("chuck", 1_200_000)  # five chunks of 256 kB
    asked = []

    def drop_the_second_chunk(route):
        request = route.request
        asked.append((request.method, request.headers.get("upload-offset")))
        if request.method == "PATCH" and sum(1 for m, _ in asked if m == "PATCH") == 2:
            route.abort("connectionreset")  # the connection drops mid-file
        else:
            route.continue_()

    page.route("**/uploads/*", drop_the_second_chunk)
    page.get_by_label("Title", exact=True).fill("Chunks Across the Wire")
    page.get_by_label("Abstract (Markdown)").fill("A paper sent in pieces.")
    page.get_by_label(CONSENT, exact=True).check()
    page.get_by_label("Paper (PDF)").set_input_files(files=[{"name": "chunks.pdf", "mimeType": "application/pdf",
                                                             "buffer": data}])
    chuck.click("Submit")
    expect(page.locator(".flash")).to_contain_text("Submitted: every author gets a receipt by email.", timeout=60_000)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chunks Across the Wire")

    patches = [offset for method, offset in asked if method == "PATCH"]
    assert ("GET", None) in asked, "after the drop the form asked the server for its offset"
    assert patches[1] == patches[2] == "262144", "the dropped chunk was sent again from the held offset"
    with server.app().app_context():
        stored = db.session.scalar(sa.select(SubmissionFile).where(SubmissionFile.original_name == "chunks.pdf"))
        assert stored.sha256 == hashlib.sha256(data).hexdigest() and stored.size == len(data)
        assert db.session.scalar(sa.select(sa.func.count(ChunkedUpload.id))) == 0
    # The one chunk the test dropped is the only console error (and the one expected).
    dropped = [e for e in browsing.console_errors if "ERR_CONNECTION_RESET" in e and "/uploads/" in e]
    assert len(dropped) == 1
    browsing.console_errors.remove(dropped[0])
    browsing.check_clean()
