"""Reviewer pseudonyms are given once per submission and kept: unassigning a reviewer renames
no one, and a new reviewer never takes a removed one's number (HotCRP's and OpenReview's rule)."""

import re
from datetime import timedelta

import sqlalchemy as sa

from reviewhub.assignment.models import Assignment
from reviewhub.assignment.services import runs
from reviewhub.decisions import queries as decision_queries
from reviewhub.decisions import services as decisions
from reviewhub.extensions import db
from reviewhub.mail.models import OutboxMessage
from reviewhub.models_base import utcnow
from reviewhub.reviewing import discussion
from reviewhub.reviewing.queries import author_visible_reviews, pseudonym_of
from tests import factories as f
from tests.reviewing.conftest import submit_review


def _unassign_first(cast, login_as):
    """The organizer unassigns Reviewer 1 (who never started) through the assignment page."""
    assignment_id = cast.assignments[0].id
    response = login_as(cast.organizer).post(f"/{cast.event.slug}/assignment/assignments/{assignment_id}/remove")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Assignment, assignment_id) is None


def _named(text: str, number: int) -> bool:
    """Whether the text shows the pseudonym (not a user called "Real Reviewer 1")."""
    return re.search(rf"(?<!Real )Reviewer {number}\b", text) is not None


def _numbers(submission) -> list[int]:
    return list(db.session.scalars(sa.select(Assignment.reviewer_number).where(
        Assignment.submission_id == submission.id).order_by(Assignment.reviewer_number)))


def test_unassigning_a_reviewer_renames_no_one_on_the_reviews_page_or_in_the_thread(cast, login_as):
    submit_review(cast.assignments[1], cast.reviewers[1], comments_to_authors="Second view")
    submit_review(cast.assignments[2], cast.reviewers[2], comments_to_authors="Third view")
    discussion.add_comment(cast.submission, by=cast.reviewers[2], body="Before the change",
                           visibility="reviewers")
    db.session.commit()
    _unassign_first(cast, login_as)
    discussion.add_comment(cast.submission, by=cast.reviewers[2], body="After the change",
                           visibility="reviewers")
    db.session.commit()
    page = login_as(cast.reviewers[1]).get(f"/{cast.event.slug}/reviews/{cast.submission.id}")
    text = page.get_data(as_text=True)
    assert "Reviewer 2 (you)" in text and "Reviewer 3" in text and not _named(text, 1)
    assert "Real Reviewer 2" not in text
    assert pseudonym_of(cast.submission, cast.reviewers[2].id) == "Reviewer 3"
    # The hourly digest to the co-reviewer names the commenter as the thread does.
    [digest] = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.to_email == cast.reviewers[1].email)).all()
    assert "After the change" in digest.body_text and "Reviewer 3" in digest.body_text
    assert "Reviewer 2:" not in digest.body_text and not _named(digest.body_text, 1)
    organizer_page = login_as(cast.organizer).get(
        f"/{cast.event.slug}/reviews/{cast.submission.id}").get_data(as_text=True)
    assert "Reviewer 3: Real Reviewer 2" in organizer_page


def test_authors_read_the_same_pseudonyms_after_an_unassignment_in_pages_and_mail(cast, login_as):
    submit_review(cast.assignments[1], cast.reviewers[1], comments_to_authors="Second view")
    submit_review(cast.assignments[2], cast.reviewers[2], comments_to_authors="Third view")
    _unassign_first(cast, login_as)
    event = cast.event
    event.reviews_visible_to_authors = True
    talk, _poster, _reject = decisions.ensure_default_outcomes(event)
    decisions.decide(cast.submission, talk, by=cast.organizer)
    decisions.release(event, by=cast.organizer)
    db.session.commit()
    assert [r["reviewer"] for r in author_visible_reviews(cast.submission)] == ["Reviewer 2", "Reviewer 3"]
    batched = decision_queries.author_visible_reviews_many([cast.submission])[cast.submission.id]
    assert [(r.pseudonym, r.answers[-1][1]) for r in batched] == [
        ("Reviewer 2", "Second view"), ("Reviewer 3", "Third view")]
    [mail] = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.to_email == cast.author.email)).all()
    body = mail.body_text
    assert "Reviewer 2\n----------" in body and "Reviewer 3\n----------" in body
    assert body.index("Second view") < body.index("Reviewer 3") < body.index("Third view")
    assert not _named(body, 1)
    mine = login_as(cast.author).get(f"/{event.slug}/decisions/mine").get_data(as_text=True)
    assert "<h4>Reviewer 2</h4>" in mine and "<h4>Reviewer 3</h4>" in mine and not _named(mine, 1)


def test_a_reviewer_assigned_after_an_unassignment_gets_a_fresh_number(cast, login_as):
    _unassign_first(cast, login_as)
    newcomer = f.make_user(name="Nora Newcomer")
    f.add_role(cast.event, newcomer, "reviewer")
    added = runs.add_assignment(cast.submission, newcomer, by=cast.organizer)
    back = runs.add_assignment(cast.submission, cast.reviewers[0], by=cast.organizer)
    db.session.commit()
    assert (added.reviewer_number, back.reviewer_number) == (4, 5)
    assert _numbers(cast.submission) == [2, 3, 4, 5]
    assert pseudonym_of(cast.submission, cast.reviewers[0].id) == "Reviewer 5"
    assert _numbers(cast.other) == []  # another submission counts on its own


def test_numbers_survive_a_run_that_drops_an_assignment(cast, login_as):
    """An applied automatic run deletes the unlocked pairs it does not want: the same rule."""
    submit_review(cast.assignments[2], cast.reviewers[2], comments_to_authors="Third view")
    keep = {(cast.submission.id, r.id): 1.0 for r in cast.reviewers[1:]}
    counts = runs.write_pairs(cast.event, keep, blocked=set(), kept=set())
    db.session.commit()
    assert counts["removed"] == 1 and _numbers(cast.submission) == [2, 3]
    shown = login_as(cast.reviewers[2]).get(f"/{cast.event.slug}/reviews/{cast.submission.id}")
    assert "Reviewer 3 (you)" in shown.get_data(as_text=True)


def test_comment_digest_names_a_commenter_by_the_stored_number(cast):
    submit_review(cast.assignments[1], cast.reviewers[1])
    submit_review(cast.assignments[2], cast.reviewers[2])
    runs.remove_assignment(cast.assignments[0], by=cast.organizer)
    base = utcnow().replace(minute=5, second=0, microsecond=0)
    discussion.add_comment(cast.submission, by=cast.reviewers[1], body="From two", visibility="reviewers",
                           now=base)
    discussion.add_comment(cast.submission, by=cast.organizer, body="From the chair", visibility="reviewers",
                           now=base + timedelta(minutes=1))
    db.session.commit()
    [digest] = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.to_email == cast.reviewers[2].email)).all()
    assert "Reviewer 2" in digest.body_text and "Organizer" in digest.body_text
    assert "Real Reviewer 1" not in digest.body_text and not _named(digest.body_text, 1)
