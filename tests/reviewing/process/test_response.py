"""The author response: who may write it, the word limit, the lock, the optimistic lock, mail."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub.errors import DeadlinePassed, InvalidTransition, StaleEdit
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing.process import response as responses
from reviewhub.reviewing.process.models import AuthorResponse, ReviewProcessSettings
from tests import factories as f
from tests.reviewing.conftest import submit_review
from tests.reviewing.process.conftest import open_response


def _ready(cast, **kw):
    for assignment, reviewer in zip(cast.assignments[:2], cast.reviewers[:2], strict=True):
        submit_review(assignment, reviewer, comments_to_authors=f"Thoughts of {reviewer.name}.")
    return open_response(cast.event, **kw)


def test_an_event_without_the_setting_has_no_response_page(cast, login_as):
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ReviewProcessSettings)) == 0
    assert login_as(cast.author).get(f"/{cast.event.slug}/reviews/{cast.submission.id}/response").status_code == 404
    page = login_as(cast.author).get(f"/{cast.event.slug}/submissions/{cast.submission.id}")
    assert b"Author response" not in page.data


def test_author_reads_reviews_under_pseudonyms_without_scores(cast, login_as):
    _ready(cast)
    page = login_as(cast.author).get(f"/{cast.event.slug}/reviews/{cast.submission.id}/response")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Reviewer 1" in text and "Thoughts of Real Reviewer 0." in text
    assert "Real Reviewer" not in text.replace("Thoughts of Real Reviewer 0.", "").replace(
        "Thoughts of Real Reviewer 1.", "")
    assert "Overall" not in text and "Scores are hidden" in text
    assert 'data-word-limit="50"' in text


def test_scores_are_shown_when_the_event_says_so(cast, login_as):
    _ready(cast, shows_scores=True)
    text = login_as(cast.author).get(f"/{cast.event.slug}/reviews/{cast.submission.id}/response").get_data(as_text=True)
    assert "Overall" in text


def test_every_author_may_write_and_others_may_not(cast, login_as):
    _ready(cast)
    path = f"/{cast.event.slug}/reviews/{cast.submission.id}/response"
    assert login_as(cast.conflicted_organizer).post(path, data={"body": "We thank the reviewers.", "version": "0"}).status_code == 302
    for outsider in (cast.reviewers[0], cast.organizer, f.make_user()):
        db.session.commit()
        assert login_as(outsider).post(path, data={"body": "Hijack", "version": "1"}).status_code == 404
    saved = db.session.scalar(sa.select(AuthorResponse))
    assert saved.body_md == "We thank the reviewers." and saved.version == 1


def test_word_limit_is_enforced_on_the_server_and_input_is_kept(cast, login_as):
    _ready(cast, limit=5)
    path = f"/{cast.event.slug}/reviews/{cast.submission.id}/response"
    answer = login_as(cast.author).post(path, data={"body": "one two three four five six", "version": "0"})
    assert answer.status_code == 400
    text = answer.get_data(as_text=True)
    assert "6 words: the limit is 5" in text and "one two three four five six" in text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuthorResponse)) == 0


def test_bad_input_gets_a_message_not_a_500(cast, login_as):
    _ready(cast)
    path = f"/{cast.event.slug}/reviews/{cast.submission.id}/response"
    client = login_as(cast.author)
    assert client.post(path, data={"body": "   ", "version": "0"}).status_code == 400
    assert b"Write your response first" in client.post(path, data={"body": "", "version": "0"}).data
    assert client.post(path, data={"body": "x", "version": "0", "reply_999999": "stray"}).status_code == 400
    assert client.post(path, data={"body": "x", "version": "abc"}).status_code == 409
    assert client.post(path, data={"body": "x" * 100_001, "version": "0"}).status_code == 400


def test_a_reply_under_a_review_is_limited_and_shown_to_reviewers(cast, login_as):
    _ready(cast, limit=3)
    aid = cast.assignments[0].id
    with pytest.raises(responses.InvalidResponse) as error:
        responses.save_response(cast.submission, by=cast.author, body="ok", replies={str(aid): "a b c d"},
                                expected_version=0)
    assert str(aid) in error.value.errors
    responses.save_response(cast.submission, by=cast.author, body="Thanks all.",
                            replies={str(aid): "We fixed it."}, expected_version=0)
    db.session.commit()
    page = login_as(cast.reviewers[0]).get(f"/{cast.event.slug}/reviews/{cast.submission.id}")
    text = page.get_data(as_text=True)
    assert "Author response" in text and "Thanks all." in text and "We fixed it." in text


def test_markdown_of_the_response_is_sanitised(cast, login_as):
    _ready(cast)
    responses.save_response(cast.submission, by=cast.author, body="<script>alert(1)</script> **bold**",
                            replies={}, expected_version=0)
    db.session.commit()
    text = login_as(cast.organizer).get(f"/{cast.event.slug}/reviews/{cast.submission.id}").get_data(as_text=True)
    assert "<strong>bold</strong>" in text and "<script>alert(1)" not in text


def test_the_response_is_locked_at_the_deadline_on_the_server_clock(cast, login_as):
    row = _ready(cast)
    responses.save_response(cast.submission, by=cast.author, body="Before.", replies={}, expected_version=0)
    with pytest.raises(DeadlinePassed):
        responses.save_response(cast.submission, by=cast.author, body="After.", replies={}, expected_version=1,
                                now=row.response_deadline_at)
    row.response_deadline_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    path = f"/{cast.event.slug}/reviews/{cast.submission.id}/response"
    page = login_as(cast.author).get(path)
    assert page.status_code == 200 and b"locked" in page.data and b"Save response" not in page.data
    assert login_as(cast.author).post(path, data={"body": "Too late", "version": "1"}).status_code == 403
    assert db.session.scalar(sa.select(AuthorResponse.body_md)) == "Before."


def test_nothing_before_the_period_opens(cast, login_as):
    _ready(cast, opens=2)
    with pytest.raises(InvalidTransition):
        responses.save_response(cast.submission, by=cast.author, body="Early.", replies={}, expected_version=0)
    assert login_as(cast.author).get(f"/{cast.event.slug}/reviews/{cast.submission.id}/response").status_code == 404


def test_a_stale_edit_shows_what_changed_instead_of_overwriting(cast, login_as):
    _ready(cast)
    responses.save_response(cast.submission, by=cast.author, body="Alice's text.", replies={}, expected_version=0)
    db.session.commit()
    with pytest.raises(StaleEdit) as error:
        responses.save_response(cast.submission, by=cast.conflicted_organizer, body="Carl's text.", replies={},
                                expected_version=0)
    assert error.value.changes == [("Response", "Carl's text.", "Alice's text.")]
    answer = login_as(cast.conflicted_organizer).post(
        f"/{cast.event.slug}/reviews/{cast.submission.id}/response", data={"body": "Carl's text.", "version": "0"})
    assert answer.status_code == 409
    text = answer.get_data(as_text=True)
    assert "Alice&#39;s text." in text and "Carl&#39;s text." in text
    assert db.session.scalar(sa.select(AuthorResponse.body_md)) == "Alice's text."


def test_reviewers_and_organizers_are_told_once(cast, outbox):
    _ready(cast)
    responses.save_response(cast.submission, by=cast.author, body="v1", replies={}, expected_version=0)
    responses.save_response(cast.submission, by=cast.author, body="v2", replies={}, expected_version=1)
    db.session.commit()
    mails = [m for m in outbox() if m.dedupe_key.startswith("reviewing/response_arrived")]
    recipients = sorted(m.to_email for m in mails)
    expected = sorted([r.email for r in cast.reviewers] + [cast.organizer.email])
    assert recipients == expected  # the conflicted organizer (an author) is not told
    assert all("Alice" not in m.body_text and "Secret University" not in m.body_text for m in mails)
