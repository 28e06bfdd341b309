"""Organizer pages: constant query counts, the form editor, progress reminders."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing import queries
from reviewhub.reviewing.models import Review
from tests import factories as f
from tests.reviewing.conftest import submit_review


@contextmanager
def count_queries():
    statements = []

    def listener(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)


def _grow(cast, n):
    """n more submissions, each with three submitted reviews (rows inserted directly)."""
    reviewers = cast.reviewers
    for _ in range(n):
        sub = f.make_submission(cast.event, author=cast.author)
        for i, reviewer in enumerate(reviewers):
            assignment = f.make_assignment(sub, reviewer)
            db.session.add(Review(assignment_id=assignment.id, answers={"overall": i + 2}, overall=i + 2,
                                  confidence=3, status="submitted", submitted_at=utcnow()))
    db.session.commit()


@pytest.mark.parametrize("path", ["/ranking", "/ranking.csv", "/progress", "/ranking?sort=sd&flagged=1"])
def test_organizer_pages_use_a_constant_number_of_queries(cast, login_as, path):
    client = login_as(cast.organizer)
    url = f"/{cast.event.slug}/reviews{path}"
    _grow(cast, 2)
    client.get(url)
    with count_queries() as small:
        assert client.get(url).status_code == 200
    _grow(cast, 15)
    with count_queries() as large:
        response = client.get(url)
    assert response.status_code == 200 and len(large) == len(small), (len(small), len(large))
    assert len(small) <= 12


def test_default_forms_are_created_once(cast):
    from reviewhub.reviewing.form_services import ensure_default_forms

    f.get_type(cast.event, "creative")
    forms = ensure_default_forms(cast.event)
    again = ensure_default_forms(cast.event)
    assert [x.id for x in forms] == [x.id for x in again] and len(forms) == 2
    keys = {form.submission_type_id: [q.key for q in form.questions] for form in forms}
    creative = keys[f.get_type(cast.event, "creative").id]
    assert creative[:2] == ["overall", "confidence"] and "sparks_conversation" in creative
    paper = keys[f.get_type(cast.event, "paper").id]
    assert {"technical_quality", "clarity", "relevance", "confidential_comments"} <= set(paper)
    overall = forms[0].questions[0]
    assert overall.level_labels["1"] == "strong reject" and overall.level_labels["5"] == "strong accept"


def test_answered_question_is_retired_not_deleted_and_answers_kept(cast, login_as):
    submit_review(cast.assignments[0], cast.reviewers[0], clarity="2")
    form = queries.form_for_submission(cast.submission)
    clarity = next(q for q in form.questions if q.key == "clarity")
    extra = next(q for q in form.questions if q.key == "confidential_comments")
    client = login_as(cast.organizer)
    base = f"/{cast.event.slug}/reviews/forms/{form.id}/questions"
    assert client.post(f"{base}/{clarity.id}/remove").status_code == 302
    assert client.post(f"{base}/{extra.id}/remove").status_code == 302  # unanswered: deleted
    db.session.expire_all()
    form = queries.form_for_submission(cast.submission)
    assert [q.active for q in form.questions if q.key == "clarity"] == [False]
    assert "confidential_comments" not in [q.key for q in form.questions]
    # The reviewer edits again: the retired answer stays stored and organizers still see it.
    submit_review(cast.assignments[0], cast.reviewers[0], overall="3")
    review = db.session.scalar(sa.select(Review).where(Review.assignment_id == cast.assignments[0].id))
    assert review.answers["clarity"] == 2 and review.overall == 3
    page = client.get(f"/{cast.event.slug}/reviews/{cast.submission.id}").get_data(as_text=True)
    assert "retired question" in page


def test_answered_scale_cannot_shrink_but_can_gain_questions(cast, login_as):
    submit_review(cast.assignments[0], cast.reviewers[0])
    form = queries.form_for_submission(cast.submission)
    overall = form.questions[0]
    client = login_as(cast.organizer)
    url = f"/{cast.event.slug}/reviews/forms/{form.id}/questions/{overall.id}"
    response = client.post(url, data={"label": "Overall", "visibility": "authors", "min_score": "1",
                                      "max_score": "3", "required": "y"})
    assert response.status_code == 200 and "can grow but not shrink" in response.get_data(as_text=True)
    response = client.post(url, data={"label": "Overall", "visibility": "authors", "min_score": "1",
                                      "max_score": "7", "required": "y", "level_lines": "7 = award"})
    assert response.status_code == 302
    add = client.post(f"/{cast.event.slug}/reviews/forms/{form.id}", data={
        "kind": "choice", "label": "Format", "visibility": "reviewers", "choice_lines": "talk\nposter"})
    assert add.status_code == 302
    db.session.expire_all()
    form = queries.form_for_submission(cast.submission)
    assert form.questions[0].max_score == 7 and form.questions[-1].choices == ["talk", "poster"]


@pytest.mark.parametrize("data, message", [
    ({"kind": "score", "label": "", "visibility": "authors"}, "This field is required"),
    ({"kind": "score", "label": "x" * 301, "visibility": "authors"}, "longer than 300"),
    ({"kind": "score", "label": "S", "visibility": "authors", "level_lines": "one = bad"}, "Write each level"),
    ({"kind": "choice", "label": "C", "visibility": "authors", "choice_lines": "only"}, "at least two"),
    ({"kind": "score", "label": "S", "visibility": "authors", "min_score": "5", "max_score": "2"}, "range"),
])
def test_question_add_form_refuses_bad_input(cast, login_as, data, message):
    form = queries.form_for_submission(cast.submission)
    response = login_as(cast.organizer).post(f"/{cast.event.slug}/reviews/forms/{form.id}", data=data)
    assert response.status_code == 200 and message in response.get_data(as_text=True)


def test_remind_late_reviewers_once_a_day(cast, login_as, outbox):
    submit_review(cast.assignments[0], cast.reviewers[0])
    cast.event.review_deadline_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client = login_as(cast.organizer)
    page = client.get(f"/{cast.event.slug}/reviews/progress").get_data(as_text=True)
    assert "Email a reminder to the 2 late reviewers" in page
    client.post(f"/{cast.event.slug}/reviews/progress/remind")
    client.post(f"/{cast.event.slug}/reviews/progress/remind")
    rows = [r for r in outbox() if r.kind == "reviewing/remind"]
    assert sorted(r.to_email for r in rows) == sorted(u.email for u in cast.reviewers[1:])
    assert "#1 Dreaming machines" in rows[0].body_text
