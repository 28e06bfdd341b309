"""Threats through files (disguised uploads, how downloads are served) and mail headers (CR/LF)."""

import io
import re

import pytest
import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.submissions.models import SubmissionFile
from tests.access.rules import all_rules
from tests.access.world import build_world
from tests.mail.helpers import use_smtp

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
XHTML = b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(3)</script></html>'

# What a file route may serve inline: media a browser shows without running anything.
INLINE_OK = re.compile(r"^(application/pdf|image/(png|jpeg|gif|webp)|audio/[\w.+-]+|video/[\w.+-]+|text/csv|"
                       r"text/calendar|application/json|application/xml|text/xml|text/plain|(application|text)/x-bibtex)$")
# Sessions may use these routes; the API's file route takes tokens only (tests/api/subs checks
# its headers the same way).
FILE_RULES = [r for r in all_rules() if r.method == "GET" and r.allowed
              and re.search(r"files/|photo|images/|\.\w+$", r.path)]


def _accepted_world(login_as):
    from tests.access.rules_decisions import _released_accept

    world = build_world()
    _released_accept(world)
    return world, login_as(world.users["author"])


@pytest.mark.parametrize("disguised", [HTML, SVG, XHTML, b"  \n" + HTML], ids=["html", "svg", "xhtml", "spaced"])
def test_html_or_svg_renamed_pdf_is_refused_and_not_stored(app, login_as, disguised):
    world, author = _accepted_world(login_as)
    sid = world.submission.id
    for purpose, name in (("camera_ready", "paper.pdf"), ("final_media", "poster.png")):
        response = author.post(f"/{world.slug}/decisions/mine/{sid}/final", data={
            f"u{sid}-purpose": purpose, f"u{sid}-file": (io.BytesIO(disguised), name)},
            content_type="multipart/form-data")
        assert response.status_code == 400, purpose
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SubmissionFile)) == 0


def test_a_real_pdf_is_accepted_so_the_refusal_can_fail(app, login_as):
    world, author = _accepted_world(login_as)
    sid = world.submission.id
    response = author.post(f"/{world.slug}/decisions/mine/{sid}/final", data={
        f"u{sid}-purpose": "camera_ready", f"u{sid}-file": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "paper.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302


@pytest.mark.parametrize("access_rule", FILE_RULES, ids=lambda r: r.id)
def test_every_download_is_an_attachment_or_inert_media_with_nosniff(app, login_as, access_rule):
    world = build_world()
    if access_rule.prepare:
        world.extra.update(access_rule.prepare(world) or {})
    role = "organizer" if "organizer" in access_rule.allowed else sorted(access_rule.allowed)[0]
    response = login_as(world.users.get(role)).get(access_rule.path.format(**world.values()))
    assert response.status_code == 200, access_rule.id
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    disposition = response.headers.get("Content-Disposition", "")
    assert response.mimetype not in ("text/html", "image/svg+xml", "application/xhtml+xml"), access_rule.id
    assert disposition.startswith("attachment") or INLINE_OK.match(response.mimetype), (
        access_rule.id, response.mimetype, disposition)
    assert "\r" not in disposition and "\n" not in disposition


def test_stored_html_is_never_served_as_html_even_if_a_row_claims_it(app, login_as):
    """A file row that says text/html (an old import, a bug elsewhere) is still served inert."""
    from tests.security.helpers import add_file

    world = build_world()
    row = add_file(world.submission, data=HTML, name="x.html", content_type="text/html", kind="pdf")
    db.session.commit()
    response = login_as(world.users["organizer"]).get(f"/{world.slug}/reviews/{world.submission.id}/files/{row.id}")
    assert response.status_code == 200
    assert response.mimetype != "text/html" and response.headers["Content-Disposition"].startswith("attachment")


def test_cr_lf_in_title_and_name_adds_no_header_or_recipient(app, login_as, smtp_server):
    from reviewhub.decisions.services import ensure_default_outcomes
    from reviewhub.mail import delivery

    use_smtp(app, smtp_server)
    world = build_world()
    author, coauthor = world.users["author"], world.users["coauthor"]
    author.name = "Eve\r\nBcc: victim@example.org"
    world.submission.title = "Great\r\nBcc: bcc@evil.example\r\nX-Injected: yes\nSubject: other"
    world.event.name = "Workshop\r\nCc: cc@evil.example"
    for row in world.submission.authors:
        if row.user_id == author.id:
            row.name = author.name
    outcomes = ensure_default_outcomes(world.event)
    db.session.commit()
    organizer = login_as(world.users["organizer"])
    s, sid = world.slug, world.submission.id
    assert organizer.post(f"/{s}/decisions/submissions/{sid}", data={"outcome": str(outcomes[0].id)}).status_code == 302
    assert organizer.post(f"/{s}/decisions/release").status_code == 302
    delivery.deliver_pending()
    assert smtp_server.messages, "the release sent nothing, so nothing was tested"
    allowed = {author.email, coauthor.email}
    assert set(smtp_server.recipients()) <= allowed, smtp_server.recipients()
    for received in smtp_server.messages:
        message = received["message"]
        assert message["Bcc"] is None and message["Cc"] is None and message["X-Injected"] is None
        assert len(message.get_all("Subject")) == 1 and "\n" not in str(message["Subject"])
        assert "evil.example" not in " ".join(str(v) for k, v in message.items() if k.lower() in ("to", "cc", "bcc"))


@pytest.mark.parametrize("disguised", [HTML, SVG], ids=["html", "svg"])
def test_a_disguised_upload_on_the_submission_form_is_refused_and_nothing_half_saved(app, login_as, disguised):
    world = build_world()
    world.event.cfp_open = True
    db.session.commit()
    author = world.users["other_author"]
    form = {"title": "Disguised", "abstract_md": "A.", "authors-0-name": author.name,
            "authors-0-email": author.email, "authors-0-affiliation": "", "authors-0-position": "1",
            "contact": "0", "ai_use": "none", "presentation_preference": "either", "client_token": "disg1",
            "submit_now": "Submit", "file-main": (io.BytesIO(disguised), "paper.pdf")}
    response = login_as(author).post(f"/{world.slug}/submissions/new?type=paper", data=form,
                                     content_type="multipart/form-data")
    assert 400 <= response.status_code < 500
    assert b"Disguised" in response.data, "the author's input is kept"
    db.session.expire_all()
    from reviewhub.submissions.models import Submission

    assert db.session.scalar(sa.select(sa.func.count()).select_from(Submission).where(
        Submission.title == "Disguised")) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SubmissionFile)) == 0
