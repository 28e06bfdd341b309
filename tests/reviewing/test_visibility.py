"""Who sees what: pseudonyms, the submit-first rule, double-blind, conflicted organizers, authors."""

from datetime import timedelta

import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing import discussion
from reviewhub.reviewing.queries import author_visible_reviews
from tests import factories as f
from tests.reviewing.conftest import submit_review


def _page(client, cast):
    return client.get(f"/{cast.event.slug}/reviews/{cast.submission.id}")


def test_reviewer_sees_others_only_after_submitting_and_only_pseudonyms(cast, login_as):
    submit_review(cast.assignments[1], cast.reviewers[1], comments_to_authors="Second opinion here",
                  confidential_comments="Secret for organizers")
    client = login_as(cast.reviewers[0])
    before = _page(client, cast).get_data(as_text=True)
    assert "Second opinion here" not in before and "once you have submitted your own" in before
    submit_review(cast.assignments[0], cast.reviewers[0])
    after = _page(client, cast).get_data(as_text=True)
    assert "Second opinion here" in after and "Reviewer 2" in after and "Reviewer 1 (you)" in after
    assert "Real Reviewer 1" not in after and "Secret for organizers" not in after


def test_double_blind_hides_authors_single_blind_shows_them(cast, login_as):
    client = login_as(cast.reviewers[0])
    page = _page(client, cast).get_data(as_text=True)
    assert "Alice Author" not in page and "Secret University" not in page and cast.author.email not in page
    cast.event.double_blind = False
    db.session.commit()
    assert "Alice Author" in _page(client, cast).get_data(as_text=True)


def test_file_route_uses_a_generic_name(cast, login_as):
    from reviewhub import storage
    from reviewhub.submissions.models import SubmissionFile
    from reviewhub.submissions.pdfgen import make_pdf

    # A row stored without a blind copy (as before blind copies existed): cleaned when asked.
    stored = storage.save_bytes(make_pdf("T", "x", info={"Author": "Alice Author"}), suffix=".pdf")
    item = SubmissionFile(submission_id=cast.submission.id, purpose="main", kind="pdf",
                          original_name="Alice Author final.pdf", content_type="application/pdf",
                          size=stored.size, sha256=stored.sha256, storage_key=stored.key)
    db.session.add(item)
    db.session.commit()
    client = login_as(cast.reviewers[0])
    assert "Alice Author final" not in _page(client, cast).get_data(as_text=True)
    response = client.get(f"/{cast.event.slug}/reviews/{cast.submission.id}/files/{item.id}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert b"Alice Author" not in response.data
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("inline") and "Alice" not in disposition and "submission-1-paper" in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_organizer_sees_names_and_confidential_answers(cast, login_as):
    submit_review(cast.assignments[0], cast.reviewers[0], confidential_comments="Between us")
    page = _page(login_as(cast.organizer), cast).get_data(as_text=True)
    assert "Real Reviewer 0" in page and "Between us" in page


def test_conflicted_organizer_sees_nothing_of_the_submission(cast, login_as):
    submit_review(cast.assignments[0], cast.reviewers[0], overall="1")
    submit_review(cast.assignments[1], cast.reviewers[1], overall="5")
    f.make_assignment(cast.other, cast.reviewers[2])
    db.session.commit()
    client = login_as(cast.conflicted_organizer)
    assert _page(client, cast).status_code == 404
    ranking = client.get(f"/{cast.event.slug}/reviews/ranking").get_data(as_text=True)
    assert "Dreaming machines" not in ranking and "1 of 1 submissions" in ranking and "Other work" in ranking
    assert "disagreement</span>" not in ranking
    csv = client.get(f"/{cast.event.slug}/reviews/ranking.csv").get_data(as_text=True)
    assert "Dreaming machines" not in csv and csv.count("\n") == 2
    progress = client.get(f"/{cast.event.slug}/reviews/progress").get_data(as_text=True)
    assert "Dreaming machines" not in progress and "0 of 1 reviews submitted" in progress
    assert "Real Reviewer 0" not in progress and "Real Reviewer 1" not in progress
    # The unconflicted organizer sees both, and the aggregates are right.
    full = login_as(cast.organizer).get(f"/{cast.event.slug}/reviews/ranking").get_data(as_text=True)
    assert "Dreaming machines" in full and "2 of 2 submissions" in full and ">3.00<" in full
    assert "disagreement</span>" in full
    assert "2 of 4 reviews submitted" in login_as(cast.organizer).get(
        f"/{cast.event.slug}/reviews/progress").get_data(as_text=True)


def test_author_visible_reviews_hide_names_and_organizer_answers(cast):
    submit_review(cast.assignments[0], cast.reviewers[0], confidential_comments="Do not tell")
    submit_review(cast.assignments[2], cast.reviewers[2], comments_to_authors="Third view")
    shown = author_visible_reviews(cast.submission)
    assert [r["reviewer"] for r in shown] == ["Reviewer 1", "Reviewer 3"]
    text = repr(shown)
    assert "Do not tell" not in text and "Real Reviewer" not in text and "Third view" in text
    assert "Reviewer confidence" not in text  # a reviewers-only question


def test_authors_cannot_open_reviewing_pages(cast, login_as):
    submit_review(cast.assignments[0], cast.reviewers[0])
    client = login_as(cast.author)
    slug, sid = cast.event.slug, cast.submission.id
    for path in (f"/{slug}/reviews/{sid}", f"/{slug}/reviews/{sid}/review", f"/{slug}/reviews/ranking"):
        assert client.get(path).status_code in (403, 404)


def test_comments_respect_visibility_and_digest_is_hourly(cast, login_as, outbox):
    for i in range(2):
        submit_review(cast.assignments[i], cast.reviewers[i])
    base = utcnow().replace(minute=5, second=0, microsecond=0)
    discussion.add_comment(cast.submission, by=cast.reviewers[0], body="First **point**", visibility="reviewers",
                           now=base)
    discussion.add_comment(cast.submission, by=cast.organizer, body="Org only note", visibility="organizers",
                           now=base + timedelta(minutes=10))
    discussion.add_comment(cast.submission, by=cast.reviewers[0], body="Second point", visibility="reviewers",
                           now=base + timedelta(minutes=20))
    db.session.commit()
    rows = outbox()
    to_reviewer = [r for r in rows if r.to_email == cast.reviewers[1].email]
    assert len(to_reviewer) == 1  # one digest for the hour, listing both comments it may read
    body = to_reviewer[0].body_text
    assert "First **point**" in body and "Second point" in body and "Org only note" not in body
    assert "Reviewer 1" in body and "Real Reviewer 0" not in body
    assert to_reviewer[0].next_attempt_at == base.replace(minute=0) + timedelta(hours=1)
    assert not [r for r in rows if r.to_email == cast.reviewers[2].email]  # has not submitted yet
    assert not [r for r in rows if r.to_email in (cast.author.email, cast.conflicted_organizer.email)]
    discussion.add_comment(cast.submission, by=cast.reviewers[0], body="Next hour", visibility="reviewers",
                           now=base + timedelta(hours=1))
    db.session.commit()
    assert len([r for r in outbox() if r.to_email == cast.reviewers[1].email]) == 2
    page = _page(login_as(cast.reviewers[1]), cast).get_data(as_text=True)
    assert "<strong>point</strong>" in page and "Org only note" not in page
    assert page.index("First") < page.index("Second point") < page.index("Next hour")


def test_comment_markdown_is_sanitised_and_reviewers_cannot_post_privately(cast, login_as):
    submit_review(cast.assignments[0], cast.reviewers[0])
    client = login_as(cast.reviewers[0])
    url = f"/{cast.event.slug}/reviews/{cast.submission.id}/comments"
    assert client.post(url, data={"body": "<script>alert(1)</script> hi", "visibility": "reviewers"}).status_code == 302
    assert client.post(url, data={"body": "private", "visibility": "organizers"}).status_code == 400
    assert client.post(url, data={"body": "", "visibility": "reviewers"}).status_code == 400
    assert client.post(url, data={"body": "x" * 20001, "visibility": "reviewers"}).status_code == 400
    page = _page(client, cast).get_data(as_text=True)
    assert "<script>alert" not in page and "private" not in page
    from reviewhub.reviewing.models import Comment

    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 1
