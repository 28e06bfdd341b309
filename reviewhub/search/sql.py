"""A parsed search as one SQL condition on an event's submissions (correlated EXISTS and
scalar subqueries: the list stays one query for its rows whatever the search)."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from reviewhub.accounts.models import User
from reviewhub.assignment.models import Assignment
from reviewhub.decisions.models import Decision, DecisionOutcome
from reviewhub.events.models import Topic
from reviewhub.reviewing.models import Review
from reviewhub.search.language import (
    And,
    Answer,
    Field,
    Not,
    Or,
    SearchError,
    Tag,
    Words,
    number_ranges,
    parse,
)
from reviewhub.submissions.models import (
    Authorship,
    Conflict,
    Submission,
    SubmissionType,
    submission_topics,
)


@dataclass(frozen=True)
class Viewer:
    """What the searching person may search by: author names only where they may see them,
    reviewers' names only as an organizer."""

    may_see_authors: bool
    may_see_reviewers: bool
    now: datetime
    review_deadline: datetime | None = None
    user_id: int | None = None
    tag_names: frozenset = frozenset()  # the tags the viewer sees (shared, and their own private ones)
    # With review rounds: the event's first round and the rounds already due (reviewing.lateness).
    first_round: int | None = None
    late_rounds: frozenset = frozenset()
    questions: tuple = ()  # (key, question id, kind) of the questions qa: may name (organizers only)


def viewer_for(user, event, now: datetime) -> Viewer:
    from reviewhub.permissions import (
        can_manage_tags,
        can_search_by_authors,
        can_search_by_reviewers,
    )
    from reviewhub.questions.queries import search_keys
    from reviewhub.reviewing import lateness
    from reviewhub.reviewing.process.settings import list_rounds
    from reviewhub.tags.queries import visible_names

    rounds = [(r.id, r.deadline_at) for r in list_rounds(event)]
    organizer = can_search_by_reviewers(user, event)
    return Viewer(may_see_authors=can_search_by_authors(user, event),
                  may_see_reviewers=organizer, now=now,
                  review_deadline=event.review_deadline_at, user_id=getattr(user, "id", None),
                  tag_names=visible_names(event, user) if can_manage_tags(user, event) else frozenset(),
                  first_round=rounds[0][0] if rounds else None,
                  late_rounds=lateness.late_rounds(rounds, event.review_deadline_at, now),
                  questions=tuple((k, qid, kind) for k, (qid, kind) in search_keys(event).items()) if organizer else ())


def condition(query: str, viewer: Viewer):
    """The SQL condition of `query` (None when it is empty); SearchError when it is wrong or
    asks for what the viewer may not search by."""
    tree = parse(query)
    return None if tree is None else _compile(tree, viewer, query)


def _like(column, text: str):
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return sa.func.lower(column).like(f"%{escaped}%", escape="\\")


def _position(query: str, needle: str) -> int:
    return max(query.find(needle), 0) + 1


def _compile(node, viewer: Viewer, query: str):
    if isinstance(node, And):
        return sa.and_(*(_compile(n, viewer, query) for n in node.nodes))
    if isinstance(node, Or):
        return sa.or_(*(_compile(n, viewer, query) for n in node.nodes))
    if isinstance(node, Not):
        return sa.not_(_compile(node.node, viewer, query))
    if isinstance(node, Words):
        return _words(node.text, viewer)
    if isinstance(node, Tag):
        return _tagged(node.name, viewer, query)
    if isinstance(node, Answer):
        return _answered(node, viewer)
    return _field(node, viewer, query)


def _answered(node: Answer, viewer: Viewer):
    """qa:key...: a condition on the submission's answer to the question `key`. Text answers
    match by containment, choices by the whole option, checkboxes by yes/no, numbers and dates
    by comparison (question_answers.text and .number hold what is compared)."""
    from reviewhub.questions.models import Answer as AnswerRow

    questions = {key: (qid, kind) for key, qid, kind in viewer.questions}
    if node.key not in questions:
        known = ", ".join(sorted(questions)) or "none yet"
        raise SearchError(f"No question has the key “{node.key}” (keys: {known})", node.position)
    qid, kind = questions[node.key]
    answer = sa.exists().where(AnswerRow.submission_id == Submission.id, AnswerRow.question_id == qid)
    if not node.op:
        return answer
    value, op = node.value, node.op
    at_op = node.position + len(node.key)  # (a quoted key shifts it by its two quotation marks)
    where = at_op + len(op)  # where the value starts
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            raise SearchError(f"qa:{node.key} holds numbers, e.g. qa:{node.key}>=3", where) from None
        return answer.where(_compare(AnswerRow.number, op, number))
    if kind == "date":
        if len(value) != 10 or value[4] != "-" or value[7] != "-":
            raise SearchError(f"qa:{node.key} holds dates, e.g. qa:{node.key}>=2026-12-01", where)
        return answer.where(_compare(AnswerRow.text, op, value))
    if op not in ("=", "!="):
        raise SearchError(f"qa:{node.key} takes = or != (< and > are for numbers and dates)", at_op)
    if kind == "checkbox":
        if value.lower() not in ("yes", "no"):
            raise SearchError(f"qa:{node.key} is a checkbox: qa:{node.key}=yes or =no", where)
        found = answer.where(AnswerRow.text == value.lower())
    elif kind == "single":
        found = answer.where(AnswerRow.text == value.lower())
    elif kind == "multiple":
        found = answer.where(_like(AnswerRow.text, "\n" + value.lower() + "\n"))
    elif kind == "file":
        raise SearchError(f"qa:{node.key} is a file: qa:{node.key} finds those answered", where)
    else:
        found = answer.where(_like(AnswerRow.text, value))
    return found if op == "=" else sa.not_(found)


def _tagged(name: str, viewer: Viewer, query: str):
    """#name: carries the viewer's private tag of that name or the shared one."""
    from reviewhub.tags.models import SubmissionTag
    from reviewhub.tags.models import Tag as TagRow

    if name not in viewer.tag_names:
        raise SearchError(f"This event has no tag “{name}”", _position(query.lower(), "#" + name))
    return sa.exists().where(
        SubmissionTag.submission_id == Submission.id, SubmissionTag.tag_id == TagRow.id,
        TagRow.event_id == Submission.event_id, TagRow.name == name,
        sa.or_(TagRow.owner_id.is_(None), TagRow.owner_id == viewer.user_id))


def _authors_match(text: str):
    return sa.exists().where(Authorship.submission_id == Submission.id, sa.or_(
        _like(Authorship.name, text), _like(Authorship.email, text), _like(Authorship.affiliation, text)))


def _words(text: str, viewer: Viewer):
    found = [_like(Submission.title, text), _like(Submission.abstract_md, text)]
    if viewer.may_see_authors:
        found.append(_authors_match(text))
    return sa.or_(*found)


COMPARE = {"=": operator.eq, "!=": operator.ne, ">": operator.gt, "<": operator.lt, ">=": operator.ge,
           "<=": operator.le}


def _compare(expression, op: str, number: float):
    return {"=": expression == number, "!=": expression != number, ">": expression > number,
            "<": expression < number, ">=": expression >= number, "<=": expression <= number}[op]


def _field(node: Field, viewer: Viewer, query: str):
    name, value = node.name, node.value
    if name == "ti":
        return _like(Submission.title, value)
    if name == "ab":
        return _like(Submission.abstract_md, value)
    if name == "au":
        if not viewer.may_see_authors:
            raise SearchError("au: is only for those who may see the authors", _position(query, "au:"))
        return _authors_match(value)
    if name == "re":
        if not viewer.may_see_reviewers:
            raise SearchError("re: is only for organizers", _position(query, "re:"))
        return sa.exists().where(Assignment.submission_id == Submission.id, Assignment.user_id == User.id,
                                 sa.or_(_like(User.name, value), _like(User.email, value)))
    if name == "type":
        return sa.exists().where(SubmissionType.id == Submission.type_id,
                                 sa.or_(_like(SubmissionType.key, value), _like(SubmissionType.name, value)))
    if name == "topic":
        return sa.exists().where(submission_topics.c.submission_id == Submission.id,
                                 submission_topics.c.topic_id == Topic.id, _like(Topic.name, value))
    if name == "status":
        return Submission.status == value
    if name == "num":
        return sa.or_(*(Submission.number == lo if lo == hi else Submission.number.between(lo, hi)
                        for lo, hi in number_ranges(value)))
    if name == "decision":
        return _decision(value)
    if name == "conflict":
        if not viewer.may_see_reviewers:
            raise SearchError("conflict: is only for organizers", _position(query, "conflict:"))
        return sa.exists().where(Conflict.submission_id == Submission.id, Conflict.overridden.is_(False),
                                 Conflict.user_id == User.id,
                                 sa.or_(_like(User.name, value), _like(User.email, value)))
    if name == "late":
        return _late(viewer) if value == "yes" else sa.not_(_late(viewer))
    number = float(value)
    # Grouped once over the event's submitted reviews and matched with IN: a correlated
    # subquery per row let SQLite scan every submitted review for each submission (4 s at 2,000).
    reviewed = (sa.select(Assignment.submission_id).join(Review, Review.assignment_id == Assignment.id)
                .where(Review.status == "submitted").group_by(Assignment.submission_id))
    if name == "reviews":
        matching = Submission.id.in_(reviewed.having(_compare(sa.func.count(Review.id), node.op, number)))
        if COMPARE[node.op](0, number):  # submissions without any submitted review count as 0
            matching = sa.or_(matching, Submission.id.not_in(reviewed))
        return matching
    mean = sa.func.avg(sa.cast(Review.overall, sa.Float))
    return Submission.id.in_(reviewed.where(Review.overall.is_not(None)).having(_compare(mean, node.op, number)))


def _decision(value: str):
    lowered = value.lower()
    decided = sa.exists().where(Decision.submission_id == Submission.id)
    if lowered in ("none", "undecided"):
        return sa.not_(decided)
    if lowered == "any":
        return decided
    outcome = sa.exists().where(Decision.submission_id == Submission.id, Decision.outcome_id == DecisionOutcome.id)
    if lowered in ("yes", "accept", "accepted"):
        return outcome.where(DecisionOutcome.is_accept.is_(True))
    if lowered in ("no", "reject", "rejected"):
        return outcome.where(DecisionOutcome.is_accept.is_(False))
    return outcome.where(sa.or_(_like(DecisionOutcome.key, value), _like(DecisionOutcome.label, value)))


def _late(viewer: Viewer):
    """An assigned review not submitted once its deadline came (reviewing.lateness: its round's
    deadline when the event has rounds, else the event's review deadline)."""
    from reviewhub.reviewing import lateness

    if viewer.first_round is None:
        if not lateness.is_late(viewer.review_deadline, viewer.now, submitted=False):
            return sa.false()
        due = sa.true()
    elif not viewer.late_rounds:
        return sa.false()
    else:
        due = Assignment.review_round_id.in_(sorted(viewer.late_rounds))
        if viewer.first_round in viewer.late_rounds:
            due = sa.or_(due, Assignment.review_round_id.is_(None))
    submitted = sa.exists().where(Review.assignment_id == Assignment.id, Review.status == "submitted")
    return sa.exists().where(Assignment.submission_id == Submission.id, Assignment.role == "reviewer",
                             due, sa.not_(submitted))
