"""Reads of a person as an event's organizers (or a site admin) see them."""

import sqlalchemy as sa

from reviewhub.accounts.models import User
from reviewhub.events.models import Membership
from reviewhub.extensions import db
from reviewhub.mail.models import OutboxMessage
from reviewhub.submissions.models import Authorship, Submission


def roles_in(event, user) -> list[str]:
    return list(db.session.scalars(sa.select(Membership.role).where(
        Membership.event_id == event.id, Membership.user_id == user.id).order_by(Membership.role)))


def get_person(event, user_id: int) -> User | None:
    """The user, when the event knows them: a role in it, an authorship, or mail from it (an
    id outside the event answers as a missing one)."""
    user = db.session.get(User, user_id)
    if user is None:
        return None
    known = sa.or_(
        sa.exists().where(Membership.event_id == event.id, Membership.user_id == user.id),
        sa.exists().where(Authorship.submission_id == Submission.id, Submission.event_id == event.id,
                          sa.or_(Authorship.user_id == user.id, sa.func.lower(Authorship.email) == user.email.lower())),
        sa.exists().where(OutboxMessage.event_id == event.id,
                          sa.func.lower(OutboxMessage.to_email) == user.email.lower()))
    return user if db.session.scalar(sa.select(known)) else None


def get_message(event, user, row_id: int, hidden) -> OutboxMessage | None:
    """One of the event's messages to the user, unless it is about a hidden submission."""
    row = db.session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.id == row_id, OutboxMessage.event_id == event.id,
        sa.func.lower(OutboxMessage.to_email) == user.email.lower()))
    return None if row is None or row.submission_id in hidden else row
