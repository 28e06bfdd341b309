"""Reads of the outbox for the organizers' pages."""

import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.mail.models import OutboxMessage

PAGE_SIZE = 100


def list_outbox(event, viewer, *, status: str | None, page: int) -> tuple[list[OutboxMessage], int]:
    """One page of the event's outbox, newest first, and the total; mails about submissions
    the viewer is conflicted with (or wrote) are left out."""
    query = outbox_query(event, viewer, status=status)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return list(rows), total


def outbox_query(event, viewer, *, status: str | None = None, kind: str | None = None,
                 submission_id: int | None = None):
    """The event's outbox rows the viewer may read, newest first (a select, for paging): mails
    about submissions the viewer is conflicted with (or wrote) are left out."""
    query = sa.select(OutboxMessage).where(OutboxMessage.event_id == event.id, _not_about(hidden_for(event, viewer)))
    if status:
        query = query.where(OutboxMessage.status == status)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    if submission_id:
        query = query.where(OutboxMessage.submission_id == submission_id)
    return query.order_by(OutboxMessage.id.desc())


def hidden_for(event, viewer) -> set[int]:
    """The event's submissions whose mail the viewer may not see: those they are conflicted
    with or wrote."""
    from reviewhub.decisions.queries import conflicted_ids
    from reviewhub.submissions.models import Authorship, Submission

    email = viewer.email.lower() if viewer.email_confirmed_at else ""
    authored = sa.select(Authorship.submission_id).join(Submission).where(
        Submission.event_id == event.id,
        sa.or_(Authorship.user_id == viewer.id, sa.func.lower(Authorship.email) == email))
    return conflicted_ids(event, viewer) | set(db.session.scalars(authored))


def _not_about(hidden: set[int]):
    if not hidden:
        return sa.true()
    return sa.or_(OutboxMessage.submission_id.is_(None), OutboxMessage.submission_id.not_in(sorted(hidden)))


def to_address(email: str, *, event=None, hidden=frozenset(), page: int = 1) -> tuple[list, int]:
    """One page (newest first) of the messages the outbox holds for `email`, whatever its
    case, as (message, event slug) pairs, and their total: of one event when given, leaving out
    mail about the `hidden` submissions."""
    from reviewhub.events.models import Event

    query = (sa.select(OutboxMessage, Event.slug).outerjoin(Event, Event.id == OutboxMessage.event_id)
             .where(sa.func.lower(OutboxMessage.to_email) == email.lower(), _not_about(set(hidden))))
    if event is not None:
        query = query.where(OutboxMessage.event_id == event.id)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = db.session.execute(query.order_by(OutboxMessage.id.desc()).limit(PAGE_SIZE)
                              .offset((max(page, 1) - 1) * PAGE_SIZE)).all()
    return [(message, slug) for message, slug in rows], total


def for_submission(submission) -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.submission_id == submission.id).order_by(OutboxMessage.id)))


def get_row(event, row_id: int) -> OutboxMessage | None:
    return db.session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.id == row_id, OutboxMessage.event_id == event.id))
