"""Reads of tags, always as one organizer sees them (shared tags and their own private ones,
never on submissions they are conflicted with)."""

import sqlalchemy as sa

from reviewhub.extensions import db
from reviewhub.permissions import conflicted_submission_ids
from reviewhub.tags.models import ReviewerTag, SubmissionTag, Tag


def visible_to(user):
    """The condition on Tag of the tags `user` may see."""
    return sa.or_(Tag.owner_id.is_(None), Tag.owner_id == user.id)


def list_tags(event, user) -> list[tuple[Tag, int]]:
    """The event's tags the user sees, each with how many of the user's visible submissions
    carry it (conflicted ones are not counted)."""
    hidden = conflicted_submission_ids(user)
    on = sa.and_(SubmissionTag.tag_id == Tag.id, SubmissionTag.submission_id.not_in(hidden) if hidden else sa.true())
    rows = db.session.execute(
        sa.select(Tag, sa.func.count(SubmissionTag.submission_id)).outerjoin(SubmissionTag, on)
        .where(Tag.event_id == event.id, visible_to(user)).group_by(Tag.id).order_by(Tag.name, Tag.id))
    return [(tag, count) for tag, count in rows]


def reviewer_counts(event, user) -> dict[int, int]:
    """How many reviewers carry each of the event's tags the user sees."""
    return dict(db.session.execute(
        sa.select(ReviewerTag.tag_id, sa.func.count()).join(Tag, Tag.id == ReviewerTag.tag_id)
        .where(Tag.event_id == event.id, visible_to(user)).group_by(ReviewerTag.tag_id)).all())


def get_tag(event, user, tag_id: int) -> Tag | None:
    return db.session.scalar(sa.select(Tag).where(Tag.id == tag_id, Tag.event_id == event.id, visible_to(user)))


def find_by_name(event, user, name: str) -> Tag | None:
    """The tag `#name` means to this user: their private one first, else the shared one."""
    return db.session.scalar(
        sa.select(Tag).where(Tag.event_id == event.id, Tag.name == name, visible_to(user))
        .order_by(Tag.owner_id.is_(None)))


def visible_names(event, user) -> frozenset[str]:
    return frozenset(db.session.scalars(sa.select(Tag.name).where(Tag.event_id == event.id, visible_to(user))))


def tags_on(user, submission_ids) -> dict[int, list[Tag]]:
    """The tags the user sees on each of these submissions, in one query."""
    ids = list(submission_ids)
    shown: dict[int, list[Tag]] = {sid: [] for sid in ids}
    if not ids:
        return shown
    for sid, tag in db.session.execute(
            sa.select(SubmissionTag.submission_id, Tag).join(Tag, Tag.id == SubmissionTag.tag_id)
            .where(SubmissionTag.submission_id.in_(ids), visible_to(user)).order_by(Tag.name)):
        shown[sid].append(tag)
    return shown


def tags_on_reviewers(user, event, user_ids) -> dict[int, list[Tag]]:
    """The event's tags the user sees on each of these reviewers, in one query."""
    ids = list(user_ids)
    shown: dict[int, list[Tag]] = {uid: [] for uid in ids}
    if not ids:
        return shown
    for uid, tag in db.session.execute(
            sa.select(ReviewerTag.user_id, Tag).join(Tag, Tag.id == ReviewerTag.tag_id)
            .where(ReviewerTag.user_id.in_(ids), Tag.event_id == event.id, visible_to(user)).order_by(Tag.name)):
        shown[uid].append(tag)
    return shown
