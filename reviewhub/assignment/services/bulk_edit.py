"""One reviewer assigned to (or removed from) many submissions at once, each through the
manual assignment's service: conflicts, non-reviewers and started reviews are refused per
submission, and the reviewer's load cap is kept (flushes; each pair audited as by hand, so the
log viewer's conflict filter applies row by row; mail through the outbox)."""

from dataclasses import dataclass

import sqlalchemy as sa

from reviewhub.assignment.models import Assignment
from reviewhub.assignment.services import runs
from reviewhub.errors import DomainError
from reviewhub.events.models import Membership, Role
from reviewhub.extensions import db
from reviewhub.submissions.models import Submission


@dataclass(frozen=True)
class Outcome:
    """What happened to one submission: done, or why not."""

    number: int
    done: bool
    message: str = ""


def load_and_cap(event, user_id: int) -> tuple[int, int]:
    """The reviewer's assignments in the event and their cap (their own, else the event's)."""
    cap = db.session.scalar(sa.select(Membership.max_load).where(
        Membership.event_id == event.id, Membership.user_id == user_id, Membership.role == Role.reviewer))
    load = db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)
                             .join(Submission, Submission.id == Assignment.submission_id)
                             .where(Submission.event_id == event.id, Assignment.user_id == user_id,
                                    Assignment.role == "reviewer"))
    return load, cap if cap is not None else event.default_reviewer_load


def assign_many(event, submissions, user, *, by) -> list[Outcome]:
    """Assign `user` to each submission (which the caller checked `by` may manage), in order,
    until their load cap is reached; each refusal says why. Locked, as a manual assignment."""
    load, cap = load_and_cap(event, user.id)
    outcomes = []
    for submission in submissions:
        if load >= cap:
            outcomes.append(Outcome(submission.number, False,
                                    f"{user.name} is at their load cap ({load} of {cap}); not assigned."))
            continue
        try:
            runs.add_assignment(submission, user, by=by, locked=True)
        except DomainError as error:
            outcomes.append(Outcome(submission.number, False, str(error)))
        else:
            load += 1
            outcomes.append(Outcome(submission.number, True))
    return outcomes


def remove_many(event, submissions, user, *, by) -> list[Outcome]:
    """Unassign `user` from each submission; refused where they are not assigned or have
    started the review."""
    ids = [s.id for s in submissions]
    rows = {a.submission_id: a for a in db.session.scalars(sa.select(Assignment).where(
        Assignment.user_id == user.id, Assignment.role == "reviewer", Assignment.submission_id.in_(ids)))}
    outcomes = []
    for submission in submissions:
        row = rows.get(submission.id)
        if row is None:
            outcomes.append(Outcome(submission.number, False, f"{user.name} is not assigned to it."))
            continue
        try:
            runs.remove_assignment(row, by=by)
        except DomainError as error:
            outcomes.append(Outcome(submission.number, False, str(error)))
        else:
            outcomes.append(Outcome(submission.number, True))
    return outcomes

