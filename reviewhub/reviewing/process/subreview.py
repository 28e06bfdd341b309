"""Sub-reviewers: a reviewer asks an external expert to write the review of one assignment.

awaiting_approval -> pending -> accepted | declined; any open request -> revoked. The
invitation's token is the permission to answer (the reviewer-invitation machinery of
assignment.services.invitations: token lookup, link, pending check). Conflicts are checked for
the expert on the request (by address) and again on acceptance (their account: declared
conflicts and the automatic mail-domain and affiliation rules).
"""

from __future__ import annotations

import sqlalchemy as sa

from reviewhub import audit, permissions
from reviewhub.accounts.services import normalise_email
from reviewhub.assignment.models import Assignment
from reviewhub.assignment.services import invitations
from reviewhub.errors import DomainError, InvalidTransition, NotAllowed
from reviewhub.extensions import db
from reviewhub.mail import services as mail
from reviewhub.models_base import utcnow
from reviewhub.reviewing.process.models import SubReviewRequest, SubReviewState
from reviewhub.reviewing.process.settings import settings_of
from reviewhub.submissions import conflictcore

OPEN = (SubReviewState.awaiting_approval, SubReviewState.pending, SubReviewState.accepted)
MAIL_KEY = "reviewing/subreview_invitation"


def get_by_token(token: str) -> SubReviewRequest | None:
    return invitations.find_by_token(SubReviewRequest, token)


def _found_conflict(submission, email: str, affiliation: str = "") -> str | None:
    """The automatic rules (same institution mail domain, same affiliation) for one person."""
    authors = [conflictcore.Author(a.email, a.affiliation) for a in submission.authors]
    found = conflictcore.find_conflicts(authors, [conflictcore.Person(0, email, affiliation or "")])
    return found[0].reason if found else None


def request_subreview(assignment: Assignment, *, by, email: str, name: str = "") -> SubReviewRequest:
    """The assigned reviewer asks an expert. Refused when the event does not allow it, for an
    address that is conflicted, an author, already on this submission, or already asked.
    Mails the invitation now, or after an organizer's approval when the event asks for one.
    Flushes; audited."""
    from reviewhub.accounts.models import User

    submission = assignment.submission
    settings = settings_of(submission.event)
    if not settings.subreviewers_allowed or not permissions.can_review(by, assignment):
        raise NotAllowed("Sub-reviewers are not allowed for this review.")
    email = normalise_email(email)
    if email == normalise_email(by.email):
        raise DomainError("Ask someone other than yourself.")
    if any(normalise_email(a.email) == email for a in submission.authors):
        raise DomainError("That person is an author of this submission.")
    reason = _found_conflict(submission, email)
    if reason:
        raise DomainError(f"That person has a conflict of interest with this submission ({reason}).")
    account = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email))
    if account is not None:
        _check_person(assignment, account)
    if _open_request(assignment) is not None:
        raise DomainError("This review has an open sub-review request already; revoke it first.")
    state = SubReviewState.awaiting_approval if settings.subreviewers_need_approval else SubReviewState.pending
    row = SubReviewRequest(assignment_id=assignment.id, email=email, name=(name or "").strip()[:200],
                           status=state, requested_by_id=by.id)
    db.session.add(row)
    db.session.flush()
    audit.record("subreview.requested", event=submission.event, actor=by, obj=row,
                 submission_id=submission.id, email=email, status=state)
    if state == SubReviewState.pending:
        _send_invitation(row, by=by)
    return row


def _open_request(assignment) -> SubReviewRequest | None:
    return db.session.scalar(sa.select(SubReviewRequest).where(
        SubReviewRequest.assignment_id == assignment.id, SubReviewRequest.status.in_(OPEN)))


def _check_person(assignment, user) -> None:
    """A known account: not conflicted (declared or found), not assigned to this submission."""
    submission = assignment.submission
    if permissions.is_conflicted(user, submission):
        raise DomainError("That person has a conflict of interest with this submission.")
    reason = _found_conflict(submission, user.email, user.affiliation)
    if reason:
        raise DomainError(f"That person has a conflict of interest with this submission ({reason}).")
    if permissions.is_assigned(user, submission):
        raise DomainError("That person reviews this submission already.")


def approve(row: SubReviewRequest, *, by) -> None:
    """An organizer lets the request go out. Flushes; audited; mails the invitation."""
    if row.status != SubReviewState.awaiting_approval:
        raise InvalidTransition(f"This request is {row.status.replace('_', ' ')} already.")
    row.status, row.approved_by_id = SubReviewState.pending, by.id
    db.session.flush()
    audit.record("subreview.approved", event=row.assignment.submission.event, actor=by, obj=row)
    _send_invitation(row, by=by)


def accept(row: SubReviewRequest, user) -> None:
    """The invited expert, with whatever account they use, takes the review; conflicts are
    checked again for that account. Flushes; audited."""
    if row.status == SubReviewState.accepted and row.user_id == user.id:
        return
    invitations.require_pending(row)
    _check_person(row.assignment, user)
    row.status, row.user_id, row.responded_at = SubReviewState.accepted, user.id, utcnow()
    db.session.flush()
    audit.record("subreview.accepted", event=row.assignment.submission.event, actor=user, obj=row)


def decline(row: SubReviewRequest, *, user=None) -> None:
    invitations.require_pending(row)
    row.status, row.responded_at = SubReviewState.declined, utcnow()
    db.session.flush()
    audit.record("subreview.declined", event=row.assignment.submission.event, actor=user, obj=row)


def revoke(row: SubReviewRequest, *, by) -> None:
    """The requesting reviewer or an organizer withdraws the request (and with it the grant);
    the review written so far stays the assignment's. Flushes; audited."""
    if row.status not in OPEN:
        raise InvalidTransition(f"This request is {row.status} already.")
    row.status = SubReviewState.revoked
    db.session.flush()
    audit.record("subreview.revoked", event=row.assignment.submission.event, actor=by, obj=row)


def _send_invitation(row: SubReviewRequest, *, by) -> None:
    submission = row.assignment.submission
    event = submission.event
    link = invitations.link_maker(event, "reviewing.subreview_invitation")(row.token)
    # The expert reads title and abstract before answering; never the authors (double-blind).
    mail.enqueue_many([mail.Planned(
        MAIL_KEY, mail.Recipient(row.email, row.name),
        {"event_name": event.name, "name": row.name, "reviewer_name": by.name if by else "A reviewer",
         "title": submission.title, "link": link, "contact": event.contact_email},
        dedupe_key=f"subreview:{row.id}:{row.token[:12]}")], event=event)


def list_awaiting(event) -> list[SubReviewRequest]:
    from reviewhub.submissions.models import Submission

    return list(db.session.scalars(
        sa.select(SubReviewRequest).join(Assignment, Assignment.id == SubReviewRequest.assignment_id)
        .join(Submission, Submission.id == Assignment.submission_id)
        .where(Submission.event_id == event.id, SubReviewRequest.status == SubReviewState.awaiting_approval)
        .order_by(SubReviewRequest.id)))


def get_request(event, request_id: int) -> SubReviewRequest | None:
    from reviewhub.submissions.models import Submission

    return db.session.scalar(
        sa.select(SubReviewRequest).join(Assignment, Assignment.id == SubReviewRequest.assignment_id)
        .join(Submission, Submission.id == Assignment.submission_id)
        .where(SubReviewRequest.id == request_id, Submission.event_id == event.id))
