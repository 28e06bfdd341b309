"""Conflicts of interest: declared by authors, found from mail domains and affiliations,
overridden by organizers; and linking author rows to the accounts that own their address."""

import sqlalchemy as sa

from reviewhub import audit
from reviewhub.errors import DomainError, NotAllowed
from reviewhub.events.models import Membership
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions import conflictcore
from reviewhub.submissions.models import (
    Authorship,
    Conflict,
    ConflictSource,
    Submission,
    SubmissionState,
)

FOUND_SOURCES = (ConflictSource.email_domain, ConflictSource.affiliation, ConflictSource.coauthor)


def coauthor_since(event) -> int | None:
    """The first year whose papers make co-author conflicts in this event (None: off)."""
    years = event.coauthor_conflict_years or 0
    return utcnow().year - years if years > 0 else None


def event_people(event, user_ids: list[int] | None = None) -> list[conflictcore.Person]:
    """The event's reviewers and organizers (each once), as conflict-finding input, with their
    publication lists when the event looks at co-authorship."""
    from reviewhub.accounts.models import User
    from reviewhub.publications.services import papers_of

    query = (sa.select(User.id, User.email, User.affiliation, User.name).distinct()
             .join(Membership, Membership.user_id == User.id)
             .where(Membership.event_id == event.id, Membership.role.in_(("reviewer", "organizer"))))
    if user_ids is not None:
        query = query.where(User.id.in_(user_ids))
    rows = list(db.session.execute(query.order_by(User.id)))
    papers = papers_of(row[0] for row in rows) if coauthor_since(event) is not None else {}
    return [conflictcore.Person(uid, email, affiliation or "", name or "", papers.get(uid, ()))
            for uid, email, affiliation, name in rows]


def _authors(rows, event) -> list[conflictcore.Author]:
    """(email, affiliation, name, user_id) rows as conflict-finding input, with the authors'
    own publication lists where they have given one."""
    from reviewhub.publications.services import papers_of

    rows = list(rows)
    papers = papers_of(uid for *_, uid in rows if uid) if coauthor_since(event) is not None else {}
    return [conflictcore.Author(email, affiliation or "", name or "", papers.get(uid, ()) if uid else ())
            for email, affiliation, name, uid in rows]


def _sync_found(submission_id: int, found: list[conflictcore.Found], user_ids: set[int] | None) -> int:
    """Make the found rows of one submission match `found` (for `user_ids` only when given);
    overridden rows stay, as the audit trail of the override. Returns rows added."""
    query = sa.select(Conflict).where(Conflict.submission_id == submission_id, Conflict.source.in_(FOUND_SOURCES))
    if user_ids is not None:
        query = query.where(Conflict.user_id.in_(user_ids))
    existing = {(c.user_id, c.source): c for c in db.session.scalars(query)}
    wanted = {(f.user_id, f.source): f for f in found}
    for key, row in existing.items():
        if key not in wanted and not row.overridden:
            db.session.delete(row)
    added = 0
    for key, item in wanted.items():
        if key not in existing:
            db.session.add(Conflict(submission_id=submission_id, user_id=item.user_id, source=item.source,
                                    reason=item.reason[:500]))
            added += 1
    return added


def refresh_conflicts_for_submission(submission: Submission) -> int:
    """Recompute the found conflicts of one submission against the event's reviewers and
    organizers (on submit and edit). Flushes; returns how many were added."""
    event = submission.event
    authors = _authors(((a.email, a.affiliation, a.name, a.user_id) for a in submission.authors), event)
    found = conflictcore.find_conflicts(authors, event_people(event), coauthor_since=coauthor_since(event))
    added = _sync_found(submission.id, found, None)
    db.session.flush()
    if added:
        audit.record("submissions.conflicts_found", event=submission.event, obj=submission, added=added)
    return added


def refresh_conflicts_for_user(event, user) -> int:
    """Recompute the found conflicts of one person (a reviewer or organizer who just joined, or
    changed their affiliation) with every live submission of the event. Flushes."""
    people = event_people(event, [user.id])
    rows = list(db.session.execute(
        sa.select(Authorship.submission_id, Authorship.email, Authorship.affiliation, Authorship.name,
                  Authorship.user_id)
        .join(Submission, Submission.id == Authorship.submission_id)
        .where(Submission.event_id == event.id, Submission.status != SubmissionState.withdrawn)))
    authors = _authors((row[1:] for row in rows), event)
    by_submission: dict[int, list[conflictcore.Author]] = {}
    for row, author in zip(rows, authors, strict=True):
        by_submission.setdefault(row[0], []).append(author)
    since = coauthor_since(event)
    added = 0
    for sid, authors_of in by_submission.items():
        added += _sync_found(sid, conflictcore.find_conflicts(authors_of, people, coauthor_since=since), {user.id})
    db.session.flush()
    if added:
        audit.record("submissions.conflicts_found", event=event, obj=user, added=added)
    return added


def declare_conflicts(submission: Submission, *, by, reasons: dict[int, str]) -> None:
    """The authors' declared conflicts: exactly the people in `reasons` (user id -> reason),
    who must be reviewers or organizers of the event. Flushes."""
    allowed = {p.user_id for p in event_people(submission.event)}
    if set(reasons) - allowed:
        raise DomainError("Choose people from the event's reviewers and organizers.")
    existing = {c.user_id: c for c in db.session.scalars(sa.select(Conflict).where(
        Conflict.submission_id == submission.id, Conflict.source == ConflictSource.author))}
    for user_id, row in existing.items():
        if user_id not in reasons:
            db.session.delete(row)
    for user_id, reason in reasons.items():
        row = existing.get(user_id) or Conflict(submission_id=submission.id, user_id=user_id,
                                                source=ConflictSource.author)
        row.reason = reason.strip()[:500]
        db.session.add(row)
    db.session.flush()
    audit.record("submissions.conflicts_declared", event=submission.event, actor=by, obj=submission,
                 users=sorted(reasons))


def override_conflict(conflict: Conflict, *, by, reason: str, undo: bool = False) -> Conflict:
    """An organizer sets aside a found conflict (or restores it), always with a reason. Flushes."""
    if conflict.source not in FOUND_SOURCES:
        raise NotAllowed("Only conflicts found automatically can be overridden.")
    if not reason.strip():
        raise DomainError("Give a reason for the override.")
    conflict.overridden = not undo
    conflict.override_reason = reason.strip()[:500]
    conflict.overridden_by_id = by.id
    db.session.flush()
    audit.record("submissions.conflict_restored" if undo else "submissions.conflict_overridden",
                 event=conflict.submission.event, actor=by, obj=conflict, user_id=conflict.user_id,
                 source=conflict.source, reason=conflict.override_reason, at=utcnow())
    return conflict


def link_authorships(user) -> int:
    """Tie author rows carrying the user's confirmed address to the account (called when the
    user opens their submissions), so a registered coauthor stays an author even after
    changing their address. Flushes; returns rows linked."""
    if not user.email_confirmed_at:
        return 0
    rows = list(db.session.scalars(sa.select(Authorship).where(
        sa.func.lower(Authorship.email) == user.email.lower(), Authorship.user_id.is_(None))))
    for row in rows:
        row.user_id = user.id
    if rows:
        db.session.flush()
        audit.record("submissions.authorships_linked", actor=user, obj=user, rows=len(rows))
    return len(rows)
