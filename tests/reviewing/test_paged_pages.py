"""Ranking and progress at conference size: computed in SQL and paged (the ranking's order and
filters: test_ranking_order); bad page numbers answer the first page or a 404, never a 500."""

import random
from datetime import timedelta

import pytest

from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing import progress_page, queries, ranking
from reviewhub.reviewing.models import Review
from reviewhub.reviewing.progress import summarise
from tests import factories as f
from tests.scale_world import captured_statements


@pytest.fixture
def conference(app):
    """18 submissions with 0-4 reviews each (varied scores, some without confidence, drafts
    and missing reviews), two types, titles sharing words, and six reviewers."""
    rng = random.Random(11)
    organizer = f.make_user(name="Olga Organizer")
    event = f.make_event(organizer=organizer, review_deadline_at=utcnow() - timedelta(hours=1))
    reviewers = [f.make_user(name=f"Reviewer {name}") for name in ("Ann", "bob", "Cid", "Dee", "eve", "Fay")]
    for reviewer in reviewers:
        f.add_role(event, reviewer, "reviewer")
    for i in range(18):
        work = f.make_submission(event, author=f.make_user(), type_key="paper" if i % 3 else "creative",
                                 title=f"{'Sound' if i % 2 else 'Light'} study {i}")
        for reviewer in rng.sample(reviewers, rng.randint(0, 4)):
            assignment = f.make_assignment(work, reviewer)
            state = rng.choice(["submitted", "submitted", "submitted", "draft", None])
            if state:
                overall = rng.randint(1, 5)
                db.session.add(Review(assignment_id=assignment.id, answers={"overall": overall},
                                      overall=overall, confidence=rng.choice([None, 1, 3, 5]), status=state,
                                      submitted_at=utcnow() if state == "submitted" else None))
    db.session.commit()
    event.organizer = organizer
    return event


def _get(client, path):
    with captured_statements() as statements:
        response = client.get(path)
    return response, len(statements)


def test_ranking_page_two_bad_numbers_and_constant_queries(conference, login_as, monkeypatch):
    monkeypatch.setattr(ranking, "PER_PAGE", 5)
    client, base = login_as(conference.organizer), f"/{conference.slug}/reviews/ranking"
    first, first_queries = _get(client, base)
    second, second_queries = _get(client, base + "?page=2&sort=number&order=asc")
    assert "page 2 of 4" in second.text and second_queries == first_queries
    assert "Sound study 5<" in second.text and "Light study 4<" not in second.text
    assert "page=3" in second.text and "page=1" in second.text  # next and previous, keeping the sort
    for bad in ("0", "-1", "abc", "²", "1.5", ""):
        response = client.get(f"{base}?page={bad}")
        assert response.status_code == 200 and "page 1 of 4" in response.text, bad
    for past in ("5", "999999", "9" * 40):
        assert client.get(f"{base}?page={past}").status_code == 404
    csv = client.get(base + ".csv?page=2").text
    assert csv.count("\n") == 19  # the CSV is never paged: a header and every submission


def test_progress_page_figures_match_the_summary(conference, monkeypatch):
    monkeypatch.setattr(progress_page, "PER_PAGE", 4)
    monkeypatch.setattr(progress_page, "LATE_SHOWN", 2)
    expected = summarise(queries.progress_lines(conference, exclude=set()), deadline=conference.review_deadline_at,
                         now=utcnow())
    reviewers, submissions, number = [], [], 1
    while True:
        page = progress_page.progress_page(conference, exclude=set(), now=utcnow(), reviewers_page=min(number, 2),
                                           submissions_page=number)
        if page is None:
            break
        assert (page.assigned, page.submitted, page.drafts) == (
            expected.overall.assigned, expected.overall.submitted, expected.overall.drafts)
        if number <= 2:
            reviewers += page.reviewers.lines
        submissions += page.submissions.lines
        number += 1
    tally = [(t.key, t.label, t.assigned, t.submitted, t.drafts) for t in expected.reviewers]
    assert [(t.key, t.label, t.assigned, t.submitted, t.drafts) for t in reviewers] == tally
    assert [(t.key, t.label, t.assigned, t.submitted) for t in submissions] == [
        (t.key, t.label, t.assigned, t.submitted) for t in expected.submissions]
    assert page is None and number - 1 == -(-len(expected.submissions) // 4)
    first = progress_page.progress_page(conference, exclude=set(), now=utcnow(), reviewers_page=1,
                                        submissions_page=1)
    assert first.late_count == len(expected.late) and len(first.late) == 2
    assert [(t.key, t.pending_numbers) for t in first.late] == [
        (t.key, tuple(sorted(p.number for p in t.pending))) for t in expected.late[:2]]


def test_progress_page_two_bad_numbers_and_constant_queries(conference, login_as, monkeypatch):
    monkeypatch.setattr(progress_page, "PER_PAGE", 3)
    client, base = login_as(conference.organizer), f"/{conference.slug}/reviews/progress"
    first, first_queries = _get(client, base)
    assert first.status_code == 200 and "Email a reminder to the" in first.text
    second, second_queries = _get(client, base + "?submissions_page=2&reviewers_page=2")
    assert second.status_code == 200 and second_queries == first_queries and "page 2 of" in second.text
    for bad in ("0", "x", "-3"):
        assert client.get(f"{base}?submissions_page={bad}&reviewers_page={bad}").status_code == 200
    assert client.get(f"{base}?submissions_page=99").status_code == 404
    assert client.get(f"{base}?reviewers_page={'9' * 30}").status_code == 404
