"""A chair's own question, end to end in a real browser: the chair adds it, an author answers it
on the submission form, the chair finds the submission by a search on that answer, tags it and
mails its authors, and the mail arrives at the SMTP server."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from tests import factories as f
from tests.e2e import media

pytestmark = pytest.mark.e2e

SLUG = "own-questions"
QUESTION = "Will one author attend in person?"


@pytest.fixture(scope="module")
def event(server):
    from reviewhub.submissions.services.types import ensure_default_types

    with server.app().app_context():
        chair = f.make_user(email="chair@questions.example", name="Chandra Chair", password="chair-password")
        made = f.make_event(slug=SLUG, name="Questions Workshop", organizer=chair, cfp_open=True,
                            submission_open_at=utcnow() - timedelta(days=1),
                            submission_deadline_at=utcnow() + timedelta(days=10))
        ensure_default_types(made)
        f.make_user(email="aki@authors.example", name="Aki Author", password="author-password")
        db.session.commit()
    return SLUG


def test_a_chair_asks_finds_tags_and_mails_by_an_answer(browsing, event):
    chair = browsing.person("Chandra Chair", "chair@questions.example", "chair-password")
    chair.login()
    chair.go(f"/{event}/manage/submission-types")
    chair.click("Questions on the submission form", role="link")
    chair.click("Add a question to the submission form", role="link")
    page = chair.page
    page.get_by_label("Question", exact=True).fill(QUESTION)
    page.get_by_label("Search key").fill("attend")
    page.get_by_label("Kind", exact=True).select_option("single")
    page.get_by_label("Options (choice kinds), one per line").fill("yes\nno")
    page.get_by_label("Required (when submitting)").check()
    chair.click("Save the question")
    expect(page.locator(".flash")).to_contain_text("The question is saved.")

    aki = browsing.person("Aki Author", "aki@authors.example", "author-password")
    aki.login()
    aki.go(f"/{event}/submissions/new?type=paper")
    form = aki.page
    form.get_by_label("Title", exact=True).fill("Duets with a diffusion model")
    form.get_by_label("Abstract (Markdown)").fill("Twelve duets between a pianist and a diffusion model.")
    form.get_by_label("If accepted, the title, abstract and authors may be published", exact=True).check()
    form.get_by_label("Paper (PDF)").set_input_files(files=[{
        "name": "duets.pdf", "mimeType": "application/pdf",
        "buffer": media.pdf_bytes("Duets with a diffusion model", ["Twelve duets."])}])
    form.get_by_role("group", name=QUESTION).get_by_label("yes", exact=True).check()
    aki.click("Submit")
    expect(form.locator(".flash")).to_contain_text("Submitted")
    aki.sees(QUESTION)

    chair.go(f"/{event}/manage/tags/")
    page.get_by_label("Name").fill("in-person")
    chair.click("Create tag")
    chair.go(f"/{event}/manage/submissions")
    page.get_by_label("Search", exact=True).fill("qa:attend=yes")
    chair.click("Filter")
    expect(page.get_by_role("table")).to_contain_text("Duets with a diffusion model")
    page.get_by_label("Select #1").check()
    page.get_by_label("Tag", exact=True).fill("in-person")
    chair.click("Apply the tag")
    expect(page.locator(".flash")).to_contain_text("1 submission tagged #in-person")

    chair.click("Mail the authors of this search", role="link")
    page.get_by_label("Subject").fill("Your visit to the workshop")
    page.get_by_label("Message").fill("Dear authors, we look forward to meeting you in person.")
    chair.click("Preview")
    expect(page.locator("#recipient-count")).to_have_text("1 recipient")
    since = browsing.mailbox.mark()
    chair.click("Send to 1 recipient")
    mail = aki.inbox("Your visit to the workshop", since=since)
    assert "meeting you in person" in mail.text
    browsing.check_clean()
