"""The group mail form and the send button."""

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from reviewhub.forms import strip
from reviewhub.groupmail.core import GROUPS, PLACEHOLDER_HELP


class GroupMailForm(FlaskForm):
    group = SelectField("To", choices=list(GROUPS.items()), validators=[DataRequired(message="Choose a group.")])
    query = StringField("Search (for authors or reviewers of submissions)", [Length(max=1000)], filters=[strip],
                        description="The submissions list's search language; empty means every submission.")
    subject = StringField("Subject", [DataRequired(message="Give the mail a subject."), Length(max=200)],
                          filters=[strip])
    body = TextAreaField("Message", [DataRequired(message="Write the message."), Length(max=20_000)],
                         description="Plain text or Markdown. Placeholders: " + PLACEHOLDER_HELP + ".")


class GroupMailSendForm(FlaskForm):
    """Only the CSRF token."""
