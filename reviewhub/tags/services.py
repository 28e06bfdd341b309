"""Changes to tags: create, delete, put on and take off submissions and reviewers (audited; flushes)."""

import sqlalchemy as sa

from reviewhub import audit
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.tags import core
from reviewhub.tags.models import ReviewerTag, SubmissionTag, Tag


def create_tag(event, *, by, name: str, colour: str, private: bool) -> Tag:
    """A new tag, shared by the event's organizers or private to `by`. Raises DomainError for
    a bad name or colour, or a name the same organizers already use."""
    try:
        name = core.normalise_name(name)
    except ValueError as error:
        raise DomainError(str(error)) from None
    if colour not in core.COLOURS:
        raise DomainError("Choose one of the colours.")
    owner_id = by.id if private else None
    clash = sa.select(Tag.id).where(Tag.event_id == event.id, Tag.name == name,
                                    Tag.owner_id == owner_id if private else Tag.owner_id.is_(None))
    if db.session.scalar(clash) is not None:
        raise DomainError(f"There is already a {'private' if private else 'shared'} tag “{name}”.")
    tag = Tag(event_id=event.id, name=name, colour=colour, owner_id=owner_id)
    db.session.add(tag)
    db.session.flush()
    audit.record("tags.created", event=event, actor=by, obj=tag, name=name, private=private)
    return tag


def delete_tag(event, tag: Tag, *, by) -> None:
    audit.record("tags.deleted", event=event, actor=by, obj=tag, name=tag.name)
    db.session.delete(tag)
    db.session.flush()


def tag_submissions(event, tag: Tag, submission_ids: list[int], *, by, add: bool) -> int:
    """Put the tag on (or take it off) these submissions, which the caller has checked `by`
    may tag; returns how many changed."""
    present = set(db.session.scalars(sa.select(SubmissionTag.submission_id).where(
        SubmissionTag.tag_id == tag.id, SubmissionTag.submission_id.in_(submission_ids))))
    if add:
        changed = [sid for sid in submission_ids if sid not in present]
        db.session.add_all(SubmissionTag(tag_id=tag.id, submission_id=sid, added_by_id=by.id) for sid in changed)
    else:
        changed = [sid for sid in submission_ids if sid in present]
        if changed:
            db.session.execute(sa.delete(SubmissionTag).where(
                SubmissionTag.tag_id == tag.id, SubmissionTag.submission_id.in_(changed)))
    db.session.flush()
    if changed:
        audit.record("tags.added" if add else "tags.removed", event=event, actor=by, obj=tag,
                     name=tag.name, submissions=changed)
    return len(changed)


def tag_reviewers(event, tag: Tag, user_ids: list[int], *, by, add: bool) -> int:
    """Put the tag on (or take it off) these reviewers, which the caller has checked are the
    event's; returns how many changed."""
    present = set(db.session.scalars(sa.select(ReviewerTag.user_id).where(
        ReviewerTag.tag_id == tag.id, ReviewerTag.user_id.in_(user_ids))))
    if add:
        changed = [uid for uid in user_ids if uid not in present]
        db.session.add_all(ReviewerTag(tag_id=tag.id, user_id=uid, added_by_id=by.id) for uid in changed)
    else:
        changed = [uid for uid in user_ids if uid in present]
        if changed:
            db.session.execute(sa.delete(ReviewerTag).where(
                ReviewerTag.tag_id == tag.id, ReviewerTag.user_id.in_(changed)))
    db.session.flush()
    if changed:
        audit.record("tags.reviewers_added" if add else "tags.reviewers_removed", event=event, actor=by,
                     obj=tag, name=tag.name, reviewers=changed)
    return len(changed)
