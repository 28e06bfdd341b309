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


def _set_links(link, column: str, tag: Tag, ids: list[int], *, by, add: bool) -> list[int]:
    """Add (or remove) the `link` rows tying the tag to these ids (`column` names the id);
    returns the ids that changed. Flushes."""
    target = getattr(link, column)
    present = set(db.session.scalars(sa.select(target).where(link.tag_id == tag.id, target.in_(ids))))
    if add:
        changed = [i for i in ids if i not in present]
        db.session.add_all(link(tag_id=tag.id, added_by_id=by.id, **{column: i}) for i in changed)
    else:
        changed = [i for i in ids if i in present]
        if changed:
            db.session.execute(sa.delete(link).where(link.tag_id == tag.id, target.in_(changed)))
    db.session.flush()
    return changed


def tag_submissions(event, tag: Tag, submission_ids: list[int], *, by, add: bool) -> int:
    """Put the tag on (or take it off) these submissions, which the caller has checked `by`
    may tag; returns how many changed."""
    changed = _set_links(SubmissionTag, "submission_id", tag, submission_ids, by=by, add=add)
    if changed:
        audit.record("tags.added" if add else "tags.removed", event=event, actor=by, obj=tag,
                     name=tag.name, submissions=changed)
    return len(changed)


def tag_reviewers(event, tag: Tag, user_ids: list[int], *, by, add: bool) -> int:
    """Put the tag on (or take it off) these reviewers, which the caller has checked are the
    event's; returns how many changed."""
    changed = _set_links(ReviewerTag, "user_id", tag, user_ids, by=by, add=add)
    if changed:
        audit.record("tags.reviewers_added" if add else "tags.reviewers_removed", event=event, actor=by,
                     obj=tag, name=tag.name, reviewers=changed)
    return len(changed)
