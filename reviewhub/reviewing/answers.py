"""Review answers checked against the form's questions on the server (pure: no DB, no Flask)."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_TEXT = 20000  # characters in one text answer: a long review, not a pasted paper


@dataclass(frozen=True)
class QuestionSpec:
    """What validation needs to know about one question."""

    key: str
    kind: str  # score, text, choice
    label: str
    required: bool = True
    min_score: int | None = None
    max_score: int | None = None
    choices: tuple[str, ...] = ()
    active: bool = True


@dataclass
class Checked:
    """The cleaned answers and the messages per question key (empty when all is well)."""

    answers: dict = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def check(questions: list[QuestionSpec], raw: dict, *, complete: bool) -> Checked:
    """Clean the raw strings typed for the active questions.

    `complete` (a submission, or an edit of a submitted review) makes required answers
    mandatory; a draft may be partial. Keys that name no active question are ignored, so
    extra form fields cannot smuggle data into a review.
    """
    result = Checked()
    for question in questions:
        if not question.active:
            continue
        value = raw.get(question.key)
        text = value.strip() if isinstance(value, str) else ""
        if not text:
            if complete and question.required:
                result.errors[question.key] = "This answer is required to submit the review."
            continue
        cleaned, error = _clean(question, text)
        if error:
            result.errors[question.key] = error
        else:
            result.answers[question.key] = cleaned
    return result


def _clean(question: QuestionSpec, text: str) -> tuple[object, str]:
    if question.kind == "score":
        try:
            number = int(text)
        except ValueError:
            return None, "Choose one of the levels."
        low, high = question.min_score or 1, question.max_score or 5
        if not low <= number <= high:
            return None, f"Choose a level from {low} to {high}."
        return number, ""
    if question.kind == "choice":
        if text not in question.choices:
            return None, "Choose one of the offered options."
        return text, ""
    if len(text) > MAX_TEXT:
        return None, f"Keep this answer under {MAX_TEXT:,} characters (it has {len(text):,})."
    return text, ""


def merge(previous: dict, cleaned: dict, questions: list[QuestionSpec]) -> dict:
    """The answers to store: the new ones for active questions, the old ones kept for retired
    questions (a form change never loses an answer already given)."""
    retired = {q.key for q in questions if not q.active}
    known_active = {q.key for q in questions if q.active}
    kept = {k: v for k, v in previous.items() if k in retired or k not in known_active}
    return {**kept, **cleaned}


def slug_key(label: str, taken: set[str]) -> str:
    """A storage key for a new question from its label, unique within the form."""
    base = "".join(c if c.isalnum() else "_" for c in label.lower()).strip("_")
    base = "_".join(part for part in base.split("_") if part)[:50] or "question"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key
