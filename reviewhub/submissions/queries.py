"""Reads of the submissions domain; listing queries filter by permissions (conflicts)."""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import selectinload

from reviewhub.events.models import Event, Topic
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.permissions import conflicted_submission_ids
from reviewhub.sqltime import QUARTER_HOUR, epoch_bucket
from reviewhub.submissions.models import (
    Authorship,
    Conflict,
    Submission,
    SubmissionFile,
    SubmissionType,
    submission_topics,
)
from reviewhub.timeutil import local_day_counts

PER_PAGE = 50


def get_submission_or_404(event, sid: int) -> Submission:
    """A submission of this event, or 404 (the same answer as a forbidden one)."""
    submission = db.session.scalar(
        sa.select(Submission).where(Submission.id == sid, Submission.event_id == event.id)
        .options(selectinload(Submission.authors), selectinload(Submission.files),
                 selectinload(Submission.topics)))
    if submission is None:
        abort(404)
    return submission


def get_type_or_404(event, type_id: int) -> SubmissionType:
    kind = db.session.get(SubmissionType, type_id)
    if kind is None or kind.event_id != event.id:
        abort(404)
    return kind


def list_types(event) -> list[SubmissionType]:
    return list(db.session.scalars(sa.select(SubmissionType).where(SubmissionType.event_id == event.id)
                                   .order_by(SubmissionType.position, SubmissionType.id)))


def find_submission(slug: str, sid: int) -> Submission | None:
    """A submission by its event's slug and id, or None (no 404: see web.before_body)."""
    return db.session.scalar(sa.select(Submission).join(Event, Event.id == Submission.event_id)
                             .where(Submission.id == sid, Event.slug == slug))


def get_type_by_key(event, key: str) -> SubmissionType | None:
    return db.session.scalar(sa.select(SubmissionType).where(
        SubmissionType.event_id == event.id, SubmissionType.key == key))


def list_mine(event, user) -> list[Submission]:
    """Submissions listing the user, by account or confirmed address."""
    mine = Authorship.user_id == user.id
    if user.email_confirmed_at:
        mine = sa.or_(mine, sa.func.lower(Authorship.email) == user.email.lower())
    ids = sa.select(Authorship.submission_id).where(mine)
    return list(db.session.scalars(
        sa.select(Submission).where(Submission.event_id == event.id, Submission.id.in_(ids))
        .options(selectinload(Submission.type), selectinload(Submission.authors))
        .order_by(Submission.number)))


@dataclass(frozen=True)
class Filters:
    type_id: int | None = None
    topic_id: int | None = None
    status: str | None = None
    q: str = ""
    page: int = 1


def _filtered(event, filters: Filters, hidden: set[int], search=None):
    query = sa.select(Submission).where(Submission.event_id == event.id)
    if hidden:
        query = query.where(Submission.id.not_in(hidden))
    if filters.type_id:
        query = query.where(Submission.type_id == filters.type_id)
    if filters.status:
        query = query.where(Submission.status == filters.status)
    if filters.topic_id:
        query = query.where(Submission.id.in_(sa.select(submission_topics.c.submission_id)
                                              .where(submission_topics.c.topic_id == filters.topic_id)))
    if search is not None:
        query = query.where(search)
    return query


def matching(event, user, q: str):
    """The select of the event's submissions the search `q` finds for this organizer (never
    one they are conflicted with); raises SearchError."""
    return _filtered(event, Filters(q=q), conflicted_submission_ids(user), _search(event, user, q))


def organizer_selection(event, user, submission_ids) -> list[Submission]:
    """Of the ticked ids, the event's submissions the organizer may act on in bulk (never one
    they are conflicted with), with their files, in number order."""
    hidden = conflicted_submission_ids(user)
    wanted = [i for i in submission_ids if i not in hidden]
    if not wanted:
        return []
    return list(db.session.scalars(
        sa.select(Submission).where(Submission.event_id == event.id, Submission.id.in_(wanted))
        .options(selectinload(Submission.files)).order_by(Submission.number)))


def organizer_result(event, user, filters: Filters) -> list[Submission]:
    """Every submission the list's filters and search find for the organizer (never one they
    are conflicted with), with their files, in number order: a bulk action on the whole
    result. Raises SearchError."""
    query = _filtered(event, filters, conflicted_submission_ids(user), _search(event, user, filters.q))
    return list(db.session.scalars(query.options(selectinload(Submission.files)).order_by(Submission.number)))


def _search(event, user, q: str):
    """The search box's query (reviewhub.search's language) as a condition, as this user may
    search; raises SearchError, which says where the query is wrong."""
    from reviewhub.search import sql

    return sql.condition(q, sql.viewer_for(user, event, utcnow()))


def list_for_organizer(event, user, filters: Filters, *, per_page: int | None = None):
    """(rows of this page, total matching, number hidden by the user's conflicts). Raises
    SearchError for a search that cannot be read."""
    per_page = per_page or PER_PAGE
    hidden = {sid for sid in conflicted_submission_ids(user)}
    query = _filtered(event, filters, hidden, _search(event, user, filters.q))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = list(db.session.scalars(
        query.options(selectinload(Submission.type), selectinload(Submission.authors),
                      selectinload(Submission.topics))
        .order_by(Submission.number).limit(per_page).offset((max(filters.page, 1) - 1) * per_page)))
    hidden_here = db.session.scalar(sa.select(sa.func.count()).where(
        Submission.event_id == event.id, Submission.id.in_(hidden))) if hidden else 0
    return rows, total, hidden_here


@dataclass
class ExportRow:
    """One submission of the organizer's CSV, read as plain columns."""

    id: int
    number: int
    type_name: str
    status: str
    title: str
    keywords: str
    ai_use: str
    ai_use_details: str
    presentation_preference: str
    consent_to_publish: bool
    submitted_at: datetime | None
    authors: list[tuple[str, str, str, bool]] = field(default_factory=list)  # name, email, affiliation, contact
    topics: list[str] = field(default_factory=list)
    files: int = 0
    main_pages: int = 0


def export_rows(event, user, filters: Filters) -> list[ExportRow]:
    """Every matching submission with its authors, topics and file counts, in four queries
    whatever the number of rows (each joins the filtered ids as a subquery, no id lists)."""
    chosen = _filtered(event, filters, conflicted_submission_ids(user), _search(event, user, filters.q))
    ids = chosen.with_only_columns(Submission.id).scalar_subquery()
    rows = {r.id: r for r in (ExportRow(*values) for values in db.session.execute(
        chosen.with_only_columns(
            Submission.id, Submission.number, SubmissionType.name, Submission.status, Submission.title,
            Submission.keywords, Submission.ai_use, Submission.ai_use_details,
            Submission.presentation_preference, Submission.consent_to_publish, Submission.submitted_at)
        .join(SubmissionType, SubmissionType.id == Submission.type_id).order_by(Submission.number)))}
    for sid, name, email, affiliation, contact in db.session.execute(
            sa.select(Authorship.submission_id, Authorship.name, Authorship.email, Authorship.affiliation,
                      Authorship.is_contact).where(Authorship.submission_id.in_(ids))
            .order_by(Authorship.submission_id, Authorship.position)):
        rows[sid].authors.append((name, email, affiliation, contact))
    for sid, name in db.session.execute(
            sa.select(submission_topics.c.submission_id, Topic.name)
            .join(Topic, Topic.id == submission_topics.c.topic_id)
            .where(submission_topics.c.submission_id.in_(ids)).order_by(Topic.position)):
        rows[sid].topics.append(name)
    for sid, purpose, pages in db.session.execute(
            sa.select(SubmissionFile.submission_id, SubmissionFile.purpose, SubmissionFile.page_count)
            .where(SubmissionFile.submission_id.in_(ids))):
        rows[sid].files += 1
        rows[sid].main_pages += (pages or 0) if purpose == "main" else 0
    return list(rows.values())


def export_ids(event, user, filters: Filters):
    """The select of the ids export_rows lists (other domains' columns join it: no id list)."""
    chosen = _filtered(event, filters, conflicted_submission_ids(user), _search(event, user, filters.q))
    return chosen.with_only_columns(Submission.id)


def counts(event, user) -> dict[str, dict[str, int]]:
    """Counts by status and by type name over what the user may see."""
    hidden = conflicted_submission_ids(user)
    base = sa.select(Submission).where(Submission.event_id == event.id)
    if hidden:
        base = base.where(Submission.id.not_in(hidden))
    sub = base.subquery()
    by_status = dict(db.session.execute(sa.select(sub.c.status, sa.func.count()).group_by(sub.c.status)).all())
    by_type = dict(db.session.execute(
        sa.select(SubmissionType.name, sa.func.count()).join(sub, sub.c.type_id == SubmissionType.id)
        .group_by(SubmissionType.name)).all())
    return {"status": by_status, "type": by_type}


def per_day(event, user) -> list[tuple[str, int]]:
    """Submitted works per day of their submission, in the event's zone (counted in SQL per
    quarter hour, so one query returns a few rows per day whatever the number of works)."""
    hidden = conflicted_submission_ids(user)
    bucket = epoch_bucket(Submission.submitted_at, QUARTER_HOUR)
    query = sa.select(bucket, sa.func.count()).where(
        Submission.event_id == event.id, Submission.submitted_at.is_not(None), Submission.status == "submitted")
    if hidden:
        query = query.where(Submission.id.not_in(hidden))
    rows = db.session.execute(query.group_by(bucket)).tuples()
    return local_day_counts(rows, event.timezone, bucket_seconds=QUARTER_HOUR)


def per_topic(event, user) -> list[tuple[str, int]]:
    """Submitted works per topic (every topic listed, zero included)."""
    hidden = conflicted_submission_ids(user)
    query = (sa.select(submission_topics.c.topic_id, sa.func.count())
             .join(Submission, Submission.id == submission_topics.c.submission_id)
             .where(Submission.event_id == event.id, Submission.status == "submitted"))
    if hidden:
        query = query.where(Submission.id.not_in(hidden))
    found = dict(db.session.execute(query.group_by(submission_topics.c.topic_id)).all())
    topics = db.session.scalars(sa.select(Topic).where(Topic.event_id == event.id).order_by(Topic.position))
    return [(t.name, found.get(t.id, 0)) for t in topics]


def conflicts_of(submission: Submission) -> list[Conflict]:
    return list(db.session.scalars(sa.select(Conflict).where(Conflict.submission_id == submission.id)
                                   .options(selectinload(Conflict.user)).order_by(Conflict.id)))


def declared_reasons(submission: Submission) -> dict[int, str]:
    return {c.user_id: c.reason for c in conflicts_of(submission) if c.source == "author"}


def latest_activity(submission: Submission) -> datetime | None:
    return submission.updated_at
