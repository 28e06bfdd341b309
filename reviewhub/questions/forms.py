"""Forms of custom questions: the organizer's question editor, and the answers read off a
submission or profile form (each question's field named qa-<key>)."""

from dataclasses import dataclass, field

from flask_wtf import FlaskForm
from wtforms import BooleanField, FloatField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from reviewhub.errors import DomainError
from reviewhub.forms import strip
from reviewhub.questions import core
from reviewhub.questions.models import Question


class QuestionEditForm(FlaskForm):
    label = StringField("Question", [DataRequired(), Length(max=300)], filters=[strip])
    key = StringField("Search key", [Optional(), Length(max=40)], filters=[strip],
                      description="Short, lowercase, e.g. attend: the search finds answers with qa:attend=yes. "
                                  "Empty: made from the question.")
    help_text = TextAreaField("Help text", [Length(max=1000)], filters=[strip])
    kind = SelectField("Kind", choices=list(core.KIND_LABELS.items()))
    type_id = SelectField("Asked for", coerce=str)
    options_text = TextAreaField("Options (choice kinds), one per line", [Length(max=12000)])
    min_value = FloatField("Smallest number (number kind)", [Optional()])
    max_value = FloatField("Largest number (number kind)", [Optional()])
    required = BooleanField("Required (when submitting)")
    for_reviewers = BooleanField("Visible to reviewers (think of double-blind: an answer may name authors)")
    public = BooleanField("Shown publicly on accepted works' pages")

    def validate_key(self, field):
        if field.data and not core.KEY_PATTERN.fullmatch(field.data):
            raise ValidationError("Start with a letter; use lowercase letters, digits, - and _ (40 at most).")

    def validate_options_text(self, field):
        if self.kind.data in core.CHOICE_KINDS:
            _options, problem = core.parse_options(field.data)
            if problem:
                raise ValidationError(problem)

    def validate_max_value(self, field):
        if field.data is not None and self.min_value.data is not None and field.data < self.min_value.data:
            raise ValidationError("The largest number must not be below the smallest.")

    def validate_type_id(self, field):
        if field.data not in {value for value, _label in self.type_id.choices}:
            raise ValidationError("Choose among the listed types.")

    def service_data(self, taken: set[str]) -> dict:
        kind = self.kind.data
        options = core.parse_options(self.options_text.data)[0] if kind in core.CHOICE_KINDS else []
        numeric = kind == "number"
        return {"label": self.label.data, "key": self.key.data or core.key_from_label(self.label.data, taken),
                "help_text": self.help_text.data or "", "kind": kind, "options": options,
                "min_value": self.min_value.data if numeric else None,
                "max_value": self.max_value.data if numeric else None,
                "required": bool(self.required.data), "for_reviewers": bool(self.for_reviewers.data),
                "public": bool(self.public.data),
                "type_id": int(self.type_id.data) if self.type_id.data.isdigit() else None}


def spec_of(question: Question) -> core.Spec:
    return core.Spec(question.kind, tuple(question.options or ()), question.min_value, question.max_value)


@dataclass
class AnswersInput:
    """What the author sent for each question: the raw input (shown back on a refusal), the
    clean values (a file: (UploadFacts, IncomingFile)) and the message by each field."""

    raw: dict[int, object] = field(default_factory=dict)
    values: dict[int, object] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)


def field_name(question: Question) -> str:
    return f"qa-{question.key}"


def read_answers(questions: list[Question], form, files, *, required: bool,
                 answered: frozenset = frozenset()) -> AnswersInput:
    """Check each question's input with its kind's validator; `required` when the work is
    being submitted (a draft may leave required questions for later, as the files);
    `answered`: the questions already answered (a file question's stored file stays)."""
    from reviewhub.submissions.sniff import sniff

    out = AnswersInput()
    for question in questions:
        name = field_name(question)
        incoming = None
        if question.kind == "file":
            item = files.get(name) if files else None
            raw = None
            if item and item.filename:
                incoming = item.stream
                try:
                    head = incoming.head(16) if hasattr(incoming, "head") else b""
                except DomainError as error:  # arrived after the deadline, or the disk is full
                    out.raw[question.id], out.errors[question.id] = None, f"{item.filename}: {error}"
                    continue
                found = sniff(head) if head else None
                raw = core.UploadFacts(item.filename, getattr(incoming, "size", 0), found.kind if found else None)
            needed = required and question.required and question.id not in answered
        else:
            raw = form.getlist(name) if question.kind == "multiple" else form.get(name, "")
            needed = required and question.required
        checked = core.check(spec_of(question), raw, required=needed)
        out.raw[question.id] = raw
        if checked.error:
            out.errors[question.id] = checked.error
        else:
            out.values[question.id] = (checked.value, incoming) if incoming is not None else checked.value
    return out


def initial_raw(questions: list[Question], answers: dict) -> dict[int, object]:
    """The stored answers as the form's inputs show them."""
    raw = {}
    for question in questions:
        answer = answers.get(question.id)
        if answer is None:
            continue
        value = answer.value
        raw[question.id] = ("y" if value else "") if question.kind == "checkbox" else (
            core.display("number", value) if question.kind == "number" else value)
    return raw
