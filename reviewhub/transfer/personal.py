"""A person's own data (what they gave and wrote, as JSON) and the deletion of their account:
what organizers need to run their events stays, anonymised."""

import secrets

import sqlalchemy as sa

from reviewhub import audit
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.publications.models import Publication, PublicationImport
from reviewhub.transfer import codec

DELETED_NAME = "Deleted user"
DELETED_DOMAIN = "deleted.invalid"  # RFC 2606: no mail can reach it
# Conflicts a person declared themselves; a conflict an author declared about them is the
# author's statement (and, in a double-blind event, names the author's side).
OWN_CONFLICT_SOURCES = ("reviewer", "bid")


def _plain(obj, *names: str) -> dict:
    return {name: codec.encode(getattr(obj, name)) for name in names}


def personal_data(user) -> dict:
    """Everything the person gave or wrote: account, roles, profile, the submissions they
    author, the reviews, comments, bids and conflicts they wrote (never another person's
    identity that they could not already read)."""
    from reviewhub.assignment.models import Assignment, Bid, ReviewerProfile
    from reviewhub.events.models import Event, Membership
    from reviewhub.reviewing.models import Comment, Review
    from reviewhub.submissions.models import Authorship, Conflict, Submission

    events = {e.id: e.slug for e in db.session.scalars(sa.select(Event))}
    profile = db.session.scalar(sa.select(ReviewerProfile).where(ReviewerProfile.user_id == user.id))
    authored = db.session.scalars(sa.select(Submission).join(Authorship).where(
        Authorship.user_id == user.id).order_by(Submission.id)).unique().all()
    reviews = db.session.execute(sa.select(Review, Assignment, Submission).join(
        Assignment, Review.assignment_id == Assignment.id).join(Submission).where(
        Assignment.user_id == user.id).order_by(Review.id)).all()
    work = {s.id: s for s in db.session.scalars(sa.select(Submission).where(Submission.id.in_(
        sa.select(Bid.submission_id).where(Bid.user_id == user.id).union(
            sa.select(Conflict.submission_id).where(Conflict.user_id == user.id),
            sa.select(Comment.submission_id).where(Comment.author_id == user.id)))))}

    def about(submission_id: int) -> dict:
        s = work[submission_id]
        return {"event": events[s.event_id], "submission": s.number, "title": s.title}

    return {
        "format": "reviewhub-personal-data", "format_version": 1, "exported_at": utcnow().isoformat(),
        "account": _plain(user, "email", "name", "affiliation", "created_at", "email_confirmed_at")
        | {"two_factor": user.has_two_factor},
        "roles": [{"event": events[m.event_id], "role": m.role} for m in db.session.scalars(
            sa.select(Membership).where(Membership.user_id == user.id).order_by(Membership.id))],
        "reviewer_profile": _plain(profile, "expertise", "keywords", "past_papers", "updated_at") if profile else None,
        "submissions": [_submission(s, events) for s in authored],
        "reviews": [{"event": events[s.event_id], "submission": s.number, "title": s.title}
                    | _plain(r, "status", "answers", "submitted_at", "updated_at") for r, _a, s in reviews],
        "comments": [about(c.submission_id) | _plain(c, "body_md", "visibility", "created_at")
                     for c in db.session.scalars(sa.select(Comment).where(Comment.author_id == user.id))],
        "bids": [about(b.submission_id) | _plain(b, "value", "updated_at")
                 for b in db.session.scalars(sa.select(Bid).where(Bid.user_id == user.id))],
        "conflicts": [about(c.submission_id) | _plain(c, "source", "reason")
                      for c in db.session.scalars(sa.select(Conflict).where(
                          Conflict.user_id == user.id, Conflict.source.in_(OWN_CONFLICT_SOURCES)))],
        "publications": [_plain(p, "title", "abstract", "year", "coauthors", "venue", "source", "imported_at")
                         for p in db.session.scalars(sa.select(Publication).where(Publication.user_id == user.id)
                                                     .order_by(Publication.id))],
    }


def _submission(s, events: dict) -> dict:
    return {
        "event": events[s.event_id], "number": s.number, "title": s.title, "abstract": s.abstract_md,
        "keywords": s.keywords, "status": s.status,
        "submitted_at": codec.encode(s.submitted_at),
        "authors": [{"name": a.name, "affiliation": a.affiliation} for a in s.authors],
        "files": [{"name": f.original_name, "kind": f.kind, "size": f.size, "sha256": f.sha256} for f in s.files],
    }


class LastOrganizer(DomainError):
    status_code = 409


def delete_account(user, *, password: str) -> None:
    """Anonymise and deactivate the account once `password` is the user's: the row stays (their
    reviews and comments stay, under "Deleted user"), their authorships keep the name printed on
    the works, their roles, profile, tokens and second factor go, every session ends. Refused
    for the only organizer of an event. Audited; flushes."""
    from reviewhub.accounts.services import check_password

    if not check_password(user, password):
        raise DomainError("The password is not right; the account was not deleted.")
    _refuse_last_organizer(user)
    _drop_personal_rows(user)
    anonymous = f"deleted-{secrets.token_hex(8)}@{DELETED_DOMAIN}"
    from reviewhub.submissions.models import Authorship

    # The printed name and affiliation stay on the works; the address (the login) goes.
    db.session.execute(sa.update(Authorship).where(Authorship.user_id == user.id).values(
        user_id=None, email=anonymous).execution_options(synchronize_session=False))
    user.email, user.name, user.affiliation = anonymous, DELETED_NAME, ""
    user.password_hash = user.email_confirmed_at = None
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    user.is_admin = False
    from reviewhub.accounts.services import end_all_sessions

    end_all_sessions(user)
    audit.record("account.deleted", actor=user, obj=user)
    db.session.flush()


def _refuse_last_organizer(user) -> None:
    from reviewhub.events.models import Event, Membership

    mine = sa.select(Membership.event_id).where(Membership.user_id == user.id, Membership.role == "organizer")
    others = sa.select(Membership.event_id).where(Membership.user_id != user.id, Membership.role == "organizer")
    alone = db.session.scalars(sa.select(Event.name).where(Event.id.in_(mine), Event.id.not_in(others))).all()
    if alone:
        raise LastOrganizer("You are the only organizer of " + ", ".join(alone) + ": add another "
                            "organizer first, so the event keeps someone to run it.")


def _drop_personal_rows(user) -> None:
    from reviewhub.accounts.models import RecoveryCode
    from reviewhub.api.models import ApiToken
    from reviewhub.assignment.models import ReviewerProfile
    from reviewhub.events.models import Membership
    from reviewhub.search.models import SavedSearch

    reviewer_topics = db.metadata.tables["reviewer_topics"]
    for statement in (sa.delete(Membership).where(Membership.user_id == user.id),
                      sa.delete(ReviewerProfile).where(ReviewerProfile.user_id == user.id),
                      sa.delete(reviewer_topics).where(reviewer_topics.c.user_id == user.id),
                      sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id),
                      sa.delete(ApiToken).where(ApiToken.user_id == user.id),
                      sa.delete(SavedSearch).where(SavedSearch.user_id == user.id),
                      sa.delete(Publication).where(Publication.user_id == user.id),
                      sa.delete(PublicationImport).where(PublicationImport.user_id == user.id)):
        db.session.execute(statement.execution_options(synchronize_session=False))
