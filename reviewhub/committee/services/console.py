"""What a chair does from the console: remind late reviewers, add or remove a reviewer of a
submission they chair (through the assignment services, with conflicts and load caps refused)."""

import sqlalchemy as sa

from reviewhub import audit
from reviewhub.assignment.models import Assignment
from reviewhub.assignment.services import runs as assignment_services
from reviewhub.errors import DomainError
from reviewhub.events.models import Membership, Role
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions.models import Submission

REMIND_KEY = "committee/remind"


def remind_late(event, rows, *, by, now=None) -> int:
    """Mail each late reviewer of the chair's `rows` (console rows, conflicts already left out)
    the list of their reviews of these submissions still to submit; at most once a day per chair
    (the dedupe key carries the chair and the date). Returns how many mails were queued. Flushes."""
    from reviewhub.accounts.models import User
    from reviewhub.mail.services import Planned, Recipient, enqueue_many
    from reviewhub.reviewing.services import _review_link
    from reviewhub.timeutil import format_local

    now = now or utcnow()
    owed: dict[int, list] = {}
    dues: dict[int, list] = {}
    for row in rows:
        for line in row.reviewers:
            if line.days_late > 0:
                owed.setdefault(line.user_id, []).append(row)
                dues.setdefault(line.user_id, []).append(line.due)
    users = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(list(owed))))} if owed else {}
    planned = []
    for uid, subs in sorted(owed.items()):
        user = users[uid]
        items = [{"number": r.number, "title": r.title, "link": _review_link(event, r.submission_id)} for r in subs]
        planned.append(Planned(
            "reviewing/remind", Recipient(user.email, user.name),
            {"event_name": event.name, "submissions": items, "count": len(items),
             "deadline": format_local(min((d for d in dues[uid] if d is not None),
                                          default=event.review_deadline_at), event.timezone)},
            f"{REMIND_KEY}:{event.id}:{by.id}:{now:%Y-%m-%d}"))
    written = enqueue_many(planned, event=event) if planned else []
    audit.record("committee.reminded_late", event=event, actor=by, reminded=len(written), late=len(owed))
    return len(written)


def _reviewer_load(event, user_id: int) -> tuple[int, int]:
    cap = db.session.scalar(sa.select(Membership.max_load).where(
        Membership.event_id == event.id, Membership.user_id == user_id, Membership.role == Role.reviewer))
    load = db.session.scalar(sa.select(sa.func.count()).select_from(Assignment)
                             .join(Submission, Submission.id == Assignment.submission_id)
                             .where(Submission.event_id == event.id, Assignment.user_id == user_id))
    return load, cap if cap is not None else event.default_reviewer_load


def add_reviewer(submission, user, *, by, round_=None) -> Assignment:
    """A chair assigns a reviewer to a submission they chair (in `round_` when given): refused
    over the reviewer's load cap, and (in assignment's add_assignment) for conflicts and
    non-reviewers. Flushes; audited; mails the reviewer through the outbox."""
    load, cap = _reviewer_load(submission.event, user.id)
    if load >= cap:
        raise DomainError(f"{user.name} is at their load cap ({load} of {cap}); not assigned.")
    assignment = assignment_services.add_assignment(submission, user, by=by, locked=True,
                                                    review_round_id=round_.id if round_ else None)
    audit.record("committee.round_reviewer_added" if round_ else "committee.reviewer_added",
                 event=submission.event, actor=by, obj=assignment, submission=submission.number,
                 user_id=user.id, **({"round": round_.name} if round_ else {}))
    return assignment


def later_rounds(event) -> list:
    """The rounds a chair may ask an extra reviewer in: every round after the first (the first
    is the main assignment's) whose deadline has not passed."""
    from reviewhub.reviewing.process.settings import list_rounds

    now = utcnow()
    return [r for r in list_rounds(event)[1:] if r.deadline_at is None or r.deadline_at > now]


def add_round_reviewer(submission, user, round_, *, by) -> Assignment:
    """A chair asks one more reviewer for their submission in a later round (HotCRP's "request
    an external review", OpenReview's emergency reviewer): the round must be a later one still
    open; then as add_reviewer (conflicts and load caps refused, audited, mail via the outbox)."""
    if round_ is None or round_.id not in {r.id for r in later_rounds(submission.event)}:
        raise DomainError("Choose a later review round whose deadline has not passed.")
    return add_reviewer(submission, user, by=by, round_=round_)


def remove_reviewer(assignment, *, by) -> None:
    """A chair unassigns a reviewer (refused once a review is started). Flushes; audited."""
    submission = assignment.submission
    assignment_services.remove_assignment(assignment, by=by)
    audit.record("committee.reviewer_removed", event=submission.event, actor=by,
                 submission=submission.number, user_id=assignment.user_id)


def reviewer_choices(event, submission) -> list[tuple[int, str]]:
    """Reviewers of the event not yet on the submission (the service still checks conflicts)."""
    from reviewhub.accounts.models import User

    on_it = sa.select(Assignment.user_id).where(Assignment.submission_id == submission.id)
    return [(uid, name) for uid, name in db.session.execute(
        sa.select(User.id, User.name).join(Membership, Membership.user_id == User.id)
        .where(Membership.event_id == event.id, Membership.role == Role.reviewer, User.id.not_in(on_it))
        .order_by(User.name, User.id)).tuples()]
