"""Forms of the mail domain."""

from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from reviewhub.forms import strip
from reviewhub.mail.rendering import TemplateProblem, check_source


class TemplateEditForm(FlaskForm):
    """`allowed` (the placeholders of the key) is set by the view before validating."""

    subject = StringField("Subject", [DataRequired(), Length(max=300)])
    body = TextAreaField("Text", [DataRequired(), Length(max=20000)])
    preview_number = IntegerField("Preview with submission number", [Optional(), NumberRange(1, 10**9)])
    preview_email = EmailField("… and recipient (an author's email; empty: the first author)",
                               [Optional(), Email(), Length(max=254)], filters=[strip])
    preview = SubmitField("Preview")
    save = SubmitField("Save")

    allowed: set[str] = set()

    def validate_subject(self, field):
        if "\n" in field.data or "\r" in field.data:
            raise ValidationError("The subject must be one line.")
        self._check(field)

    def validate_body(self, field):
        self._check(field)

    def _check(self, field):
        try:
            check_source(field.data, self.allowed)
        except TemplateProblem as error:
            raise ValidationError(str(error)) from error
