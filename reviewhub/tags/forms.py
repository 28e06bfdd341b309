"""Tag forms: a new tag; putting a tag on (or off) chosen submissions."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from reviewhub.forms import strip
from reviewhub.tags.core import COLOURS


class TagCreateForm(FlaskForm):
    name = StringField("Name", [DataRequired(message="Give the tag a name."), Length(max=41)], filters=[strip],
                       description="Searched as #name: letters, digits, '-', '_' or '.'.")
    colour = SelectField("Colour", choices=[(c, c) for c in COLOURS], default="grey")
    private = BooleanField("Private (only I see it)")


class TagApplyForm(FlaskForm):
    """The list's bulk action: the submissions come as checked `sid` boxes (read by the view)."""

    tag = StringField("Tag", [DataRequired(message="Name the tag to put on or take off."), Length(max=41)],
                      filters=[strip])
    action = RadioField("Action", choices=[("add", "Add"), ("remove", "Remove")], default="add",
                        validators=[DataRequired(message="Choose add or remove.")])


class TagDeleteForm(FlaskForm):
    """Only the CSRF token."""
