"""Bad input on the submission form: messages by the fields, what was typed kept, and the
file asked for again in so many words (a browser cannot refill a file input)."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from tests import factories as f
from tests.e2e import media

pytestmark = pytest.mark.e2e

SLUG = "form-errors"
CONSENT = "If accepted, the title, abstract and authors may be published"
ABSTRACT = "Latent spaces as *instruments*: a study with twelve performers."


@pytest.fixture(scope="module")
def open_call(server):
    from reviewhub.submissions.services.types import ensure_default_types

    with server.app().app_context():
        event = f.make_event(slug=SLUG, name="Form Workshop", cfp_open=True, double_blind=True,
                             submission_open_at=utcnow() - timedelta(days=1),
                             submission_deadline_at=utcnow() + timedelta(days=10))
        ensure_default_types(event)
        f.make_user(email="fiona@authors.example", name="Fiona Fields", password="fields-password")
        db.session.commit()
    return SLUG


def _pdf(name: str = "instruments.pdf") -> dict:
    data = media.pdf_bytes("Latent spaces as instruments", ["A study with twelve performers."])
    return {"name": name, "mimeType": "application/pdf", "buffer": data}


def test_bad_input_is_shown_by_the_fields_and_what_was_typed_stays(browsing, open_call):
    fiona = browsing.person("Fiona Fields", "fiona@authors.example", "fields-password")
    fiona.login()
    fiona.go(f"/{open_call}/")
    fiona.nav("Call")
    fiona.click("Start a submission", role="link")
    fiona.click("Paper", role="link")
    page = fiona.page

    # No title, and AI use without saying which tools; a good PDF chosen.
    page.get_by_label("Abstract (Markdown)").fill(ABSTRACT)
    page.get_by_label("Keywords", exact=True).fill("performance, latent space")
    page.get_by_label("AI tools assisted the work", exact=True).check()
    page.get_by_label(CONSENT, exact=True).check()
    page.get_by_label("Paper (PDF)").set_input_files(files=[_pdf()])
    fiona.click("Submit")

    expect(page.get_by_role("alert").first).to_contain_text("Please correct the fields marked below.")
    expect(page.locator("#title-error")).to_contain_text("This field is required.")
    expect(page.get_by_label("Title", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#ai_use_details-error")).to_contain_text("Say which AI tools were used and how.")
    # What was typed and chosen is still there; the file went ahead in chunks (issue 22), so
    # the server keeps it for the next try and says so.
    expect(page.get_by_label("Abstract (Markdown)")).to_have_value(ABSTRACT)
    expect(page.get_by_label("Keywords", exact=True)).to_have_value("performance, latent space")
    expect(page.get_by_label("AI tools assisted the work", exact=True)).to_be_checked()
    expect(page.get_by_label(CONSENT, exact=True)).to_be_checked()
    expect(page.locator(".author-row").first.get_by_label("Email")).to_have_value(fiona.email)
    expect(page.get_by_text("Uploaded and kept: instruments.pdf", exact=False)).to_be_visible()
    fiona.shot("submission-form-errors")

    # Title and tools given, but the "PDF" is really text: the message names the file.
    page.get_by_label("Title", exact=True).fill("Latent Spaces as Instruments")
    page.get_by_label("Which AI tools, and how").fill("A language model proofread the text.")
    page.get_by_label("Paper (PDF)").set_input_files(
        files=[{"name": "fake.pdf", "mimeType": "application/pdf", "buffer": b"just some text, not a PDF"}])
    fiona.click("Submit")
    alert = page.get_by_role("alert").first
    expect(alert).to_contain_text("fake.pdf: judged by its content this is not a PDF.")
    expect(page.get_by_label("Title", exact=True)).to_have_value("Latent Spaces as Instruments")
    expect(page.get_by_label("Which AI tools, and how")).to_have_value("A language model proofread the text.")

    # The real file chosen again: the submission goes in.
    page.get_by_label("Paper (PDF)").set_input_files(files=[_pdf()])
    fiona.click("Submit")
    expect(page.locator(".flash")).to_contain_text("Submitted: every author gets a receipt by email.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Latent Spaces as Instruments")
    fiona.sees("instruments.pdf")
    fiona.inbox("received")
    browsing.check_clean()
