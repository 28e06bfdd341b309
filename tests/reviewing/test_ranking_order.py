"""The ranking's order, ranks and filters, pinned on a small hand-made event: the page (read
across several pages) and the CSV come from one SQL query, so both must give each list below."""

import pytest
import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.reviewing import ranking
from reviewhub.reviewing.models import Review
from reviewhub.reviewing.views.organizer import ranking_query
from reviewhub.submissions.models import Submission
from tests import factories as f

BINS = [(1, 2), (2, 3), (3, 4), (4, 5)]

# number: (title, type, [(overall, confidence, status)], assignments without a review)
# Figures:  count mean  median sd    weighted min max disagreement
WORKS = {
    1: ("Light alpha", "paper", [(4, 3, "submitted"), (2, 1, "submitted")], 0),  # 2 3.00 3.00 1.41 3.50 2 4 span
    2: ("Sound beta", "creative", [(5, 5, "submitted"), (1, 1, "draft")], 0),  # 1 5.00 5.00 -  5.00 5 5
    3: ("LIGHT ALPHA", "paper", [], 1),  # 0, nothing: last in every order but number, title and count
    4: ("Sound 100%_ delta", "paper", [(3, None, "submitted"), (3, 2, "submitted"), (4, 1, "submitted")], 0),
    #                                                                  3 3.33 3.00 0.58 3.25 3 4
    5: ("Alpha 7", "creative", [(3, 3, "submitted"), (3, 3, "submitted")], 0),  # 2 3.00 3.00 0.00 3.00 3 3
    6: ("sound epsilon", "paper", [(1, 1, "submitted"), (5, 1, "submitted")], 0),  # 2 3.00 3.00 2.83 3.00 1 5 span
    7: ("Conflicted work", "paper", [(5, 5, "submitted"), (4, 5, "submitted")], 0),  # 2 4.50 4.50 0.71 4.50 4 5
    8: ("Withdrawn light", "paper", [(5, 5, "submitted")], 0),  # withdrawn: never listed
    9: ("Sound nothing 1000", "paper", [], 0),  # no assignment at all
}


@pytest.fixture
def event(app):
    organizer, conflicted = f.make_user(name="Olga Organizer"), f.make_user(name="Carl Conflicted")
    event = f.make_event(organizer=organizer)
    f.add_role(event, conflicted, "organizer")
    reviewers = [f.make_user(name=f"Reviewer {i}") for i in range(4)]
    for number, (title, type_key, reviews, unreviewed) in WORKS.items():
        work = f.make_submission(event, author=f.make_user(), coauthors=(conflicted,) if number == 7 else (),
                                 type_key=type_key, title=title, status="withdrawn" if number == 8 else "submitted")
        assert work.number == number
        for reviewer, (overall, confidence, status) in zip(reviewers, reviews, strict=False):
            assignment = f.make_assignment(work, reviewer)
            db.session.add(Review(assignment_id=assignment.id, answers={"overall": overall}, overall=overall,
                                  confidence=confidence, status=status,
                                  submitted_at=utcnow() if status == "submitted" else None))
        for reviewer in reviewers[len(reviews):len(reviews) + unreviewed]:
            f.make_assignment(work, reviewer)
    db.session.commit()
    event.organizer, event.conflicted = organizer, conflicted
    return event


DEFAULT = [2, 7, 1, 4, 5, 6, 3, 9]  # by weighted mean, ties (5, 6) and missing (3, 9) by number
VARIANTS = [
    ({}, DEFAULT),
    ({"sort": "rank", "order": "desc"}, [9, 3, 6, 5, 4, 1, 7, 2]),
    ({"sort": "rank", "order": "asc"}, DEFAULT),
    ({"sort": "number", "order": "desc"}, [9, 7, 6, 5, 4, 3, 2, 1]),
    ({"sort": "number", "order": "asc"}, [1, 2, 3, 4, 5, 6, 7, 9]),
    # Case-blind; equal titles (1, 3) by number, reversed too when descending.
    ({"sort": "title", "order": "desc"}, [9, 6, 2, 4, 3, 1, 7, 5]),
    ({"sort": "title", "order": "asc"}, [5, 7, 1, 3, 4, 2, 6, 9]),
    ({"sort": "mean", "order": "desc"}, [2, 7, 4, 1, 5, 6, 3, 9]),
    ({"sort": "mean", "order": "asc"}, [1, 5, 6, 4, 7, 2, 3, 9]),
    ({"sort": "median", "order": "desc"}, [2, 7, 1, 4, 5, 6, 3, 9]),
    ({"sort": "median", "order": "asc"}, [1, 4, 5, 6, 7, 2, 3, 9]),
    ({"sort": "sd", "order": "desc"}, [6, 1, 7, 4, 5, 2, 3, 9]),  # one score (2): no sd, last
    ({"sort": "sd", "order": "asc"}, [5, 4, 7, 1, 6, 2, 3, 9]),
    ({"sort": "weighted_mean", "order": "desc"}, DEFAULT),
    ({"sort": "weighted_mean", "order": "asc"}, [5, 6, 4, 1, 7, 2, 3, 9]),
    ({"sort": "min", "order": "desc"}, [2, 7, 4, 5, 1, 6, 3, 9]),
    ({"sort": "min", "order": "asc"}, [6, 1, 4, 5, 7, 2, 3, 9]),
    ({"sort": "max", "order": "desc"}, [2, 6, 7, 1, 4, 5, 3, 9]),
    ({"sort": "max", "order": "asc"}, [5, 1, 4, 2, 6, 7, 3, 9]),
    ({"sort": "count", "order": "desc"}, [4, 1, 5, 6, 7, 2, 3, 9]),  # no review is a count of 0
    ({"sort": "count", "order": "asc"}, [3, 9, 2, 1, 5, 6, 7, 4]),
    ({"type": "creative"}, [2, 5]),
    ({"flagged": "1"}, [1, 6]),
    ({"min_reviews": "2", "sort": "sd"}, [6, 1, 7, 4, 5]),
    ({"q": "sound"}, [2, 4, 6, 9]),
    ({"q": "LIGHT"}, [1, 3]),
    ({"q": "7"}, [7, 5]),  # number 7, and "Alpha 7" by its title
    ({"q": "100%_"}, [4]),  # % and _ are literal: not "Sound nothing 1000"
    ({"sort": "nonsense", "order": "sideways", "min_reviews": "x"}, DEFAULT),
]
RANKS = {2: 1, 7: 2, 1: 3, 4: 4, 5: 5, 6: 6, 3: 7, 9: 8}


def _id(event, number: int) -> int:
    return db.session.scalar(sa.select(Submission.id).where(Submission.event_id == event.id,
                                                              Submission.number == number))


def _numbers_on_pages(event, query, *, exclude=frozenset()) -> tuple[list[int], dict[int, int]]:
    """The numbers on every page in turn, and their ranks, checking each page's counts on the way."""
    cells, number = [], 1
    while (page := ranking.ranking_page(event, query, exclude=set(exclude), page=number, bins=BINS)) is not None:
        assert page.total == 8 - len(exclude) and page.pages == max(1, -(-page.matching // ranking.PER_PAGE))
        cells += page.cells
        number += 1
        if not page.cells:
            break
    assert number - 1 == max(1, -(-len(cells) // ranking.PER_PAGE))
    return [c[2] for c in cells], {c[2]: c[1] for c in cells}


def _csv_rows(client, event, args) -> list[list[str]]:
    response = client.get(f"/{event.slug}/reviews/ranking.csv", query_string=args)
    assert response.status_code == 200
    lines = response.text.splitlines()
    assert lines[0] == ",".join(ranking.CSV_HEADER)
    return [line.split(",") for line in lines[1:]]


@pytest.mark.parametrize(("args", "expected"), VARIANTS, ids=lambda v: str(v))
def test_page_and_csv_keep_the_order_and_filters(event, login_as, monkeypatch, args, expected):
    monkeypatch.setattr(ranking, "PER_PAGE", 3)  # the rows span pages
    numbers, ranks = _numbers_on_pages(event, ranking_query(args))
    assert numbers == expected and ranks == {n: RANKS[n] for n in expected}
    csv = _csv_rows(login_as(event.organizer), event, args)
    assert [int(row[1]) for row in csv] == expected and [int(row[0]) for row in csv] == [RANKS[n] for n in expected]


def test_csv_figures(event, login_as):
    assert _csv_rows(login_as(event.organizer), event, {}) == [row.split(",") for row in [
        "1,2,Sound beta,creative,1,2,5.00,5.00,,5.00,5,5,",
        "2,7,Conflicted work,paper,2,2,4.50,4.50,0.71,4.50,4,5,",
        "3,1,Light alpha,paper,2,2,3.00,3.00,1.41,3.50,2,4,yes",
        "4,4,Sound 100%_ delta,paper,3,3,3.33,3.00,0.58,3.25,3,4,",
        "5,5,Alpha 7,creative,2,2,3.00,3.00,0.00,3.00,3,3,",
        "6,6,sound epsilon,paper,2,2,3.00,3.00,2.83,3.00,1,5,yes",
        "7,3,LIGHT ALPHA,paper,0,1,,,,,,,",
        "8,9,Sound nothing 1000,paper,0,0,,,,,,,",
    ]]


def test_page_figures_histogram_and_types(event):
    page = ranking.ranking_page(event, ranking_query({"type": "paper"}), exclude=set(), page=1, bins=BINS)
    assert page.histogram == [0, 0, 4, 2] and page.types == ["creative", "paper"]  # over all rows, not the filter
    assert page.matching == 6 and page.cells[0] == (
        page.cells[0][0], 2, 7, "Conflicted work", "paper", "2/2", "4.50", "4.5", "0.71", "4.50", 4, 5, False)
    assert page.cells[-1][2:] == (9, "Sound nothing 1000", "paper", "0/0", "", "", "", "", "", "", False)


@pytest.mark.parametrize(("args", "expected"), [
    ({}, [2, 1, 4, 5, 6, 3, 9]),
    ({"sort": "mean", "order": "desc"}, [2, 4, 1, 5, 6, 3, 9]),
    ({"q": "7"}, [5]),
])
def test_a_conflicted_organizer_ranks_without_the_conflicted_submission(event, login_as, args, expected):
    ranks = {2: 1, 1: 2, 4: 3, 5: 4, 6: 5, 3: 6, 9: 7}  # 7 is gone: the ranks close up
    numbers, page_ranks = _numbers_on_pages(event, ranking_query(args), exclude={_id(event, 7)})
    assert numbers == expected and page_ranks == {n: ranks[n] for n in expected}
    csv = _csv_rows(login_as(event.conflicted), event, args)
    assert [int(row[1]) for row in csv] == expected and [int(row[0]) for row in csv] == [ranks[n] for n in expected]
    page = ranking.ranking_page(event, ranking_query({}), exclude={_id(event, 7)}, page=1, bins=BINS)
    assert page.histogram == [0, 0, 4, 1]
