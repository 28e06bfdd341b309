"""Reads about events."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import abort, g

from reviewhub.events.models import Event, Membership
from reviewhub.extensions import db


def find_event(slug: str) -> Event | None:
    return db.session.scalar(sa.select(Event).where(Event.slug == slug))


def get_event_or_404(slug: str) -> Event:
    """The event of the URL; also remembered as the request's current event for navigation."""
    event = find_event(slug)
    if event is None:
        abort(404)
    g.event = event
    return event


def list_events() -> list[Event]:
    return list(db.session.scalars(sa.select(Event).order_by(Event.event_date.desc().nulls_last(), Event.name)))


def list_members(event: Event, role: str):
    from reviewhub.accounts.models import User

    return list(
        db.session.scalars(
            sa.select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.event_id == event.id, Membership.role == role)
            .order_by(User.name)
        )
    )


def list_speakers(event: Event, kind: str):
    from reviewhub.program.models import Speaker

    return list(
        db.session.scalars(
            sa.select(Speaker)
            .where(Speaker.event_id == event.id, Speaker.kind == kind)
            .order_by(Speaker.position, Speaker.id)
        )
    )


def important_dates(event: Event) -> list[tuple[str, object, bool]]:
    """(label, value, is_date_only) rows of the Important Dates table, unset ones included."""
    from reviewhub.events.models import EVENT_DATES

    shown = ["submission_deadline_at", "notification_at"]
    rows = [(label, getattr(event, attr), False) for attr, label in EVENT_DATES
            if attr in shown or getattr(event, attr) is not None]
    rows.append(("Workshop Date", event.event_date, True))
    return rows


@dataclass(frozen=True)
class ClosingEntry:
    at: datetime
    action: str  # event.closed | event.reopened
    actor: object | None


@dataclass(frozen=True)
class Closing:
    """What the manage page says about closing: the state, the rule's date, who did what."""

    closed: bool
    closes_at: datetime | None
    history: list[ClosingEntry]


def closing_of(event) -> Closing:
    """The event's closing state and its audited closes and reopens, newest first (one query)."""
    from reviewhub.accounts.models import User
    from reviewhub.audit import AuditLog
    from reviewhub.permissions import event_closes_at, is_event_closed

    rows = db.session.execute(
        sa.select(AuditLog.at, AuditLog.action, User).outerjoin(User, User.id == AuditLog.actor_id)
        .where(AuditLog.event_id == event.id, AuditLog.action.in_(("event.closed", "event.reopened")))
        .order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(20)).all()
    return Closing(is_event_closed(event), event_closes_at(event), [ClosingEntry(*row) for row in rows])


def setup_facts(event):
    """The facts of the setup checklist (events.checklist), in one query of counts."""
    from reviewhub.assignment.models import ReviewerInvitation
    from reviewhub.events.checklist import SetupFacts
    from reviewhub.events.models import Topic
    from reviewhub.mail.models import EmailTemplate
    from reviewhub.reviewing.models import ReviewForm
    from reviewhub.submissions.models import SubmissionType

    def count(model, *where):
        return sa.select(sa.func.count()).select_from(model).where(model.event_id == event.id, *where).scalar_subquery()

    row = db.session.execute(sa.select(
        count(SubmissionType), count(ReviewForm), count(Topic),
        count(Membership, Membership.role == "reviewer"),
        count(ReviewerInvitation, ReviewerInvitation.status.not_in(("declined", "revoked")),
              ReviewerInvitation.user_id.is_(None)),
        count(EmailTemplate),
    )).one()
    types, forms, topics, members, invited, templates = row
    return SetupFacts(
        submission_deadline_set=event.submission_deadline_at is not None,
        review_deadline_set=event.review_deadline_at is not None,
        notification_set=event.notification_at is not None, event_day_set=event.event_date is not None,
        submission_types=types, review_forms=forms, topics=topics, reviewers=members + invited,
        mail_templates=templates,
    )
