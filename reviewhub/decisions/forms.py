"""Forms of the decisions domain."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Regexp, ValidationError

from reviewhub.decisions.terms import LICENCES
from reviewhub.forms import MultiCheckboxField, strip
from reviewhub.words import GROUP_LABELS

FORMATS = list(GROUP_LABELS["presentation_format"].items())


class OutcomeEditForm(FlaskForm):
    label = StringField("Label", [DataRequired(), Length(max=200)], filters=[strip],
                        description="What authors read, e.g. “Accept — poster”.")
    key = StringField("Key", [DataRequired(), Length(max=40), Regexp(r"^[a-z0-9_]+$", message=(
        "Use lowercase letters, digits and underscores."))], filters=[strip],
        description="Names the email template: decisions/<key>.")
    is_accept = BooleanField("This outcome accepts the work")
    presentation_format = SelectField("Presentation", choices=FORMATS, default="none")

    def validate_presentation_format(self, field):
        if field.data != "none" and not self.is_accept.data:
            raise ValidationError("Only an accepting outcome has a presentation.")


class DecisionEditForm(FlaskForm):
    outcome = SelectField("Outcome", coerce=int, validators=[InputRequired()])
    note = TextAreaField("Note for the organizers (never shown to authors)", [Length(max=5000)])


class BulkDecisionForm(FlaskForm):
    submissions = SelectMultipleField("Submissions", coerce=int, validators=[DataRequired(
        message="Tick at least one submission.")])
    outcome = SelectField("Outcome for the ticked submissions", coerce=int, validators=[InputRequired()])


class ReleaseForm(FlaskForm):
    """Only the CSRF token: the summary page's button."""


class FinalFileUploadForm(FlaskForm):
    purpose = SelectField("What it is", choices=[("camera_ready", "Camera-ready PDF"),
                                                  ("final_media", "Final media (image, audio or video)")])
    file = FileField("File", validators=[FileRequired("Choose a file to upload.")])


class PresentationConfirmForm(FlaskForm):
    attending = RadioField("Will the work be presented?", choices=[
        ("yes", "Yes, we will present it"), ("no", "No, we decline")], validators=[InputRequired(
            message="Choose whether you will present.")])
    presenter_name = StringField("Presenter's name (required for talks)", [Length(max=200)], filters=[strip])
    presenter_affiliation = StringField("Presenter's affiliation", [Length(max=200)], filters=[strip])


class PublishingTermsForm(FlaskForm):
    """The organizer's camera-ready terms."""

    licences = MultiCheckboxField("Licences authors may choose", choices=list(LICENCES.items()),
                                  validators=[DataRequired(message="Offer at least one licence.")])
    allow_non_archival = BooleanField("A work may be non-archival (presented, not published in the proceedings)")
    terms_md = TextAreaField("Publishing terms the authors agree to", [Length(max=20_000)], filters=[strip],
                             description="Markdown. Shown to the authors of accepted works at camera-ready.")


class TermsChoiceForm(FlaskForm):
    """An accepted work's authors choose its licence and agree to the terms."""

    licence = SelectField("Licence", validators=[DataRequired(message="Choose a licence.")])
    non_archival = BooleanField("Non-archival: present the work, leave it out of the proceedings")
    agree = BooleanField("I agree to the publishing terms above",
                         validators=[DataRequired(message="Agree to the publishing terms to continue.")])
