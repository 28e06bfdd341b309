"""Forms of the reviewing domain; the review form is built from the event's questions."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from reviewhub.forms import LocalDateTimeField, strip
from reviewhub.reviewing.answers import MAX_TEXT
from reviewhub.reviewing.discussion import MAX_COMMENT
from reviewhub.words import GROUP_LABELS

VISIBILITY_CHOICES = list(GROUP_LABELS["visibility"].items())
KIND_CHOICES = [("score", "Score with labelled levels"), ("text", "Text"), ("choice", "Choice")]


class ReviewEditForm(FlaskForm):
    """The hidden version for optimistic locking; question fields are added per form."""

    version = HiddenField(default="0")
    action = StringField()  # the pressed button: "save" (a draft) or "submit"; never rendered

    @property
    def submit_requested(self) -> bool:
        return self.action.data == "submit"

    def answers(self) -> dict:
        return {name[2:]: field.data for name, field in self._fields.items() if name.startswith("q_")}

    def version_number(self) -> int:
        try:
            return int(self.version.data or 0)
        except ValueError:
            return -1  # never equal to a stored version: the save is refused as stale

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            field = self._fields.get(f"q_{key}")
            if field is not None:
                field.errors = [*field.errors, message]


def review_form_class(questions) -> type[ReviewEditForm]:
    """A ReviewEditForm subclass with one field per active question, in form order. The
    fields only carry text: range, choice and required are checked by the service."""
    attrs = {}
    for q in questions:
        if not q.active:
            continue
        label = q.label + ("" if q.required else " (optional)")
        if q.kind == "score":
            low, high = q.min_score or 1, q.max_score or 5
            levels = [(str(i), f"{i}: {(q.level_labels or {}).get(str(i), '')}".rstrip(": "))
                      for i in range(low, high + 1)]
            field = RadioField(label, choices=levels, validate_choice=False, description=q.description)
        elif q.kind == "choice":
            field = RadioField(label, choices=[(c, c) for c in q.choices or []], validate_choice=False,
                               description=q.description)
        else:
            field = TextAreaField(label, description=q.description, render_kw={"maxlength": MAX_TEXT})
        attrs[f"q_{q.key}"] = field
    return type("ReviewEditForm", (ReviewEditForm,), attrs)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionEditForm(FlaskForm):
    label = StringField("Question", [DataRequired(), Length(max=300)], filters=[strip])
    description = TextAreaField("Hint for reviewers", [Length(max=2000)])
    required = BooleanField("Required to submit", default=True)
    visibility = SelectField("Who may read the answers", choices=VISIBILITY_CHOICES, default="authors")
    min_score = IntegerField("Lowest level (scores)", [Optional(), NumberRange(0, 10)], default=1)
    max_score = IntegerField("Highest level (scores)", [Optional(), NumberRange(1, 10)], default=5)
    level_lines = TextAreaField("Level labels, one per line like “1 = strong reject”", [Length(max=3000)])
    choice_lines = TextAreaField("Options, one per line (choices)", [Length(max=3000)])

    def validate_level_lines(self, field):
        for line in _lines(field.data):
            number, sep, text = line.partition("=")
            if not sep or not number.strip().isdigit() or not text.strip():
                raise ValidationError(f"Write each level as “3 = borderline”; this line is not: {line[:60]}")

    def validate_choice_lines(self, field):
        if any(len(line) > 100 for line in _lines(field.data)):
            raise ValidationError("Keep each option under 100 characters.")

    def level_labels(self) -> dict:
        pairs = (line.partition("=") for line in _lines(self.level_lines.data))
        return {n.strip(): t.strip()[:100] for n, _, t in pairs}

    def choices(self) -> list[str]:
        return list(dict.fromkeys(_lines(self.choice_lines.data)))

    def fill_from(self, question) -> None:
        self.level_lines.data = "\n".join(f"{k} = {v}" for k, v in sorted(
            (question.level_labels or {}).items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 0))
        self.choice_lines.data = "\n".join(question.choices or [])


class QuestionAddForm(QuestionEditForm):
    kind = SelectField("Kind", choices=KIND_CHOICES, default="score")


class CommentAddForm(FlaskForm):
    body = TextAreaField("Comment (Markdown)", [DataRequired(), Length(max=MAX_COMMENT)])
    visibility = SelectField("Who may read it", choices=VISIBILITY_CHOICES[1:], default="reviewers")


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class FreezeForm(FlaskForm):
    """Freeze the event's reviews and discussion, or one submission's (by its number)."""

    number = IntegerField("Submission number (empty: the whole event)", [Optional(), NumberRange(1, 10**9)])
    reason = StringField("Reason (shown to reviewers)", [DataRequired(), Length(max=500)], filters=[strip])


class RevertForm(FlaskForm):
    """The time (in the event's zone) every review goes back to."""

    # InputRequired, not DataRequired: a mistyped time gets the field's own "Enter a date..."
    at = LocalDateTimeField("Revert every review to its state at", [InputRequired()])
