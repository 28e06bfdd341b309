"""Bids: a reviewer's preference per submission; a "conflict" bid is a declared conflict."""

import sqlalchemy as sa

from reviewhub import audit
from reviewhub.assignment.models import Bid, BidValue
from reviewhub.errors import DomainError
from reviewhub.events.models import Event
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions.models import Conflict, ConflictSource, Submission

LEVELS = tuple(v.value for v in BidValue)


def save_bids(user, event: Event, choices: dict[int, str]) -> int:
    """Apply {submission_id: level}; "neutral" removes a bid. Returns how many changed. Flushes.

    Only submitted works of this event the user may bid on (not otherwise conflicted) count;
    other ids are refused as a whole so a tampered form changes nothing.
    """
    if any(level not in LEVELS for level in choices.values()):
        raise DomainError("Choose one of the bid levels.")
    allowed = _biddable_ids(user, event, set(choices))
    if set(choices) - allowed:
        raise DomainError("Some of these submissions cannot be bid on; reload the page.")
    bids = {b.submission_id: b for b in db.session.scalars(
        sa.select(Bid).where(Bid.user_id == user.id, Bid.submission_id.in_(choices)))}
    changed = 0
    for submission_id, level in choices.items():
        bid = bids.get(submission_id)
        if (bid.value if bid else BidValue.neutral) == level:
            continue
        changed += 1
        _sync_conflict(user, submission_id, level)
        if level == BidValue.neutral:
            db.session.delete(bid)
        elif bid is None:
            db.session.add(Bid(submission_id=submission_id, user_id=user.id, value=level))
        else:
            bid.value, bid.updated_at = level, utcnow()
    db.session.flush()
    if changed:
        audit.record("bids.saved", event=event, actor=user, changed=changed)
    return changed


def _biddable_ids(user, event: Event, ids: set[int]) -> set[int]:
    """Submitted works of the event without a conflict other than the user's own bid."""
    if not ids:
        return set()
    blocked = sa.select(Conflict.submission_id).where(
        Conflict.user_id == user.id, Conflict.source != ConflictSource.bid,
        Conflict.overridden.is_(False))
    return set(db.session.scalars(sa.select(Submission.id).where(
        Submission.id.in_(ids), Submission.event_id == event.id,
        Submission.status == "submitted", Submission.id.not_in(blocked),
        Submission.id.not_in(_authored(user)))))


biddable_ids = _biddable_ids  # the API names each refused submission of a bid list


def _authored(user):
    from reviewhub.submissions.models import Authorship

    return sa.select(Authorship.submission_id).where(
        sa.or_(Authorship.user_id == user.id, sa.func.lower(Authorship.email) == user.email.lower()))


def _sync_conflict(user, submission_id: int, level: str) -> None:
    """A conflict bid writes Conflict(source=bid); leaving that level removes it again."""
    existing = db.session.scalar(sa.select(Conflict).where(
        Conflict.submission_id == submission_id, Conflict.user_id == user.id,
        Conflict.source == ConflictSource.bid))
    if level == BidValue.conflict and existing is None:
        db.session.add(Conflict(submission_id=submission_id, user_id=user.id,
                                source=ConflictSource.bid, reason="bid: conflict"))
    elif level != BidValue.conflict and existing is not None:
        db.session.delete(existing)


def count_bids(user, event: Event) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Bid).join(Submission, Submission.id == Bid.submission_id)
        .where(Bid.user_id == user.id, Submission.event_id == event.id)) or 0
