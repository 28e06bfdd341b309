"""Forms of the assignment domain: shape checks only; cross-entity rules are the services'."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    BooleanField,
    DecimalField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from reviewhub.forms import MultiCheckboxField, strip

LIST_MAX_BYTES = 4_000_000  # 20,000 rows of name, email, affiliation
PDF_MAX_BYTES = 20 * 1024 * 1024


class ReviewerInviteForm(FlaskForm):
    name = StringField("Name", [DataRequired(), Length(max=200)], filters=[strip])
    email = EmailField("Email", [DataRequired(), Email(), Length(max=254)], filters=[strip])
    affiliation = StringField("Affiliation", [Length(max=200)], filters=[strip])


class ReviewerImportForm(FlaskForm):
    text = TextAreaField(
        "Paste a list", [Optional(), Length(max=LIST_MAX_BYTES)],
        description="One person per line: name, email, affiliation (CSV; a header row may name the columns).")
    file = FileField("Or upload a CSV file")

    def list_text(self) -> str:
        """The pasted text, or the uploaded file's (UTF-8) text; call after validate()."""
        if self.file.data:
            return self._file_text
        return self.text.data or ""

    def validate_file(self, field):
        self._file_text = ""
        if not field.data:
            if not (self.text.data or "").strip():
                raise ValidationError("Paste a list or choose a CSV file.")
            return
        raw = field.data.read(LIST_MAX_BYTES + 1)
        if len(raw) > LIST_MAX_BYTES:
            raise ValidationError("The file is larger than 4 MB.")
        try:
            self._file_text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError("The file is not UTF-8 text; save it as CSV (UTF-8).") from error


class ReviewerLoadForm(FlaskForm):
    max_load = IntegerField("Load cap", [Optional(), NumberRange(min=0, max=1000)],
                            description="Empty: the event's default.")


class ReviewerProfileForm(FlaskForm):
    expertise = TextAreaField("Expertise", [Length(max=5000)], filters=[strip],
                              description="A few sentences on what you know well.")
    keywords = StringField("Keywords", [Length(max=500)], filters=[strip],
                           description="Separated by commas.")
    topics = MultiCheckboxField("Topics of this event", coerce=int)
    past_papers = TextAreaField("Past papers", [Length(max=100_000)], filters=[strip],
                                description="Titles and abstracts of your recent papers, a blank line between two papers.")
    pdfs = MultipleFileField("Or upload papers as PDF",
                             description="Their text is extracted and added to your past papers.")

    def pdf_files(self) -> list[tuple[str, bytes]]:
        return self._pdfs

    def validate_pdfs(self, field):
        self._pdfs = []
        for upload in field.data or []:
            if not getattr(upload, "filename", ""):
                continue
            data = upload.read(PDF_MAX_BYTES + 1)
            if len(data) > PDF_MAX_BYTES:
                raise ValidationError(f"{upload.filename} is larger than 20 MB.")
            if not data.startswith(b"%PDF-"):
                raise ValidationError(f"{upload.filename} is not a PDF.")
            self._pdfs.append((upload.filename[:200], data))


class ConflictDeclareForm(FlaskForm):
    submission = SelectField("Submission", coerce=int, validate_choice=True, choices=[])
    author_name = StringField("Or an author's name", [Length(max=200)], filters=[strip],
                              description="Every submission listing this author.")
    reason = StringField("Reason", [Length(max=500)], filters=[strip],
                         description="For example: advisor, same lab, close friend.")

    def validate_submission(self, field):
        author = getattr(self, "author_name", None)
        if not field.data and not (author is not None and author.data):
            raise ValidationError("Choose a submission (or give an author's name).")


class RunStartForm(FlaskForm):
    default_load = IntegerField("Load cap per reviewer", [DataRequired(), NumberRange(min=1, max=1000)],
                                description="Reviewers with their own cap keep it.")
    mode = RadioField("Goal", choices=[("max", "Highest total affinity (exact optimum)"),
                                       ("fair", "Fairest: raise the worst-off submission first"),
                                       ("randomized", "Randomised: no reviewer-submission pair more "
                                        "likely than q (against collusion)")],
                      default="max")
    q = DecimalField("Highest probability of any pair (q, randomised goal)", default=0.5, places=2,
                     description="Between 0.05 and 1. Each reviewer gets each submission with at "
                     "most this chance; a lower q resists collusion more and costs affinity.")
    w_text = DecimalField("Weight of text similarity", [DataRequired(), NumberRange(min=0, max=10)], default=1)
    w_topic = DecimalField("Weight of topic overlap", [Optional(), NumberRange(min=0, max=10)], default=0.5)
    w_eager = DecimalField("Bonus for an eager bid", [Optional(), NumberRange(min=-5, max=5)], default=0.3)
    w_willing = DecimalField("Bonus for a willing bid", [Optional(), NumberRange(min=-5, max=5)], default=0.1)
    w_not_willing = DecimalField("Bonus for a not-willing bid", [Optional(), NumberRange(min=-5, max=5)],
                                 default=-0.3)
    w_embedding = DecimalField("Share of the embedding model in text similarity",
                               [Optional(), NumberRange(min=0, max=1)], default=0.5, places=2,
                               description="0 to 1: 0 is TF-IDF alone, 1 the sentence model alone "
                               "(each z-scored, then mixed).")

    def params(self, types) -> dict:
        per_type = {str(t.id): getattr(self, f"type_{t.id}").data for t in types}
        weights = {k: float(getattr(self, f"w_{k}").data or 0)
                   for k in ("text", "topic", "eager", "willing", "not_willing", "embedding")}
        params = {"per_type": per_type, "default_load": self.default_load.data,
                  "mode": self.mode.data, "weights": weights, "top_k": 200}
        if self.mode.data == "randomized":
            params["q"] = float(self.q.data)
        return params

    def validate_q(self, field):
        """Read only for the randomised goal (an empty or odd q with another goal is ignored)."""
        if self.mode.data != "randomized":
            field.errors[:] = []  # a parse error of an unused field must not refuse the form
            return
        if field.data is None:
            raise ValidationError("Give q, the highest probability of any pair, for the randomised goal.")
        if not 0.05 <= field.data <= 1:
            raise ValidationError("q must be between 0.05 and 1.")


def run_start_form(types, event, **kwargs) -> RunStartForm:
    """The run form with one "reviewers per submission" field per submission type."""
    fields = {f"type_{t.id}": IntegerField(
        f"Reviewers per {t.name.lower()}", [DataRequired(), NumberRange(min=1, max=20)],
        default=event.reviews_per_submission) for t in types}
    form_class = type("RunStartFormForEvent", (RunStartForm,), fields)
    return form_class(**kwargs)


class AssignmentAddForm(FlaskForm):
    number = IntegerField("Submission number", [DataRequired(), NumberRange(min=1)])
    reviewer = SelectField("Reviewer", coerce=int, choices=[], validate_choice=True)
    locked = BooleanField("Lock (later automatic runs keep it)", default=True)


class ConfirmForm(FlaskForm):
    """A button that changes state: CSRF only."""


class LockForm(FlaskForm):
    locked = BooleanField("Locked")
