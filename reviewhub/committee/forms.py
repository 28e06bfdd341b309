"""Forms of the committee domain: shape checks only; cross-entity rules are the services'."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from reviewhub.assignment.forms import ReviewerImportForm, ReviewerInviteForm
from reviewhub.forms import strip

MAX_META_TEXT = 20000
COMMITTEE_ROLES = [("area_chair", "Area chair"), ("senior_area_chair", "Senior area chair")]


class CommitteeSettingsForm(FlaskForm):
    area_chairs = BooleanField("Area chairs: each submission has one AC who watches its reviews")
    senior_area_chairs = BooleanField("Senior area chairs: each AC works under one SAC")
    area_chair_load = IntegerField("Default load cap of an area chair (submissions)",
                                   [InputRequired(), NumberRange(min=0, max=10000)], default=35)
    meta_reviews = BooleanField("Meta-reviews: a recommendation, a text to authors, a confidential text")
    meta_review_writers = RadioField(
        "Who writes the meta-reviews", default="area_chairs",
        choices=[("area_chairs", "The submission's area chair"),
                 ("organizers", "The organizers (a workshop without area chairs)")])
    meta_review_to_authors = BooleanField("Authors read the meta-review's text to authors with the decision")


class CommitteeInviteForm(ReviewerInviteForm):
    role = SelectField("Role", choices=COMMITTEE_ROLES, default="area_chair")


class CommitteeImportForm(ReviewerImportForm):
    role = SelectField("Role", choices=COMMITTEE_ROLES, default="area_chair")


class MemberLoadForm(FlaskForm):
    max_load = IntegerField("Load cap", [Optional(), NumberRange(min=0, max=1000)],
                            description="Empty: the event's default.")


class MetaReviewForm(FlaskForm):
    recommendation = SelectField("Recommendation", coerce=int, validators=[InputRequired()])
    text_to_authors = TextAreaField("To the authors (Markdown)", [Length(max=MAX_META_TEXT)],
                                    filters=[strip])
    text_confidential = TextAreaField("Confidential, to the organizers (Markdown)",
                                      [Length(max=MAX_META_TEXT)], filters=[strip])
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    submit_it = BooleanField("Submit (a draft stays editable and unseen by the organizers' decision list)")


class RecommendationEditForm(FlaskForm):
    recommendation = SelectField("Recommendation", coerce=int, validators=[InputRequired()])
    note = TextAreaField("Why (kept with the meta-review)", [DataRequired(), Length(max=5000)],
                         filters=[strip])


class AreaChairSetForm(FlaskForm):
    number = IntegerField("Submission #", [InputRequired(), NumberRange(min=1)])
    area_chair = SelectField("Area chair", coerce=int, validators=[InputRequired()])


class SeniorLinkForm(FlaskForm):
    area_chair = SelectField("Area chair", coerce=int, validators=[InputRequired()])
    senior_area_chair = SelectField("Senior area chair", coerce=int, validators=[InputRequired()])


class AreaChairRunForm(FlaskForm):
    mode = SelectField("Objective", default="max", choices=[
        ("max", "Maximum total affinity (exact, with a certificate)"),
        ("fair", "Fairer: raise the worst-matched submissions first")])
    default_load = IntegerField("Load cap of an AC without their own", [InputRequired(), NumberRange(0, 10000)])


class ReviewerAddForm(FlaskForm):
    reviewer = SelectField("Reviewer", coerce=int, validators=[InputRequired()])


class RoundReviewerRequestForm(FlaskForm):
    """A chair asks one more reviewer for their submission, in a later review round."""

    reviewer = SelectField("Reviewer", coerce=int, validators=[InputRequired()], validate_choice=True)
    round_id = SelectField("Round", coerce=int, validators=[InputRequired()], validate_choice=True)


class ConsoleFilterForm(FlaskForm):
    """GET filters of the console (no CSRF: they change nothing)."""

    class Meta:
        csrf = False

    status = SelectField("Show", default="all", choices=[
        ("all", "All"), ("missing", "Missing reviews"), ("late", "Late reviews"),
        ("no_meta", "No submitted meta-review"), ("disagree", "High spread"),
        ("responded", "Authors responded")])
    sort = SelectField("Sort by", default="number", choices=[
        ("number", "Number"), ("mean", "Mean score"), ("spread", "Spread"), ("late", "Days late"),
        ("activity", "Last discussion")])
    q = StringField("Title contains", [Optional(), Length(max=200)], filters=[strip])
