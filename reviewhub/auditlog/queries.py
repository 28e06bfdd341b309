"""Reads of the audit log as one organizer may see it: never a row about a submission they
are conflicted with (nor its id in a row about several)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from reviewhub.accounts.models import User
from reviewhub.audit import AuditLog
from reviewhub.extensions import db
from reviewhub.permissions import conflicted_submission_ids
from reviewhub.submissions.models import Submission

PER_PAGE = 100
LIST_KEYS = ("submissions",)  # details that list several submissions' ids


@dataclass(frozen=True)
class LogFilters:
    actor: str = ""  # part of a name or address
    action: str = ""  # an action or its domain prefix ("decisions." matches every decision action)
    since: datetime | None = None
    until: datetime | None = None
    submission_number: int | None = None
    page: int = 1


@dataclass(frozen=True)
class LogRow:
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: int | None
    submission_number: int | None
    details: dict


def _query(event, user, filters: LogFilters):
    hidden = conflicted_submission_ids(user)
    query = (sa.select(AuditLog, User.name, User.email, Submission.number)
             .outerjoin(User, User.id == AuditLog.actor_id)
             .outerjoin(Submission, Submission.id == AuditLog.submission_id)
             .where(AuditLog.event_id == event.id))
    if hidden:
        query = query.where(sa.or_(AuditLog.submission_id.is_(None), AuditLog.submission_id.not_in(hidden)))
    if filters.actor:
        pattern = f"%{filters.actor.lower()}%"
        query = query.where(sa.or_(sa.func.lower(User.name).like(pattern), sa.func.lower(User.email).like(pattern)))
    if filters.action:
        query = query.where(AuditLog.action.startswith(filters.action, autoescape=True))
    if filters.since:
        query = query.where(AuditLog.at >= filters.since)
    if filters.until:
        query = query.where(AuditLog.at < filters.until)
    if filters.submission_number is not None:
        query = query.where(Submission.number == filters.submission_number)
    return query, hidden


def _row(entry: AuditLog, name, email, number, hidden: set[int]) -> LogRow:
    details = dict(entry.details or {})
    for key in LIST_KEYS:  # a row about several submissions keeps only those the viewer may see
        if isinstance(details.get(key), list):
            details[key] = [i for i in details[key] if i not in hidden]
    actor = f"{name} <{email}>" if email else "(system)"
    return LogRow(entry.at, actor, entry.action, entry.object_type, entry.object_id, number, details)


def list_page(event, user, filters: LogFilters) -> tuple[list[LogRow], int]:
    """This page of rows, newest first, and how many match."""
    query, hidden = _query(event, user, filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = db.session.execute(query.order_by(AuditLog.at.desc(), AuditLog.id.desc())
                              .limit(PER_PAGE).offset((max(filters.page, 1) - 1) * PER_PAGE))
    return [_row(e, n, m, s, hidden) for e, n, m, s in rows], total


def all_rows(event, user, filters: LogFilters):
    """Every matching row, oldest first (the CSV), read in batches."""
    query, hidden = _query(event, user, filters)
    result = db.session.execute(query.order_by(AuditLog.at, AuditLog.id).execution_options(yield_per=1000))
    for e, n, m, s in result:
        yield _row(e, n, m, s, hidden)


def actions(event, user) -> list[str]:
    """The actions of the rows the user may see (the filter box's suggestions)."""
    query, _ = _query(event, user, LogFilters())
    return list(db.session.scalars(query.with_only_columns(AuditLog.action).distinct().order_by(AuditLog.action)))
