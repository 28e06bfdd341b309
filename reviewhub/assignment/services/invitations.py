"""Recruiting reviewers: invitations by email (one or a CSV list), answers, reminders, loads."""

import secrets

import sqlalchemy as sa

from reviewhub import audit
from reviewhub.accounts.services import normalise_email
from reviewhub.assignment.csvimport import parse_invite_list
from reviewhub.assignment.links import external_url
from reviewhub.assignment.models import InvitationState, ReviewerInvitation
from reviewhub.errors import DomainError, InvalidTransition
from reviewhub.events import services as events
from reviewhub.events.models import Event, Membership, Role
from reviewhub.extensions import db
from reviewhub.mail import services as mail
from reviewhub.models_base import utcnow


class ListInvalid(DomainError):
    """A reviewer list with bad rows; nothing of it was imported."""

    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(f"{len(errors)} row(s) need fixing; nothing was imported.")
        self.errors = errors


def get_invitation_by_token(token: str) -> ReviewerInvitation | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalar(sa.select(ReviewerInvitation).where(ReviewerInvitation.token == token))


def _find(event: Event, email: str) -> ReviewerInvitation | None:
    return db.session.scalar(sa.select(ReviewerInvitation).where(
        ReviewerInvitation.event_id == event.id, ReviewerInvitation.email == email))


def _reviewer_emails(event: Event) -> set[str]:
    from reviewhub.accounts.models import User

    return set(db.session.scalars(
        sa.select(User.email).join(Membership, Membership.user_id == User.id)
        .where(Membership.event_id == event.id, Membership.role == Role.reviewer)))


def _problem(event: Event, email: str, reviewers: set[str]) -> str | None:
    """Why this address cannot be invited (again), or None."""
    if email in reviewers:
        return f"{email} is a reviewer already"
    existing = _find(event, email)
    if existing is not None and existing.status in (InvitationState.pending, InvitationState.accepted):
        return f"{email} is invited already ({existing.status})"
    return None


def invite(event: Event, *, email: str, name: str = "", affiliation: str = "", by) -> ReviewerInvitation:
    """Invite one person; a declined or revoked invitation is renewed. Flushes; queues the mail."""
    email = normalise_email(email)
    problem = _problem(event, email, _reviewer_emails(event))
    if problem:
        raise DomainError(problem[0].upper() + problem[1:] + ".")
    return _create(event, email=email, name=(name or "").strip(), affiliation=(affiliation or "").strip(),
                   by=by)


def _create(event: Event, *, email: str, name: str, affiliation: str, by) -> ReviewerInvitation:
    invitation = _find(event, email)
    if invitation is None:
        invitation = ReviewerInvitation(event_id=event.id, email=email)
        db.session.add(invitation)
    invitation.name, invitation.affiliation = name, affiliation
    invitation.status, invitation.token = InvitationState.pending, secrets.token_urlsafe(32)
    invitation.invited_at, invitation.responded_at, invitation.reminded_at = utcnow(), None, None
    invitation.invited_by_id = getattr(by, "id", None)
    db.session.flush()
    audit.record("reviewer.invited", event=event, actor=by, obj=invitation, email=email)
    _send(invitation, key=f"invitation:{invitation.id}:{invitation.token[:12]}", reminder=False)
    return invitation


def import_list(event: Event, text: str, *, by) -> list[ReviewerInvitation]:
    """Invite every row of a CSV list, or nobody: any bad row raises ListInvalid. Flushes."""
    parsed = parse_invite_list(text)
    errors = list(parsed.errors)
    reviewers = _reviewer_emails(event)
    for row in parsed.rows:
        problem = _problem(event, row.email, reviewers)
        if problem:
            errors.append((row.line, problem))
    if not parsed.rows and not errors:
        errors.append((0, "the list is empty"))
    if errors:
        raise ListInvalid(sorted(errors))
    return [_create(event, email=r.email, name=r.name, affiliation=r.affiliation, by=by)
            for r in parsed.rows]


def _send(invitation: ReviewerInvitation, *, key: str, reminder: bool) -> None:
    event = invitation.event or db.session.get(Event, invitation.event_id)
    link = external_url("assignment.invitation", slug=event.slug, token=invitation.token)
    mail.enqueue(
        "assignment/invitation",
        to=[mail.Recipient(invitation.email, invitation.name)],
        context={"event_name": event.name, "name": invitation.name, "reminder": reminder,
                 "accept_link": link + "?answer=accept", "decline_link": link + "?answer=decline",
                 "contact": event.contact_email},
        dedupe_key=key, event=event,
    )


def _require_pending(invitation: ReviewerInvitation) -> None:
    if invitation.status != InvitationState.pending:
        raise InvalidTransition(f"This invitation is {invitation.status} already.")


def accept(invitation: ReviewerInvitation, user) -> Membership:
    """The invited person (with whatever account they use) becomes a reviewer. Flushes."""
    if invitation.status == InvitationState.accepted and invitation.user_id == user.id:
        return _membership(invitation.event, user)
    _require_pending(invitation)
    invitation.status, invitation.responded_at, invitation.user_id = (
        InvitationState.accepted, utcnow(), user.id)
    membership = events.add_member(invitation.event, user, Role.reviewer, by=user)
    audit.record("reviewer.invitation_accepted", event=invitation.event, actor=user, obj=invitation)
    return membership


def _membership(event: Event, user) -> Membership:
    return db.session.scalar(sa.select(Membership).where(
        Membership.event_id == event.id, Membership.user_id == user.id,
        Membership.role == Role.reviewer))


def decline(invitation: ReviewerInvitation, *, user=None) -> None:
    """No account needed: the token is the permission. Flushes."""
    _require_pending(invitation)
    invitation.status, invitation.responded_at = InvitationState.declined, utcnow()
    db.session.flush()
    audit.record("reviewer.invitation_declined", event=invitation.event, actor=user, obj=invitation)


def remind(invitation: ReviewerInvitation, *, by) -> bool:
    """Mail the invitation again, at most once per day; False when today's reminder went out."""
    _require_pending(invitation)
    today = utcnow().date().isoformat()
    if invitation.reminded_at is not None and invitation.reminded_at.date().isoformat() == today:
        return False
    invitation.reminded_at = utcnow()
    _send(invitation, key=f"invitation-reminder:{invitation.id}:{today}", reminder=True)
    audit.record("reviewer.invitation_reminded", event=invitation.event, actor=by, obj=invitation)
    return True


def revoke(invitation: ReviewerInvitation, *, by) -> None:
    """A pending invitation stops working (its links answer that it was withdrawn)."""
    _require_pending(invitation)
    invitation.status = InvitationState.revoked
    db.session.flush()
    audit.record("reviewer.invitation_revoked", event=invitation.event, actor=by, obj=invitation)


def set_max_load(membership: Membership, max_load: int | None, *, by) -> None:
    """A reviewer's own cap (None: the event's default). Flushes."""
    if max_load is not None and not 0 <= max_load <= 1000:
        raise DomainError("Enter a load between 0 and 1000, or leave it empty for the default.")
    membership.max_load = max_load
    db.session.flush()
    audit.record("reviewer.load_set", event=membership.event, actor=by, obj=membership,
                 user_id=membership.user_id, max_load=max_load)
