"""Every "can X see/do Y" rule of reviewhub, in one module.

Views, listing queries and templates (as Jinja globals) all ask these predicates, so a page
never shows what its route forbids. Roles are per event (Membership); being an author is
implied by the author list; a conflict of interest outranks every role (HotCRP's rule: an
organizer who is an author sees nothing of their own submission's reviews).
"""

import sqlalchemy as sa
from flask import abort, g, has_request_context

from reviewhub.extensions import db


def require(allowed: bool, *, hide: bool = False) -> None:
    """Abort with 403 unless allowed; with hide=True answer 404, the same as "no such thing",
    so walking ids tells nobody what exists."""
    if not allowed:
        from reviewhub.security.recorder import note_refusal

        note_refusal("not_found" if hide else "forbidden", "permission")  # the security log
        abort(404 if hide else 403)


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def _roles(user, event_id: int) -> set[str]:
    """The user's roles in an event, memoised for the request."""
    from reviewhub.events.models import Membership

    cache = g.setdefault("_roles", {})
    key = (user.id, event_id)
    if key not in cache:
        cache[key] = set(
            db.session.scalars(
                sa.select(Membership.role).where(
                    Membership.user_id == user.id, Membership.event_id == event_id
                )
            )
        )
    return cache[key]


# --- events -------------------------------------------------------------------------------


def is_admin(user) -> bool:
    return _authenticated(user) and bool(user.is_admin)


def is_organizer(user, event) -> bool:
    if not (_authenticated(user) and (user.is_admin or "organizer" in _roles(user, event.id))):
        return False
    return has_required_two_factor(user, event)


def is_reviewer(user, event) -> bool:
    return _authenticated(user) and "reviewer" in _roles(user, event.id)


def can_create_event(user) -> bool:
    """Site admins and anyone who already organizes an event."""
    from reviewhub.events.models import Membership

    if not _authenticated(user):
        return False
    if user.is_admin:
        return True
    return db.session.scalar(
        sa.select(sa.func.count()).where(Membership.user_id == user.id, Membership.role == "organizer")
    ) > 0


def can_manage_event(user, event) -> bool:
    return is_organizer(user, event)


def can_view_event(user, event) -> bool:
    return True


# --- submissions --------------------------------------------------------------------------


def is_author(user, submission) -> bool:
    """On the author list by account, or by a confirmed email address."""
    if not _authenticated(user):
        return False
    email = user.email.lower() if user.email_confirmed_at else None
    return any(a.user_id == user.id or (email and a.email.lower() == email) for a in submission.authors)


def is_conflicted(user, submission) -> bool:
    """Authors and users with a standing (not overridden) conflict."""
    from reviewhub.submissions.models import Conflict

    if not _authenticated(user):
        return False
    if is_author(user, submission):
        return True
    return db.session.scalar(
        sa.select(sa.func.count()).where(
            Conflict.submission_id == submission.id,
            Conflict.user_id == user.id,
            Conflict.overridden.is_(False),
        )
    ) > 0


def is_assigned(user, submission) -> bool:
    from reviewhub.assignment.models import Assignment

    if not _authenticated(user):
        return False
    return db.session.scalar(
        sa.select(sa.func.count()).where(
            Assignment.submission_id == submission.id, Assignment.user_id == user.id
        )
    ) > 0


def can_organize_submission(user, submission) -> bool:
    """An organizer of the event who is not conflicted with this submission."""
    return is_organizer(user, submission.event) and not is_conflicted(user, submission)


def can_view_submission(user, submission) -> bool:
    if is_author(user, submission):
        return True
    if can_organize_submission(user, submission):
        return True
    return (
        is_assigned(user, submission)
        and not is_conflicted(user, submission)
        and submission.status == "submitted"
    )


def can_edit_submission(user, submission) -> bool:
    """Authors may change their work while it is not withdrawn; deadlines are the service's."""
    return is_author(user, submission) and submission.status != "withdrawn"


def can_see_authors(user, submission) -> bool:
    """Author identities: hidden from reviewers (and the public) in double-blind events."""
    if is_author(user, submission) or can_organize_submission(user, submission):
        return True
    return not submission.event.double_blind and can_view_submission(user, submission)


def can_list_submissions(user, event) -> bool:
    return is_organizer(user, event)


def can_submit_to(user, event) -> bool:
    return _authenticated(user)


# --- reviewing ----------------------------------------------------------------------------


def can_bid(user, event) -> bool:
    return is_reviewer(user, event)


def can_review(user, assignment) -> bool:
    """The assigned reviewer, while not conflicted and the submission is not withdrawn."""
    submission = assignment.submission
    return (
        _authenticated(user)
        and assignment.user_id == user.id
        and submission.status == "submitted"
        and not is_conflicted(user, submission)
    )


def can_see_reviews(user, submission) -> bool:
    """Organizers (not conflicted) always; assigned reviewers per the event's rule."""
    if can_organize_submission(user, submission):
        return True
    if not is_assigned(user, submission) or is_conflicted(user, submission):
        return False
    if not submission.event.reviewers_see_others_after_submit:
        return True
    return _has_submitted_review(user, submission)


def _has_submitted_review(user, submission) -> bool:
    from reviewhub.assignment.models import Assignment
    from reviewhub.reviewing.models import Review

    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Review)
        .join(Assignment, Review.assignment_id == Assignment.id)
        .where(
            Assignment.submission_id == submission.id,
            Assignment.user_id == user.id,
            Review.status == "submitted",
        )
    ) > 0


def can_discuss(user, submission) -> bool:
    return can_organize_submission(user, submission) or (
        is_assigned(user, submission) and not is_conflicted(user, submission)
    )


def can_see_ranking(user, event) -> bool:
    return is_organizer(user, event)


def can_manage_reviewers(user, event) -> bool:
    return is_organizer(user, event)


def can_run_assignment(user, event) -> bool:
    return is_organizer(user, event)


# --- decisions ----------------------------------------------------------------------------


def can_decide(user, submission) -> bool:
    return can_organize_submission(user, submission)


def can_see_decision(user, submission, decision) -> bool:
    """Authors see a decision once released; deciding organizers see it always."""
    if decision is None:
        return False
    if can_organize_submission(user, submission):
        return True
    return is_author(user, submission) and decision.released_at is not None


def can_see_author_reviews(user, submission, decision) -> bool:
    """Authors read the author-visible parts of reviews after the decision is released."""
    return (
        is_author(user, submission)
        and decision is not None
        and decision.released_at is not None
        and submission.event.reviews_visible_to_authors
    )


def can_send_mail(user, event) -> bool:
    return is_organizer(user, event)


def can_manage_decisions(user, event) -> bool:
    """Outcomes, the decisions overview, releases, corrections, templates, the outbox."""
    return is_organizer(user, event)


def can_see_mail_log(user, submission) -> bool:
    """A submission's mails carry its outcome and reviews: non-conflicted organizers only."""
    return can_organize_submission(user, submission)


def can_act_as_presenter(user, submission, decision) -> bool:
    """Authors of a work whose released decision is an accept: camera-ready, confirmation."""
    return (
        is_author(user, submission)
        and decision is not None
        and decision.released_at is not None
        and decision.released_outcome is not None
        and decision.released_outcome.is_accept
        and submission.status == "submitted"
    )


# --- program ------------------------------------------------------------------------------


def can_manage_program(user, event) -> bool:
    return is_organizer(user, event)


def can_see_program(user, event) -> bool:
    return bool(event.program_public) or is_organizer(user, event)


def can_see_integrity(user, event) -> bool:
    return is_organizer(user, event)


def conflicted_submission_ids(user) -> set[int]:
    """Ids of every submission `user` is conflicted with (is_conflicted's rule, in two queries),
    for listing pages that filter many rows at once."""
    from reviewhub.submissions.models import Authorship, Conflict

    if not _authenticated(user):
        return set()
    by_author = Authorship.user_id == user.id
    if user.email_confirmed_at:
        by_author = sa.or_(by_author, sa.func.lower(Authorship.email) == user.email.lower())
    ids = set(db.session.scalars(sa.select(Authorship.submission_id).where(by_author)))
    ids.update(db.session.scalars(
        sa.select(Conflict.submission_id).where(Conflict.user_id == user.id, Conflict.overridden.is_(False))
    ))
    return ids


def can_see_similarity_flag(user, flag) -> bool:
    """An organizer of the flag's event who is conflicted with neither submission of the pair
    (the second may be an accepted work of an earlier event)."""
    from reviewhub.events.models import Event

    event = db.session.get(Event, flag.event_id)
    return (
        event is not None
        and can_see_integrity(user, event)
        and not is_conflicted(user, flag.submission_a)
        and not is_conflicted(user, flag.submission_b)
    )


def can_see_job(user, job) -> bool:
    if not _authenticated(user):
        return False
    if job.created_by_id == user.id or user.is_admin:
        return True
    if job.event_id is None:
        return False
    from reviewhub.events.models import Event

    return is_organizer(user, db.session.get(Event, job.event_id))


def can_rerun_job(user, job) -> bool:
    """Running a job again changes the event's data, so only its organizers (or a site admin
    for a job of no event) may, even when someone else started it."""
    if job.event_id is None:
        return is_admin(user)
    from reviewhub.events.models import Event

    return is_organizer(user, db.session.get(Event, job.event_id))


# --- reviewing pages (added by the reviewing issue) ----------------------------------------


def can_edit_review_forms(user, event) -> bool:
    return is_organizer(user, event)


def can_see_progress(user, event) -> bool:
    return is_organizer(user, event)


def can_see_my_reviews(user, event) -> bool:
    """The reviewer dashboard: anyone with the reviewer role in the event."""
    return is_reviewer(user, event)


def can_open_review_page(user, submission) -> bool:
    """The reviewing page of a submission: unconflicted organizers, and its assigned reviewers
    (never an author, even an assigned one: authorship is a conflict)."""
    if can_organize_submission(user, submission):
        return True
    return (
        is_assigned(user, submission)
        and not is_conflicted(user, submission)
        and submission.status == "submitted"
    )


def can_manage_reviews(user, submission) -> bool:
    """Real names, confidential answers, history, restore and reopen: unconflicted organizers."""
    return can_organize_submission(user, submission)


def can_see_discussion(user, submission) -> bool:
    """The discussion can reveal scores, so reviewers join it when they may see the reviews."""
    if can_organize_submission(user, submission):
        return True
    return can_discuss(user, submission) and can_see_reviews(user, submission)


def can_see_comment(user, comment, submission) -> bool:
    if not can_see_discussion(user, submission):
        return False
    return comment.visibility != "organizers" or can_organize_submission(user, submission)


# --- accounts and the security log (issue 17) -----------------------------------------------


def has_required_two_factor(user, event) -> bool:
    """An event may require two-factor sign-in of its organizers: until they set it up they
    are not its organizers (every organizer page and figure refuses, failing closed), and the
    refusal sends them to the setup page (web._http_error reads the mark)."""
    if not getattr(event, "organizers_require_two_factor", False) or user.has_two_factor:
        return True
    if has_request_context():
        g.two_factor_required = True
    return False


def can_see_security_log(user) -> bool:
    """Refusals name accounts and addresses across every event: site admins only."""
    return is_admin(user)


JINJA_GLOBALS = {
    name: value
    for name, value in dict(globals()).items()
    if callable(value) and (name.startswith("can_") or name.startswith("is_"))
}

