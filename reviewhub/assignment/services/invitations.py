"""Recruiting reviewers: invitations by email (one or a CSV list), answers, reminders, loads.

The same flow recruits a committee (area chairs, senior area chairs): every function takes the
role the invitation offers, the reviewer by default."""

import secrets

import sqlalchemy as sa

from reviewhub import audit, jobs
from reviewhub.accounts.services import normalise_email
from reviewhub.assignment.csvimport import InviteRow, parse_invite_list
from reviewhub.assignment.links import external_url
from reviewhub.assignment.models import InvitationState, ReviewerInvitation
from reviewhub.errors import DomainError, InvalidTransition
from reviewhub.events import services as events
from reviewhub.events.models import Event, Membership, Role
from reviewhub.extensions import db
from reviewhub.mail import services as mail
from reviewhub.models_base import utcnow
from reviewhub.words import plural

IMPORT_JOB = "reviewhub.assignment.services.invitations:import_job"
IMPORT_CHUNK = 500  # invitations flushed, audited and mailed together; progress is reported per chunk


class ListInvalid(DomainError):
    """A reviewer list with bad rows; nothing of it was imported."""

    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(f"{plural(len(errors), 'row')} {plural(len(errors), 'needs', 'need', number=False)} fixing; nothing was imported.")
        self.errors = errors

    def report(self) -> str:
        """The message and every bad line, one per line (for the job page)."""
        lines = [f"Line {line}: {message}" if line else message for line, message in self.errors]
        return "\n".join([str(self), *lines])


def get_invitation_by_token(token: str) -> ReviewerInvitation | None:
    return find_by_token(ReviewerInvitation, token)


def find_by_token(model, token: str):
    """A row of any invitation model (a unique `token` column) by its token; None for a
    malformed one. Shared with the sub-review invitations of reviewing.process."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(sa.select(model).where(model.token == token))


ROLE_LABELS = {Role.reviewer: "reviewer", Role.area_chair: "area chair",
               Role.senior_area_chair: "senior area chair"}


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role.replace("_", " "))


def _action(role: str, what: str) -> str:
    """Audit action names: reviewer.invited as before, area_chair.invited for the committee."""
    return f"{'reviewer' if role == Role.reviewer else role}.{what}"


def _find(event: Event, email: str, role: str = Role.reviewer) -> ReviewerInvitation | None:
    return db.session.scalar(sa.select(ReviewerInvitation).where(
        ReviewerInvitation.event_id == event.id, ReviewerInvitation.email == email,
        ReviewerInvitation.role == role))


def _invitations_by_email(event: Event, role: str = Role.reviewer) -> dict[str, ReviewerInvitation]:
    """Every invitation of the event for the role, read once for a whole list."""
    rows = db.session.scalars(sa.select(ReviewerInvitation).where(
        ReviewerInvitation.event_id == event.id, ReviewerInvitation.role == role))
    return {invitation.email: invitation for invitation in rows}


def _reviewer_emails(event: Event, role: str = Role.reviewer) -> set[str]:
    from reviewhub.accounts.models import User

    return set(db.session.scalars(
        sa.select(User.email).join(Membership, Membership.user_id == User.id)
        .where(Membership.event_id == event.id, Membership.role == role)))


def _problem(email: str, reviewers: set[str], existing: ReviewerInvitation | None,
             role: str = Role.reviewer) -> str | None:
    """Why this address cannot be invited (again), or None."""
    if email in reviewers:
        return f"{email} is {'an' if role_label(role)[0] in 'aeiou' else 'a'} {role_label(role)} already"
    if existing is not None and existing.status in (InvitationState.pending, InvitationState.accepted):
        return f"{email} is invited already ({existing.status})"
    return None


def invite(event: Event, *, email: str, name: str = "", affiliation: str = "", by,
           role: str = Role.reviewer) -> ReviewerInvitation:
    """Invite one person to the role; a declined or revoked invitation is renewed. Flushes;
    queues the mail."""
    email = normalise_email(email)
    existing = _find(event, email, role)
    problem = _problem(email, _reviewer_emails(event, role), existing, role)
    if problem:
        raise DomainError(problem[0].upper() + problem[1:] + ".")
    row = InviteRow(0, (name or "").strip(), email, (affiliation or "").strip())
    return _create_many(event, [row], {email: existing} if existing else {}, by=by, role=role)[0]


def _create_many(event: Event, rows, existing: dict[str, ReviewerInvitation], *, by,
                 progress=None, role: str = Role.reviewer) -> list[ReviewerInvitation]:
    """Invite checked rows, renewing their old invitations, chunk by chunk. Flushes; queues mail."""
    created, link = [], _link_maker(event)
    for start in range(0, len(rows), IMPORT_CHUNK):
        chunk = [_renew(event, existing.get(row.email), row, by=by, role=role)
                 for row in rows[start:start + IMPORT_CHUNK]]
        db.session.flush()
        for invitation in chunk:
            audit.record(_action(role, "invited"), event=event, actor=by, obj=invitation, email=invitation.email)
        mail.enqueue_many([_planned(event, invitation, key=f"invitation:{invitation.id}:{invitation.token[:12]}",
                                    reminder=False, link=link) for invitation in chunk], event=event)
        created.extend(chunk)
        if progress is not None:
            progress(len(created), len(rows))
    return created


def _renew(event: Event, invitation: ReviewerInvitation | None, row: InviteRow, *, by,
           role: str = Role.reviewer) -> ReviewerInvitation:
    if invitation is None:
        invitation = ReviewerInvitation(event_id=event.id, email=row.email, role=role)
        db.session.add(invitation)
    invitation.name, invitation.affiliation = row.name, row.affiliation
    invitation.status, invitation.token = InvitationState.pending, secrets.token_urlsafe(32)
    invitation.invited_at, invitation.responded_at, invitation.reminded_at = utcnow(), None, None
    invitation.invited_by_id = getattr(by, "id", None)
    return invitation


def _checked(event: Event, text: str, role: str = Role.reviewer
             ) -> tuple[tuple[InviteRow, ...], dict[str, ReviewerInvitation]]:
    """The rows of a list and the event's invitations; any bad row raises ListInvalid. Reads only."""
    parsed = parse_invite_list(text)
    errors = list(parsed.errors)
    reviewers, existing = _reviewer_emails(event, role), _invitations_by_email(event, role)
    for row in parsed.rows:
        problem = _problem(row.email, reviewers, existing.get(row.email), role)
        if problem:
            errors.append((row.line, problem))
    if not parsed.rows and not errors:
        errors.append((0, "the list is empty"))
    if errors:
        raise ListInvalid(sorted(errors))
    return parsed.rows, existing


def import_list(event: Event, text: str, *, by, progress=None,
                role: str = Role.reviewer) -> list[ReviewerInvitation]:
    """Invite every row of a CSV list, or nobody: any bad row raises ListInvalid. Flushes;
    queues the mails; `progress(done, total)` is called after every chunk."""
    rows, existing = _checked(event, text, role)
    return _create_many(event, rows, existing, by=by, progress=progress, role=role)


def start_import(event: Event, text: str, *, by) -> jobs.Job:
    """Check a list now and invite its people in a background job (a list may hold 15,000).

    Bad rows raise ListInvalid here, in the request, so the organizer fixes them beside the
    form and no job is made. The job checks again (someone may have been invited meanwhile)
    and then invites all or nobody. Flushes; call `jobs.start` after the commit.
    """
    rows, _ = _checked(event, text)
    return jobs.create(IMPORT_JOB, title=f"Invite {len(rows)} reviewers", event=event, by=by, text=text)


def import_job(job: jobs.Job, *, text: str) -> dict:
    """The import job: a list that went bad since it was checked fails with its lines."""
    from reviewhub.accounts.models import User

    event = db.session.get(Event, job.event_id)
    by = db.session.get(User, job.created_by_id) if job.created_by_id else None
    try:
        created = import_list(event, text, by=by, progress=lambda done, total: jobs.report_progress(
            job, done, total, f"{done} of {total} invited"))
    except ListInvalid as error:
        raise DomainError(error.report()) from None
    jobs.report_progress(job, len(created), len(created), f"{len(created)} people are invited.")
    return {"invited": len(created), "next_url": external_url("assignment.reviewers", slug=event.slug)}


def _link_maker(event: Event, endpoint: str = "assignment.invitation"):
    """token -> the invitation's absolute link. Built once: outside a request (a worker) each
    URL would cost a request context, seconds for a long list. Tokens are URL-safe, so the
    token goes in as it is. `endpoint` takes the token (the sub-review invitations reuse it)."""
    marker = "INVITATION-TOKEN"
    head, tail = external_url(endpoint, slug=event.slug, token=marker).rsplit(marker, 1)
    return lambda token: head + token + tail


def _planned(event: Event, invitation: ReviewerInvitation, *, key: str, reminder: bool,
             link=None) -> mail.Planned:
    link = (link or _link_maker(event))(invitation.token)
    return mail.Planned(
        "assignment/invitation", mail.Recipient(invitation.email, invitation.name),
        {"event_name": event.name, "name": invitation.name, "reminder": reminder,
         "role": invitation.role, "role_label": role_label(invitation.role),
         "accept_link": link + "?answer=accept", "decline_link": link + "?answer=decline",
         "contact": event.contact_email},
        dedupe_key=key,
    )


def _send(invitation: ReviewerInvitation, *, key: str, reminder: bool) -> None:
    event = invitation.event or db.session.get(Event, invitation.event_id)
    mail.enqueue_many([_planned(event, invitation, key=key, reminder=reminder)], event=event)


def _require_pending(invitation) -> None:
    """Any invitation-like row (a `status`) must still be pending to be answered."""
    if invitation.status != InvitationState.pending:
        raise InvalidTransition(f"This invitation is {invitation.status} already.")


link_maker, require_pending = _link_maker, _require_pending  # shared with reviewing.process.subreview


def accept(invitation: ReviewerInvitation, user) -> Membership:
    """The invited person (with whatever account they use) takes the invitation's role. Flushes."""
    if invitation.status == InvitationState.accepted and invitation.user_id == user.id:
        return _membership(invitation.event, user, invitation.role)
    _require_pending(invitation)
    invitation.status, invitation.responded_at, invitation.user_id = (
        InvitationState.accepted, utcnow(), user.id)
    membership = events.add_member(invitation.event, user, invitation.role, by=user)
    audit.record(_action(invitation.role, "invitation_accepted"), event=invitation.event, actor=user,
                 obj=invitation)
    return membership


def _membership(event: Event, user, role: str = Role.reviewer) -> Membership:
    return db.session.scalar(sa.select(Membership).where(
        Membership.event_id == event.id, Membership.user_id == user.id,
        Membership.role == role))


def decline(invitation: ReviewerInvitation, *, user=None) -> None:
    """No account needed: the token is the permission. Flushes."""
    _require_pending(invitation)
    invitation.status, invitation.responded_at = InvitationState.declined, utcnow()
    db.session.flush()
    audit.record(_action(invitation.role, "invitation_declined"), event=invitation.event, actor=user, obj=invitation)


def remind(invitation: ReviewerInvitation, *, by) -> bool:
    """Mail the invitation again, at most once per day; False when today's reminder went out."""
    _require_pending(invitation)
    today = utcnow().date().isoformat()
    if invitation.reminded_at is not None and invitation.reminded_at.date().isoformat() == today:
        return False
    invitation.reminded_at = utcnow()
    _send(invitation, key=f"invitation-reminder:{invitation.id}:{today}", reminder=True)
    audit.record(_action(invitation.role, "invitation_reminded"), event=invitation.event, actor=by, obj=invitation)
    return True


def revoke(invitation: ReviewerInvitation, *, by) -> None:
    """A pending invitation stops working (its links answer that it was withdrawn)."""
    _require_pending(invitation)
    invitation.status = InvitationState.revoked
    db.session.flush()
    audit.record(_action(invitation.role, "invitation_revoked"), event=invitation.event, actor=by, obj=invitation)


def set_max_load(membership: Membership, max_load: int | None, *, by) -> None:
    """A reviewer's (or a committee member's) own cap (None: the event's default). Flushes."""
    if max_load is not None and not 0 <= max_load <= 1000:
        raise DomainError("Enter a load between 0 and 1000, or leave it empty for the default.")
    membership.max_load = max_load
    db.session.flush()
    audit.record(_action(membership.role, "load_set"), event=membership.event, actor=by, obj=membership,
                 user_id=membership.user_id, max_load=max_load)
