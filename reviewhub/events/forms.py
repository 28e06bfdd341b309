"""Event forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from reviewhub.events.dates import date_order_problems
from reviewhub.forms import LocalDateTimeField, not_in_past_year_range, strip
from reviewhub.timeutil import is_valid_zone

MAX_GRACE_MINUTES = 24 * 60
DATE_FIELDS = (
    "submission_open_at", "abstract_deadline_at", "submission_deadline_at",
    "review_deadline_at", "notification_at", "camera_ready_at",
)


class EventEditForm(FlaskForm):
    name = StringField("Name", [DataRequired(), Length(max=300)], filters=[strip])
    short_name = StringField("Short name", [Length(max=100)], filters=[strip])
    slug = StringField(
        "Short address", [DataRequired(), Length(min=2, max=63)], filters=[strip],
        description="Lowercase letters, digits and dashes: the event lives at /<short address>/.",
    )
    tagline = StringField("Tagline", [Length(max=300)], filters=[strip])
    description_md = TextAreaField("Description (Markdown)", [Length(max=50000)])
    call_md = TextAreaField("Call for submissions (Markdown)", [Length(max=50000)])
    venue = StringField("Venue", [Length(max=300)], filters=[strip])
    timezone = StringField(
        "Time zone", [DataRequired(), Length(max=64)], filters=[strip], default="Etc/GMT+12",
        description="An IANA name such as Europe/Paris; Etc/GMT+12 is Anywhere on Earth.",
    )
    contact_email = EmailField("Contact email", [Optional(), Email(), Length(max=254)], filters=[strip])
    submission_open_at = LocalDateTimeField("Submissions open", [Optional(), not_in_past_year_range])
    abstract_deadline_at = LocalDateTimeField("Abstract registration", [Optional(), not_in_past_year_range])
    submission_deadline_at = LocalDateTimeField("Submission deadline", [Optional(), not_in_past_year_range])
    submission_grace_minutes = IntegerField(
        "Grace period after submission deadlines (minutes)", [NumberRange(0, MAX_GRACE_MINUTES)], default=0,
        description="Work arriving this long after a deadline is still accepted (an upload that "
                    "started in time). Authors are never shown it: the deadline stays the deadline.",
    )
    review_deadline_at = LocalDateTimeField("Review deadline", [Optional(), not_in_past_year_range])
    notification_at = LocalDateTimeField("Notification", [Optional(), not_in_past_year_range])
    camera_ready_at = LocalDateTimeField("Camera-ready deadline", [Optional(), not_in_past_year_range])
    event_date = DateField("Event day", [Optional()])
    topic_lines = TextAreaField("Topics, one per line", [Length(max=20000)])
    double_blind = BooleanField("Double-blind review")
    coauthor_conflict_years = IntegerField(
        "Co-author conflicts: papers from the last N years", [NumberRange(0, 50)], default=3,
        description="From the publication lists reviewers and authors import; 0 turns it off.")
    reviews_per_submission = IntegerField("Reviews per submission", [NumberRange(0, 20)], default=3)
    default_reviewer_load = IntegerField("Default reviewer load", [NumberRange(0, 200)], default=5)
    cfp_open = BooleanField("Call for submissions open")
    reviews_visible_to_authors = BooleanField("Authors read reviews with the decision")
    reviewers_see_others_after_submit = BooleanField(
        "Reviewers see other reviews only after submitting their own", default=True
    )
    program_public = BooleanField("Program public")
    organizers_require_two_factor = BooleanField(
        "Organizers must use two-factor sign-in",
        description="Organizers without it are sent to set it up before any organizer page.")
    close_after_days = IntegerField(
        "Close the event this many days after the event day", [Optional(), NumberRange(0, 3650)],
        description="Then reviewers lose access to submissions and reviews; authors keep their own, "
                    "the program stays public. Empty: close only by hand.",
    )

    def validate(self, extra_validators=None):
        """The fields one by one, then the dates' order (each complaint by its own field)."""
        valid = super().validate(extra_validators)
        problems = date_order_problems({name: getattr(self, name).data for name in (*DATE_FIELDS, "event_date")})
        for name, message in problems.items():
            getattr(self, name).errors.append(message)
        return valid and not problems

    def validate_timezone(self, field):
        if not is_valid_zone(field.data):
            raise ValidationError("Unknown time zone; use an IANA name such as Europe/Paris.")

    def topic_names(self) -> list[str]:
        return (self.topic_lines.data or "").splitlines()

    def validate_topic_lines(self, field):
        for line in (field.data or "").splitlines():
            if len(line.strip()) > 300:
                raise ValidationError("Each topic must be at most 300 characters.")


class OrganizerAddForm(FlaskForm):
    email = EmailField("Email of a registered user", [DataRequired(), Email(), Length(max=254)],
                       filters=[strip])
