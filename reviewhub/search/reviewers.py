"""A parsed reviewers search as one SQL condition, on the event's reviewers (members) or on its
invitations: the same language (language.REVIEWER_FIELDS) read over either row's columns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from reviewhub.search.language import (
    REVIEWER_FIELDS,
    And,
    Field,
    Not,
    Or,
    SearchError,
    Tag,
    Words,
    parse,
)
from reviewhub.search.sql import COMPARE, _compare, _like, _position


@dataclass(frozen=True)
class Rows:
    """The columns a search reads on one kind of row. `user_id` may be NULL (an invitation
    nobody accepted yet): tags, topics, loads and late reviews are then never found."""

    user_id: object
    name: object
    email: object
    affiliation: object
    status: object  # the invitation's state; a literal for members


@dataclass(frozen=True)
class ReviewerViewer:
    """What the search may count: the event, the organizer's visible tags, the submissions
    they are conflicted with (their assignments are not counted), the clock."""

    event_id: int
    now: datetime
    review_deadline: datetime | None = None
    user_id: int | None = None
    tag_names: frozenset = frozenset()
    hidden: frozenset = frozenset()


def members() -> Rows:
    from reviewhub.accounts.models import User

    return Rows(User.id, User.name, User.email, User.affiliation, sa.literal("accepted"))


def invitations() -> Rows:
    from reviewhub.assignment.models import ReviewerInvitation as Invitation

    return Rows(Invitation.user_id, Invitation.name, Invitation.email, Invitation.affiliation, Invitation.status)


def condition(query: str, viewer: ReviewerViewer, rows: Rows):
    """The SQL condition of `query` on `rows` (None when it is empty); SearchError when the
    query is wrong."""
    tree = parse(query, REVIEWER_FIELDS)
    return None if tree is None else _compile(tree, viewer, rows, query)


def _compile(node, viewer: ReviewerViewer, rows: Rows, query: str):
    if isinstance(node, And):
        return sa.and_(*(_compile(n, viewer, rows, query) for n in node.nodes))
    if isinstance(node, Or):
        return sa.or_(*(_compile(n, viewer, rows, query) for n in node.nodes))
    if isinstance(node, Not):
        return sa.not_(_compile(node.node, viewer, rows, query))
    if isinstance(node, Words):
        return sa.or_(_like(rows.name, node.text), _like(rows.email, node.text), _like(rows.affiliation, node.text))
    if isinstance(node, Tag):
        return _tagged(node.name, viewer, rows, query)
    return _field(node, viewer, rows)


def _tagged(name: str, viewer: ReviewerViewer, rows: Rows, query: str):
    from reviewhub.tags.models import ReviewerTag
    from reviewhub.tags.models import Tag as TagRow

    if name not in viewer.tag_names:
        raise SearchError(f"This event has no tag “{name}”", _position(query.lower(), "#" + name))
    return sa.exists().where(
        ReviewerTag.user_id == rows.user_id, ReviewerTag.tag_id == TagRow.id, TagRow.event_id == viewer.event_id,
        TagRow.name == name, sa.or_(TagRow.owner_id.is_(None), TagRow.owner_id == viewer.user_id))


def _field(node: Field, viewer: ReviewerViewer, rows: Rows):
    from reviewhub.assignment.models import reviewer_topics
    from reviewhub.events.models import Topic

    name, value = node.name, node.value
    if name == "name":
        return _like(rows.name, value)
    if name == "email":
        return _like(rows.email, value)
    if name == "aff":
        return _like(rows.affiliation, value)
    if name == "status":
        return rows.status == value
    if name == "topic":
        return sa.exists().where(reviewer_topics.c.user_id == rows.user_id, reviewer_topics.c.topic_id == Topic.id,
                                 Topic.event_id == viewer.event_id, _like(Topic.name, value))
    if name == "late":
        late = _late(viewer, rows)
        return late if value == "yes" else sa.not_(late)
    return _load(viewer, rows, node.op, float(value))


def _assigned(viewer: ReviewerViewer):
    """The event's reviewer assignments the viewer may count (not on their conflicted submissions)."""
    from reviewhub.assignment.models import Assignment
    from reviewhub.submissions.models import Submission

    query = (sa.select(Assignment.user_id).join(Submission, Submission.id == Assignment.submission_id)
             .where(Submission.event_id == viewer.event_id, Assignment.role == "reviewer"))
    if viewer.hidden:
        query = query.where(Submission.id.not_in(sorted(viewer.hidden)))
    return query


def _load(viewer: ReviewerViewer, rows: Rows, op: str, number: float):
    """load: grouped once over the event's assignments and matched with IN (as reviews: on
    submissions), so the list stays one query whatever the number of reviewers."""
    from reviewhub.assignment.models import Assignment

    loaded = _assigned(viewer).group_by(Assignment.user_id)
    # user_id is NULL on an invitation nobody accepted: the IN must be false there, not NULL,
    # or a "-" in front would not find the row either.
    matching = sa.and_(rows.user_id.is_not(None),
                       rows.user_id.in_(loaded.having(_compare(sa.func.count(Assignment.id), op, number))))
    if COMPARE[op](0, number):  # reviewers without any assignment have a load of 0
        matching = sa.or_(matching, rows.user_id.is_(None), rows.user_id.not_in(loaded))
    return matching


def _late(viewer: ReviewerViewer, rows: Rows):
    """An assigned review not submitted once the review deadline has passed."""
    from reviewhub.assignment.models import Assignment
    from reviewhub.reviewing.models import Review

    if viewer.review_deadline is None or viewer.now <= viewer.review_deadline:
        return sa.false()
    submitted = sa.select(Review.assignment_id).where(Review.status == "submitted")
    return sa.and_(rows.user_id.is_not(None), rows.user_id.in_(_assigned(viewer).where(Assignment.id.not_in(submitted))))


def viewer_for(user, event, now: datetime) -> ReviewerViewer:
    from reviewhub.permissions import conflicted_submission_ids
    from reviewhub.tags.queries import visible_names

    return ReviewerViewer(event_id=event.id, now=now, review_deadline=event.review_deadline_at,
                          user_id=getattr(user, "id", None), tag_names=visible_names(event, user),
                          hidden=frozenset(conflicted_submission_ids(user)))
