"""Program forms: speakers, slots, posters, releases and visibility."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
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

from reviewhub.forms import LocalDateTimeField, not_in_past_year_range, strip
from reviewhub.program.services import MAX_PHOTO_BYTES, photo_suffix
from reviewhub.program.snapshot import SLOT_KIND_LABELS

SPEAKER_KIND_CHOICES = [("keynote", "Keynote speaker"), ("invited", "Invited speaker"),
                        ("panelist", "Panelist"), ("organizer", "Organizer"),
                        ("presenter", "Presenter of an accepted work")]


class SpeakerEditForm(FlaskForm):
    name = StringField("Name", [DataRequired(), Length(max=200)], filters=[strip])
    kind = SelectField("Kind", choices=SPEAKER_KIND_CHOICES, default="keynote")
    position_title = StringField("Position", [Length(max=200)], filters=[strip],
                                 description="For example: Research Scientist.")
    affiliation = StringField("Affiliation", [Length(max=300)], filters=[strip])
    bio_md = TextAreaField("Biography (Markdown)", [Length(max=20000)])
    link = StringField("Web page", [Optional(), Length(max=500)], filters=[strip],
                       description="An address starting with https://")
    email = EmailField("Email (never shown publicly)", [Optional(), Email(), Length(max=254)],
                       filters=[strip])
    photo = FileField("Photo (PNG, JPEG or WebP, at most 5 MB)")
    remove_photo = BooleanField("Remove the current photo")

    photo_bytes: bytes | None = None

    def validate_link(self, field):
        if field.data and not field.data.startswith(("http://", "https://")):
            raise ValidationError("Enter an address starting with http:// or https://.")

    def validate_photo(self, field):
        upload = field.data
        if not upload or not getattr(upload, "filename", ""):
            return
        data = upload.read(MAX_PHOTO_BYTES + 1)
        if len(data) > MAX_PHOTO_BYTES:
            raise ValidationError("The photo must be at most 5 MB.")
        if photo_suffix(data) is None:
            raise ValidationError("The photo must be a PNG, JPEG or WebP image.")
        self.photo_bytes = data

    def service_data(self) -> dict:
        names = ("name", "kind", "position_title", "affiliation", "bio_md", "link", "email")
        return {name: getattr(self, name).data or "" for name in names}


class SlotEditForm(FlaskForm):
    kind = SelectField("Kind", choices=list(SLOT_KIND_LABELS.items()), default="other")
    title = StringField("Title", [DataRequired(), Length(max=300)], filters=[strip])
    start_at = LocalDateTimeField("Start", [InputRequired(message="Enter the start time."),
                                            not_in_past_year_range])
    end_at = LocalDateTimeField("End", [InputRequired(message="Enter the end time."),
                                        not_in_past_year_range])
    room = StringField("Room", [Length(max=100)], filters=[strip])
    speaker_ids = SelectMultipleField("Speakers", coerce=int, choices=[],
                                      description="Hold Ctrl (or Cmd) to choose several.")
    submission_id = SelectField("Accepted talk (contributed-talk slots only)", coerce=int,
                                choices=[(0, "(none)")], default=0)

    def validate_end_at(self, field):
        if field.data and self.start_at.data and field.data <= self.start_at.data:
            raise ValidationError("The end must be after the start.")

    def validate_submission_id(self, field):
        if field.data and self.kind.data != "contributed_talk":
            raise ValidationError("Only contributed-talk slots hold an accepted talk.")


class PosterPlaceForm(FlaskForm):
    submission_id = SelectField("Accepted work", coerce=int, choices=[],
                                validators=[DataRequired(message="Choose a work.")])
    board_number = IntegerField("Board number", [InputRequired(message="Enter a board number."),
                                                 NumberRange(1, 10000)])


class ReleaseCreateForm(FlaskForm):
    comment = TextAreaField("Comment (optional, shown with the release)", [Length(max=2000)],
                            filters=[strip])
    note = StringField("Note above the public schedule (optional)", [Length(max=300)], filters=[strip],
                       description="For instance: The following schedule is tentative and will be "
                                   "confirmed closer to the workshop: (leave it empty once the schedule is final).")


class ProgramVisibilityForm(FlaskForm):
    program_public = BooleanField("Show the program publicly")
