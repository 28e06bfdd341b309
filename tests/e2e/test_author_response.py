"""In a real browser: an author writes the response with the live word count, the reviewer is
told by mail, reads it and updates the review; the organizer sees the score before and after."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from tests import factories as f

pytestmark = pytest.mark.e2e

SLUG = "rebuttal-workshop"
PASSWORD = "response-password"
COMPLETE = {"overall": "2", "confidence": "3", "originality": "3", "technical_quality": "2",
            "clarity": "3", "relevance": "4", "comments_to_authors": "The evaluation is too thin."}


@pytest.fixture(scope="module")
def response_event(server):
    """One submission, reviewed before the (now passed) review deadline; the response period
    runs now with a 12-word limit (made directly: this test is about the response)."""
    from reviewhub.reviewing import services
    from reviewhub.reviewing.form_services import ensure_default_forms
    from reviewhub.reviewing.process import settings

    with server.app().app_context():
        organizer = f.make_user(email="olga@response.example", name="Olga Chair", password=PASSWORD)
        event = f.make_event(slug=SLUG, name="Rebuttal Workshop", organizer=organizer, cfp_open=False,
                             review_deadline_at=utcnow() + timedelta(days=1))
        author = f.make_user(email="ann@authors.example", name="Ann Author", password=PASSWORD)
        reviewer = f.make_user(email="rex@reviewers.example", name="Rex Reviewer", password=PASSWORD)
        f.add_role(event, reviewer, "reviewer")
        submission = f.make_submission(event, author=author, title="Painting with Diffusion")
        assignment = f.make_assignment(submission, reviewer)
        ensure_default_forms(event)
        services.save_review(assignment, by=reviewer, raw=COMPLETE, submit=True, expected_version=0)
        event.review_deadline_at = utcnow() - timedelta(hours=1)
        settings.update_settings(event, by=organizer, response_enabled=True,
                                 response_opens_at=utcnow() - timedelta(hours=1),
                                 response_deadline_at=utcnow() + timedelta(days=1), response_word_limit=12)
        db.session.commit()
        return {"sid": submission.id}


def test_author_responds_and_reviewer_updates_the_review(browsing, response_event):
    sid = response_event["sid"]
    ann = browsing.person("Ann Author", "ann@authors.example", PASSWORD)
    ann.login()
    ann.go(f"/{SLUG}/submissions/{sid}")
    ann.click("Author response to the reviews", role="link")
    page = ann.page
    expect(page.get_by_role("heading", level=1)).to_contain_text("Response to the reviews")
    ann.sees("The evaluation is too thin.")
    ann.sees("Scores are hidden")
    body = page.get_by_label("Response to all reviewers (Markdown)")
    count = page.locator("#body-count")
    expect(count).to_have_text("0 of 12 words")
    body.fill("We thank the reviewer and added three new experiments with user studies and ablations today.")
    expect(count).to_contain_text("15 of 12 words: 3 over the limit")
    expect(count).to_have_class("hint word-count over")
    ann.shot("response-over-limit")
    ann.click("Save response")  # the server refuses it too, and keeps the text
    expect(page.locator("#body-error")).to_contain_text("15 words: the limit is 12")
    expect(body).to_have_value("We thank the reviewer and added three new experiments with user studies and ablations today.")
    body.fill("We added three new experiments with **user studies**, see section 5.")
    expect(count).to_have_text("11 of 12 words")
    ann.click("Save response")
    assert "Your response is saved" in ann.flash()
    ann.shot("response-saved")

    rex = browsing.person("Rex Reviewer", "rex@reviewers.example", PASSWORD)
    mail = rex.inbox("responded to the reviews")
    assert "Ann" not in mail.text
    rex.login()
    rex.follow(mail.link())
    rex.sees("We added three new experiments with")
    expect(rex.page.locator("#response strong")).to_have_text("user studies")
    rex.click("Open my review (submitted)", role="link")
    rex.sees("you may update your review")
    rex.page.get_by_role("radio", name="4: weak accept").first.check()
    rex.click("Save changes")
    assert "submitted" in rex.flash()

    olga = browsing.person("Olga Chair", "olga@response.example", PASSWORD)
    olga.login()
    olga.go(f"/{SLUG}/reviews/{sid}")
    olga.sees("updated after response")
    expect(olga.page.locator(".score-change")).to_have_text(
        "Overall score before the response: 2, now: 4")
    expect(olga.page.locator("#review-stage")).to_have_text("response")
    olga.shot("organizer-score-change")
    browsing.check_clean()
