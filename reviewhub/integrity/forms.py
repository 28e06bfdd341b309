"""Integrity forms: starting a check, marking a flagged pair."""

from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, Length

from reviewhub.forms import strip
from reviewhub.integrity.services import NOTE_MAX


class IntegrityRunForm(FlaskForm):
    """Only the CSRF token: the check takes no options."""


class FlagMarkForm(FlaskForm):
    status = RadioField(
        "Verdict",
        choices=[("fine", "Fine (e.g. the authors' own earlier work, properly declared)"),
                 ("investigate", "Investigate")],
        validators=[DataRequired(message="Choose fine or investigate.")],
    )
    note = TextAreaField(
        "Note for the other organizers", [Length(max=NOTE_MAX)], filters=[strip],
        description="Never shown to the authors.",
    )
