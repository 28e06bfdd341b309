"""Reads of the committee: the chairs' console rows (a constant number of queries)."""

from collections import defaultdict

import sqlalchemy as sa

from reviewhub.accounts.models import User
from reviewhub.assignment.models import Assignment
from reviewhub.committee import core
from reviewhub.committee.models import AreaChairAssignment, MetaReview, SeniorAreaChairLink
from reviewhub.decisions.models import DecisionOutcome
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.permissions import conflicted_submission_ids, is_area_chair, is_senior_area_chair
from reviewhub.reviewing import lateness
from reviewhub.reviewing.models import Comment, Review
from reviewhub.reviewing.process.models import AuthorResponse
from reviewhub.reviewing.process.settings import list_rounds
from reviewhub.submissions.models import Submission


def chaired_submission_ids(event, viewer):
    """A select of the submissions the viewer chairs: as their AC, or as SAC over their AC."""
    whose = []
    if is_area_chair(viewer, event):
        whose.append(AreaChairAssignment.user_id == viewer.id)
    if is_senior_area_chair(viewer, event):
        whose.append(AreaChairAssignment.user_id.in_(
            sa.select(SeniorAreaChairLink.area_chair_id).where(
                SeniorAreaChairLink.event_id == event.id, SeniorAreaChairLink.senior_area_chair_id == viewer.id)))
    if not whose:
        return None
    return (sa.select(AreaChairAssignment.submission_id)
            .join(Submission, Submission.id == AreaChairAssignment.submission_id)
            .where(Submission.event_id == event.id, Submission.status == "submitted", sa.or_(*whose)))


def console_rows(event, viewer, *, now=None) -> list[core.ConsoleRow]:
    """Each submission the viewer chairs, with reviewers by name, review status, scores, days
    late (reviewing.lateness: against each review's round deadline), the author response,
    discussion activity and the meta-review. Conflicted ones are left out entirely. A constant
    number of queries whatever the number of rows."""
    chaired = chaired_submission_ids(event, viewer)
    if chaired is None:
        return []
    hidden = conflicted_submission_ids(viewer)
    subs = [row for row in db.session.execute(
        sa.select(Submission.id, Submission.number, Submission.title, User.name)
        .join(AreaChairAssignment, AreaChairAssignment.submission_id == Submission.id)
        .join(User, User.id == AreaChairAssignment.user_id)
        .where(Submission.id.in_(chaired)).order_by(Submission.number)).tuples() if row[0] not in hidden]
    # The few shown ids, not the subquery again: each later read touches only these rows.
    ids = [row[0] for row in subs] or [-1]
    now = now or utcnow()
    rounds = [(r.id, r.deadline_at) for r in list_rounds(event)]
    reviewers = defaultdict(list)
    for aid, sid, uid, number, name, status, overall, round_id in db.session.execute(
            sa.select(Assignment.id, Assignment.submission_id, Assignment.user_id, Assignment.reviewer_number,
                      User.name, Review.status, Review.overall, Assignment.review_round_id)
            .join(User, User.id == Assignment.user_id)
            .outerjoin(Review, Review.assignment_id == Assignment.id)
            .where(Assignment.submission_id.in_(ids)).order_by(Assignment.reviewer_number)).tuples():
        done = status == "submitted"
        due = lateness.due_at(round_id, rounds, event.review_deadline_at)
        reviewers[sid].append(core.ReviewerLine(aid, uid, name, number, status or "none",
                                                overall if done else None, lateness.days_late(due, now, done), due))
    activity = {sid: (count, last) for sid, count, last in db.session.execute(
        sa.select(Comment.submission_id, sa.func.count(Comment.id), sa.func.max(Comment.created_at))
        .where(Comment.submission_id.in_(ids)).group_by(Comment.submission_id)).tuples()}
    metas = {sid: (status, label or "") for sid, status, label in db.session.execute(
        sa.select(MetaReview.submission_id, MetaReview.status, DecisionOutcome.label)
        .outerjoin(DecisionOutcome, DecisionOutcome.id == MetaReview.recommendation_id)
        .where(MetaReview.submission_id.in_(ids))).tuples()}
    responses = dict(db.session.execute(
        sa.select(AuthorResponse.submission_id, AuthorResponse.words)
        .where(AuthorResponse.submission_id.in_(ids))).tuples().all())
    rows = []
    for sid, number, title, chair in subs:
        lines = tuple(reviewers.get(sid, ()))
        count, last = activity.get(sid, (0, None))
        status, label = metas.get(sid, ("none", ""))
        rows.append(core.ConsoleRow(
            sid, number, title, chair, lines, count, _as_date(last), status, label,
            tuple(r.overall for r in lines if r.overall is not None), responses.get(sid)))
    return rows


def _as_date(moment):
    return moment.date() if moment is not None else None


def area_chair_choices(event) -> list[tuple[int, str]]:
    from reviewhub.events.models import Membership, Role

    return [(uid, f"{name} ({email})") for uid, name, email in db.session.execute(
        sa.select(User.id, User.name, User.email).join(Membership, Membership.user_id == User.id)
        .where(Membership.event_id == event.id, Membership.role == Role.area_chair)
        .order_by(User.name, User.id)).tuples()]


def senior_chair_choices(event) -> list[tuple[int, str]]:
    from reviewhub.events.models import Membership, Role

    return [(uid, f"{name} ({email})") for uid, name, email in db.session.execute(
        sa.select(User.id, User.name, User.email).join(Membership, Membership.user_id == User.id)
        .where(Membership.event_id == event.id, Membership.role == Role.senior_area_chair)
        .order_by(User.name, User.id)).tuples()]


def area_chair_loads(event) -> dict[int, int]:
    return dict(db.session.execute(
        sa.select(AreaChairAssignment.user_id, sa.func.count())
        .join(Submission, Submission.id == AreaChairAssignment.submission_id)
        .where(Submission.event_id == event.id).group_by(AreaChairAssignment.user_id)).tuples().all())


def console_landing(user) -> str | None:
    """The slug of the latest event where the user is an AC or SAC with area chairs on, or None."""
    from reviewhub.committee.models import CommitteeSettings
    from reviewhub.events.models import Event, Membership, Role

    return db.session.scalar(
        sa.select(Event.slug).join(Membership, Membership.event_id == Event.id)
        .join(CommitteeSettings, CommitteeSettings.event_id == Event.id)
        .where(Membership.user_id == user.id, CommitteeSettings.area_chairs.is_(True),
               Membership.role.in_([Role.area_chair, Role.senior_area_chair]))
        .order_by(Event.id.desc()).limit(1))
