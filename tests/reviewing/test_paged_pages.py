"""Ranking and progress at conference size: computed in SQL and paged (the ranking's order and
filters: test_ranking_order); bad page numbers answer the first page or a 404, never a 500."""

import random
from datetime import timedelta

import pytest
import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing import progress_page, ranking
from reviewhub.reviewing.models import Review
from reviewhub.submissions.models import Submission
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


@pytest.fixture
def progress_event(app):
    """Four reviewers (names in mixed case) on four submissions, and a withdrawn one:
    #1 A: Ann submitted, bob draft, Cid missing    #2 B: Ann submitted, bob submitted
    #3 C: Cid submitted, dee missing               #4 D: Ann draft      (#5 E, withdrawn: dee missing)"""
    event = f.make_event(organizer=f.make_user(), review_deadline_at=utcnow() - timedelta(hours=1))
    people = {name: f.make_user(name=name) for name in ("Ann", "bob", "Cid", "dee")}
    plan = {"A": [("Ann", "submitted"), ("bob", "draft"), ("Cid", None)],
            "B": [("Ann", "submitted"), ("bob", "submitted")], "C": [("Cid", "submitted"), ("dee", None)],
            "D": [("Ann", "draft")], "E": [("dee", None)]}
    for title, reviews in plan.items():
        work = f.make_submission(event, author=f.make_user(), title=title,
                                 status="withdrawn" if title == "E" else "submitted")
        for name, state in reviews:
            assignment = f.make_assignment(work, people[name])
            if state:
                db.session.add(Review(assignment_id=assignment.id, answers={"overall": 3}, overall=3, status=state,
                                      submitted_at=utcnow() if state == "submitted" else None))
    db.session.commit()
    return event


def _tables(event, *, exclude=frozenset(), now=None):
    """Both tables read across their pages: (label, assigned, submitted, drafts) per row."""
    tables, number = ([], []), 1
    while (page := progress_page.progress_page(event, exclude=set(exclude), now=now or utcnow(),
                                               reviewers_page=number, submissions_page=number)) is not None:
        for table, part in zip(tables, (page.reviewers, page.submissions), strict=True):
            table += [(t.label, t.assigned, t.submitted, t.drafts) for t in part.lines]
        number += 1
    return tables


def test_progress_tables_order_totals_and_late_reviewers(progress_event, monkeypatch):
    monkeypatch.setattr(progress_page, "PER_PAGE", 3)
    monkeypatch.setattr(progress_page, "LATE_SHOWN", 2)
    reviewers, submissions = _tables(progress_event)
    # Least done first; equal shares by name, case-blind (bob before Cid), or by submission.
    assert reviewers == [("dee", 1, 0, 0), ("bob", 2, 1, 1), ("Cid", 2, 1, 0), ("Ann", 3, 2, 1)]
    assert submissions == [("#4 D", 1, 0, 1), ("#1 A", 3, 1, 1), ("#3 C", 2, 1, 0), ("#2 B", 2, 2, 0)]
    page = progress_page.progress_page(progress_event, exclude=set(), now=utcnow(), reviewers_page=2,
                                       submissions_page=1)
    assert (page.assigned, page.submitted, page.drafts, page.deadline_passed) == (8, 4, 2, True)
    assert (page.reviewers.pages, page.reviewers.total, page.submissions.pages) == (2, 4, 2)
    assert [(t.label, t.pending_numbers) for t in page.late] == [("dee", (3,)), ("bob", (1,))]
    assert page.late_count == 4
    late = progress_page.late_reviewers(progress_event, exclude=set(), now=utcnow())
    assert [(r.name, [(p.number, p.title) for p in r.pending]) for r in late] == [
        ("dee", [(3, "C")]), ("bob", [(1, "A")]), ("Cid", [(1, "A")]), ("Ann", [(4, "D")])]


def test_progress_before_the_deadline_names_no_one_late(progress_event):
    before = progress_event.review_deadline_at - timedelta(seconds=1)
    page = progress_page.progress_page(progress_event, exclude=set(), now=before, reviewers_page=1,
                                       submissions_page=1)
    assert (page.deadline_passed, page.late, page.late_count) == (False, [], 0)
    assert progress_page.late_reviewers(progress_event, exclude=set(), now=before) == []


def test_progress_without_the_conflicted_submission(progress_event):
    first = db.session.scalar(sa.select(Submission.id).where(Submission.event_id == progress_event.id,
                                                             Submission.number == 1))
    reviewers, submissions = _tables(progress_event, exclude={first})
    assert reviewers == [("dee", 1, 0, 0), ("Ann", 2, 1, 1), ("bob", 1, 1, 0), ("Cid", 1, 1, 0)]
    assert submissions == [("#4 D", 1, 0, 1), ("#3 C", 2, 1, 0), ("#2 B", 2, 2, 0)]
    late = progress_page.late_reviewers(progress_event, exclude={first}, now=utcnow())
    assert [(r.name, [p.number for p in r.pending]) for r in late] == [("dee", [3]), ("Ann", [4])]


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
