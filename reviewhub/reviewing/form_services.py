"""Review form design: default forms, and question changes that never lose an answer."""

from __future__ import annotations

import sqlalchemy as sa

from reviewhub import audit
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.reviewing import defaults
from reviewhub.reviewing.answers import slug_key
from reviewhub.reviewing.models import QuestionKind, ReviewForm, ReviewQuestion, Visibility

EDITABLE = ("label", "description", "required", "visibility", "level_labels")


def ensure_default_forms(event) -> list[ReviewForm]:
    """A form for every submission type of the event, with the default questions when the type
    has none yet. Idempotent: existing forms and questions are left as they are. Flushes."""
    from reviewhub.submissions.models import SubmissionType

    types = db.session.scalars(
        sa.select(SubmissionType).where(SubmissionType.event_id == event.id).order_by(SubmissionType.position)
    ).all()
    existing = {f.submission_type_id: f for f in db.session.scalars(
        sa.select(ReviewForm).where(ReviewForm.event_id == event.id))}
    forms = []
    for kind in types:
        form = existing.get(kind.id)
        if form is None:
            form = ReviewForm(event_id=event.id, submission_type_id=kind.id, name=f"{kind.name} review")
            for position, spec in enumerate(defaults.questions_for(kind.key)):
                form.questions.append(ReviewQuestion(position=position, **spec))
            db.session.add(form)
            audit.record("review_form.create_default", event=event, obj=None, type=kind.key)
        forms.append(form)
    db.session.flush()
    return forms


def answered_keys(form: ReviewForm) -> set[str]:
    """Question keys that at least one stored review of this form's type answers."""
    from reviewhub.assignment.models import Assignment
    from reviewhub.reviewing.models import Review
    from reviewhub.submissions.models import Submission

    rows = db.session.scalars(
        sa.select(Review.answers).join(Assignment, Assignment.id == Review.assignment_id)
        .join(Submission, Submission.id == Assignment.submission_id)
        .where(Submission.type_id == form.submission_type_id)
    )
    keys: set[str] = set()
    for answers in rows:
        keys.update(k for k, v in (answers or {}).items() if v not in (None, ""))
    return keys


def add_question(form: ReviewForm, *, by, kind: str, label: str, description: str = "",
                 required: bool = True, visibility: str = Visibility.authors,
                 min_score: int | None = None, max_score: int | None = None,
                 level_labels: dict | None = None, choices: list[str] | None = None) -> ReviewQuestion:
    """Append a question (forms with reviews may always gain questions). Flushes; audited."""
    _check_shape(kind, visibility, min_score, max_score, choices)
    taken = {q.key for q in form.questions}
    question = ReviewQuestion(
        key=slug_key(label, taken), kind=kind, label=label, description=description,
        required=required, visibility=visibility,
        min_score=min_score if kind == QuestionKind.score else None,
        max_score=max_score if kind == QuestionKind.score else None,
        level_labels=level_labels or {}, choices=list(choices or []),
        position=max([q.position for q in form.questions] + [-1]) + 1,
    )
    form.questions.append(question)
    db.session.flush()
    audit.record("review_form.add_question", event=_event(form), actor=by, obj=question, key=question.key)
    return question


def update_question(question: ReviewQuestion, *, by, min_score: int | None = None,
                    max_score: int | None = None, choices: list[str] | None = None, **changes) -> None:
    """Change a question. Once answered, a score range may only widen and choices may only be
    added, so every stored answer stays valid. Flushes; audited."""
    answered = question.key in answered_keys(question.form)
    if question.kind == QuestionKind.score:
        _check_shape(question.kind, changes.get("visibility", question.visibility), min_score, max_score, None)
        if answered and (min_score > (question.min_score or 1) or max_score < (question.max_score or 5)):
            raise DomainError("Reviews already use this scale: it can grow but not shrink.")
        question.min_score, question.max_score = min_score, max_score
    if question.kind == QuestionKind.choice:
        _check_shape(question.kind, changes.get("visibility", question.visibility), None, None, choices)
        dropped = set(question.choices) - set(choices or [])
        if answered and dropped:
            raise DomainError("Reviews already use these options; keep them: " + ", ".join(sorted(dropped)))
        question.choices = list(choices or [])
    for name, value in changes.items():
        if name in EDITABLE:
            setattr(question, name, value)
    db.session.flush()
    audit.record("review_form.update_question", event=_event(question.form), actor=by, obj=question)


def remove_question(question: ReviewQuestion, *, by) -> str:
    """Delete an unanswered question; retire an answered one (its answers stay readable by
    organizers). Returns "deleted" or "retired". Flushes; audited."""
    form = question.form
    if question.key in answered_keys(form):
        question.active = False
        outcome = "retired"
    else:
        form.questions.remove(question)
        outcome = "deleted"
    db.session.flush()
    audit.record(f"review_form.{outcome}_question", event=_event(form), actor=by,
                 obj=form, key=question.key)
    return outcome


def reactivate_question(question: ReviewQuestion, *, by) -> None:
    question.active = True
    db.session.flush()
    audit.record("review_form.reactivate_question", event=_event(question.form), actor=by, obj=question)


def move_question(question: ReviewQuestion, *, by, offset: int) -> None:
    """Swap the question with its neighbour above (-1) or below (+1)."""
    ordered = sorted(question.form.questions, key=lambda q: (q.position, q.id))
    for position, item in enumerate(ordered):
        item.position = position
    index = ordered.index(question)
    target = index + offset
    if 0 <= target < len(ordered):
        ordered[index].position, ordered[target].position = target, index
    db.session.flush()
    audit.record("review_form.move_question", event=_event(question.form), actor=by, obj=question,
                 offset=offset)


def _check_shape(kind, visibility, min_score, max_score, choices) -> None:
    if kind not in set(QuestionKind):
        raise DomainError("Unknown question kind.")
    if visibility not in set(Visibility):
        raise DomainError("Unknown visibility.")
    if kind == QuestionKind.score:
        if min_score is None or max_score is None or not 0 <= min_score < max_score <= 10:
            raise DomainError("A score needs a range such as 1 to 5 (between 0 and 10).")
    if kind == QuestionKind.choice and len([c for c in choices or [] if c]) < 2:
        raise DomainError("A choice needs at least two options.")


def _event(form: ReviewForm):
    from reviewhub.events.models import Event

    return db.session.get(Event, form.event_id)
