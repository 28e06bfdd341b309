"""Small builders for test data; each flushes and returns the object."""

import itertools
from datetime import timedelta

import sqlalchemy as sa

from reviewhub.accounts.models import User
from reviewhub.assignment import numbering
from reviewhub.assignment.models import Assignment
from reviewhub.events.models import Event, Membership
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.submissions.models import Authorship, Conflict, Submission, SubmissionType

_seq = itertools.count(1)
PASSWORD = "correct horse battery"


def make_user(*, email=None, name=None, affiliation="", password=PASSWORD, confirmed=True, **kw) -> User:
    from reviewhub.accounts.services import create_user

    n = next(_seq)
    user = create_user(
        email=email or f"user{n}@uni{n}.example.edu", name=name or f"User {n}",
        affiliation=affiliation, password=password, confirmed=confirmed,
    )
    for key, value in kw.items():
        setattr(user, key, value)
    db.session.flush()
    return user


def make_admin(**kw) -> User:
    """A site admin with two-factor sign-in on (the security log requires it)."""
    import pyotp

    from reviewhub.accounts import twofactor

    user = make_user(is_admin=True, **kw)
    user.totp_secret, user.totp_enabled_at = twofactor.seal(pyotp.random_base32()), utcnow()
    db.session.flush()
    return user


def make_event(*, slug=None, organizer=None, **fields) -> Event:
    n = next(_seq)
    defaults = dict(
        slug=slug or f"event-{n}", name=f"Workshop {n}", double_blind=True,
        submission_deadline_at=utcnow() + timedelta(days=7), timezone="Etc/GMT+12",
    )
    event = Event(**{**defaults, **fields})
    db.session.add(event)
    db.session.flush()
    if organizer is not None:
        add_role(event, organizer, "organizer")
    return event


def add_role(event, user, role) -> Membership:
    membership = Membership(event_id=event.id, user_id=user.id, role=role)
    db.session.add(membership)
    db.session.flush()
    return membership


def get_type(event, key="paper") -> SubmissionType:
    kind = db.session.scalar(
        sa.select(SubmissionType).where(SubmissionType.event_id == event.id, SubmissionType.key == key)
    )
    if kind is None:
        kind = SubmissionType(
            event_id=event.id, key=key, name=key.title(), allowed_kinds=["pdf"], required_kinds=[]
        )
        db.session.add(kind)
        db.session.flush()
    return kind


def make_submission(event, *, author=None, coauthors=(), status="submitted", type_key="paper", **fields):
    number = (db.session.scalar(
        sa.select(sa.func.max(Submission.number)).where(Submission.event_id == event.id)) or 0) + 1
    submission = Submission(
        event_id=event.id, number=number, type_id=get_type(event, type_key).id,
        title=fields.pop("title", f"Submission {number}"),
        abstract_md=fields.pop("abstract_md", "An abstract."), status=status,
        submitted_at=utcnow() if status == "submitted" else None,
        created_by_id=getattr(author, "id", None), **fields,
    )
    db.session.add(submission)
    db.session.flush()
    people = ([author] if author else []) + list(coauthors)
    for position, user in enumerate(people):
        db.session.add(Authorship(
            submission_id=submission.id, position=position, name=user.name, email=user.email,
            affiliation=user.affiliation, user_id=user.id, is_contact=position == 0,
        ))
    db.session.flush()
    db.session.refresh(submission)
    return submission


def make_assignment(submission, reviewer, **fields) -> Assignment:
    if "reviewer_number" not in fields:
        fields["reviewer_number"] = numbering.reserve_one(submission.id)
    assignment = Assignment(submission_id=submission.id, user_id=reviewer.id, **fields)
    db.session.add(assignment)
    db.session.flush()
    return assignment


def make_conflict(submission, user, source="reviewer", reason="") -> Conflict:
    conflict = Conflict(submission_id=submission.id, user_id=user.id, source=source, reason=reason)
    db.session.add(conflict)
    db.session.flush()
    return conflict


def make_subreview(assignment, expert, *, status="accepted"):
    """An expert's sub-review request on `assignment` (accepted: the per-assignment grant)."""
    from reviewhub.reviewing.process.models import SubReviewRequest

    row = SubReviewRequest(assignment_id=assignment.id, email=expert.email, name=expert.name, status=status,
                           user_id=expert.id if status == "accepted" else None,
                           requested_by_id=assignment.user_id)
    db.session.add(row)
    db.session.flush()
    return row
