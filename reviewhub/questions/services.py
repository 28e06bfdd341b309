"""Writes of custom questions: create, edit, move, retire or delete; save answers. Services
flush and audit; the caller commits."""

from reviewhub import audit, storage
from reviewhub.errors import DomainError
from reviewhub.extensions import db
from reviewhub.models_base import utcnow
from reviewhub.questions import core, queries
from reviewhub.questions.models import Answer, Question

EDITABLE = ("label", "help_text", "kind", "options", "min_value", "max_value", "required", "for_reviewers",
            "public", "type_id", "key")


def save_question(event, question: Question | None, *, by, target: str, **values) -> Question:
    """Create or edit a question. Its kind cannot change once it has answers (they would no
    longer read); a file answer is never shown to reviewers or the public (see README)."""
    key = values["key"]
    clash = next((q for q in queries.list_questions(event) if q.key == key and q is not question), None)
    if clash is not None:
        raise DomainError(f"The key “{key}” is taken by “{clash.label}”.")
    if question is not None and values["kind"] != question.kind and queries.count_answers(question):
        raise DomainError("This question has answers: its kind cannot change (retire it and add a new one).")
    if values["kind"] == "file" and (values["for_reviewers"] or values["public"]):
        raise DomainError("File answers are for organizers only (reviewers get blinded copies of "
                          "submission files only): untick “visible to reviewers” and “public”.")
    if target == "reviewer" and values["kind"] == "file":
        raise DomainError("Reviewer questions take no files: choose another kind.")
    created = question is None
    if created:
        last = max((q.position for q in queries.list_questions(event, target=target)), default=0)
        question = Question(event_id=event.id, target=target, position=last + 1)
        db.session.add(question)
    for name in EDITABLE:
        setattr(question, name, values[name])
    if target == "reviewer":
        question.type_id, question.public, question.for_reviewers = None, False, False
    db.session.flush()
    audit.record("questions.created" if created else "questions.edited", event=event, actor=by, obj=question,
                 key=question.key, kind=question.kind)
    return question


def move_question(event, question: Question, *, by, step: int) -> None:
    """Swap with the neighbour above (step -1) or below (+1) among the same target's questions."""
    siblings = queries.list_questions(event, target=question.target)
    index = siblings.index(question)
    other = index + step
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, item in enumerate(siblings, start=1):
        item.position = position
    db.session.flush()
    audit.record("questions.moved", event=event, actor=by, obj=question, step=step)


def retire_question(event, question: Question, *, by, retired: bool = True) -> None:
    question.retired = retired
    db.session.flush()
    audit.record("questions.retired" if retired else "questions.restored", event=event, actor=by, obj=question,
                 key=question.key)


def delete_question(event, question: Question, *, by) -> None:
    """Delete a question nobody answered; one with answers is retired instead (DomainError)."""
    if queries.count_answers(question):
        raise DomainError("This question has answers: retire it instead (its answers stay readable).")
    audit.record("questions.deleted", event=event, actor=by, obj=question, key=question.key)
    db.session.delete(question)
    db.session.flush()


def _store_file(facts_and_upload) -> dict:
    """Keep an uploaded file answer (the request already wrote its bytes: no copy)."""
    facts, incoming = facts_and_upload
    stored = incoming.keep(suffix=".pdf")
    return {"key": stored.key, "name": facts.name, "size": stored.size, "sha256": stored.sha256}


def _put(owner: dict, question: Question, value, existing: Answer | None, now) -> Answer | None:
    if value is None:
        if existing is not None:
            db.session.delete(existing)
        return None
    answer = existing or Answer(question_id=question.id, **owner)
    answer.value, answer.updated_at = value, now
    answer.text, answer.number = core.search_text(question.kind, value), core.search_number(question.kind, value)
    if existing is None:
        db.session.add(answer)
    return answer


def save_answers(submission, questions: list[Question], values: dict[int, object], *, by) -> int:
    """Write the submission's answers to `questions` (value None clears one; a file question
    left empty keeps its file). `values` hold clean values (core.check); a file answer is
    (UploadFacts, IncomingFile). Flushes and audits; returns how many answers changed."""
    existing = queries.answers_of(submission)
    return _save_all({"submission_id": submission.id}, questions, values, existing, by=by,
                     event=submission.event, obj=submission)


def save_reviewer_answers(event, user, questions: list[Question], values: dict[int, object], *, by) -> int:
    return _save_all({"user_id": user.id}, questions, values, queries.answers_of_user(event, user), by=by,
                     event=event, obj=user)


def _save_all(owner, questions, values, existing, *, by, event, obj) -> int:
    now, changed = utcnow(), []
    for question in questions:
        value = values.get(question.id)
        if question.kind == "file":
            if value is None:
                continue  # no new file: the stored one stays
            value = _store_file(value)
        old = existing.get(question.id)
        if (old.value if old else None) == value:
            continue
        _put(owner, question, value, old, now)
        changed.append(question.key)
    db.session.flush()
    if changed:
        audit.record("questions.answered", event=event, actor=by, obj=obj, keys=changed)
    return len(changed)


def file_of(answer: Answer):
    """The stored path of a file answer (OSError when it is gone)."""
    if not isinstance(answer.value, dict) or "key" not in answer.value:
        raise OSError("no file")
    return storage.path_for(answer.value["key"])
