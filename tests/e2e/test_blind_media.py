"""In a real browser, the reviewers' blind copies still work under their own sandboxing CSP:
the image shows (upright: its orientation is the one tag kept), and opening it on its own
breaks no policy."""

import uuid
from datetime import timedelta

import pytest

from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from tests import factories as f
from tests.submissions import media

pytestmark = [pytest.mark.e2e, media.needs_ffmpeg]

SLUG = "blind-media"
PASSWORD = "blind-media-password"


@pytest.fixture(scope="module")
def blind_work(server):
    from reviewhub.submissions import services
    from reviewhub.submissions.core import Upload
    from reviewhub.submissions.services.types import ensure_default_types
    from tests.submissions.helpers import data_for

    with server.app().app_context():
        author = f.make_user(email="ada@blind.example", name=media.NAME, password=PASSWORD)
        reviewer = f.make_user(email="rita@reviewers.example.net", name="Rita Reviewer", password=PASSWORD)
        event = f.make_event(slug=SLUG, name="Blind Media", cfp_open=True, double_blind=True,
                             submission_open_at=utcnow() - timedelta(days=1),
                             submission_deadline_at=utcnow() + timedelta(days=10))
        f.add_role(event, reviewer, "reviewer")
        kinds = {t.key: t for t in ensure_default_types(event)}
        submission, _warnings, _job = services.save(
            event, by=author, data=data_for(author, artist_statement="A statement."), kind=kinds["creative"],
            uploads=[Upload("media", "portrait.jpg", media.jpeg()), Upload("media", "film.webm", media.webm())],
            client_token=uuid.uuid4().hex, submit_now=True)
        f.make_assignment(submission, reviewer)
        event.cfp_open = False  # the call closes, the review begins
        db.session.commit()
        files = {item.content_type: item.id for item in submission.files}
        assert all(item.blind_state == "clean" for item in submission.files)
        return submission.id, files


def test_the_reviewer_sees_the_blind_copy_of_an_image_under_its_sandbox(browsing, blind_work):
    sid, files = blind_work
    rita = browsing.person("Rita Reviewer", "rita@reviewers.example.net", PASSWORD)
    rita.login()
    page = rita.go(f"/{SLUG}/reviews/{sid}")
    # 24 x 16 pixels with EXIF orientation 6 (the one tag kept): shown upright, 16 wide.
    page.wait_for_function("() => [...document.images].some(i => i.complete && i.naturalWidth > 0)")
    assert page.evaluate("() => [...document.images].map(i => i.naturalWidth)").count(16) == 1
    for content_type in ("image/jpeg", "video/webm"):  # with the reviewer's cookies
        response = page.request.get(f"{browsing.server.url}/{SLUG}/reviews/{sid}/files/{files[content_type]}")
        assert response.status == 200 and response.headers["content-type"].startswith(content_type)
        assert response.headers["content-security-policy"].startswith("sandbox;")
        assert media.leaks(response.body()) == []
    page.goto(f"{browsing.server.url}/{SLUG}/reviews/{sid}/files/{files['image/jpeg']}")
    assert page.evaluate("() => document.images[0].naturalWidth") == 16, "the image document shows it"
    rita.shot("blind-copy-image")
    browsing.check_clean()
