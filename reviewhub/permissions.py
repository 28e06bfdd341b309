"""Every "can X see/do Y" rule of reviewhub, in one module.

Views, listing queries and templates (as Jinja globals) all ask these predicates, so a page
never shows what its route forbids. Roles are per event (Membership); being an author is
implied by the author list; a conflict of interest outranks every role (HotCRP's rule: an
organizer who is an author sees nothing of their own submission's reviews).
"""

import sqlalchemy as sa
from flask import abort, current_app, g, has_request_context

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
        and not is_event_closed(submission.event)
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


def can_search_by_authors(user, event) -> bool:
    """au: and author names in words: organizers see authors on every row they are shown (their
    conflicted submissions are never listed)."""
    return is_organizer(user, event)


def can_search_by_reviewers(user, event) -> bool:
    """re: and conflict: name committee members, which only organizers may see."""
    return is_organizer(user, event)


def can_manage_tags(user, event) -> bool:
    """Tags are the organizers' (each sees the shared ones and their own private ones; the
    queries leave out the submissions they are conflicted with)."""
    return is_organizer(user, event)


def can_see_audit_log(user, event) -> bool:
    """The event's audit log: organizers (the queries leave out rows about their conflicts)."""
    return is_organizer(user, event)


def can_send_group_mail(user, event) -> bool:
    """Mail to a chosen group (a search's authors or reviewers, late reviewers, all reviewers
    or area chairs): organizers; a search never reaches their conflicted submissions."""
    return is_organizer(user, event)


def can_submit_to(user, event) -> bool:
    return _authenticated(user)


# --- reviewing ----------------------------------------------------------------------------


def can_bid(user, event) -> bool:
    return (is_reviewer(user, event) or is_area_chair(user, event)) and not is_event_closed(event)


def can_review(user, assignment) -> bool:
    """The assigned reviewer, while not conflicted and the submission is not withdrawn."""
    submission = assignment.submission
    return (
        _authenticated(user)
        and assignment.user_id == user.id
        and submission.status == "submitted"
        and not is_conflicted(user, submission)
        and not is_event_closed(submission.event)
    )


def can_see_reviews(user, submission) -> bool:
    """Organizers (not conflicted) and its chairs always; assigned reviewers per the event's rule."""
    if can_organize_submission(user, submission) or can_chair_submission(user, submission):
        return True
    if not is_assigned(user, submission) or is_conflicted(user, submission):
        return False
    if is_event_closed(submission.event):
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
    return can_organize_submission(user, submission) or can_chair_submission(user, submission) or (
        is_assigned(user, submission) and not is_conflicted(user, submission)
        and not is_event_closed(submission.event)
    )


def can_see_ranking(user, event) -> bool:
    return is_organizer(user, event)


def can_manage_reviewers(user, event) -> bool:
    return is_organizer(user, event)


def can_run_assignment(user, event) -> bool:
    return is_organizer(user, event)


# --- assignment quality (bid report, affinity explanations) -------------------------------


def can_see_bid_report(user, event) -> bool:
    """Organizers; the report itself leaves out the submissions they are conflicted with."""
    return is_organizer(user, event)


def can_see_affinity_reason(user, submission, reviewer) -> bool:
    """Why a pair scores high: the reviewer themself, for a work they may bid on (not theirs,
    no standing conflict), or an organizer not conflicted with the work."""
    if not _authenticated(user) or submission.status != "submitted":
        return False
    if user.id == reviewer.id:
        return is_reviewer(user, submission.event) and not is_conflicted(user, submission)
    return can_organize_submission(user, submission) and is_reviewer(reviewer, submission.event)


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
    """The reviewer dashboard: anyone with the reviewer role in the event, while it is open."""
    return is_reviewer(user, event) and not is_event_closed(event)


def can_open_review_page(user, submission) -> bool:
    """The reviewing page of a submission: unconflicted organizers, and its assigned reviewers
    (never an author, even an assigned one: authorship is a conflict), and its area chairs."""
    if can_organize_submission(user, submission) or can_chair_submission(user, submission):
        return True
    return (
        is_assigned(user, submission)
        and not is_conflicted(user, submission)
        and submission.status == "submitted"
        and not is_event_closed(submission.event)
    ) or (is_subreviewer(user, submission) and not is_event_closed(submission.event))


def can_manage_reviews(user, submission) -> bool:
    """Real names, confidential answers, history, restore and reopen: unconflicted organizers."""
    return can_organize_submission(user, submission)


def can_see_discussion(user, submission) -> bool:
    """The discussion can reveal scores, so reviewers join it when they may see the reviews."""
    if can_organize_submission(user, submission) or can_chair_submission(user, submission):
        return True
    return can_discuss(user, submission) and can_see_reviews(user, submission)


def can_see_comment(user, comment, submission) -> bool:
    if not can_see_discussion(user, submission):
        return False
    if comment.visibility == "committee":
        return can_organize_submission(user, submission) or can_chair_submission(user, submission)
    return comment.visibility != "organizers" or can_organize_submission(user, submission)


# --- pages an author reaches without the mailed link (issue 18) ---------------------------


def can_see_own_decisions(user, event) -> bool:
    """The authors' decisions page belongs in the event menu once a decision on one of the
    user's own works is released (memoised for the request: the menu asks on every page)."""
    from reviewhub.decisions.queries import has_released_decision

    if not _authenticated(user):
        return False
    cache = g.setdefault("_released_decisions", {})
    key = (user.id, event.id)
    if key not in cache:
        cache[key] = has_released_decision(user, event)
    return cache[key]


# --- trust: conflict reasons, closed events, frozen reviews (issue 17, points 4-8) ----------

# What a reviewer is told about a conflict they may not know the authors of: the recorded
# reason ("same affiliation ETH Zürich", an author's own words) would tell them who wrote it.
NEUTRAL_CONFLICT_REASONS = {
    "email_domain": "institutional conflict",
    "affiliation": "institutional conflict",
    "coauthor": "co-authorship conflict",
    "author": "declared by the authors",
    "reviewer": "declared by you",
    "bid": "your conflict bid",
}


def can_see_conflict_reason(user, conflict) -> bool:
    """The recorded reason of a conflict: to whoever may see the submission's authors (authors,
    unconflicted organizers, everyone in an open-review event), and a reviewer's own words
    (declared or bid) back to that reviewer."""
    if conflict.source in ("reviewer", "bid") and _authenticated(user) and conflict.user_id == user.id:
        return True
    if not conflict.submission.event.double_blind:
        return True
    return can_see_authors(user, conflict.submission)


def conflict_reason(user, conflict) -> str:
    """The reason `user` is shown for `conflict`: the recorded one, or a neutral label."""
    neutral = NEUTRAL_CONFLICT_REASONS.get(conflict.source, "conflict of interest")
    if can_see_conflict_reason(user, conflict):
        return conflict.reason or neutral
    return neutral


# --- committee: area chairs, senior area chairs, meta-reviews (issue 16) -------------------
# Off unless the event's committee settings turn it on: a role without its switch is no role.


def committee_settings(event):
    """The event's CommitteeSettings row, or None (memoised for the request)."""
    from reviewhub.committee.models import CommitteeSettings

    cache = g.setdefault("_committee", {})
    if event.id not in cache:
        cache[event.id] = db.session.scalar(
            sa.select(CommitteeSettings).where(CommitteeSettings.event_id == event.id))
    return cache[event.id]


def has_event_role(user, event, role: str) -> bool:
    """The membership alone (an invitation page says "you are one already")."""
    return _authenticated(user) and role in _roles(user, event.id)


def is_area_chair(user, event) -> bool:
    settings = committee_settings(event)
    return (_authenticated(user) and settings is not None and settings.area_chairs
            and "area_chair" in _roles(user, event.id))


def is_senior_area_chair(user, event) -> bool:
    settings = committee_settings(event)
    return (_authenticated(user) and settings is not None and settings.area_chairs
            and settings.senior_area_chairs and "senior_area_chair" in _roles(user, event.id))


def is_area_chair_of(user, submission) -> bool:
    """The submission's area chair (whether or not conflicted: callers add that)."""
    from reviewhub.committee.models import AreaChairAssignment

    if not is_area_chair(user, submission.event):
        return False
    return db.session.scalar(sa.select(sa.func.count()).where(
        AreaChairAssignment.submission_id == submission.id, AreaChairAssignment.user_id == user.id)) > 0


def is_senior_area_chair_of(user, submission) -> bool:
    """The senior area chair over the submission's area chair."""
    from reviewhub.committee.models import AreaChairAssignment, SeniorAreaChairLink

    if not is_senior_area_chair(user, submission.event):
        return False
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(AreaChairAssignment)
        .join(SeniorAreaChairLink, sa.and_(
            SeniorAreaChairLink.area_chair_id == AreaChairAssignment.user_id,
            SeniorAreaChairLink.event_id == submission.event_id))
        .where(AreaChairAssignment.submission_id == submission.id,
               SeniorAreaChairLink.senior_area_chair_id == user.id)) > 0


def can_chair_submission(user, submission) -> bool:
    """Its AC or the SAC above, while not conflicted (a conflicted chair sees nothing of it)."""
    return ((is_area_chair_of(user, submission) or is_senior_area_chair_of(user, submission))
            and not is_conflicted(user, submission) and submission.status == "submitted"
            and not is_event_closed(submission.event))  # a closed event's chairs lose it too


def can_manage_committee(user, event) -> bool:
    """Committee settings, recruiting ACs and SACs, their assignments: the organizers."""
    return is_organizer(user, event)


def can_see_committee_console(user, event) -> bool:
    return is_area_chair(user, event) or is_senior_area_chair(user, event)


def can_write_meta_review(user, submission) -> bool:
    """The submission's AC when ACs write them; an unconflicted organizer when organizers do."""
    settings = committee_settings(submission.event)
    if settings is None or not settings.meta_reviews or submission.status != "submitted":
        return False
    if settings.acs_write_meta_reviews:
        return is_area_chair_of(user, submission) and not is_conflicted(user, submission)
    return can_organize_submission(user, submission)


def can_see_meta_review(user, submission) -> bool:
    """The whole meta-review (confidential part included): chairs and unconflicted organizers."""
    settings = committee_settings(submission.event)
    if settings is None or not settings.meta_reviews:
        return False
    return can_organize_submission(user, submission) or can_chair_submission(user, submission)


def can_edit_meta_recommendation(user, submission) -> bool:
    """A senior area chair over the submission changes the recommendation, with a note."""
    settings = committee_settings(submission.event)
    return (settings is not None and settings.meta_reviews and is_senior_area_chair_of(user, submission)
            and not is_conflicted(user, submission) and submission.status == "submitted")


def can_see_reviewer_identities(user, submission) -> bool:
    """Reviewers' real names: unconflicted organizers and the submission's chairs."""
    return can_organize_submission(user, submission) or can_chair_submission(user, submission)




# --- review process: rounds, author response, sub-reviewers, ratings (reviewing.process) --


def _process_settings(event):
    from reviewhub.reviewing.process.settings import settings_of

    return settings_of(event)


def can_manage_review_process(user, event) -> bool:
    """The "Review process" settings, rounds, sub-review approvals: the event's organizers."""
    return is_organizer(user, event)


def can_respond(user, submission) -> bool:
    """The authors of a submitted work, once the event's response period has started (the page
    stays readable, locked, after its deadline; the service judges the deadline)."""
    from reviewhub.models_base import utcnow

    if not is_author(user, submission) or submission.status != "submitted":
        return False
    settings = _process_settings(submission.event)
    return bool(settings.response_enabled and settings.response_opens_at is not None
                and utcnow() >= settings.response_opens_at)


def subreview_assignment_ids(user, submission) -> list[int]:
    """Assignments of `submission` whose review `user` was invited to write and accepted."""
    from reviewhub.assignment.models import Assignment
    from reviewhub.reviewing.process.models import SubReviewRequest, SubReviewState

    if not _authenticated(user):
        return []
    return list(db.session.scalars(
        sa.select(SubReviewRequest.assignment_id)
        .join(Assignment, Assignment.id == SubReviewRequest.assignment_id)
        .where(SubReviewRequest.user_id == user.id, SubReviewRequest.status == SubReviewState.accepted,
               Assignment.submission_id == submission.id)))


def is_subreviewer(user, submission) -> bool:
    """A per-assignment grant: the accepted sub-reviewer of one of the submission's reviews,
    while not conflicted and the work is not withdrawn. It opens that submission's review
    pages only (not its other reviews, nor the discussion)."""
    return (submission.status == "submitted" and bool(subreview_assignment_ids(user, submission))
            and not is_conflicted(user, submission) and not is_event_closed(submission.event))


def can_write_review(user, assignment) -> bool:
    """The assigned reviewer, or the sub-reviewer that reviewer's request granted."""
    if can_review(user, assignment):
        return True
    return (is_subreviewer(user, assignment.submission)
            and assignment.id in subreview_assignment_ids(user, assignment.submission))


def can_request_subreview(user, assignment) -> bool:
    """The assigned reviewer (not a sub-reviewer), when the event allows sub-reviewers."""
    return can_review(user, assignment) and bool(_process_settings(assignment.submission.event).subreviewers_allowed)


def can_approve_subreview(user, request) -> bool:
    """An organizer, or the submission's AC (or the SAC above), approves a sub-reviewer."""
    submission = request.assignment.submission
    return can_organize_submission(user, submission) or can_chair_submission(user, submission)


def can_rate_review(user, review, submission) -> bool:
    """Reviewers rate the helpfulness of the other reviews they can read, and the submission's
    chairs rate each of its reviews, when ratings are on."""
    return (
        bool(_process_settings(submission.event).ratings_enabled)
        and review.status == "submitted"
        and ((is_assigned(user, submission) and can_see_reviews(user, submission))
             or can_chair_submission(user, submission))
        and review.assignment.user_id != user.id
    )


def can_see_review_quality(user, event) -> bool:
    return is_organizer(user, event)


def can_add_round_reviewer(user, submission) -> bool:
    return can_organize_submission(user, submission)


def event_closes_at(event):
    """When the event closes by its own rule (close_after_days after the end of its event day,
    in the event's time zone), or None when it has no such rule."""
    from datetime import datetime, time, timedelta

    from reviewhub.timeutil import from_local

    if event.close_after_days is None or event.event_date is None:
        return None
    day_after = datetime.combine(event.event_date + timedelta(days=1), time())
    return from_local(day_after, event.timezone) + timedelta(days=event.close_after_days)


def is_event_closed(event, now=None) -> bool:
    """Closed by hand or by its rule, judged on the server clock, unless reopened since:
    reviewers (and, once they exist, area chairs and sub-reviewers) then lose access to its
    submissions and reviews; authors keep their own, organizers everything, the public the
    program."""
    from reviewhub.models_base import utcnow

    now = now or utcnow()
    closes = [at for at in (event.closed_at, event_closes_at(event)) if at is not None and at <= now]
    if not closes:
        return False
    return event.reopened_at is None or event.reopened_at < max(closes)


def can_close_event(user, event) -> bool:
    """Close and reopen: the event's organizers."""
    return is_organizer(user, event)


def can_freeze_reviews(user, event) -> bool:
    """Freeze, lift a freeze, and revert all reviews to a point in time: the event's organizers
    (reverting touches every review, so a conflicted organizer gets its preview only without
    their submissions, and the revert itself leaves those submissions alone)."""
    return is_organizer(user, event)


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
    """Refusals name accounts and addresses across every event: site admins only, and (unless
    ADMINS_REQUIRE_TWO_FACTOR is off) only with two-factor sign-in on; the refusal sends an
    admin without it to the setup page, as an event's requirement does."""
    if not is_admin(user):
        return False
    if user.has_two_factor or not current_app.config.get("ADMINS_REQUIRE_TWO_FACTOR", True):
        return True
    if has_request_context():
        g.two_factor_required = True
    return False


# --- organizer tools: reviewer tags and search, bulk assignment, each person's mail log (issue 21)


def can_tag_reviewers(user, event) -> bool:
    """Tags on the event's reviewers: its organizers, with the tags' shared or private rule."""
    return is_organizer(user, event)


def can_search_reviewers(user, event) -> bool:
    """The reviewers list's search (names, emails, loads, late reviews): its organizers; the
    counts leave out the submissions they are conflicted with."""
    return is_organizer(user, event)


def can_bulk_assign(user, event) -> bool:
    """Assign or remove a reviewer on many submissions: organizers, never on a submission they
    are conflicted with (the selection leaves those out)."""
    return is_organizer(user, event)


def can_see_person_mail(user, event) -> bool:
    """A person's mail log within an event: its organizers (mail about their conflicted
    submissions is left out); site admins see every event's mail to the address."""
    return is_organizer(user, event)


def can_see_all_mail(user) -> bool:
    """A person's mail across every event: site admins only."""
    return is_admin(user)


# --- committee 2: a chair asks a reviewer in a later round (issue 16, point a) -------------


def can_ask_round_reviewer(user, submission) -> bool:
    """The submission's AC (or the SAC above them), unconflicted: they may ask one more
    reviewer in a later review round, as organizers may (the service checks the round, the
    reviewer's conflicts and load cap)."""
    return can_chair_submission(user, submission)

# --- moving events and people's own data (issue 20: transfer) -------------------------------


def can_import_into_event(user, event) -> bool:
    """HotCRP and CSV imports: the event's organizers (each line is then checked against what
    they may do: a conflicted organizer neither assigns nor decides their own submission)."""
    return is_organizer(user, event)


def can_manage_own_account(user) -> bool:
    """Download one's own data, delete one's own account: any signed-in person, for themselves."""
    return _authenticated(user)

# --- custom questions (issue 21) --------------------------------------------------------------


def can_manage_questions(user, event) -> bool:
    """The event's questions are its configuration: its organizers."""
    return can_manage_event(user, event)


def can_see_answer(user, submission, question) -> bool:
    """Authors and the unconflicted organizers read every answer of a submission; reviewers who
    may see it only the questions the organizer made visible to reviewers (their choice, even in
    a double-blind event), never a file (only submission files have blinded copies)."""
    if is_author(user, submission) or can_organize_submission(user, submission):
        return True
    return question.for_reviewers and question.kind != "file" and can_view_submission(user, submission)


def can_see_public_answer(question) -> bool:
    """On an accepted work's public page: the questions marked public, never a file."""
    return question.public and question.kind != "file" and not question.retired


def can_answer_reviewer_questions(user, event) -> bool:
    """The reviewer questions are asked of the event's reviewers (and area chairs)."""
    return can_bid(user, event)


def can_read_answer_file(user, submission) -> bool:
    """A file answer: its authors and the unconflicted organizers (never blinded, so never a reviewer)."""
    return is_author(user, submission) or can_organize_submission(user, submission)


JINJA_GLOBALS = {
    name: value
    for name, value in dict(globals()).items()
    if callable(value) and (name.startswith("can_") or name.startswith("is_"))
}



# --- publications: a person's own publication list (issue 19, points 5-6) --------------------


def can_manage_own_publications(user) -> bool:
    """Anyone signed in keeps their own list (reviewers for their profile, authors for co-author
    conflicts); nobody reads or changes another person's."""
    return _authenticated(user)

# --- JSON API: submissions, reviews, comments, decisions (issue 20, point 2) ----------------
# The API reads what the pages show: these add a whole page of rows at once, and how much of
# a review its reader gets, on top of the predicates above.


def authors_visible_ids(user, event, submissions) -> set[int]:
    """can_see_authors for many submissions of one event (authors loaded) in a fixed number
    of queries whatever their number: authors always; unconflicted organizers; in a single-
    blind event, whoever may read the submission (its assigned, unconflicted reviewers)."""
    from reviewhub.assignment.models import Assignment

    if not _authenticated(user):
        return set()
    visible = {s.id for s in submissions if is_author(user, s)}
    conflicted = conflicted_submission_ids(user)
    if is_organizer(user, event):
        return visible | {s.id for s in submissions if s.id not in conflicted}
    if event.double_blind or is_event_closed(event):
        return visible
    ids = [s.id for s in submissions]
    assigned = set(db.session.scalars(sa.select(Assignment.submission_id).where(
        Assignment.user_id == user.id, Assignment.submission_id.in_(ids)))) if ids else set()
    return visible | {s.id for s in submissions
                      if s.id in assigned and s.id not in conflicted and s.status == "submitted"}


def review_reading(user, review, submission, decision=None) -> str | None:
    """How much of a review the user may read, as the pages show it, or None:
    "manage" (unconflicted organizers: every answer and the reviewer's name), "chair" (its
    area chairs: the reviewer's name, not organizer-only answers), "own" (the writer),
    "reviewer" (a co-reviewer, once the event's rule shows them the reviews: submitted ones
    only, under a pseudonym) or "author" (the released, author-visible part, no identity)."""
    if can_manage_reviews(user, submission):
        return "manage"
    if can_chair_submission(user, submission):
        return "chair" if review.status == "submitted" else None
    assignment = review.assignment
    own = _authenticated(user) and (assignment.user_id == user.id
                                    or assignment.id in subreview_assignment_ids(user, submission))
    if own:
        return "own" if can_open_review_page(user, submission) else None
    if review.status != "submitted":
        return None
    if can_see_reviews(user, submission):
        return "reviewer"
    if can_see_author_reviews(user, submission, decision):
        return "author"
    return None


def author_emails_visible_ids(user, event, submissions) -> set[int]:
    """Of `submissions`, those whose authors' addresses the user may read: the authors
    themselves and unconflicted organizers (single-blind reviewers see names, not addresses)."""
    if not _authenticated(user):
        return set()
    visible = {s.id for s in submissions if is_author(user, s)}
    if is_organizer(user, event):
        conflicted = conflicted_submission_ids(user)
        visible |= {s.id for s in submissions if s.id not in conflicted}
    return visible

# --- API people resources: reviewers, bids, conflicts, assignments (issue 20.2) -------------
# Reads the pages spread over several screens; each answers what the owner's pages show.


def can_read_bids(user, event) -> bool:
    """Organizers read every bid (but on their conflicted submissions); reviewers and area
    chairs their own, also once the event is closed (can_bid governs changing them)."""
    return is_organizer(user, event) or is_reviewer(user, event) or is_area_chair(user, event)


def can_read_conflicts(user, event) -> bool:
    """Organizers read the event's conflicts (not on their own conflicted submissions); reviewers
    and area chairs their own, with conflict_reason's neutral labels where they are blind."""
    return can_read_bids(user, event)


def can_read_assignments(user, event) -> bool:
    """Organizers read the assignment (not of their conflicted submissions); a reviewer their
    own assignments."""
    return is_organizer(user, event) or is_reviewer(user, event)

# --- resumable chunked uploads (issue 22) -------------------------------------------------


def can_start_upload(user, event, submission=None) -> bool:
    """A chunked upload for a new submission (anyone who may submit) or for one the user may
    edit (its authors); deadlines are the service's."""
    if submission is not None:
        return can_edit_submission(user, submission)
    return can_submit_to(user, event)


def can_use_upload(user, upload) -> bool:
    """Only the user who started an upload may add to it, read its offset or submit it."""
    return _authenticated(user) and upload is not None and upload.user_id == user.id
