"""Transfer forms: deleting one's account; the HotCRP upload; a CSV list."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, PasswordField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from reviewhub.transfer.services import CSV_KINDS


class AccountDeleteForm(FlaskForm):
    password = PasswordField("Your password", [DataRequired(message="Type your password to confirm.")])


class HotcrpImportForm(FlaskForm):
    upload = FileField("HotCRP submission JSON (.json, or a .zip with the documents)")
    token = HiddenField()  # the previewed upload, signed (apply)


class CsvImportForm(FlaskForm):
    kind = SelectField("The list holds", choices=list(CSV_KINDS.items()), default="assignments")
    text = TextAreaField("CSV (a header row may name and reorder the columns)",
                         [DataRequired(message="Paste the list."), Length(max=5_000_000)])
