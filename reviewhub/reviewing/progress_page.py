"""Review progress in SQL, its only definition: overall figures, late reviewers, and one page of
each table (reviewers, submissions) in a constant number of queries, whatever the number of
rows; and for the reminders, every late reviewer with each review they owe."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from reviewhub.accounts.models import User
from reviewhub.assignment.models import Assignment
from reviewhub.extensions import db
from reviewhub.reviewing import lateness
from reviewhub.reviewing.models import Review
from reviewhub.submissions.models import Submission

PER_PAGE = 100
LATE_SHOWN = 100  # late reviewers named on the page; the reminder button reaches all of them
MAX_PAGE = 100_000


@dataclass(frozen=True)
class Line:
    """A row of the reviewer or submission table, or a late reviewer of the page."""

    key: int
    label: str
    assigned: int
    submitted: int
    drafts: int
    pending_numbers: tuple[int, ...] = ()

    @property
    def share(self) -> float:
        return self.submitted / self.assigned if self.assigned else 0.0


@dataclass(frozen=True)
class TablePage:
    lines: list[Line]
    number: int
    pages: int
    total: int


@dataclass(frozen=True)
class ProgressPage:
    assigned: int
    submitted: int
    drafts: int
    deadline_passed: bool
    late: list[Line]  # the first LATE_SHOWN late reviewers, with their pending submission numbers
    late_count: int
    reviewers: TablePage
    submissions: TablePage


@dataclass(frozen=True)
class Pending:
    """A review a late reviewer owes."""

    submission_id: int
    number: int
    title: str
    due: object = None  # its deadline (the round's, else the event's): the reminder names it


@dataclass(frozen=True)
class LateReviewer:
    user_id: int
    name: str
    email: str
    pending: tuple[Pending, ...]


def _lines(event, exclude: set[int]):
    """One row per assignment on a submitted submission (but the viewer's conflicts)."""
    query = (sa.select(Assignment.user_id, Assignment.submission_id, Assignment.review_round_id,
                       Submission.number, Submission.title, sa.case((Review.status == "submitted", 1), else_=0).label("submitted"),
                       sa.case((Review.status == "draft", 1), else_=0).label("draft"))
             .join(Submission, Submission.id == Assignment.submission_id)
             .outerjoin(Review, Review.assignment_id == Assignment.id)
             .where(Submission.event_id == event.id, Submission.status == "submitted"))
    if exclude:
        query = query.where(Submission.id.not_in(exclude))
    return query.subquery()


def progress_page(event, *, exclude: set[int], now, reviewers_page: int, submissions_page: int) -> ProgressPage | None:
    """The page's figures (None when a table's page number is past its last page)."""
    lines = _lines(event, exclude)
    by_user = _by_user(lines)
    # The label is grouped on too: no second pass over the (wide) submissions table.
    label = ("#" + sa.cast(lines.c.number, sa.String) + " " + lines.c.title).label("label")
    by_sub = (sa.select(lines.c.submission_id.label("key"), label, sa.func.count().label("assigned"),
                        sa.func.sum(lines.c.submitted).label("submitted"), sa.func.sum(lines.c.draft).label("drafts"))
              .group_by(lines.c.submission_id, lines.c.number, lines.c.title).subquery())
    reviewers = _page(by_user.join(User, User.id == by_user.c.key), by_user, User.name.label("label"),
                      (sa.func.lower(User.name),), reviewers_page)
    submissions = _page(by_sub, by_sub, by_sub.c.label, (by_sub.c.key,), submissions_page)
    if reviewers is None or submissions is None:
        return None
    (reviewers, totals), (submissions, _totals) = reviewers, submissions
    rounds = _rounds(event)
    passed = lateness.any_due(rounds, event.review_deadline_at, now)
    late, late_count = _late(event, lines, by_user, rounds, now) if passed else ([], 0)
    return ProgressPage(*totals, passed, late, late_count, reviewers, submissions)


def _page(joined, tallies, label, order: tuple, page: int) -> tuple[TablePage, tuple[int, int, int]] | None:
    """A page of the table, and (assigned, submitted, drafts) summed over all its rows."""
    page = max(1, min(page, MAX_PAGE))
    sums = [sa.func.sum(column).over() for column in (tallies.c.assigned, tallies.c.submitted, tallies.c.drafts)]
    rows = db.session.execute(
        sa.select(tallies.c.key, label, tallies.c.assigned, tallies.c.submitted, tallies.c.drafts,
                  sa.func.count().over().label("total"), *sums)
        .select_from(joined).order_by(_share(tallies), *order).limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    if not rows and page > 1:
        return None
    total = rows[0].total if rows else 0
    totals = tuple(int(v) for v in rows[0][-3:]) if rows else (0, 0, 0)
    return TablePage([Line(r.key, r.label, r.assigned, r.submitted, r.drafts) for r in rows], page,
                     max(1, -(-total // PER_PAGE)), total), totals


def _share(tallies):
    """The share of assigned reviews submitted: the tables' and the late list's first order."""
    return sa.cast(tallies.c.submitted, sa.Float) / tallies.c.assigned


def _by_user(lines):
    return (sa.select(lines.c.user_id.label("key"), sa.func.count().label("assigned"),
                      sa.func.sum(lines.c.submitted).label("submitted"), sa.func.sum(lines.c.draft).label("drafts"))
            .group_by(lines.c.user_id).subquery())


def _rounds(event) -> list[tuple[int, object]]:
    """The event's rounds as (id, deadline), in order; one query."""
    from reviewhub.reviewing.process.settings import list_rounds

    return [(r.id, r.deadline_at) for r in list_rounds(event)]


def late_reviewers(event, *, exclude: set[int], now) -> list[LateReviewer]:
    """Every reviewer with a late review (reviewing.lateness: past its round's deadline, else
    the event's), in the order of the page's late list, with each late review by number; two
    queries."""
    return _late_people(event, _lines(event, exclude), None, _rounds(event), now)


def _late_people(event, lines, by_user, rounds, now) -> list[LateReviewer]:
    if not lateness.any_due(rounds, event.review_deadline_at, now):
        return []
    by_user = by_user if by_user is not None else _by_user(lines)
    rows = db.session.execute(
        sa.select(lines.c.user_id, User.name, User.email, lines.c.submission_id, lines.c.number, lines.c.title,
                  lines.c.review_round_id)
        .join(User, User.id == lines.c.user_id).join(by_user, by_user.c.key == lines.c.user_id)
        .where(lines.c.submitted == 0)
        .order_by(_share(by_user), sa.func.lower(User.name), lines.c.user_id, lines.c.number))
    people: dict[int, tuple[str, str]] = {}  # in the query's order
    pending: dict[int, list[Pending]] = {}
    for r in rows:
        due = lateness.due_at(r.review_round_id, rounds, event.review_deadline_at)
        if not lateness.is_late(due, now, submitted=False):
            continue
        people.setdefault(r.user_id, (r.name, r.email))
        pending.setdefault(r.user_id, []).append(Pending(r.submission_id, r.number, r.title, due))
    return [LateReviewer(key, name, email, tuple(pending[key])) for key, (name, email) in people.items()]


def _late(event, lines, by_user, rounds, now) -> tuple[list[Line], int]:
    """The late reviewers (the first LATE_SHOWN, as the reviewer table orders them) with their
    tallies and the numbers of their late reviews, and how many there are in all."""
    people = _late_people(event, lines, by_user, rounds, now)
    if not people:
        return [], 0
    shown = people[:LATE_SHOWN]
    tallies = {r.key: r for r in db.session.execute(
        sa.select(by_user.c.key, by_user.c.assigned, by_user.c.submitted, by_user.c.drafts)
        .where(by_user.c.key.in_([p.user_id for p in shown])))}
    return [Line(p.user_id, p.name, tallies[p.user_id].assigned, tallies[p.user_id].submitted,
                 tallies[p.user_id].drafts, tuple(x.number for x in p.pending)) for p in shown], len(people)
