"""Reads of custom questions and answers: a few queries whatever the number of rows."""

from collections import defaultdict

import sqlalchemy as sa
from flask import abort

from reviewhub.extensions import db
from reviewhub.questions.models import Answer, Question


def list_questions(event, *, target: str | None = None, retired: bool | None = None) -> list[Question]:
    query = sa.select(Question).where(Question.event_id == event.id)
    if target:
        query = query.where(Question.target == target)
    if retired is not None:
        query = query.where(Question.retired.is_(retired))
    return list(db.session.scalars(query.order_by(Question.target, Question.position, Question.id)))


def get_question_or_404(event, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.event_id != event.id:
        abort(404)
    return question


def questions_for_type(event, kind) -> list[Question]:
    """The active questions of a submission type's form (its own and those of every type)."""
    return list(db.session.scalars(
        sa.select(Question).where(Question.event_id == event.id, Question.target == "submission",
                                  Question.retired.is_(False),
                                  sa.or_(Question.type_id.is_(None), Question.type_id == kind.id))
        .order_by(Question.position, Question.id)))


def answers_of(submission) -> dict[int, Answer]:
    """{question id: answer} of one submission."""
    return {a.question_id: a for a in db.session.scalars(
        sa.select(Answer).where(Answer.submission_id == submission.id))}


def answers_of_user(event, user) -> dict[int, Answer]:
    return {a.question_id: a for a in db.session.scalars(
        sa.select(Answer).join(Question, Question.id == Answer.question_id)
        .where(Answer.user_id == user.id, Question.event_id == event.id))}


def answers_for(submission_ids, question_ids) -> dict[int, dict[int, Answer]]:
    """{submission id: {question id: answer}} in one query (the list's optional columns)."""
    out: dict[int, dict[int, Answer]] = defaultdict(dict)
    if not submission_ids or not question_ids:
        return out
    for answer in db.session.scalars(sa.select(Answer).where(
            Answer.submission_id.in_(list(submission_ids)), Answer.question_id.in_(list(question_ids)))):
        out[answer.submission_id][answer.question_id] = answer
    return out


def answers_in(ids_select, question_ids) -> dict[int, dict[int, Answer]]:
    """As answers_for, for the submissions a select of ids picks (the CSV: no id list)."""
    out: dict[int, dict[int, Answer]] = defaultdict(dict)
    if not question_ids:
        return out
    for answer in db.session.scalars(sa.select(Answer).where(
            Answer.submission_id.in_(ids_select), Answer.question_id.in_(list(question_ids)))):
        out[answer.submission_id][answer.question_id] = answer
    return out


def count_answers(question: Question) -> int:
    return db.session.scalar(sa.select(sa.func.count()).where(Answer.question_id == question.id))


def search_keys(event) -> dict[str, tuple[int, str]]:
    """{key: (question id, kind)} of the event's submission questions: what qa: may name."""
    return {key: (qid, kind) for qid, key, kind in db.session.execute(
        sa.select(Question.id, Question.key, Question.kind)
        .where(Question.event_id == event.id, Question.target == "submission"))}
