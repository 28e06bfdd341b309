"""Forms of the review process: settings, rounds, the author response, sub-reviews, ratings."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from reviewhub.forms import LocalDateTimeField, not_in_past_year_range, strip
from reviewhub.reviewing.process.settings import MAX_WORD_LIMIT


class ProcessSettingsForm(FlaskForm):
    response_enabled = BooleanField("Author-response period")
    response_opens_at = LocalDateTimeField("Response period starts", [Optional(), not_in_past_year_range])
    response_deadline_at = LocalDateTimeField("Response deadline", [Optional(), not_in_past_year_range])
    response_word_limit = IntegerField("Word limit of a response (and of each reply)",
                                       [DataRequired(), NumberRange(1, MAX_WORD_LIMIT)], default=500)
    response_shows_scores = BooleanField("Authors see the scores during the response period")
    subreviewers_allowed = BooleanField("Reviewers may ask a sub-reviewer to write a review")
    subreviewers_need_approval = BooleanField("An organizer approves each sub-reviewer first")
    ratings_enabled = BooleanField("Reviewers rate the helpfulness of other reviews")

    DATE_FIELDS = ("response_opens_at", "response_deadline_at")


class RoundAddForm(FlaskForm):
    name = StringField("Round name", [DataRequired(), Length(max=60)], filters=[strip])
    deadline_at = LocalDateTimeField("Deadline", [Optional(), not_in_past_year_range])
    own_form = BooleanField("Its own review form (a copy to edit)")


class RoundEditForm(FlaskForm):
    deadline_at = LocalDateTimeField("Deadline", [Optional(), not_in_past_year_range])


class RoundReviewerForm(FlaskForm):
    reviewer = SelectField("Reviewer", coerce=int, validate_choice=True)
    round_id = SelectField("Round", coerce=int, validate_choice=True)


class ResponseEditForm(FlaskForm):
    """The response itself; replies under reviews come as reply_<assignment id> fields."""

    body = TextAreaField("Your response (Markdown)")
    version = HiddenField(default="0")

    def version_number(self) -> int:
        value = (self.version.data or "0").strip()
        return int(value) if value.isdigit() else -1

    @staticmethod
    def replies(form_data) -> dict[str, str]:
        return {key[6:]: value for key, value in form_data.items()
                if key.startswith("reply_") and key[6:].isdigit()}


class SubReviewRequestForm(FlaskForm):
    email = EmailField("Email of the expert", [DataRequired(), Email(), Length(max=254)], filters=[strip])
    name = StringField("Their name", [Length(max=200)], filters=[strip])


class RatingForm(FlaskForm):
    value = RadioField("Was this review helpful?", choices=[("1", "Helpful"), ("-1", "Not helpful")],
                       validators=[DataRequired(message="Choose helpful or not helpful.")])
