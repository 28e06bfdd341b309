"""Submission forms: the author's form (fixed author rows, no JS needed), types, conflicts,
deadline extensions and conflict overrides."""

from urllib.parse import urlsplit

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from reviewhub.forms import LocalDateTimeField, MultiCheckboxField, not_in_past_year_range, strip
from reviewhub.submissions.core import AuthorData, SubmissionData
from reviewhub.submissions.sniff import KIND_LABELS, KINDS
from reviewhub.words import GROUP_LABELS

AUTHOR_ROWS = 4  # empty rows shown; "Add another author" adds one more (no JS needed)
MAX_AUTHOR_ROWS = 40


class AuthorRowForm(Form):
    """One author row; a row left blank is ignored, a row ticked "remove" is dropped."""

    name = StringField("Name", [Length(max=200)], filters=[strip])
    email = StringField("Email", [Optional(), Email(), Length(max=254)], filters=[strip])
    affiliation = StringField("Affiliation", [Length(max=200)], filters=[strip])
    position = IntegerField("Position", [Optional(), NumberRange(1, MAX_AUTHOR_ROWS)])
    remove = BooleanField("Remove")

    def is_blank(self) -> bool:
        return self.remove.data or not (self.name.data or self.email.data or self.affiliation.data)

    def validate(self, extra_validators=None) -> bool:
        """Name and email go together (checked here: Optional() would stop a field validator)."""
        valid = super().validate(extra_validators)
        if self.remove.data:
            return valid
        if self.email.data and not self.name.data:
            self.name.errors.append("Give this author's name.")
            valid = False
        if (self.name.data or self.affiliation.data) and not self.email.data:
            self.email.errors.append("Give this author's email address.")
            valid = False
        return valid


class SubmissionEditForm(FlaskForm):
    title = StringField("Title", [DataRequired(), Length(max=300)], filters=[strip])
    abstract_md = TextAreaField("Abstract (Markdown)", [Length(max=5000)], filters=[strip],
                                description="Up to 5,000 characters.")
    keywords = StringField("Keywords", [Length(max=500)], filters=[strip], description="Comma-separated.")
    topic_ids = MultiCheckboxField("Topics", coerce=int)
    authors = FieldList(FormField(AuthorRowForm), min_entries=1, max_entries=MAX_AUTHOR_ROWS)
    contact = RadioField("Contact author", validate_choice=False)
    artist_statement = TextAreaField("Artist statement (Markdown)", [Length(max=10000)], filters=[strip])
    link_url = URLField("Link to the work", [Optional(), Length(max=1000)], filters=[strip],
                        description="An https:// address, e.g. a video or an online piece.")
    ai_use = RadioField("Use of AI", choices=list(GROUP_LABELS["ai_use"].items()), default="none")
    ai_use_details = TextAreaField("Which AI tools, and how", [Length(max=3000)], filters=[strip])
    presentation_preference = RadioField("Presentation preference", choices=[
        ("talk", "Talk"), ("poster", "Poster"), ("either", "Either")], default="either")
    consent_to_publish = BooleanField("If accepted, the title, abstract and authors may be published")
    version = HiddenField()
    client_token = HiddenField()
    add_row = SubmitField("Add another author")
    save = SubmitField("Save draft")
    submit_now = SubmitField("Submit")

    def validate_link_url(self, field):
        if field.data and (urlsplit(field.data).scheme not in ("http", "https") or not urlsplit(field.data).netloc):
            raise ValidationError("Enter an address starting with https://.")

    def validate_ai_use_details(self, field):
        if self.ai_use.data in ("assisted", "generated") and not field.data:
            raise ValidationError("Say which AI tools were used and how.")

    def validate_contact(self, field):
        rows = list(self.authors)
        if not any(not r.form.is_blank() for r in rows):
            raise ValidationError("List at least one author.")
        index = int(field.data) if str(field.data or "").isdigit() else -1
        if not 0 <= index < len(rows) or rows[index].form.is_blank():
            raise ValidationError("Choose the contact author among the listed authors.")

    def validate_version(self, field):
        if field.data and not str(field.data).isdigit():
            raise ValidationError("Reload the page: the form is damaged.")

    def validate_client_token(self, field):
        if field.data and (len(field.data) > 64 or not field.data.replace("-", "").isalnum()):
            raise ValidationError("Reload the page: the form is damaged.")

    def ordered_authors(self) -> list[AuthorData]:
        """Rows in the order of their position fields (blank positions keep their place)."""
        contact = int(self.contact.data) if str(self.contact.data or "").isdigit() else -1
        keyed = []
        for index, row in enumerate(self.authors):
            if row.form.is_blank():
                continue
            position = row.form.position.data or index + 1
            keyed.append((position, index, AuthorData(row.form.name.data, row.form.email.data,
                                                      row.form.affiliation.data or "", index == contact)))
        return [author for _p, _i, author in sorted(keyed, key=lambda item: (item[0], item[1]))]

    def service_data(self) -> SubmissionData:
        return SubmissionData(
            title=self.title.data or "", authors=tuple(self.ordered_authors()),
            abstract_md=self.abstract_md.data or "", keywords=self.keywords.data or "",
            topic_ids=tuple(self.topic_ids.data or ()), artist_statement=self.artist_statement.data or "",
            link_url=self.link_url.data or "", ai_use=self.ai_use.data or "none",
            ai_use_details=self.ai_use_details.data or "",
            presentation_preference=self.presentation_preference.data or "either",
            consent_to_publish=bool(self.consent_to_publish.data),
        )


class WithdrawForm(FlaskForm):
    reason = StringField("Reason (optional)", [Length(max=500)], filters=[strip])


class FileRemoveForm(FlaskForm):
    version = HiddenField(validators=[DataRequired()])

    def validate_version(self, field):
        if not str(field.data).isdigit():
            raise ValidationError("Reload the page: the form is damaged.")


class ConflictRowForm(Form):
    user_id = HiddenField()
    declared = BooleanField("Conflict")
    reason = StringField("Reason (optional)", [Length(max=500)], filters=[strip])


class ConflictDeclareForm(FlaskForm):
    rows = FieldList(FormField(ConflictRowForm))

    def reasons(self, allowed: set[int]) -> dict[int, str]:
        out = {}
        for row in self.rows:
            uid = row.form.user_id.data
            if row.form.declared.data and str(uid).isdigit() and int(uid) in allowed:
                out[int(uid)] = row.form.reason.data or ""
        return out


class DeadlineExtendForm(FlaskForm):
    until = LocalDateTimeField("Extended deadline (event's time zone)", [Optional(), not_in_past_year_range],
                               description="Leave empty to remove the extension.")


class BulkAssignForm(FlaskForm):
    """A reviewer (by email) to assign to, or remove from, the chosen submissions."""

    reviewer = StringField("Reviewer's email", [DataRequired(message="Give the reviewer's email."), Length(max=254)],
                           filters=[strip])
    # Not "action": the list's one bulk form also carries the tag's add/remove radio buttons.
    change = RadioField("Change", choices=[("assign", "Assign"), ("remove", "Remove")],
                        validators=[DataRequired(message="Choose assign or remove.")])


class BulkMailForm(FlaskForm):
    group = RadioField("To", choices=[("authors", "Their authors"), ("reviewers", "Their reviewers")],
                       default="authors", validators=[DataRequired(message="Choose authors or reviewers.")])


class ConflictOverrideForm(FlaskForm):
    reason = StringField("Reason", [DataRequired(), Length(max=500)], filters=[strip])
    undo = HiddenField()


KIND_CHOICES = [(k, KIND_LABELS[k]) for k in KINDS]


class SubmissionTypeEditForm(FlaskForm):
    name = StringField("Name", [DataRequired(), Length(max=100)], filters=[strip])
    key = StringField("Key", [DataRequired(), Length(min=2, max=40)], filters=[strip],
                      description="Lowercase letters, digits and underscores, e.g. paper.")
    description_md = TextAreaField("What to submit (Markdown)", [Length(max=20000)])
    position = IntegerField("Order", [Optional(), NumberRange(0, 100)], default=0)
    deadline_at = LocalDateTimeField("Own deadline (event's time zone)", [Optional(), not_in_past_year_range],
                                     description="Empty: the event's submission deadline.")
    page_limit = IntegerField("Page limit (main PDF)", [Optional(), NumberRange(1, 500)])
    max_file_mb = IntegerField("Largest file (MB)", [InputRequired(), NumberRange(1, 60)], default=20)
    allowed_kinds = MultiCheckboxField("Files it takes", choices=KIND_CHOICES)
    required_kinds = MultiCheckboxField("Files it requires", choices=KIND_CHOICES)
    allow_link = BooleanField("Takes a link (instead of media files)")
    needs_statement = BooleanField("Requires an artist statement")

    def validate_key(self, field):
        if not all(c.islower() or c.isdigit() or c == "_" for c in field.data):
            raise ValidationError("Use lowercase letters, digits and underscores.")


class TypeChooseForm(FlaskForm):
    type = SelectField("Submission type")
