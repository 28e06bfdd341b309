"""Issue 18 point 12: people read words, not stored keys, and plurals agree with their count
(one helper, reviewhub.words, registered as Jinja filters)."""

import io
import re

from reviewhub.extensions import db
from tests import factories as f
from tests.submissions.helpers import draft, form_data, pdf


def _text(html: str) -> str:
    """The page's visible text (tags dropped), to look for raw keys outside attributes."""
    return re.sub(r"<[^>]+>", " ", html)


def test_a_creative_work_with_a_pdf_as_media_says_not_an_image(cast, login_as):
    data = form_data(cast.author, artist_statement="A statement.", submit_now="Submit")
    data["file-media"] = (io.BytesIO(pdf()), "song.pdf")
    response = login_as(cast.author).post(f"/{cast.event.slug}/submissions/new?type=creative", data=data,
                                          content_type="multipart/form-data")
    assert response.status_code in (400, 422)
    assert ("not an image (PNG, JPEG, WebP, GIF, TIFF), audio (MP3, WAV, FLAC, OGG, M4A) or video (MP4, WebM, MOV)"
            in response.text)
    assert "not a image" not in response.text


def test_a_submitted_work_is_saved_with_save_changes_not_save_draft(cast, login_as):
    submission = draft(cast.event, cast.author)
    client = login_as(cast.author)
    draft_form = client.get(f"/{cast.event.slug}/submissions/{submission.id}/edit").text
    assert 'value="Save draft"' in draft_form and 'value="Submit"' in draft_form
    submission.status = "submitted"
    db.session.commit()
    edit = client.get(f"/{cast.event.slug}/submissions/{submission.id}/edit").text
    assert 'value="Save changes"' in edit and "Save draft" not in edit and 'value="Submit"' not in edit


def test_statuses_types_and_ai_use_are_shown_as_words(cast, login_as):
    submission = draft(cast.event, cast.author, ai_use="assisted", ai_use_details="A spell checker.")
    client = login_as(cast.author)
    mine = _text(client.get(f"/{cast.event.slug}/submissions/mine").text)
    assert "Draft" in mine and " draft " not in mine
    show = _text(client.get(f"/{cast.event.slug}/submissions/{submission.id}").text)
    assert "AI tools assisted the work" in show and "Use of AI: assisted" not in show.replace("  ", " ")


def test_the_types_list_says_one_media_file_of_any_kind(cast, login_as):
    page = login_as(cast.organizer).get(f"/{cast.event.slug}/manage/submission-types").text
    assert "at least one media file (image, audio or video)" in page
    assert "requires image, audio, video" not in page


def test_the_schedule_editor_and_speakers_show_kinds_as_words(app, login_as):
    from reviewhub.program import services
    from tests.program.helpers import decide, program_event

    organizer = f.make_user()
    event = program_event(organizer=organizer)
    services.create_speaker(event, by=organizer, name="Kay Note", kind="keynote")
    decide(f.make_submission(event, title="A talk"), "accept_talk")
    db.session.commit()
    editor = _text(login_as(organizer).get(f"/{event.slug}/program/manage/schedule").text)
    assert "Invited talk" in editor and "Contributed talk" in editor
    assert "Kay Note (Keynote speaker)" in editor and "(keynote)" not in editor
    assert "A talk (Contributed talk)" in editor and "(talk)" not in editor
    for key in ("invited_talk", "contributed_talk", "poster_session", "round_table"):
        assert key not in editor


def test_one_decision_is_singular_on_the_release_page(app, login_as):
    from reviewhub.decisions import services

    organizer = f.make_user()
    event = f.make_event(organizer=organizer)
    talk, _poster, _reject = services.ensure_default_outcomes(event)
    services.decide(f.make_submission(event, author=f.make_user()), talk, by=organizer)
    db.session.commit()
    page = login_as(organizer).get(f"/{event.slug}/decisions/release").text
    assert "1 decision, 1 email in all." in page and "1 decisions" not in page


def test_save_bids_after_autosave_does_not_report_zero_bids_changed(app, login_as):
    event, reviewer = f.make_event(), f.make_user()
    f.add_role(event, reviewer, "reviewer")
    submission = f.make_submission(event, author=f.make_user())
    db.session.commit()
    client = login_as(reviewer)
    url = f"/{event.slug}/assignment/bids"
    client.post(url, data={f"bid-{submission.id}": "eager"}, headers={"X-Requested-With": "fetch"})
    page = client.post(url, data={f"bid-{submission.id}": "eager"}, follow_redirects=True).text
    assert "bid(s)" not in page and "0 bid" not in page
    assert "every bid was already saved" in page
    page = client.post(url, data={f"bid-{submission.id}": "willing"}, follow_redirects=True).text
    assert "Saved: 1 bid changed." in page
