"""The ranking in SQL, its only definition: score aggregates, rank, filters and sort, for one
page of rows (the page) or every row (the CSV), in a constant number of queries whatever the
number of submissions."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa

from reviewhub.assignment.models import Assignment
from reviewhub.extensions import db
from reviewhub.reviewing import scoring
from reviewhub.reviewing.models import Review
from reviewhub.submissions.models import Submission, SubmissionType

PER_PAGE = 100
MAX_PAGE = 100_000  # beyond any event; keeps OFFSET a small number
CSV_HEADER = ["rank", "number", "title", "type", "reviews", "assigned", "mean", "median", "sd",
              "weighted_mean", "min", "max", "disagreement"]


@dataclass(frozen=True)
class RankingPage:
    cells: list[tuple]  # (id, rank, number, title, type, reviews/assigned, mean, median, sd, weighted,
    #                     min, max, disagreement), ready to print
    matching: int  # rows passing the filters
    total: int  # rows before the filters
    histogram: list[int]  # weighted means per bin of `bins`
    types: list[str]
    pages: int


def _scores(event):
    """Per submission, in one pass over its assignments: how many, and the count, sums and
    extremes of the overall scores of its submitted reviews (no medians: they need a sort)."""
    has_score = Review.overall.is_not(None)
    weight = sa.case((~has_score, None), (Review.confidence > 0, Review.confidence), else_=1)
    return (sa.select(Assignment.submission_id.label("sid"), sa.func.count().label("assigned"),
                      sa.func.count(Review.overall).label("n"), sa.func.sum(Review.overall).label("total"),
                      sa.func.sum(Review.overall * Review.overall).label("squares"),
                      sa.func.min(Review.overall).label("low"), sa.func.max(Review.overall).label("high"),
                      sa.func.sum(Review.overall * weight).label("weighted"), sa.func.sum(weight).label("weights"))
            .join(Submission, Submission.id == Assignment.submission_id)
            .outerjoin(Review, sa.and_(Review.assignment_id == Assignment.id, Review.status == "submitted"))
            .where(Submission.event_id == event.id).group_by(Assignment.submission_id).subquery())


def _medians(event, sids: list[int] | None = None):
    """Per submission (of `sids` only, when given), the median of its submitted overall scores:
    the mean of the middle one or two. Computed for the sort by median and the CSV over every
    submission, for the shown page only otherwise (it needs a sort per submission)."""
    by_sub = Assignment.submission_id
    scored = (
        sa.select(by_sub.label("sid"), Review.overall.label("o"),
                  sa.func.row_number().over(partition_by=by_sub, order_by=Review.overall).label("rn"),
                  sa.func.count().over(partition_by=by_sub).label("cnt"))
        .join(Assignment, Assignment.id == Review.assignment_id)
        .join(Submission, Submission.id == by_sub)
        .where(Submission.event_id == event.id, Review.status == "submitted", Review.overall.is_not(None)))
    if sids is not None:
        scored = scored.where(by_sub.in_(sids))
    scored = scored.subquery()
    s = scored.c
    middle = sa.or_(s.rn == (s.cnt + 1) // 2, s.rn == (s.cnt + 2) // 2)
    return (sa.select(s.sid, sa.func.avg(sa.case((middle, sa.cast(s.o, sa.Float)))).label("median"))
            .group_by(s.sid).subquery())


def _base(event, exclude: set[int], bins, *, with_median: bool):
    """Every submitted submission (but the viewer's conflicts) with its figures and rank, and
    over all of them: how many, and how many weighted means fall in each bin (for the chart)."""
    scores = _scores(event)
    mean = sa.cast(scores.c.total, sa.Float) / scores.c.n
    weighted = sa.cast(scores.c.weighted, sa.Float) / scores.c.weights
    variance = sa.case((scores.c.n > 1, sa.cast(scores.c.n * scores.c.squares - scores.c.total * scores.c.total,
                                                  sa.Float) / (scores.c.n * (scores.c.n - 1))))
    disagreement = sa.and_(scores.c.n > 0, sa.or_(
        scores.c.high - scores.c.low >= scoring.DISAGREEMENT_SPAN,
        variance >= scoring.DISAGREEMENT_SD ** 2))
    in_bin = [sa.and_(weighted >= low, (weighted <= high) if i == len(bins) - 1 else (weighted < high))
              for i, (low, high) in enumerate(bins)]
    medians = _medians(event) if with_median else None
    query = (
        sa.select(Submission.id.label("sid"), Submission.number.label("number"), Submission.title.label("title"),
                  SubmissionType.key.label("type_key"), sa.func.coalesce(scores.c.assigned, 0).label("assigned"),
                  sa.func.coalesce(scores.c.n, 0).label("count"), mean.label("mean"),
                  (medians.c.median if with_median else sa.null()).label("median"),
                  variance.label("variance"), weighted.label("weighted_mean"), scores.c.low.label("min"),
                  scores.c.high.label("max"), sa.case((disagreement, 1), else_=0).label("disagreement"),
                  sa.func.row_number().over(order_by=(weighted.is_(None), weighted.desc(), Submission.number))
                  .label("rank"),
                  sa.func.count().over().label("total"),
                  *(sa.func.sum(sa.case((c, 1), else_=0)).over().label(f"bin{i}") for i, c in enumerate(in_bin)))
        .join(SubmissionType, SubmissionType.id == Submission.type_id)
        .outerjoin(scores, scores.c.sid == Submission.id)
        .where(Submission.event_id == event.id, Submission.status == "submitted"))
    if with_median:
        query = query.outerjoin(medians, medians.c.sid == Submission.id)
    if exclude:
        query = query.where(Submission.id.not_in(exclude))
    return query.subquery()


def _filtered(base, query: scoring.RankingQuery):
    conditions = []
    if query.type_key:
        conditions.append(base.c.type_key == query.type_key)
    if query.flagged_only:
        conditions.append(base.c.disagreement == 1)
    if query.min_reviews:
        conditions.append(base.c.count >= query.min_reviews)
    if query.text:
        needle = query.text.lower()
        by_number = [base.c.number == int(needle)] if needle.isdigit() and len(needle) < 10 else []
        conditions.append(sa.or_(sa.func.lower(base.c.title).contains(needle, autoescape=True), *by_number))
    return conditions


def _order(base, query: scoring.RankingQuery) -> list:
    """Missing values last by number, whatever the direction (the useful rows stay on top);
    ties by number (title: ties follow the direction too)."""
    key = query.sort if query.sort in scoring.SORT_KEYS else scoring.DEFAULT_SORT
    if key == "title":
        title, number = sa.func.lower(base.c.title), base.c.number
        return [title.desc(), number.desc()] if query.descending else [title, number]
    column = base.c.variance if key == "sd" else base.c[key]
    return [column.is_(None), column.desc() if query.descending else column.asc(), base.c.number]


def _ranked(base, query: scoring.RankingQuery):
    """The rows the query keeps, in its order, each with how many there are."""
    return (sa.select(base, sa.func.count().over().label("matching"))
            .where(*_filtered(base, query)).order_by(*_order(base, query)))


def ranking_page(event, query: scoring.RankingQuery, *, exclude: set[int], page: int,
                 bins: list[tuple[float, float]]) -> RankingPage | None:
    """One page of the ranking (None when the page is past the last one)."""
    base = _base(event, exclude, bins, with_median=query.sort == "median")
    page = max(1, min(page, MAX_PAGE))
    rows = db.session.execute(_ranked(base, query).limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    if not rows and page > 1:
        return None
    # The figures over every row ride on each row; with nothing matching, ask for them alone.
    summary = rows[0] if rows else db.session.execute(sa.select(base).limit(1)).first()
    medians = _page_medians(event, [r.sid for r in rows])
    found = rows[0].matching if rows else 0
    return RankingPage([_cells(r, medians.get(r.sid)) for r in rows], found, summary.total if summary else 0,
                       [getattr(summary, f"bin{i}") if summary else 0 for i in range(len(bins))],
                       _types(event), max(1, -(-found // PER_PAGE)))


def ranking_csv_rows(event, query: scoring.RankingQuery, *, exclude: set[int]) -> Iterator[list]:
    """Every row the page's query keeps, in its order, as CSV_HEADER's cells: the page's query
    without its limit, medians included (one query; rows fetched in batches)."""
    base = _base(event, exclude, [], with_median=True)
    result = db.session.execute(_ranked(base, query), execution_options={"yield_per": 1000})
    f = scoring.fmt
    for r in result:
        yield [r.rank, r.number, r.title, r.type_key, r.count, r.assigned, f(r.mean), f(r.median), f(_sd(r)),
               f(r.weighted_mean), r.min, r.max, "yes" if r.disagreement else ""]


def _page_medians(event, sids: list[int]) -> dict[int, float | None]:
    """The medians of one page's rows (missing: no scored review)."""
    if not sids:
        return {}
    medians = _medians(event, sids)
    return dict(db.session.execute(sa.select(medians.c.sid, medians.c.median)).tuples().all())


def _types(event) -> list[str]:
    """The types with a submitted submission (an index lookup each, no scan)."""
    used = sa.exists().where(Submission.type_id == SubmissionType.id, Submission.status == "submitted")
    return list(db.session.scalars(sa.select(SubmissionType.key).where(SubmissionType.event_id == event.id, used)
                                   .order_by(SubmissionType.key)))


def _sd(row) -> float | None:
    # Rounding can leave a tiny negative variance where the scores are all equal.
    return math.sqrt(max(row.variance, 0.0)) if row.variance is not None else None


def _cells(row, median: float | None) -> tuple:
    f = scoring.fmt
    return (row.sid, row.rank, row.number, row.title, row.type_key, f"{row.count}/{row.assigned}",
            f(row.mean), f(median, 1), f(_sd(row)), f(row.weighted_mean),
            "" if row.min is None else row.min, "" if row.max is None else row.max, bool(row.disagreement))
