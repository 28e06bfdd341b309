"""Schemas of the submissions, reviews, comments and decisions resources (requests, responses,
and through them the OpenAPI document)."""

from marshmallow import Schema, fields, validate

from reviewhub.api.schemas import PageArgs, PageMeta
from reviewhub.reviewing.discussion import MAX_COMMENT

# --- submissions ------------------------------------------------------------------------------


class SubmissionArgs(PageArgs):
    q = fields.String(load_default="", validate=validate.Length(max=1000),
                      metadata={"description": "the organizers' search language, as in the search box"})
    status = fields.String(validate=validate.OneOf(["draft", "submitted", "withdrawn"]))
    type = fields.Integer(metadata={"description": "a submission type id"})
    topic = fields.Integer(metadata={"description": "a topic id"})


class AuthorOut(Schema):
    name = fields.String(required=True)
    affiliation = fields.String()
    email = fields.String(metadata={"description": "only to organizers and the authors themselves"})
    is_contact = fields.Boolean()


class FileOut(Schema):
    id = fields.Integer(required=True)
    purpose = fields.String(required=True)
    kind = fields.String(required=True)
    content_type = fields.String()
    size = fields.Integer()
    page_count = fields.Integer(allow_none=True)
    name = fields.String(metadata={"description": "the uploaded name (not to blind readers)"})
    url = fields.String(required=True, metadata={"description": "the download page, which checks permissions itself"})
    download_url = fields.String(metadata={"description": "the same file through the API, with the bearer token"})


class NamedRef(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class TypeRef(NamedRef):
    key = fields.String(required=True)


class SubmissionOut(Schema):
    id = fields.Integer(required=True)
    number = fields.Integer(required=True)
    title = fields.String(required=True)
    abstract = fields.String(attribute="abstract_md")
    keywords = fields.String()
    status = fields.String(required=True)
    type = fields.Nested(TypeRef)
    topics = fields.List(fields.Nested(NamedRef))
    submitted_at = fields.DateTime(allow_none=True)
    authors = fields.List(fields.Nested(AuthorOut), allow_none=True,
                          metadata={"description": "null where the caller may not see the authors"})
    files = fields.List(fields.Nested(FileOut))
    custom_answers = fields.Dict(metadata={"description": "answers to the event's own questions, by question key, as "
                                                          "the caller may read them (a file: its name and link)"})


class SubmissionPage(PageMeta):
    items = fields.List(fields.Nested(SubmissionOut), required=True)


# --- reviews ----------------------------------------------------------------------------------


class ReviewArgs(PageArgs):
    submission = fields.Integer(metadata={"description": "only the reviews of this submission id"})
    status = fields.String(validate=validate.OneOf(["draft", "submitted"]))


class ReviewOut(Schema):
    id = fields.Integer(required=True)
    submission = fields.Integer(required=True)
    submission_number = fields.Integer(required=True)
    reviewer = fields.String(required=True, metadata={"description": "a pseudonym such as Reviewer 2"})
    reviewer_name = fields.String(metadata={"description": "organizers and the work's chairs only"})
    reviewer_email = fields.String(metadata={"description": "organizers only"})
    own = fields.Boolean()
    status = fields.String(required=True)
    version = fields.Integer()
    submitted_at = fields.DateTime(allow_none=True)
    updated_at = fields.DateTime()
    answers = fields.Dict(keys=fields.String(), required=True,
                          metadata={"description": "question key: answer, only the questions the caller may read"})


class ReviewPage(PageMeta):
    items = fields.List(fields.Nested(ReviewOut), required=True)


class QuestionOut(Schema):
    key = fields.String(required=True)
    kind = fields.String(required=True)
    label = fields.String(required=True)
    required = fields.Boolean()
    min_score = fields.Integer(allow_none=True)
    max_score = fields.Integer(allow_none=True)
    choices = fields.List(fields.String())


class OwnReviewOut(Schema):
    editable = fields.Boolean(required=True)
    deadline = fields.DateTime(allow_none=True)
    version = fields.Integer(required=True, metadata={"description": "send it back when saving (0: none yet)"})
    questions = fields.List(fields.Nested(QuestionOut), required=True)
    review = fields.Nested(ReviewOut, allow_none=True)


class ReviewIn(Schema):
    answers = fields.Dict(keys=fields.String(), values=fields.Raw(), load_default=dict,
                          metadata={"description": "question key: answer (a level number, a choice, a text)"})
    submit = fields.Boolean(load_default=False, metadata={"description": "submit, not only save a draft"})
    version = fields.Integer(required=True, validate=validate.Range(min=0),
                             metadata={"description": "the version you read (0 for a new review)"})


# --- comments ---------------------------------------------------------------------------------


class CommentOut(Schema):
    id = fields.Integer(required=True)
    who = fields.String(required=True, metadata={"description": "a pseudonym, or a name for organizers"})
    body = fields.String(required=True)
    visibility = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class CommentPage(PageMeta):
    items = fields.List(fields.Nested(CommentOut), required=True)


class CommentIn(Schema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=MAX_COMMENT))
    visibility = fields.String(load_default="reviewers",
                               validate=validate.OneOf(["reviewers", "organizers", "committee"]))


# --- decisions --------------------------------------------------------------------------------


class OutcomeOut(Schema):
    id = fields.Integer(required=True)
    key = fields.String(required=True)
    label = fields.String(required=True)
    is_accept = fields.Boolean()
    presentation_format = fields.String()


class OutcomePage(PageMeta):
    items = fields.List(fields.Nested(OutcomeOut), required=True)


class DecisionArgs(PageArgs):
    outcome = fields.String(metadata={"description": "an outcome key"})
    released = fields.Boolean()


class DecisionOut(Schema):
    submission = fields.Integer(required=True)
    submission_number = fields.Integer(required=True)
    outcome = fields.String(required=True, metadata={"description": "its key (to authors: the released one)"})
    outcome_label = fields.String()
    note = fields.String(metadata={"description": "organizers only"})
    decided_at = fields.DateTime(metadata={"description": "organizers only"})
    released_at = fields.DateTime(allow_none=True)
    changed_since_release = fields.Boolean(metadata={"description": "organizers only"})


class DecisionPage(PageMeta):
    items = fields.List(fields.Nested(DecisionOut), required=True)


class DecisionItemIn(Schema):
    submission = fields.Integer(required=True, metadata={"description": "a submission id"})
    outcome = fields.String(required=True, metadata={"description": "an outcome key"})
    note = fields.String(load_default="", validate=validate.Length(max=5000))


class DecisionsIn(Schema):
    decisions = fields.List(fields.Nested(DecisionItemIn), required=True,
                            validate=validate.Length(min=1, max=5000))


class DecisionsSet(Schema):
    decided = fields.Integer(required=True)
    items = fields.List(fields.Nested(DecisionOut), required=True)


class ReleaseIn(Schema):
    correction = fields.Boolean(load_default=False,
                                metadata={"description": "send corrections of changed released decisions"})


class ReleaseLineOut(Schema):
    outcome = fields.String(required=True)
    is_accept = fields.Boolean()
    emails = fields.Integer()
    recipients = fields.Integer()


class ReleasePreviewOut(Schema):
    text = fields.String(required=True)
    lines = fields.List(fields.Nested(ReleaseLineOut), required=True)


class ReleaseOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    text = fields.String(required=True)
    decisions = fields.Integer()
    emails = fields.Integer()
    recipients = fields.Integer()
